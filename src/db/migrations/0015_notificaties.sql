-- Notifications (src/modules/notificaties): one transactional outbox for e-mail, webhooks and the in-app list.
-- An event and its fan-out task are written in the caller's transaction; a worker delivers the rest.

-- The events: type, audience (organisations / municipality / operator / users) and payload (ids and the minimum).
-- The id is the idempotency key a receiver dedupes on.
CREATE TABLE notificatie_gebeurtenissen (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  doel jsonb NOT NULL,
  data jsonb NOT NULL,
  aangemaakt_op timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notificatie_gebeurtenissen_tijd ON notificatie_gebeurtenissen (aangemaakt_op);

-- Webhook subscriptions of an organisation. The signing secrets are encrypted (WEBHOOK_SLEUTEL); during a rotation the
-- previous one stays valid until vorig_geheim_tot (calls then carry two signatures).
CREATE TABLE webhook_abonnementen (
  id uuid PRIMARY KEY DEFAULT schuldenrust_uuid_v7(),
  organisatie_id uuid NOT NULL REFERENCES organisaties(id),
  url text NOT NULL,
  gebeurtenissen text[] NOT NULL,
  omschrijving text NOT NULL DEFAULT '',
  geheim text NOT NULL,
  vorig_geheim text,
  vorig_geheim_tot timestamptz,
  actief boolean NOT NULL DEFAULT true,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  verwijderd_op timestamptz
);
CREATE INDEX webhook_abonnementen_organisatie ON webhook_abonnementen (organisatie_id) WHERE verwijderd_op IS NULL;

-- The work queue: fan-out of an event ('verspreiden'), one e-mail to one user ('mail'), one call to one subscription
-- ('webhook'). Taken with FOR UPDATE SKIP LOCKED and a lease (geclaimd_tot), so several nodes can work it and a task of
-- a node that died is taken again when its lease ends. Delivery is at least once; the receiver dedupes on the event id.
CREATE TABLE notificatie_taken (
  id uuid PRIMARY KEY DEFAULT schuldenrust_uuid_v7(),
  gebeurtenis_id uuid NOT NULL REFERENCES notificatie_gebeurtenissen(id) ON DELETE CASCADE,
  soort text NOT NULL CHECK (soort IN ('verspreiden', 'mail', 'webhook')),
  gebruiker_id uuid REFERENCES gebruikers(id) ON DELETE CASCADE,
  abonnement_id uuid REFERENCES webhook_abonnementen(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'wachtend' CHECK (status IN ('wachtend', 'bezig', 'afgeleverd', 'mislukt')),
  pogingen integer NOT NULL DEFAULT 0,
  volgende_poging_op timestamptz NOT NULL DEFAULT now(),
  geclaimd_tot timestamptz,
  opgeven_na timestamptz NOT NULL,
  laatste_fout text,
  laatste_status integer,
  afgeleverd_op timestamptz,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (gebeurtenis_id, soort, gebruiker_id, abonnement_id)
);
CREATE INDEX notificatie_taken_te_doen ON notificatie_taken (volgende_poging_op) WHERE status IN ('wachtend', 'bezig');
CREATE INDEX notificatie_taken_abonnement ON notificatie_taken (abonnement_id, aangemaakt_op) WHERE abonnement_id IS NOT NULL;

-- The in-app list: one row per user per event.
CREATE TABLE notificaties (
  id uuid PRIMARY KEY DEFAULT schuldenrust_uuid_v7(),
  gebeurtenis_id uuid NOT NULL REFERENCES notificatie_gebeurtenissen(id) ON DELETE CASCADE,
  gebruiker_id uuid NOT NULL REFERENCES gebruikers(id) ON DELETE CASCADE,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  gelezen_op timestamptz,
  UNIQUE (gebeurtenis_id, gebruiker_id)
);
CREATE INDEX notificaties_gebruiker ON notificaties (gebruiker_id, aangemaakt_op DESC);
CREATE INDEX notificaties_ongelezen ON notificaties (gebruiker_id) WHERE gelezen_op IS NULL;

-- Per user and event type: e-mail, app, both or none. No row = the catalogue's default.
CREATE TABLE notificatie_voorkeuren (
  gebruiker_id uuid NOT NULL REFERENCES gebruikers(id) ON DELETE CASCADE,
  type text NOT NULL,
  kanaal text NOT NULL CHECK (kanaal IN ('mail', 'app', 'beide', 'geen')),
  PRIMARY KEY (gebruiker_id, type)
);
