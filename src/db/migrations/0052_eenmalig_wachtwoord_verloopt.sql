-- An invitation's one-time password is valid for a limited time (accounts.ts EENMALIG_GELDIG_DAGEN); NULL for a
-- password the user chose.
ALTER TABLE gebruikers ADD COLUMN wachtwoord_verloopt_op timestamptz;
