-- People accounts: a user belongs to one organisation and has one role.
-- The id is made by the application: the encrypted TOTP secret is bound to it.
CREATE TABLE gebruikers (
  id uuid PRIMARY KEY,
  organisatie_id uuid NOT NULL REFERENCES organisaties(id),
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  naam text NOT NULL,
  rol text NOT NULL CHECK (rol IN ('beheerder','gemeente-medewerker','gemeente-coordinator','schuldhulpverlener','wijkteam','deurwaarder','signaalpartner-medewerker','signaalpartner-beheerder')),
  -- argon2id PHC string.
  wachtwoord_hash text NOT NULL,
  -- AES-256-GCM ciphertext of the base32 TOTP secret; the key lives outside the database (TOTP_SLEUTEL).
  totp_geheim text,
  -- Last accepted TOTP time step: a code is accepted once (replay protection).
  totp_laatste_stap integer,
  mislukte_pogingen integer NOT NULL DEFAULT 0,
  geblokkeerd_tot timestamptz,
  actief boolean NOT NULL DEFAULT true,
  aangemaakt_op timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gebruikers_organisatie ON gebruikers (organisatie_id);

-- Recovery codes: SHA-256 (hex) of an 80-bit random code; each works once.
CREATE TABLE herstelcodes (
  gebruiker_id uuid NOT NULL REFERENCES gebruikers(id) ON DELETE CASCADE,
  hash text NOT NULL,
  gebruikt_op timestamptz,
  PRIMARY KEY (gebruiker_id, hash)
);

-- Sessions: the id is the SHA-256 (hex) of the 256-bit cookie token; the token itself is never stored.
CREATE TABLE sessies (
  id text PRIMARY KEY,
  gebruiker_id uuid NOT NULL REFERENCES gebruikers(id) ON DELETE CASCADE,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  laatst_actief_op timestamptz NOT NULL,
  verloopt_op timestamptz NOT NULL,
  ingetrokken_op timestamptz
);
CREATE INDEX sessies_gebruiker ON sessies (gebruiker_id);
