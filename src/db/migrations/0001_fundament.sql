-- Organisations and their machine credentials.
CREATE TABLE organisaties (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  naam text NOT NULL UNIQUE,
  type text NOT NULL CHECK (type IN ('gemeente','schuldhulpverlener','wijkteam','gerechtsdeurwaarder','signaalpartner','beheerder')),
  status text NOT NULL DEFAULT 'actief' CHECK (status IN ('actief','geschorst')),
  gemeentecode text,
  aangemaakt_op timestamptz NOT NULL DEFAULT now()
);

-- API keys: only a SHA-256 of the (high-entropy, random) secret is stored.
CREATE TABLE api_sleutels (
  id text PRIMARY KEY,
  organisatie_id uuid NOT NULL REFERENCES organisaties(id),
  omschrijving text NOT NULL,
  hash bytea NOT NULL,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  ingetrokken_op timestamptz
);

-- Client certificates issued by the platform CA; identified by SHA-256 fingerprint.
CREATE TABLE certificaten (
  serienummer text PRIMARY KEY,
  organisatie_id uuid NOT NULL REFERENCES organisaties(id),
  vingerafdruk text NOT NULL UNIQUE,
  onderwerp text NOT NULL,
  geldig_vanaf timestamptz NOT NULL,
  geldig_tot timestamptz NOT NULL,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  ingetrokken_op timestamptz
);

-- Every read or write of personal data. 'onderwerp' is a pseudonym or record id, never a BSN or name.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  tijdstip timestamptz NOT NULL DEFAULT now(),
  organisatie_id uuid,
  actor_soort text NOT NULL,
  actor_id text,
  actie text NOT NULL,
  onderwerp text,
  resultaat text NOT NULL,
  details jsonb
);
CREATE INDEX audit_log_onderwerp ON audit_log (onderwerp);
CREATE INDEX audit_log_organisatie_tijd ON audit_log (organisatie_id, tijdstip);

-- Runs of scheduled jobs (retention, expiry, missed deliveries).
CREATE TABLE job_runs (
  id bigserial PRIMARY KEY,
  job text NOT NULL,
  gestart_op timestamptz NOT NULL DEFAULT now(),
  beeindigd_op timestamptz,
  resultaat text NOT NULL DEFAULT 'bezig',
  details jsonb
);

-- VISH: one row per delivery. At most one 'actief' per organisation (the unique index makes the swap atomic).
CREATE TABLE vish_leveringen (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisatie_id uuid NOT NULL REFERENCES organisaties(id),
  status text NOT NULL CHECK (status IN ('bezig','actief','vervangen','verworpen','afgebroken','verlopen')),
  bron text NOT NULL,
  sleutel_id text NOT NULL,
  aantal integer NOT NULL DEFAULT 0,
  checksum text,
  fouten jsonb,
  gestart_op timestamptz NOT NULL DEFAULT now(),
  afgerond_op timestamptz,
  geactiveerd_op timestamptz,
  verloopt_op timestamptz
);
CREATE UNIQUE INDEX vish_leveringen_een_actief ON vish_leveringen (organisatie_id) WHERE status = 'actief';

CREATE TABLE vish_contacten (
  levering_id uuid NOT NULL REFERENCES vish_leveringen(id) ON DELETE CASCADE,
  nr integer NOT NULL,
  naam text NOT NULL,
  telefoon text,
  email text,
  PRIMARY KEY (levering_id, nr)
);

-- Pseudonymised persons of a delivery: HMAC-SHA-256 of the BSN under key 'sleutel_id' of the delivery.
CREATE TABLE vish_personen (
  levering_id uuid NOT NULL,
  pseudoniem bytea NOT NULL,
  contact_nr integer NOT NULL,
  fase text,
  startdatum date
);
CREATE INDEX vish_personen_levering ON vish_personen (levering_id);
