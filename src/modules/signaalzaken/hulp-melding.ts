import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { publiceer } from '../notificaties/index.ts';

/**
 * "Help accepted" for each partner that delivered a signal in this case (Wgs: the only feedback a partner may get),
 * in the transaction that records it. Each partner hears only of its own reports (melding ids, as its API shows them);
 * a report it withdrew is gone for it and is left out.
 */
export async function meldHulpGeaccepteerd(tx: Kysely<Database>, zaakId: string) {
  const r = await sql<{ partner_id: string; signalen: string[] }>`
    SELECT partner_id, array_agg(DISTINCT coalesce(melding_id, id)::text) AS signalen
    FROM vroegsignalen WHERE zaak_id = ${zaakId} AND intrekking_gevraagd_op IS NULL
    GROUP BY partner_id`.execute(tx);
  await publiceer(
    tx,
    'signaal.hulp-geaccepteerd',
    r.rows.map((x) => ({ partnerId: x.partner_id, signalen: x.signalen })),
  );
}
