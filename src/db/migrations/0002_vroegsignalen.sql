-- Municipalities (CBS code) and whether they take part in early signalling.
CREATE TABLE gemeenten (
  gemeentecode text PRIMARY KEY CHECK (gemeentecode ~ '^GM[0-9]{4}$'),
  naam text NOT NULL,
  doet_mee_vroegsignalering boolean NOT NULL DEFAULT false,
  bijgewerkt_op timestamptz NOT NULL DEFAULT now()
);

-- PC4 -> municipality. A PC4 with two rows spans two municipalities.
CREATE TABLE postcodes_pc4 (
  pc4 text NOT NULL CHECK (pc4 ~ '^[1-9][0-9]{3}$'),
  gemeentecode text NOT NULL REFERENCES gemeenten(gemeentecode),
  PRIMARY KEY (pc4, gemeentecode)
);

-- Exceptions for split PC4s: a PC6, or a PC6 + house number, that belongs to one municipality.
CREATE TABLE postcode_uitzonderingen (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pc6 text NOT NULL CHECK (pc6 ~ '^[1-9][0-9]{3}[A-Z]{2}$'),
  huisnummer integer,
  gemeentecode text NOT NULL REFERENCES gemeenten(gemeentecode),
  aangemaakt_op timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX postcode_uitzonderingen_adres ON postcode_uitzonderingen (pc6, coalesce(huisnummer, -1));

-- A signal partner's registration (NVVK form). One per organisation of type 'signaalpartner'.
CREATE TABLE signaalpartners (
  organisatie_id uuid PRIMARY KEY REFERENCES organisaties(id),
  ddas_type text NOT NULL,
  sectoren text[] NOT NULL,
  rol text NOT NULL CHECK (rol IN ('eigen-beheer','vastgoedmanager')),
  ad_hoc boolean NOT NULL DEFAULT false,
  contact_naam text NOT NULL,
  contact_email text NOT NULL,
  contact_delen boolean NOT NULL,
  tekenbevoegde_naam text NOT NULL,
  tekenbevoegde_functie text NOT NULL,
  tekenbevoegde_email text NOT NULL,
  tekenbevoegde_mobiel text,
  aangemeld_op timestamptz NOT NULL DEFAULT now()
);

-- One agreement per partner per municipality.
CREATE TABLE convenanten (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES signaalpartners(organisatie_id),
  gemeentecode text NOT NULL REFERENCES gemeenten(gemeentecode),
  soort text NOT NULL DEFAULT 'lcv' CHECK (soort IN ('lcv','ad-hoc')),
  status text NOT NULL CHECK (status IN ('te-ondertekenen','gereed','ondertekend')),
  looptijd_maanden integer NOT NULL DEFAULT 12 CHECK (looptijd_maanden BETWEEN 1 AND 120),
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  gereed_op timestamptz,
  ondertekend_op date,
  ondertekend_door text,
  einddatum date,
  UNIQUE (partner_id, gemeentecode)
);
CREATE INDEX convenanten_gemeente ON convenanten (gemeentecode);

-- Investors a property manager may report for (mandate).
CREATE TABLE opdrachtgevers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES signaalpartners(organisatie_id),
  naam text NOT NULL,
  sleutel text NOT NULL,
  mandaat_tot date,
  aangemaakt_op timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partner_id, sleutel)
);

-- One upload / API call / SFTP file; holds the report and the idempotency key.
CREATE TABLE vroegsignaal_leveringen (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES organisaties(id),
  bron text NOT NULL CHECK (bron IN ('upload','api','sftp')),
  bestandsnaam text,
  idempotentie_sleutel text,
  verzoek_hash text,
  rapport jsonb,
  ontvangen_op timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX vroegsignaal_leveringen_idem ON vroegsignaal_leveringen (partner_id, idempotentie_sleutel) WHERE idempotentie_sleutel IS NOT NULL;
CREATE INDEX vroegsignaal_leveringen_partner ON vroegsignaal_leveringen (partner_id, ontvangen_op);

-- Signals. At most one open signal per partner + address + sector (a repeat updates it).
CREATE TABLE vroegsignalen (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES organisaties(id),
  convenant_id uuid NOT NULL REFERENCES convenanten(id),
  gemeentecode text NOT NULL REFERENCES gemeenten(gemeentecode),
  levering_id uuid NOT NULL REFERENCES vroegsignaal_leveringen(id),
  sector text NOT NULL CHECK (sector IN ('energie','warmte','drinkwater','zorgverzekering','huur')),
  opdrachtgever_id uuid REFERENCES opdrachtgevers(id),
  status text NOT NULL DEFAULT 'nieuw' CHECK (status IN ('nieuw','in-behandeling','intrekking-gevraagd','niet-oppakken')),
  status_reden text,
  adres_sleutel text NOT NULL,
  achternaam text NOT NULL,
  voorletters text,
  straatnaam text,
  huisnummer integer NOT NULL,
  toevoeging text,
  postcode text NOT NULL,
  woonplaats text,
  telefoon1 text,
  telefoon2 text,
  telefoon3 text,
  email text,
  maanden_achterstand numeric(5,1) NOT NULL,
  bedrag_achterstand numeric(12,2) NOT NULL,
  vervaldatum date,
  klantnummer text,
  herinnering_verstuurd boolean,
  contact_gezocht boolean,
  schuldhulp_genoemd boolean,
  gegevensoverdracht_aangeboden boolean,
  herhalingen integer NOT NULL DEFAULT 0,
  ontvangen_op timestamptz NOT NULL DEFAULT now(),
  laatste_melding_op timestamptz NOT NULL DEFAULT now(),
  intrekking_gevraagd_op timestamptz
);
CREATE UNIQUE INDEX vroegsignalen_open ON vroegsignalen (partner_id, adres_sleutel, sector)
  WHERE status IN ('nieuw','in-behandeling','niet-oppakken');
CREATE INDEX vroegsignalen_gemeente_status ON vroegsignalen (gemeentecode, status);
CREATE INDEX vroegsignalen_klantnummer ON vroegsignalen (partner_id, klantnummer);

-- Residents who objected to the municipality: later signals for them are not acted on.
CREATE TABLE vroegsignaal_bezwaren (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gemeentecode text NOT NULL REFERENCES gemeenten(gemeentecode),
  adres_sleutel text NOT NULL,
  achternaam_sleutel text NOT NULL,
  geregistreerd_door uuid NOT NULL REFERENCES organisaties(id),
  geregistreerd_op timestamptz NOT NULL DEFAULT now(),
  UNIQUE (gemeentecode, adres_sleutel, achternaam_sleutel)
);
