import type { ColumnType, Generated } from 'kysely';
// Domain vocabularies stored as text: each defined once, in its module (leaf files without imports).
import type { SignaalStatus } from '../modules/signaalzaken/signaalstatus.ts';
import type { ZaakStatus } from '../modules/signaalzaken/vocabulaire.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | undefined | null, string | null>;

export const ORGANISATIE_TYPES = [
  'gemeente',
  'schuldhulpverlener',
  'wijkteam',
  'gerechtsdeurwaarder',
  'signaalpartner',
  'beheerder',
  'schuldeiser',
] as const;
export type OrganisatieType = (typeof ORGANISATIE_TYPES)[number];

export interface OrganisatiesTable {
  id: Generated<string>;
  naam: string;
  type: OrganisatieType;
  status: Generated<'actief' | 'geschorst'>;
  gemeentecode: string | null;
  aangemaakt_op: Generated<Date>;
  /** Joining phase (0007_beveiliging.sql); production traffic only in 'productie'. */
  aansluitfase: Generated<Aansluitfase>;
}

export const AANSLUITFASEN = ['intake', 'overeenkomst', 'technische-inrichting', 'testlevering', 'productie'] as const;
export type Aansluitfase = (typeof AANSLUITFASEN)[number];

export interface AansluitstappenTable {
  id: Generated<number>;
  organisatie_id: string;
  stap: Aansluitfase;
  toelichting: string | null;
  door_soort: string;
  door_id: string | null;
  op: Generated<Date>;
}

/** One person of a batch check's block (0056); `volgnr` is the block's entry in audit_log. */
export interface AuditBatchregelsTable {
  volgnr: number;
  nr: number;
  onderwerp: string;
  resultaat: string;
}

export interface AuditAnkersTable {
  id: Generated<number>;
  soort: 'begin' | 'kop';
  volgnr: number;
  hash: Uint8Array;
  vastgelegd_op: Generated<Date>;
}

export interface ApiSleutelsTable {
  id: string;
  organisatie_id: string;
  omschrijving: string;
  hash: Uint8Array;
  aangemaakt_op: Generated<Date>;
  ingetrokken_op: NullableTimestamp;
  /** 0012: a test credential touches VISH test data only. */
  test: Generated<boolean>;
}

export interface SftpSleutelsTable {
  id: Generated<string>;
  organisatie_id: string;
  publieke_sleutel: string;
  vingerafdruk: string;
  omschrijving: string;
  aangemaakt_op: Generated<Date>;
  ingetrokken_op: NullableTimestamp;
}

export interface CertificatenTable {
  serienummer: string;
  organisatie_id: string;
  vingerafdruk: string;
  onderwerp: string;
  geldig_vanaf: Timestamp;
  geldig_tot: Timestamp;
  aangemaakt_op: Generated<Date>;
  ingetrokken_op: NullableTimestamp;
  /** 0012: a test credential touches VISH test data only. */
  test: Generated<boolean>;
}

// --- People accounts (0004_accounts.sql) ---

export const ROLLEN = [
  'beheerder',
  'gemeente-medewerker',
  'gemeente-coordinator',
  'schuldhulpverlener',
  'wijkteam',
  'deurwaarder',
  'signaalpartner-medewerker',
  'signaalpartner-beheerder',
  'functionaris-gegevensbescherming',
  'organisatie-beheerder',
  'schuldeiser-medewerker',
] as const;
export type Rol = (typeof ROLLEN)[number];

export interface GebruikersTable {
  id: string;
  organisatie_id: string;
  email: string;
  naam: string;
  rol: Rol;
  wachtwoord_hash: string;
  totp_geheim: string | null;
  totp_laatste_stap: number | null;
  mislukte_pogingen: Generated<number>;
  geblokkeerd_tot: NullableTimestamp;
  actief: Generated<boolean>;
  aangemaakt_op: Generated<Date>;
  /** A one-time password: the session can only change it. */
  wachtwoord_wijzigen: Generated<boolean>;
  wachtwoord_verloopt_op: Date | null;
  /** Encrypted TOTP secret being enrolled; replaces totp_geheim after a first valid code. */
  totp_voorlopig: string | null;
}

export interface HerstelcodesTable {
  gebruiker_id: string;
  hash: string;
  gebruikt_op: NullableTimestamp;
}

export interface SessiesTable {
  id: string;
  gebruiker_id: string;
  aangemaakt_op: Timestamp;
  laatst_actief_op: Timestamp;
  verloopt_op: Timestamp;
  ingetrokken_op: NullableTimestamp;
}

export interface WachtwoordHerstelTable {
  /** SHA-256 (hex) of the token in the link. */
  id: string;
  gebruiker_id: string;
  aangemaakt_op: Timestamp;
  verloopt_op: Timestamp;
  gebruikt_op: NullableTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  tijdstip: Generated<Date>;
  organisatie_id: string | null;
  actor_soort: string;
  actor_id: string | null;
  actie: string;
  onderwerp: string | null;
  resultaat: string;
  details: Json;
  /** Hash chain (0007): position and SHA-256(previous hash || canonical entry); null until sealed. */
  volgnr: number | null;
  hash: Uint8Array | null;
}

export interface JobRunsTable {
  id: Generated<number>;
  job: string;
  gestart_op: Generated<Date>;
  beeindigd_op: NullableTimestamp;
  resultaat: Generated<string>;
  details: Json;
}

export type LeveringStatus = 'bezig' | 'actief' | 'vervangen' | 'verworpen' | 'afgebroken' | 'verlopen' | 'ingetrokken';

export interface VishLeveringenTable {
  id: Generated<string>;
  organisatie_id: string;
  status: LeveringStatus;
  bron: string;
  sleutel_id: string;
  aantal: Generated<number>;
  checksum: string | null;
  fouten: Json;
  gestart_op: Generated<Date>;
  afgerond_op: NullableTimestamp;
  geactiveerd_op: NullableTimestamp;
  verloopt_op: NullableTimestamp;
  /** 0012: submission order, owning process, test or production data. */
  volgnr: Generated<number>;
  eigenaar: number | null;
  omgeving: Generated<'productie' | 'test'>;
}

export interface VishContactenTable {
  levering_id: string;
  nr: number;
  naam: string;
  telefoon: string | null;
  email: string | null;
}

export interface VishPersonenTable {
  levering_id: string;
  pseudoniem: Uint8Array;
  contact_nr: number;
  fase: string | null;
  startdatum: string | null;
}

export interface Database {
  organisaties: OrganisatiesTable;
  api_sleutels: ApiSleutelsTable;
  sftp_sleutels: SftpSleutelsTable;
  certificaten: CertificatenTable;
  gebruikers: GebruikersTable;
  herstelcodes: HerstelcodesTable;
  sessies: SessiesTable;
  wachtwoord_herstel: WachtwoordHerstelTable;
  audit_log: AuditLogTable;
  audit_ankers: AuditAnkersTable;
  audit_batchregels: AuditBatchregelsTable;
  aansluitstappen: AansluitstappenTable;
  job_runs: JobRunsTable;
  vish_leveringen: VishLeveringenTable;
  vish_contacten: VishContactenTable;
  vish_personen: VishPersonenTable;
  gemeenten: GemeentenTable;
  postcodes_pc4: PostcodesPc4Table;
  postcode_uitzonderingen: PostcodeUitzonderingenTable;
  signaalpartners: SignaalpartnersTable;
  convenanten: ConvenantenTable;
  opdrachtgevers: OpdrachtgeversTable;
  convenant_historie: ConvenantHistorieTable;
  vroegsignaal_leveringen: VroegsignaalLeveringenTable;
  vroegsignalen: VroegsignalenTable;
  vroegsignaal_bezwaren: VroegsignaalBezwarenTable;
  // Signal cases / work queue (0005_signaalzaken.sql)
  vroegsignaalzaken: VroegsignaalzakenTable;
  vroegsignaalzaak_contactpogingen: VroegsignaalzaakContactpogingenTable;
  vroegsignaalzaak_historie: VroegsignaalzaakHistorieTable;
  werkgebieden: WerkgebiedenTable;
  // Policy plan per municipality (0026_beleidsplan.sql)
  gemeente_beleidsplannen: GemeenteBeleidsplannenTable;
  // Trajectories (0006_trajecten.sql)
  trajecten: TrajectenTable;
  traject_vish_feeds: TrajectVishFeedsTable;
  // DDAS (0008_ddas.sql)
  ddas_clients: DdasClientsTable;
  ddas_aanleverinstellingen: DdasAanleverinstellingenTable;
  // DDAS snapshots of paged deliveries (0018_ddas_snapshots.sql)
  ddas_snapshots: DdasSnapshotsTable;
  ddas_snapshot_records: DdasSnapshotRecordsTable;
  // Pauzeknop (0035_pauzeknop.sql)
  pauzeknop_inlogpogingen: PauzeknopInlogpogingenTable;
  pauzeknop_sessies: PauzeknopSessiesTable;
  pauzeknop_aanmeldingen: PauzeknopAanmeldingenTable;
  // Schuldenrust: creditors, debt inventory, pauses, Kennisgevingen (0030_schuldenrust.sql)
  schuldeiser_deelnames: SchuldeiserDeelnamesTable;
  schuldenrust_schulden: SchuldenrustSchuldenTable;
  schuldenrust_pauzes: SchuldenrustPauzesTable;
  schuldenrust_kennisgevingen: SchuldenrustKennisgevingenTable;
  schuldenrust_pauze_historie: SchuldenrustPauzeHistorieTable;
}

// --- Early signals (vroegsignalering) ---

type Numeric = ColumnType<string, string | number, string | number>;
/** 'YYYY-MM-DD' (the DATE parser keeps dates as text). */
type NullableDateText = ColumnType<string | null, string | null | undefined, string | null>;

export interface GemeentenTable {
  gemeentecode: string;
  naam: string;
  doet_mee_vroegsignalering: Generated<boolean>;
  bijgewerkt_op: Generated<Date>;
}

export interface PostcodesPc4Table {
  pc4: string;
  gemeentecode: string;
}

export interface PostcodeUitzonderingenTable {
  id: Generated<string>;
  pc6: string;
  huisnummer: number | null;
  gemeentecode: string;
  aangemaakt_op: Generated<Date>;
}

/** The LCV sectors, plus 'overig' for partner types outside the LCV (0019). */
export const LCV_SECTOREN = ['energie', 'warmte', 'drinkwater', 'zorgverzekering', 'huur', 'overig'] as const;
export type LcvSector = (typeof LCV_SECTOREN)[number];

export interface SignaalpartnersTable {
  organisatie_id: string;
  ddas_type: string;
  sectoren: ColumnType<LcvSector[], LcvSector[], LcvSector[]>;
  rol: 'eigen-beheer' | 'vastgoedmanager';
  ad_hoc: Generated<boolean>;
  contact_naam: string;
  contact_email: string;
  contact_delen: boolean;
  tekenbevoegde_naam: string;
  tekenbevoegde_functie: string;
  tekenbevoegde_email: string;
  tekenbevoegde_mobiel: string | null;
  aangemeld_op: Generated<Date>;
}

export type ConvenantStatus = 'te-ondertekenen' | 'gereed' | 'ondertekend' | 'beeindigd';

export interface ConvenantenTable {
  id: Generated<string>;
  partner_id: string;
  gemeentecode: string;
  soort: Generated<'lcv' | 'ad-hoc'>;
  status: ConvenantStatus;
  looptijd_maanden: Generated<number>;
  aangemaakt_op: Generated<Date>;
  gereed_op: NullableTimestamp;
  ondertekend_op: NullableDateText;
  ondertekend_door: string | null;
  einddatum: NullableDateText;
  beeindigd_op: NullableDateText;
  beeindigd_door: 'partner' | 'gemeente' | null;
  verlengd_op: NullableDateText;
}

export type ConvenantGebeurtenis = 'aangemaakt' | 'gereed' | 'ondertekend' | 'verlengd' | 'beeindigd' | 'heropend';

/** Every step of an agreement (0023_convenanten_levensloop.sql). */
export interface ConvenantHistorieTable {
  id: Generated<string>;
  convenant_id: string;
  gebeurtenis: ConvenantGebeurtenis;
  door_organisatie_id: string | null;
  door_gebruiker_id: string | null;
  einddatum: NullableDateText;
  op: Generated<Date>;
}

export interface OpdrachtgeversTable {
  id: Generated<string>;
  partner_id: string;
  naam: string;
  sleutel: string;
  mandaat_tot: NullableDateText;
  aangemaakt_op: Generated<Date>;
}

export interface VroegsignaalLeveringenTable {
  id: Generated<string>;
  partner_id: string;
  bron: 'upload' | 'api' | 'sftp';
  bestandsnaam: string | null;
  idempotentie_sleutel: string | null;
  verzoek_hash: string | null;
  rapport: Json;
  ontvangen_op: Generated<Date>;
  /** Small landlords: the MVI steps attested for the whole file (0023). */
  mvi_verklaring: Json;
}

export type { SignaalStatus };

export interface VroegsignalenTable {
  id: Generated<string>;
  partner_id: string;
  convenant_id: string;
  gemeentecode: string;
  levering_id: string;
  sector: LcvSector;
  opdrachtgever_id: string | null;
  status: Generated<SignaalStatus>;
  status_reden: string | null;
  adres_sleutel: string;
  achternaam: string;
  voorletters: string | null;
  straatnaam: string | null;
  huisnummer: number;
  toevoeging: string | null;
  postcode: string;
  woonplaats: string | null;
  telefoon1: string | null;
  telefoon2: string | null;
  telefoon3: string | null;
  email: string | null;
  maanden_achterstand: Numeric;
  bedrag_achterstand: Numeric;
  vervaldatum: NullableDateText;
  klantnummer: string | null;
  herinnering_verstuurd: boolean | null;
  contact_gezocht: boolean | null;
  schuldhulp_genoemd: boolean | null;
  gegevensoverdracht_aangeboden: boolean | null;
  herhalingen: Generated<number>;
  ontvangen_op: Generated<Date>;
  laatste_melding_op: Generated<Date>;
  intrekking_gevraagd_op: NullableTimestamp;
  // 0005_signaalzaken.sql: DDAS flags, the case, the monitor's marks, the DDAS signal status.
  crisissignaal: Generated<boolean>;
  /** NULL = not (yet) recorded (0019). */
  warme_overdracht: Generated<boolean | null>;
  zaak_id: string | null;
  /** The partner's report this signal belongs to; NULL = its own id (0010). */
  melding_id: string | null;
  meervoudig: Generated<boolean>;
  opeenvolgend: Generated<boolean>;
  signaalstatus: string | null;
}

export interface VroegsignaalBezwarenTable {
  id: Generated<string>;
  gemeentecode: string;
  adres_sleutel: string;
  achternaam_sleutel: string;
  geregistreerd_door: string;
  geregistreerd_op: Generated<Date>;
}

// --- DDAS exports and the /gegevens APIs (0008_ddas.sql) ---

export interface DdasClientsTable {
  id: string;
  naam: string;
  scopes: ColumnType<string[], string[], string[]>;
  geheim_hash: Uint8Array;
  aangemaakt_op: Generated<Date>;
  ingetrokken_op: NullableTimestamp;
}

export interface DdasAanleverinstellingenTable {
  organisatie_id: string;
  kvk_nummer: string | null;
  postcode: string | null;
  contact_naam: string | null;
  contact_telefoon: string | null;
  contact_email: string | null;
  contact_functietitel: string | null;
  bijgewerkt_op: Generated<Date>;
}

export interface DdasSnapshotsTable {
  id: Generated<string>;
  client_id: string;
  model: 'vs' | 'shv';
  sleutel: string;
  startdatum: DateText;
  einddatum: DateText;
  organisaties: string[];
  totaal: number;
  aangemaakt_op: Generated<Date>;
  verloopt_op: Date;
}

export interface DdasSnapshotRecordsTable {
  snapshot_id: string;
  volgnummer: number;
  organisatie_id: string;
  record_id: string;
}

// --- Debt-help trajectories (0006_trajecten.sql) ---

export type VishKeuze = 'standaard' | 'altijd' | 'nooit';
export type VishFeedRegel = 'vanaf-toelating' | 'alle-open' | 'alleen-gekozen';

export interface TrajectenTable {
  id: Generated<string>;
  organisatie_id: string;
  extern_id: string | null;
  bsn_pseudoniem: Uint8Array | null;
  sleutel_id: string | null;
  bsn_versleuteld: string | null;
  /** The partner's BSN, encrypted like the client's; DDAS export only (0019). */
  partner_bsn_versleuteld: Generated<string | null>;
  achternaam: string | null;
  voorletters: string | null;
  achternaam_sleutel: string | null;
  postcode: string | null;
  huisnummer: number | null;
  toevoeging: string | null;
  gemeentecode: string;
  consulent_gebruiker_id: string | null;
  consulent_naam: string | null;
  consulent_telefoon: string | null;
  consulent_email: string | null;
  ondernemer: Generated<boolean>;
  fase: string;
  startdatum: ColumnType<string, string, string>;
  einddatum: ColumnType<string | null, string | null | undefined, string | null>;
  uitstroomreden: string | null;
  toegelaten: Generated<boolean>;
  vish_keuze: Generated<VishKeuze>;
  ddas: ColumnType<unknown, string | undefined, string>;
  aangemaakt_op: Generated<Date>;
  bijgewerkt_op: Generated<Date>;
  geanonimiseerd_op: NullableTimestamp;
}

export interface TrajectVishFeedsTable {
  organisatie_id: string;
  actief: Generated<boolean>;
  regel: Generated<VishFeedRegel>;
  loket_naam: string | null;
  loket_telefoon: string | null;
  loket_email: string | null;
  laatste_run_op: NullableTimestamp;
  laatste_resultaat: string | null;
  laatste_aantal: number | null;
  laatste_levering_id: string | null;
  laatste_melding: string | null;
}

// --- Signal cases / work queue (0005_signaalzaken.sql) ---

export type { ZaakStatus };
type DateText = ColumnType<string, string, string>;

export interface VroegsignaalzakenTable {
  id: Generated<string>;
  gemeentecode: string;
  adres_sleutel: string;
  status: Generated<ZaakStatus>;
  matchingsdatum: DateText;
  startdatum_matchingperiode: DateText;
  einddatum_matchingperiode: DateText;
  ontvangen_op: Timestamp;
  deadline: DateText;
  crisis: Generated<boolean>;
  /** NULL = not (yet) recorded (0019). */
  warme_overdracht: Generated<boolean | null>;
  organisatie_id: string | null;
  behandelaar_id: string | null;
  datum_opgepakt: NullableDateText;
  eerste_actie_op: NullableDateText;
  hulp_geaccepteerd_op: NullableDateText;
  opschorting_tot: NullableDateText;
  resultaat: string | null;
  afgesloten_op: NullableTimestamp;
  terugval_traject_id: string | null;
  terugval_regel: string | null;
  aangemaakt_op: Generated<Date>;
}

export interface VroegsignaalzaakContactpogingenTable {
  id: Generated<string>;
  zaak_id: string;
  soort: string;
  bereikt: boolean;
  datum: DateText;
  dagdeel: string | null;
  vastgelegd_door: string | null;
  vastgelegd_op: Generated<Date>;
}

export interface VroegsignaalzaakHistorieTable {
  id: Generated<number>;
  zaak_id: string;
  tijdstip: Generated<Date>;
  organisatie_id: string | null;
  actor_soort: string;
  actor_id: string | null;
  gebeurtenis: string;
  van: string | null;
  naar: string | null;
  details: Json;
}

export interface WerkgebiedenTable {
  organisatie_id: string;
  gemeentecode: string;
  aangemaakt_op: Generated<Date>;
}

// --- Pauzeknop (0035_pauzeknop.sql) ---

export interface PauzeknopInlogpogingenTable {
  state: string;
  nonce: string;
  code_verifier: string;
  browser_hash: string;
  aangemaakt_op: Generated<Date>;
}

export interface PauzeknopSessiesTable {
  id: string;
  bsn_pseudoniem: Uint8Array;
  sleutel_id: string;
  aangemaakt_op: Generated<Date>;
  verloopt_op: Date;
  ingetrokken_op: Date | null;
}

export interface PauzeknopAanmeldingenTable {
  id: Generated<string>;
  bsn_pseudoniem: Uint8Array;
  sleutel_id: string;
  gemeentecode: string;
  postcode: string;
  huisnummer: number;
  telefoon: string | null;
  email: string | null;
  schuldeisers: ColumnType<Array<{ naam: string; kenmerk: string | null }>, string, string>;
  dreigingen: ColumnType<string[], string[], string[]>;
  toestemming_versie: string;
  toestemming_op: Date;
  status: Generated<'ontvangen' | 'opgepakt' | 'contact'>;
  ontvangen_op: Generated<Date>;
  deadline: DateText;
  behandelaar_id: string | null;
  opgepakt_op: Date | null;
  contact_op: Date | null;
  contact_soort: string | null;
}

// --- Schuldenrust (0030_schuldenrust.sql) ---

export type SchuldeiserSoort = 'publiek' | 'privaat';
export type SchuldenrustKanaal = 'portaal' | 'api' | 'brief';

export interface SchuldeiserDeelnamesTable {
  organisatie_id: string;
  soort: SchuldeiserSoort;
  grondslag: string | null;
  kanaal: SchuldenrustKanaal;
  stappen: ColumnType<string[], string[], string[]>;
  contact_email: string | null;
  status: Generated<'actief' | 'beeindigd'>;
  ingegaan_op: Generated<Date>;
  beeindigd_op: NullableTimestamp;
}

export interface SchuldenrustSchuldenTable {
  id: Generated<string>;
  traject_id: string;
  organisatie_id: string;
  schuldeiser_id: string | null;
  schuldeiser_naam: string | null;
  schuldeiser_adres: string | null;
  kenmerk: string | null;
  bedrag: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  bron: Generated<'consulent' | 'deurwaarder'>;
  aangemaakt_op: Generated<Date>;
  /** The bailiff organisation that sent this claim (bron 'deurwaarder'; 0038). */
  deurwaarder_id: Generated<string | null>;
  hoofdsom: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  kosten: ColumnType<string | null, string | number | null | undefined, string | number | null>;
}

export type PauzeEindeReden = 'traject-gesloten' | 'ingetrokken' | 'regeling-getroffen' | 'einddatum';

export interface SchuldenrustPauzesTable {
  id: Generated<string>;
  traject_id: string;
  organisatie_id: string;
  startdatum: DateText;
  einddatum: DateText;
  status: Generated<'actief' | 'beeindigd'>;
  einde_reden: PauzeEindeReden | null;
  beeindigd_op: NullableTimestamp;
  aangemaakt_op: Generated<Date>;
}

export type KennisgevingAntwoord = 'erkend' | 'geen-vordering' | 'deurwaarder';

export interface SchuldenrustKennisgevingenTable {
  id: Generated<string>;
  pauze_id: string;
  schuld_id: string;
  schuldeiser_id: string | null;
  kanaal: SchuldenrustKanaal;
  verstuurd_op: Generated<Date>;
  antwoord: KennisgevingAntwoord | null;
  deurwaarder_naam: string | null;
  beantwoord_op: NullableTimestamp;
  herinnerd_op: NullableTimestamp;
}

export interface SchuldenrustPauzeHistorieTable {
  id: Generated<number>;
  pauze_id: string;
  tijdstip: Generated<Date>;
  gebeurtenis: string;
  einddatum: NullableDateText;
  reden: string | null;
  actor_soort: string;
  actor_id: string | null;
  organisatie_id: string | null;
}

export interface GemeenteBeleidsplannenTable {
  gemeentecode: string;
  crisis_eerst: Generated<boolean>;
  sectoren: ColumnType<LcvSector[], LcvSector[], LcvSector[]>;
  bedrag_vanaf: Numeric | null;
  bijgewerkt_op: Generated<Date>;
  bijgewerkt_door: string | null;
}
