-- VISH: concurrent deliveries, deliveries left by a killed process, test deliveries (issue 12).

-- volgnr: the order in which deliveries were submitted. Of two lists of one organisation processed at
-- the same time, the one submitted last wins (verwijsindex/levering.ts).
ALTER TABLE vish_leveringen ADD COLUMN volgnr bigserial;
-- eigenaar: liveness number of the process that runs the delivery (db/proces.ts). A 'bezig' delivery
-- whose process no longer runs is cleaned up at start-up. NULL: made by an older version.
ALTER TABLE vish_leveringen ADD COLUMN eigenaar integer;
-- omgeving: a test delivery (organisation in its test step, or a test credential) answers only test
-- checks; a production delivery only production checks. One active delivery per organisation and omgeving.
ALTER TABLE vish_leveringen ADD COLUMN omgeving text NOT NULL DEFAULT 'productie' CHECK (omgeving IN ('productie','test'));
DROP INDEX vish_leveringen_een_actief;
CREATE UNIQUE INDEX vish_leveringen_een_actief ON vish_leveringen (organisatie_id, omgeving) WHERE status = 'actief';
CREATE INDEX vish_leveringen_bezig ON vish_leveringen (status) WHERE status = 'bezig';
-- An organisation's lists in submission order (the "newer list?" check of every swap, the delivery list).
CREATE INDEX vish_leveringen_lijst ON vish_leveringen (organisatie_id, omgeving, volgnr);
-- 'ingetrokken': a withdrawal (the trajectories feed found no one), recorded as a row so that it
-- counts as the organisation's newest list.
ALTER TABLE vish_leveringen DROP CONSTRAINT vish_leveringen_status_check;
ALTER TABLE vish_leveringen ADD CONSTRAINT vish_leveringen_status_check
  CHECK (status IN ('bezig','actief','vervangen','verworpen','afgebroken','verlopen','ingetrokken'));

-- Test credentials: a bailiff's (or deliverer's) test key or certificate touches test data only.
ALTER TABLE api_sleutels ADD COLUMN test boolean NOT NULL DEFAULT false;
ALTER TABLE certificaten ADD COLUMN test boolean NOT NULL DEFAULT false;
