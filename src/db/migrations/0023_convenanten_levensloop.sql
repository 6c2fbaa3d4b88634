-- Agreements over time (issue 14): termination, renewal and the history of every agreement; the MVI attestation of a
-- delivery (socially responsible collection, LCV art. 2.1).

ALTER TABLE convenanten DROP CONSTRAINT convenanten_status_check;
ALTER TABLE convenanten ADD CONSTRAINT convenanten_status_check
  CHECK (status IN ('te-ondertekenen','gereed','ondertekend','beeindigd'));
ALTER TABLE convenanten ADD COLUMN beeindigd_op date;
ALTER TABLE convenanten ADD COLUMN beeindigd_door text CHECK (beeindigd_door IN ('partner','gemeente'));
ALTER TABLE convenanten ADD COLUMN verlengd_op date;

-- Every step of an agreement: who (organisation, user) and when. No resident's data.
CREATE TABLE convenant_historie (
  id bigserial PRIMARY KEY, -- order of the steps within one transaction
  convenant_id uuid NOT NULL REFERENCES convenanten(id),
  gebeurtenis text NOT NULL
    CHECK (gebeurtenis IN ('aangemaakt','gereed','ondertekend','verlengd','beeindigd','heropend')),
  door_organisatie_id uuid REFERENCES organisaties(id),
  door_gebruiker_id uuid,
  einddatum date,
  op timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX convenant_historie_convenant ON convenant_historie (convenant_id, op);

-- The history of the agreements that exist already, from their dates.
INSERT INTO convenant_historie (convenant_id, gebeurtenis, door_organisatie_id, op)
  SELECT id, 'aangemaakt', partner_id, aangemaakt_op FROM convenanten;
INSERT INTO convenant_historie (convenant_id, gebeurtenis, op)
  SELECT id, 'gereed', gereed_op FROM convenanten WHERE gereed_op IS NOT NULL;
INSERT INTO convenant_historie (convenant_id, gebeurtenis, door_organisatie_id, einddatum, op)
  SELECT id, 'ondertekend', partner_id, einddatum, ondertekend_op::timestamptz FROM convenanten
  WHERE ondertekend_op IS NOT NULL;

-- The partner's attestation of the MVI steps for a whole file (small landlords): which steps, when, by whom.
ALTER TABLE vroegsignaal_leveringen ADD COLUMN mvi_verklaring jsonb;
