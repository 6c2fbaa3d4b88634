-- Municipality work queue: signal cases (DDAS "vroegsignaalzaak"), contact attempts, history, work areas.
-- DDAS vocabularies (EnumEindresultaat, EnumContactsoort, EnumDagdeel, EnumSignaalstatus) are stored as the exact strings.

CREATE TABLE vroegsignaalzaken (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gemeentecode text NOT NULL REFERENCES gemeenten(gemeentecode),
  adres_sleutel text NOT NULL,
  -- Our own flow; the DDAS end result is in `resultaat`.
  status text NOT NULL DEFAULT 'nieuw' CHECK (status IN ('nieuw','opgepakt','contact','afgesloten')),
  matchingsdatum date NOT NULL,
  startdatum_matchingperiode date NOT NULL,
  einddatum_matchingperiode date NOT NULL,
  ontvangen_op timestamptz NOT NULL,
  deadline date NOT NULL,
  crisis boolean NOT NULL DEFAULT false,
  warme_overdracht boolean NOT NULL DEFAULT false,
  organisatie_id uuid REFERENCES organisaties(id),
  behandelaar_id uuid REFERENCES gebruikers(id),
  datum_opgepakt date,
  eerste_actie_op date,
  hulp_geaccepteerd_op date,
  opschorting_tot date,
  resultaat text CHECK (resultaat IN (
    'Niet opgepakt: herhaalde melding','Niet opgepakt: onterecht signaal','Inwoner is overleden',
    'Persoon is geen inwoner (meer) in de gemeente','Niet opgepakt: andere reden','Inwoner al bekend bij schuldhulpverlening',
    'Inwoner heeft al een ander lopend traject','Definitief geen contact kunnen krijgen','Geen reactie na eerder contact',
    'Inwoner hoeft geen hulp vanuit vroegsignalering','Inwoner heeft zelf al betaald/betalingsregeling getroffen',
    '(Budget)advies en/of quick fix','Vervolghulp en/of verwijzing financieel','Verwijzing zonder contact',
    'Vervolghulp en/of verwijzing niet financieel')),
  afgesloten_op timestamptz,
  -- Relapse: the trajectory (module trajecten) this household is or was in; no FK, that table is another module's.
  terugval_traject_id uuid,
  terugval_regel text,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'afgesloten') = (resultaat IS NOT NULL))
);
-- One open case per household (municipality + address).
CREATE UNIQUE INDEX vroegsignaalzaken_open ON vroegsignaalzaken (gemeentecode, adres_sleutel) WHERE status <> 'afgesloten';
CREATE INDEX vroegsignaalzaken_wachtrij ON vroegsignaalzaken (gemeentecode, status, deadline);
CREATE INDEX vroegsignaalzaken_organisatie ON vroegsignaalzaken (organisatie_id) WHERE organisatie_id IS NOT NULL;

CREATE TABLE vroegsignaalzaak_contactpogingen (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  zaak_id uuid NOT NULL REFERENCES vroegsignaalzaken(id) ON DELETE CASCADE,
  soort text NOT NULL CHECK (soort IN ('Mail','Brief','SMS/Whatsapp','Telefoon','Huisbezoek','Kaartje','Overige','Administratief')),
  bereikt boolean NOT NULL,
  datum date NOT NULL,
  dagdeel text CHECK (dagdeel IN ('Ochtend','Middag','Avond')),
  vastgelegd_door text,
  vastgelegd_op timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vroegsignaalzaak_contactpogingen_zaak ON vroegsignaalzaak_contactpogingen (zaak_id);

-- Every transition and event of a case: who, when, from, to.
CREATE TABLE vroegsignaalzaak_historie (
  id bigserial PRIMARY KEY,
  zaak_id uuid NOT NULL REFERENCES vroegsignaalzaken(id) ON DELETE CASCADE,
  tijdstip timestamptz NOT NULL DEFAULT now(),
  organisatie_id uuid,
  actor_soort text NOT NULL,
  actor_id text,
  gebeurtenis text NOT NULL,
  van text,
  naar text,
  details jsonb
);
CREATE INDEX vroegsignaalzaak_historie_zaak ON vroegsignaalzaak_historie (zaak_id, id);

-- Debt-help organisations / neighbourhood teams working for a municipality (operator-managed).
CREATE TABLE werkgebieden (
  organisatie_id uuid NOT NULL REFERENCES organisaties(id),
  gemeentecode text NOT NULL REFERENCES gemeenten(gemeentecode),
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisatie_id, gemeentecode)
);

-- Signals: DDAS flags, the case, the monitor's marks, and the DDAS signal status.
ALTER TABLE vroegsignalen
  ADD COLUMN crisissignaal boolean NOT NULL DEFAULT false,
  ADD COLUMN warme_overdracht boolean NOT NULL DEFAULT false,
  ADD COLUMN zaak_id uuid REFERENCES vroegsignaalzaken(id) ON DELETE SET NULL,
  ADD COLUMN meervoudig boolean NOT NULL DEFAULT false,
  ADD COLUMN opeenvolgend boolean NOT NULL DEFAULT false,
  ADD COLUMN signaalstatus text CHECK (signaalstatus IN ('Nog niet opgepakt','Niet opgepakt: onterecht signaal','Inwoner is overleden',
    'Persoon is geen inwoner (meer) in de gemeente','Niet opgepakt: herhaalde melding','Niet opgepakt: andere reden'));
-- A signal of a closed case is 'afgehandeld': no longer open, so a new report is a new signal (and a new case).
ALTER TABLE vroegsignalen DROP CONSTRAINT vroegsignalen_status_check;
ALTER TABLE vroegsignalen ADD CONSTRAINT vroegsignalen_status_check
  CHECK (status IN ('nieuw','in-behandeling','intrekking-gevraagd','niet-oppakken','afgehandeld'));
CREATE INDEX vroegsignalen_zaak ON vroegsignalen (zaak_id);
CREATE INDEX vroegsignalen_ongekoppeld ON vroegsignalen (id) WHERE zaak_id IS NULL;
CREATE INDEX vroegsignalen_adres ON vroegsignalen (gemeentecode, adres_sleutel, ontvangen_op);
