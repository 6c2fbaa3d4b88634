import type { Context } from '../../context.ts';
import { publiceer } from '../notificaties/index.ts';

/** After this many hours without a new delivery the platform operator is told as well. */
export const GEMIST_BEHEER_UREN = 48;

/**
 * A missed daily VISH delivery: the organisation is told (after VISH_GEMISTE_LEVERING_UREN), the operator after 48
 * hours. One event per organisation per last delivery, however often the hourly job runs.
 */
export async function meldGemisteLeveringen(
  ctx: Context,
  gemist: { id: string; geactiveerd_op: Date | string | null }[],
  nu = new Date(),
) {
  const grens = new Date(nu.getTime() - GEMIST_BEHEER_UREN * 3_600_000);
  const rijen = gemist.map((g) => ({
    organisatieId: g.id,
    laatsteLevering: g.geactiveerd_op ? new Date(g.geactiveerd_op).toISOString() : null,
    lang: !g.geactiveerd_op || new Date(g.geactiveerd_op) < grens,
  }));
  await ctx.db.kysely.transaction().execute(async (tx) => {
    await publiceer(tx, 'vish.levering-gemist', rijen, { nu });
    await publiceer(
      tx,
      'vish.levering-gemist-beheer',
      rijen.filter((r) => r.lang),
      { nu },
    );
  });
}
