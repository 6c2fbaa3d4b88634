import { sql } from 'kysely';
import type { Context } from '../../context.ts';

/**
 * Events older than NOTIFICATIE_BEWAARTERMIJN_DAGEN go, with their in-app notifications and delivery records
 * (ON DELETE CASCADE), once nothing of them is still being delivered. They hold ids and counts, no resident data;
 * keeping them longer only grows the tables.
 */
export async function schoonNotificatiesOp(ctx: Context, nu = new Date()) {
  const grens = new Date(nu.getTime() - ctx.config.NOTIFICATIE_BEWAARTERMIJN_DAGEN * 86_400_000);
  const r = await sql`DELETE FROM notificatie_gebeurtenissen g WHERE g.aangemaakt_op < ${grens}
    AND NOT EXISTS (SELECT 1 FROM notificatie_taken t WHERE t.gebeurtenis_id = g.id AND t.status IN ('wachtend', 'bezig'))`.execute(
    ctx.db.kysely,
  );
  return { verwijderd: Number(r.numAffectedRows ?? 0) };
}
