-- Self-service accounts (issue 14): one-time passwords that must be changed, TOTP enrolled by the user, password reset.

-- Set for a one-time password (invitation): the next session can only change the password.
ALTER TABLE gebruikers ADD COLUMN wachtwoord_wijzigen boolean NOT NULL DEFAULT false;
-- A TOTP secret being enrolled (AES-256-GCM, bound to the user id): it replaces totp_geheim after a first valid code.
ALTER TABLE gebruikers ADD COLUMN totp_voorlopig text;

-- Password reset links: the id is the SHA-256 (hex) of the 256-bit token in the link; the token is never stored.
-- Single use (gebruikt_op), short-lived (verloopt_op); the sessions purge removes them after the retention period.
CREATE TABLE wachtwoord_herstel (
  id text PRIMARY KEY,
  gebruiker_id uuid NOT NULL REFERENCES gebruikers(id) ON DELETE CASCADE,
  aangemaakt_op timestamptz NOT NULL,
  verloopt_op timestamptz NOT NULL,
  gebruikt_op timestamptz
);
CREATE INDEX wachtwoord_herstel_gebruiker ON wachtwoord_herstel (gebruiker_id);
