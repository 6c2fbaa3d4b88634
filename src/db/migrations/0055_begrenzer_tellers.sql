-- Attempt counters shared by every node on this database (login attempts per IP and per account): fixed windows.
-- The key is a SHA-256 of what is counted, so no e-mail address or IP address is stored. Rows are short-lived.
CREATE TABLE begrenzer_tellers (
  sleutel text PRIMARY KEY,
  aantal integer NOT NULL,
  tot timestamptz NOT NULL
);
CREATE INDEX begrenzer_tellers_tot ON begrenzer_tellers (tot);
