-- Pauzeknop (issue 16, phase 1): a resident logs in with OpenID Connect and asks the municipality for debt help and a
-- collection pause. The BSN of the login is never stored: only its keyed pseudonym (HMAC under a key outside the
-- database, with the key's id), as the VISH index does.

-- An OpenID Connect login under way: state, nonce and PKCE verifier, bound to the browser that started it (hash of
-- a random cookie value). Used once; removed after 10 minutes.
CREATE TABLE pauzeknop_inlogpogingen (
  state text PRIMARY KEY,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  browser_hash text NOT NULL,
  aangemaakt_op timestamptz NOT NULL DEFAULT now()
);

-- Resident sessions (own cookie, short-lived; separate from staff sessions). id = SHA-256 of the cookie token.
CREATE TABLE pauzeknop_sessies (
  id text PRIMARY KEY,
  bsn_pseudoniem bytea NOT NULL,
  sleutel_id text NOT NULL,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  verloopt_op timestamptz NOT NULL,
  ingetrokken_op timestamptz
);

-- A resident's request (aanmelding) in the municipality's queue, with its Wgs deadline.
CREATE TABLE pauzeknop_aanmeldingen (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bsn_pseudoniem bytea NOT NULL,
  sleutel_id text NOT NULL,
  gemeentecode text NOT NULL REFERENCES gemeenten(gemeentecode),
  postcode text NOT NULL,
  huisnummer integer NOT NULL,
  telefoon text,
  email text,
  -- [{ "naam": "...", "kenmerk": "..." | null }]
  schuldeisers jsonb NOT NULL DEFAULT '[]',
  dreigingen text[] NOT NULL DEFAULT '{}',
  toestemming_versie text NOT NULL,
  toestemming_op timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'ontvangen' CHECK (status IN ('ontvangen', 'opgepakt', 'contact')),
  ontvangen_op timestamptz NOT NULL DEFAULT now(),
  deadline date NOT NULL,
  behandelaar_id uuid REFERENCES gebruikers(id),
  opgepakt_op timestamptz,
  contact_op timestamptz,
  contact_soort text,
  CHECK (telefoon IS NOT NULL OR email IS NOT NULL)
);
CREATE INDEX pauzeknop_aanmeldingen_wachtrij ON pauzeknop_aanmeldingen (gemeentecode, status, deadline);
CREATE INDEX pauzeknop_aanmeldingen_inwoner ON pauzeknop_aanmeldingen (bsn_pseudoniem);
