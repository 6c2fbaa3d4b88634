import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { publiceer } from '../notificaties/index.ts';
import { deadlineVoor } from '../../shared/werkdagen.ts';
import type { Opgenomen } from '../signaalzaken/index.ts';

/**
 * Notifications of one delivery, written in the intake's transaction: the partner's report is ready, and each case
 * that got a new crisis signal is announced to its municipality at once (3 working days). Signals that land closed
 * (objection) are not announced.
 */
export async function meldOntvangst(
  tx: Kysely<Database>,
  v: {
    partnerId: string;
    rapport: { leveringId: string; bron: 'upload' | 'api' | 'sftp'; geaccepteerd: number; afgewezenAantal: number };
    opgeslagen: Opgenomen[];
    /** The day of receipt (Europe/Amsterdam): the crisis deadline counts from it. */
    dag: string;
  },
) {
  await publiceer(tx, 'levering.verwerkt', {
    partnerId: v.partnerId,
    leveringId: v.rapport.leveringId,
    bron: v.rapport.bron,
    geaccepteerd: v.rapport.geaccepteerd,
    afgewezen: v.rapport.afgewezenAantal,
  });
  const zaken = new Map<string, string>();
  for (const s of v.opgeslagen)
    if (s.ingevoegd && s.crisissignaal && s.zaak_id && s.status === 'nieuw') zaken.set(s.zaak_id, s.gemeentecode);
  await publiceer(
    tx,
    'signaal.crisis',
    [...zaken].map(([zaakId, gemeentecode]) => ({ zaakId, gemeentecode, deadline: deadlineVoor(v.dag, true) })),
  );
}
