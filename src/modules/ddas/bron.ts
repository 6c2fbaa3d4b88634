import type { Context } from '../../context.ts';
import type * as store from './store.ts';

/** What a DDAS model's data source (vs.ts, shv.ts) and the export (export.ts) share. */
export interface Periode {
  startdatum: string;
  einddatum: string;
}
export type Organisatie = NonNullable<Awaited<ReturnType<typeof store.organisatie>>>;

/** One model's data source: which records (signal cases / trajectories) an organisation delivers, and their DDAS form. */
export interface Bron {
  /** Ids of the organisation's records in the period, in delivery order. */
  recordIds(ctx: Context, org: Organisatie, periode: Periode): Promise<string[]>;
  /** One DDAS `levering` (without teller) with exactly these records, as they stood at the end of the period. */
  levering(ctx: Context, org: Organisatie, periode: Periode, ids: string[]): Promise<Record<string, unknown>>;
}

/** Rows in the order of `ids` (a record that is gone meanwhile is skipped). */
export function inVolgorde<T extends { id: string }>(ids: string[], rijen: T[]): T[] {
  const per = new Map(rijen.map((r) => [r.id, r]));
  return ids.flatMap((id) => per.get(id) ?? []);
}

/** 'GM0344' -> '0344': DDAS uses the four digits. */
export const ddasGemeentecode = (code: string) => code.replace(/^GM/i, '');

/** A date or null as DDAS wants it: omitted when unknown. */
export function zonderLeeg<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}
