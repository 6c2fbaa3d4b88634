-- A municipality's policy plan (LCV art. 3.7): which signals get a home visit first. Orders its work queue.
-- No personal data. Owned by signaalzaken.
CREATE TABLE gemeente_beleidsplannen (
  gemeentecode text PRIMARY KEY REFERENCES gemeenten(gemeentecode),
  crisis_eerst boolean NOT NULL DEFAULT true,
  -- LCV sectors in order of priority; a sector not listed comes after the listed ones.
  sectoren text[] NOT NULL DEFAULT '{}',
  -- Cases whose total arrears reach this amount come first (NULL: amount plays no part).
  bedrag_vanaf numeric(12, 2),
  bijgewerkt_op timestamptz NOT NULL DEFAULT now(),
  bijgewerkt_door text
);
