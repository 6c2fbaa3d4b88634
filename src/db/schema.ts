import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | undefined | null, string | null>;

export const ORGANISATIE_TYPES = [
  'gemeente', 'schuldhulpverlener', 'wijkteam', 'gerechtsdeurwaarder', 'signaalpartner', 'beheerder',
] as const;
export type OrganisatieType = (typeof ORGANISATIE_TYPES)[number];

export interface OrganisatiesTable {
  id: Generated<string>;
  naam: string;
  type: OrganisatieType;
  status: Generated<'actief' | 'geschorst'>;
  gemeentecode: string | null;
  aangemaakt_op: Generated<Date>;
}

export interface ApiSleutelsTable {
  id: string;
  organisatie_id: string;
  omschrijving: string;
  hash: Uint8Array;
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
}

export interface JobRunsTable {
  id: Generated<number>;
  job: string;
  gestart_op: Generated<Date>;
  beeindigd_op: NullableTimestamp;
  resultaat: Generated<string>;
  details: Json;
}

export type LeveringStatus = 'bezig' | 'actief' | 'vervangen' | 'verworpen' | 'afgebroken' | 'verlopen';

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
  certificaten: CertificatenTable;
  audit_log: AuditLogTable;
  job_runs: JobRunsTable;
  vish_leveringen: VishLeveringenTable;
  vish_contacten: VishContactenTable;
  vish_personen: VishPersonenTable;
}
