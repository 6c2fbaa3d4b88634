import type { Context } from '../../context.ts';
import type * as store from './store.ts';

/** What a DDAS model's data source (vs.ts, shv.ts) and the export (export.ts) share. */
export interface Periode {
  startdatum: string;
  einddatum: string;
}
export type Organisatie = NonNullable<Awaited<ReturnType<typeof store.organisatie>>>;

/** One model's data source: counts and reads the records (vroegsignaalzaken / schuldhulptrajecten) of one organisation. */
export interface Bron {
  tellen(ctx: Context, org: Organisatie, periode: Periode): Promise<number>;
  /** Records `offset`..`offset+limit` in a stable order, as one DDAS `levering` (without teller), plus the record ids for the audit log. */
  levering(
    ctx: Context,
    org: Organisatie,
    periode: Periode,
    offset: number,
    limit: number,
  ): Promise<{ levering: Record<string, unknown>; ids: string[] }>;
}

/** 'GM0344' -> '0344': DDAS uses the four digits. */
export const ddasGemeentecode = (code: string) => code.replace(/^GM/i, '');

/** A date or null as DDAS wants it: omitted when unknown. */
export function zonderLeeg<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}
