-- Debt-help trajectories (schuldhulpverleningstrajecten). The BSN is never stored in clear: an HMAC
-- pseudonym (matching, VISH) and an AES-256-GCM ciphertext (DDAS export only). `ddas` holds the parts
-- of the DDAS-SHV Uitwisselmodel exactly as the schema names them; the plain columns are what we query.
CREATE TABLE trajecten (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisatie_id uuid NOT NULL REFERENCES organisaties(id),
  extern_id text,
  bsn_pseudoniem bytea,
  sleutel_id text,
  bsn_versleuteld text,
  achternaam text,
  voorletters text,
  achternaam_sleutel text,
  postcode text,
  huisnummer integer,
  toevoeging text,
  gemeentecode text NOT NULL REFERENCES gemeenten(gemeentecode),
  consulent_gebruiker_id uuid REFERENCES gebruikers(id),
  consulent_naam text,
  consulent_telefoon text,
  consulent_email text,
  ondernemer boolean NOT NULL DEFAULT false,
  fase text NOT NULL,
  startdatum date NOT NULL,
  einddatum date,
  uitstroomreden text,
  toegelaten boolean NOT NULL DEFAULT false,
  vish_keuze text NOT NULL DEFAULT 'standaard' CHECK (vish_keuze IN ('standaard','altijd','nooit')),
  ddas jsonb NOT NULL DEFAULT '{}'::jsonb,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  bijgewerkt_op timestamptz NOT NULL DEFAULT now(),
  geanonimiseerd_op timestamptz,
  CHECK (geanonimiseerd_op IS NOT NULL OR (bsn_pseudoniem IS NOT NULL AND bsn_versleuteld IS NOT NULL AND postcode IS NOT NULL AND huisnummer IS NOT NULL AND achternaam IS NOT NULL))
);
CREATE UNIQUE INDEX trajecten_extern ON trajecten (organisatie_id, extern_id) WHERE extern_id IS NOT NULL;
CREATE INDEX trajecten_organisatie ON trajecten (organisatie_id, aangemaakt_op);
-- Relapse check: address lookup of open and recently closed trajectories.
CREATE INDEX trajecten_adres ON trajecten (postcode, huisnummer) WHERE geanonimiseerd_op IS NULL;
CREATE INDEX trajecten_pseudoniem ON trajecten (bsn_pseudoniem) WHERE bsn_pseudoniem IS NOT NULL;
CREATE INDEX trajecten_bewaar ON trajecten (einddatum) WHERE geanonimiseerd_op IS NULL AND einddatum IS NOT NULL;

-- Per organisation: does the platform build its daily VISH delivery from its trajectories, which
-- trajectories by default, and the last run.
CREATE TABLE traject_vish_feeds (
  organisatie_id uuid PRIMARY KEY REFERENCES organisaties(id),
  actief boolean NOT NULL DEFAULT true,
  regel text NOT NULL DEFAULT 'vanaf-toelating' CHECK (regel IN ('vanaf-toelating','alle-open','alleen-gekozen')),
  loket_naam text,
  loket_telefoon text,
  loket_email text,
  laatste_run_op timestamptz,
  laatste_resultaat text,
  laatste_aantal integer,
  laatste_levering_id uuid,
  laatste_melding text
);
