-- DDAS /gegevens: a paged delivery is a snapshot. The first page fixes the list of records (signal cases or
-- trajectories, per organisation, in delivery order); later pages of the same request read that list, so a record
-- added or changed meanwhile cannot shift the pages or repeat a record. Snapshots expire after
-- DDAS_SNAPSHOT_MINUTEN and are purged (records cascade). They hold record ids only, no personal data.
CREATE TABLE ddas_snapshots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id text NOT NULL REFERENCES ddas_clients(id),
  model text NOT NULL CHECK (model IN ('vs','shv')),
  -- Hash of the request apart from page and pageSize: the same request finds the same snapshot.
  sleutel text NOT NULL,
  startdatum date NOT NULL,
  einddatum date NOT NULL,
  organisaties uuid[] NOT NULL,
  totaal integer NOT NULL,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  verloopt_op timestamptz NOT NULL
);
CREATE INDEX ddas_snapshots_zoek ON ddas_snapshots (client_id, model, sleutel, aangemaakt_op DESC);
CREATE INDEX ddas_snapshots_verloop ON ddas_snapshots (verloopt_op);

CREATE TABLE ddas_snapshot_records (
  snapshot_id uuid NOT NULL REFERENCES ddas_snapshots(id) ON DELETE CASCADE,
  volgnummer integer NOT NULL,
  organisatie_id uuid NOT NULL,
  record_id uuid NOT NULL,
  PRIMARY KEY (snapshot_id, volgnummer)
);
