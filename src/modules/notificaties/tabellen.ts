import type { ColumnType, Generated } from 'kysely';

type Tijd = ColumnType<Date, Date | string | undefined, Date | string>;
type TijdOfNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string, string>;

/** Tables of 0015_notificaties.sql, added to the platform's Database type (module augmentation keeps schema.ts as is). */
declare module '../../db/schema.ts' {
  interface Database {
    notificatie_gebeurtenissen: NotificatieGebeurtenissenTable;
    notificatie_taken: NotificatieTakenTable;
    notificaties: NotificatiesTable;
    notificatie_voorkeuren: NotificatieVoorkeurenTable;
    webhook_abonnementen: WebhookAbonnementenTable;
  }
}

export interface NotificatieGebeurtenissenTable {
  id: string;
  type: string;
  doel: Json;
  data: Json;
  aangemaakt_op: Tijd;
}

export type TaakSoort = 'verspreiden' | 'mail' | 'webhook';
export type TaakStatus = 'wachtend' | 'bezig' | 'afgeleverd' | 'mislukt';

export interface NotificatieTakenTable {
  id: Generated<string>;
  gebeurtenis_id: string;
  soort: TaakSoort;
  gebruiker_id: string | null;
  abonnement_id: string | null;
  status: Generated<TaakStatus>;
  pogingen: Generated<number>;
  volgende_poging_op: Tijd;
  geclaimd_tot: TijdOfNull;
  opgeven_na: Tijd;
  laatste_fout: string | null;
  laatste_status: number | null;
  afgeleverd_op: TijdOfNull;
  aangemaakt_op: Tijd;
}

export interface NotificatiesTable {
  id: Generated<string>;
  gebeurtenis_id: string;
  gebruiker_id: string;
  aangemaakt_op: Tijd;
  gelezen_op: TijdOfNull;
}

export type Kanaal = 'mail' | 'app' | 'beide' | 'geen';
export const KANALEN = ['mail', 'app', 'beide', 'geen'] as const;

export interface NotificatieVoorkeurenTable {
  gebruiker_id: string;
  type: string;
  kanaal: Kanaal;
}

export interface WebhookAbonnementenTable {
  id: Generated<string>;
  organisatie_id: string;
  url: string;
  gebeurtenissen: ColumnType<string[], string[], string[]>;
  omschrijving: Generated<string>;
  geheim: string;
  vorig_geheim: string | null;
  vorig_geheim_tot: TijdOfNull;
  actief: Generated<boolean>;
  aangemaakt_op: Tijd;
  verwijderd_op: TijdOfNull;
}
