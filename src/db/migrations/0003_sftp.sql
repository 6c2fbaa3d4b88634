-- SFTP: a signal partner's public keys (OpenSSH format, comment dropped). A key belongs to one organisation.
CREATE TABLE sftp_sleutels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisatie_id uuid NOT NULL REFERENCES organisaties(id),
  publieke_sleutel text NOT NULL,
  -- 'SHA256:<base64>' as printed by ssh-keygen -l.
  vingerafdruk text NOT NULL,
  omschrijving text NOT NULL,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  ingetrokken_op timestamptz
);
CREATE INDEX sftp_sleutels_organisatie ON sftp_sleutels (organisatie_id);
CREATE UNIQUE INDEX sftp_sleutels_een_eigenaar ON sftp_sleutels (vingerafdruk) WHERE ingetrokken_op IS NULL;
