-- DDAS: OAuth2 clients (e.g. CBS) for the /gegevens APIs. Only a SHA-256 of the (256-bit random) secret is stored.
CREATE TABLE ddas_clients (
  id text PRIMARY KEY,
  naam text NOT NULL,
  scopes text[] NOT NULL,
  geheim_hash bytea NOT NULL,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  ingetrokken_op timestamptz
);

-- What DDAS asks about the delivering organisation that the platform does not otherwise keep: KvK number and
-- the contact person CBS may call about a delivery. One row per organisation, optional.
CREATE TABLE ddas_aanleverinstellingen (
  organisatie_id uuid PRIMARY KEY REFERENCES organisaties(id),
  kvk_nummer text,
  postcode text,
  contact_naam text,
  contact_telefoon text,
  contact_email text,
  contact_functietitel text,
  bijgewerkt_op timestamptz NOT NULL DEFAULT now()
);
