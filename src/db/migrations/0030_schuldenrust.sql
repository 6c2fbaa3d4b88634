-- Schuldenrust (issue 16): creditors join the pause arrangement; per trajectory a debt inventory, collection pauses
-- and the Kennisgeving to each creditor. No BSN is stored here: a public creditor's view decrypts the trajectory's
-- ciphertext when it reads; the VISH check finds pauses through the trajectory's BSN pseudonym.

-- Creditors are organisations: type 'schuldeiser' (or a signal partner that also joins as creditor).
ALTER TABLE organisaties DROP CONSTRAINT IF EXISTS organisaties_type_check;
ALTER TABLE organisaties ADD CONSTRAINT organisaties_type_check CHECK (type IN ('gemeente','schuldhulpverlener','wijkteam',
  'gerechtsdeurwaarder','signaalpartner','beheerder','schuldeiser'));
ALTER TABLE gebruikers DROP CONSTRAINT IF EXISTS gebruikers_rol_check;
ALTER TABLE gebruikers ADD CONSTRAINT gebruikers_rol_check CHECK (rol IN ('beheerder','gemeente-medewerker','gemeente-coordinator',
  'schuldhulpverlener','wijkteam','deurwaarder','signaalpartner-medewerker','signaalpartner-beheerder','functionaris-gegevensbescherming',
  'organisatie-beheerder','schuldeiser-medewerker'));

-- The agreement of a creditor with the pause arrangement (one per organisation; ended, it can be joined again).
CREATE TABLE schuldeiser_deelnames (
  organisatie_id uuid PRIMARY KEY REFERENCES organisaties(id),
  soort text NOT NULL CHECK (soort IN ('publiek','privaat')),
  grondslag text,
  kanaal text NOT NULL CHECK (kanaal IN ('portaal','api','brief')),
  stappen text[] NOT NULL,
  contact_email text,
  status text NOT NULL DEFAULT 'actief' CHECK (status IN ('actief','beeindigd')),
  ingegaan_op timestamptz NOT NULL DEFAULT now(),
  beeindigd_op timestamptz,
  CHECK (soort = 'privaat' OR grondslag IS NOT NULL)
);

-- Debt inventory of a trajectory: a connected creditor (schuldeiser_id) or one known by name and address only.
-- (A bailiff's claim can later land here too: bron says where a row came from.)
CREATE TABLE schuldenrust_schulden (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  traject_id uuid NOT NULL REFERENCES trajecten(id),
  organisatie_id uuid NOT NULL REFERENCES organisaties(id),
  schuldeiser_id uuid REFERENCES organisaties(id),
  schuldeiser_naam text,
  schuldeiser_adres text,
  kenmerk text,
  bedrag numeric(12,2),
  bron text NOT NULL DEFAULT 'consulent' CHECK (bron IN ('consulent','deurwaarder')),
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  CHECK (schuldeiser_id IS NOT NULL OR schuldeiser_naam IS NOT NULL)
);
CREATE INDEX schuldenrust_schulden_traject ON schuldenrust_schulden (traject_id);

-- A collection pause of a trajectory (4 months in principle; extended or ended early by the counsellor).
CREATE TABLE schuldenrust_pauzes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  traject_id uuid NOT NULL REFERENCES trajecten(id),
  organisatie_id uuid NOT NULL REFERENCES organisaties(id),
  startdatum date NOT NULL,
  einddatum date NOT NULL,
  status text NOT NULL DEFAULT 'actief' CHECK (status IN ('actief','beeindigd')),
  einde_reden text CHECK (einde_reden IN ('traject-gesloten','ingetrokken','regeling-getroffen','einddatum')),
  beeindigd_op timestamptz,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  CHECK (einddatum >= startdatum)
);
-- One active pause per trajectory; the VISH lookup reads the active ones.
CREATE UNIQUE INDEX schuldenrust_pauzes_actief ON schuldenrust_pauzes (traject_id) WHERE status = 'actief';
CREATE INDEX schuldenrust_pauzes_organisatie ON schuldenrust_pauzes (organisatie_id, aangemaakt_op);

-- The Kennisgeving of one pause to one creditor (one debt of the inventory), and the creditor's answer.
CREATE TABLE schuldenrust_kennisgevingen (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pauze_id uuid NOT NULL REFERENCES schuldenrust_pauzes(id),
  schuld_id uuid NOT NULL REFERENCES schuldenrust_schulden(id),
  schuldeiser_id uuid REFERENCES organisaties(id),
  kanaal text NOT NULL CHECK (kanaal IN ('portaal','api','brief')),
  verstuurd_op timestamptz NOT NULL DEFAULT now(),
  antwoord text CHECK (antwoord IN ('erkend','geen-vordering','deurwaarder')),
  deurwaarder_naam text,
  beantwoord_op timestamptz,
  herinnerd_op timestamptz,
  UNIQUE (pauze_id, schuld_id)
);
CREATE INDEX schuldenrust_kennisgevingen_schuldeiser ON schuldenrust_kennisgevingen (schuldeiser_id, verstuurd_op);

-- History of a pause: start, extension, end, each Kennisgeving answer; who and when.
CREATE TABLE schuldenrust_pauze_historie (
  id bigserial PRIMARY KEY,
  pauze_id uuid NOT NULL REFERENCES schuldenrust_pauzes(id),
  tijdstip timestamptz NOT NULL DEFAULT now(),
  gebeurtenis text NOT NULL,
  einddatum date,
  reden text,
  actor_soort text NOT NULL,
  actor_id text,
  organisatie_id uuid
);
CREATE INDEX schuldenrust_pauze_historie_pauze ON schuldenrust_pauze_historie (pauze_id, tijdstip);
