-- Batch checks (issue 19): one chained audit entry per block of up to 20,000 BSNs, the block's persons in this narrow
-- side table, written in the same statement as the entry. The entry's details carry the count and a SHA-256 over the
-- block's lines (audit/batchregels.ts), so the hash chain covers them: a changed, added or deleted line shows in the
-- verification. One index (who checked this person?) instead of audit_log's seven.
CREATE TABLE audit_batchregels (
  volgnr bigint NOT NULL,
  nr integer NOT NULL,
  onderwerp text NOT NULL,
  resultaat text NOT NULL
);
CREATE INDEX audit_batchregels_onderwerp ON audit_batchregels (onderwerp);
-- Rows arrive in chain order: a BRIN index finds a block (verification) and the part retention deletes, nearly free.
CREATE INDEX audit_batchregels_volgnr ON audit_batchregels USING brin (volgnr);

-- The same guard as audit_log: no UPDATE or DELETE except by the retention job.
CREATE FUNCTION audit_batchregels_bewaking() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(current_setting('schuldenrust.audit_opschonen', true), '') = 'aan' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_batchregels_bewaking BEFORE UPDATE OR DELETE ON audit_batchregels
  FOR EACH ROW EXECUTE FUNCTION audit_batchregels_bewaking();
CREATE TRIGGER audit_batchregels_geen_truncate BEFORE TRUNCATE ON audit_batchregels
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_geen_truncate();
