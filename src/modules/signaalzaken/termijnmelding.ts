import { sql } from 'kysely';
import type { Context } from '../../context.ts';
import { vandaag } from '../../shared/datum.ts';
import { plusDagen } from '../../shared/werkdagen.ts';
import { publiceer } from '../notificaties/index.ts';

/** The daily digest goes out from this hour (Europe/Amsterdam) on; the job runs hourly, the event is keyed per day. */
export const OVERZICHT_UUR = 7;

const uurInNederland = (nu: Date) =>
  Number(nu.toLocaleString('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hourCycle: 'h23' }));

/**
 * Daily digest of deadlines: per municipality (its whole queue) and per debt-help organisation / team (the cases
 * assigned to it), how many open cases not yet acted on reach their deadline tomorrow and how many are past it.
 * Counts only. Run as often as you like: one event per receiver per day.
 */
export async function meldTermijnen(ctx: Context, nu = new Date()) {
  if (uurInNederland(nu) < OVERZICHT_UUR) return { overzichten: 0 };
  const dag = vandaag(nu);
  const morgen = plusDagen(dag, 1);
  const tellingen = sql`count(*) FILTER (WHERE z.deadline = ${morgen}::date)::int AS morgen,
    count(*) FILTER (WHERE z.deadline < ${dag}::date)::int AS te_laat`;
  const open = sql`z.status <> 'afgesloten' AND z.eerste_actie_op IS NULL AND z.deadline <= ${morgen}::date`;
  const db = ctx.db.kysely;
  const [gemeenten, uitvoerders] = await Promise.all([
    sql<{ gemeentecode: string; morgen: number; te_laat: number }>`
      SELECT z.gemeentecode, ${tellingen} FROM vroegsignaalzaken z WHERE ${open} GROUP BY z.gemeentecode`.execute(db),
    // Cases a municipality picked up carry its own organisation id: those are in its digest already.
    sql<{ organisatie_id: string; morgen: number; te_laat: number }>`
      SELECT z.organisatie_id, ${tellingen} FROM vroegsignaalzaken z JOIN organisaties o ON o.id = z.organisatie_id
      WHERE ${open} AND o.type <> 'gemeente' GROUP BY z.organisatie_id`.execute(db),
  ]);
  const ids = await publiceer(
    db,
    'zaken.termijnen',
    [
      ...gemeenten.rows.map((g) => ({ gemeentecode: g.gemeentecode, datum: dag, morgen: g.morgen, teLaat: g.te_laat })),
      ...uitvoerders.rows.map((u) => ({
        organisatieId: u.organisatie_id,
        datum: dag,
        morgen: u.morgen,
        teLaat: u.te_laat,
      })),
    ],
    { nu },
  );
  return { overzichten: ids.length };
}
