-- Security: hash-chained audit log with a database guard, privacy-officer role, joining steps,
-- retention.

-- Audit chain. volgnr orders the chain; hash = SHA-256(previous hash || canonical entry), computed by
-- the application's single serialised writer. Rows written inside a caller's transaction start
-- unsealed (volgnr NULL) and are sealed right after they are committed.
ALTER TABLE audit_log ADD COLUMN volgnr bigint;
ALTER TABLE audit_log ADD COLUMN hash bytea;
CREATE UNIQUE INDEX audit_log_volgnr ON audit_log (volgnr);
CREATE INDEX audit_log_ongezegeld ON audit_log (id) WHERE volgnr IS NULL;
CREATE INDEX audit_log_tijdstip ON audit_log (tijdstip);
CREATE INDEX audit_log_actie_tijd ON audit_log (actie, tijdstip);

-- Retention cut: the first entry left after a deletion is recorded, so removing the start of the
-- chain outside the retention job is detectable too.
-- 'begin': the last entry deleted by retention (the next entry links to it). 'kop': the newest entry
-- at a retention run, so cutting off the end of the chain is detectable too.
CREATE TABLE audit_ankers (
  id bigserial PRIMARY KEY,
  soort text NOT NULL CHECK (soort IN ('begin','kop')),
  volgnr bigint NOT NULL,
  hash bytea NOT NULL,
  vastgelegd_op timestamptz NOT NULL DEFAULT now()
);

-- Guard: no UPDATE or DELETE of audit entries through any application path. Only sealing (setting
-- volgnr and hash of an unsealed row, nothing else) and deletion by the retention job (which sets
-- schuldenrust.audit_opschonen for its own transaction) pass.
CREATE FUNCTION audit_log_bewaking() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF coalesce(current_setting('schuldenrust.audit_opschonen', true), '') = 'aan' THEN RETURN OLD; END IF;
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '42501';
  END IF;
  IF OLD.volgnr IS NULL AND NEW.volgnr IS NOT NULL AND NEW.hash IS NOT NULL
     AND NEW.id = OLD.id AND NEW.tijdstip = OLD.tijdstip
     AND NEW.organisatie_id IS NOT DISTINCT FROM OLD.organisatie_id AND NEW.actor_soort = OLD.actor_soort
     AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.actie = OLD.actie
     AND NEW.onderwerp IS NOT DISTINCT FROM OLD.onderwerp AND NEW.resultaat = OLD.resultaat
     AND NEW.details IS NOT DISTINCT FROM OLD.details THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_log_bewaking BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_bewaking();

CREATE FUNCTION audit_log_geen_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_log_geen_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_geen_truncate();
CREATE TRIGGER audit_ankers_bewaking BEFORE UPDATE OR DELETE ON audit_ankers FOR EACH ROW EXECUTE FUNCTION audit_log_geen_truncate();
CREATE TRIGGER audit_ankers_geen_truncate BEFORE TRUNCATE ON audit_ankers FOR EACH STATEMENT EXECUTE FUNCTION audit_log_geen_truncate();

-- Privacy officer (functionaris gegevensbescherming): reads the own organisation's audit trail.
ALTER TABLE gebruikers DROP CONSTRAINT IF EXISTS gebruikers_rol_check;
ALTER TABLE gebruikers ADD CONSTRAINT gebruikers_rol_check CHECK (rol IN ('beheerder','gemeente-medewerker','gemeente-coordinator',
  'schuldhulpverlener','wijkteam','deurwaarder','signaalpartner-medewerker','signaalpartner-beheerder','functionaris-gegevensbescherming'));

-- Joining (aansluiten): intake, agreement, technical set-up, test delivery, production. Organisations
-- that existed before this migration, and those made by CLI/demo, are in production; the operator
-- API starts a new organisation at 'intake'.
ALTER TABLE organisaties ADD COLUMN aansluitfase text NOT NULL DEFAULT 'productie'
  CHECK (aansluitfase IN ('intake','overeenkomst','technische-inrichting','testlevering','productie'));

CREATE TABLE aansluitstappen (
  id bigserial PRIMARY KEY,
  organisatie_id uuid NOT NULL REFERENCES organisaties(id),
  stap text NOT NULL CHECK (stap IN ('intake','overeenkomst','technische-inrichting','testlevering','productie')),
  toelichting text,
  door_soort text NOT NULL,
  door_id text,
  op timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX aansluitstappen_organisatie ON aansluitstappen (organisatie_id, op);
