import { sql } from 'kysely';
import type { Context } from '../../context.ts';
import { vandaag } from '../../shared/datum.ts';
import { plusDagen } from '../../shared/werkdagen.ts';
import { publiceer } from '../notificaties/index.ts';

/** Reminders before a signed agreement ends: 60 and 14 days ahead. */
export const HERINNERING_DAGEN = [60, 14] as const;

/**
 * Agreements whose end date (today's `einddatum`, so a renewal moves the reminders) is within 60 or 14 days: one
 * reminder per agreement, end date and threshold, to the partner and the municipality. Only the nearest threshold:
 * an agreement signed with 10 days left gets the 14-day reminder, not both.
 */
export async function meldAflopendeConvenanten(ctx: Context, nu = new Date()) {
  const dag = vandaag(nu);
  const [ver, kort] = [Math.max(...HERINNERING_DAGEN), Math.min(...HERINNERING_DAGEN)];
  const r = await sql<{ id: string; partner_id: string; gemeentecode: string; einddatum: string }>`
    SELECT id, partner_id, gemeentecode, einddatum FROM convenanten
    WHERE status = 'ondertekend' AND einddatum >= ${dag}::date AND einddatum <= ${plusDagen(dag, ver)}::date`.execute(
    ctx.db.kysely,
  );
  const ids = await publiceer(
    ctx.db.kysely,
    'convenant.verloopt',
    r.rows.map((c) => ({
      convenantId: c.id,
      partnerId: c.partner_id,
      gemeentecode: c.gemeentecode,
      einddatum: c.einddatum,
      dagen: c.einddatum <= plusDagen(dag, kort) ? kort : ver,
    })),
    { nu },
  );
  return { herinneringen: ids.length };
}
