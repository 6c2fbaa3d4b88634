-- Early signals: a signal joins its household's case while it is stored (no second write of every row), and the
-- partner's view groups signals into one report ("melding") across the municipality's cases.

-- The partner's report: NULL = the signal's own id. A new report after the case was closed is a new signal for the
-- municipality (new case, marked opeenvolgend) but the same report for the partner, so it cannot tell closed from open.
ALTER TABLE vroegsignalen ADD COLUMN melding_id uuid;
CREATE INDEX vroegsignalen_melding ON vroegsignalen (melding_id) WHERE melding_id IS NOT NULL;

-- One foreign key instead of three (each costs a lookup per stored row): the signal's partner and municipality are
-- those of its agreement, which itself references both.
ALTER TABLE convenanten ADD CONSTRAINT convenanten_id_partner_gemeente UNIQUE (id, partner_id, gemeentecode);
ALTER TABLE vroegsignalen
  DROP CONSTRAINT vroegsignalen_partner_id_fkey,
  DROP CONSTRAINT vroegsignalen_gemeentecode_fkey,
  DROP CONSTRAINT vroegsignalen_convenant_id_fkey,
  ADD CONSTRAINT vroegsignalen_convenant_fkey FOREIGN KEY (convenant_id, partner_id, gemeentecode)
    REFERENCES convenanten (id, partner_id, gemeentecode);

-- Unused: the queue reads cases; reports filter on (gemeentecode, ...) through vroegsignalen_adres. The partial index on
-- unlinked signals by address serves the safety-net linking job.
DROP INDEX vroegsignalen_gemeente_status;
DROP INDEX vroegsignalen_ongekoppeld;

-- Time-ordered ids (UUID version 7, RFC 9562) for the two tables the intake fills by the million: each insert lands on the
-- right edge of the primary-key index instead of a random page, so an upload touches (and logs to WAL) few index pages.
-- PostgreSQL 18 has uuidv7(); this is the same layout for 15.
CREATE FUNCTION schuldenrust_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;
ALTER TABLE vroegsignalen ALTER COLUMN id SET DEFAULT schuldenrust_uuid_v7();
ALTER TABLE vroegsignaalzaken ALTER COLUMN id SET DEFAULT schuldenrust_uuid_v7();

-- A case's municipality is that of its signals, each checked through its agreement; no second lookup per new case.
ALTER TABLE vroegsignaalzaken DROP CONSTRAINT vroegsignaalzaken_gemeentecode_fkey;

-- "aangemaakt" is now read from the case (aangemaakt_op); rows written before would show twice.
DELETE FROM vroegsignaalzaak_historie WHERE gebeurtenis = 'aangemaakt';
