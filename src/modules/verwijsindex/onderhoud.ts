import type { Kysely } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../../shared/logger.ts';
import type { VishIndex } from './vish-index.ts';
import type { Pseudonimiseerder } from './pseudoniem.ts';
import * as store from './store.ts';

/**
 * Brings the in-memory index in line with the active deliveries in the database: at start-up, and
 * periodically so deliveries activated or expired by another process are seen.
 */
export async function synchroniseerIndex(
  db: Kysely<Database>,
  index: VishIndex,
  pseudo: Pseudonimiseerder,
  log: Logger,
) {
  const actief = await store.actieveLeveringen(db);
  const ids = new Set(actief.map((l) => l.id));
  for (const s of index.leveringen()) if (!ids.has(s.leveringId)) index.verwijder(s.organisatieId, s.omgeving);
  for (const l of actief) {
    if (index.actieveLevering(l.organisatie_id, l.omgeving) === l.id) continue;
    if (!pseudo.heeftSleutel(l.sleutel_id)) {
      log.error(
        { leveringId: l.id, sleutelId: l.sleutel_id },
        'active VISH delivery uses a pseudonymisation key that is no longer configured',
      );
      continue;
    }
    index.vervang(await store.laadSet(db, l));
  }
}

/**
 * Longest a delivery may run. A delivery still 'bezig' after this is aborted whatever its process does;
 * so is one made by an older version without a recorded process.
 */
const MAX_LEVERINGSDUUR_MS = 6 * 3_600_000;

/**
 * Deliveries left 'bezig' by a process that no longer runs (killed, crashed, the host gone) are aborted
 * and their staged persons deleted. Runs at start-up, so a restart after a kill leaves nothing behind,
 * and with the retention job. A delivery whose process still runs (this one or another node on the same
 * PostgreSQL) is left alone: its process holds its liveness lock (db/proces.ts).
 */
export async function ruimOnderbrokenLeveringenOp(db: Db, nu = new Date()): Promise<number> {
  let n = 0;
  for (const l of await store.lopendeLeveringen(db.kysely)) {
    const teOud = l.gestart_op.getTime() < nu.getTime() - MAX_LEVERINGSDUUR_MS;
    const verlaten = l.eigenaar === null ? teOud : teOud || !(await db.proces.leeft(l.eigenaar));
    if (!verlaten) continue;
    if (await store.verwerpLevering(db, l.id, 'afgebroken', { melding: 'Verwerking niet afgerond (onderbroken)' })) n++;
  }
  return n;
}

/**
 * VISH retention: an active delivery expires `bewaarDagen` after activation unless replaced; its
 * persons are deleted. Staged rows of deliveries that never finished (crash, kill) are deleted too.
 */
export async function verloopVish(db: Db, index: VishIndex, nu = new Date()) {
  const verlopen = await store.leveringMetStatus(db.kysely, ['actief'], nu, 'verloopt_op');
  for (const l of verlopen) {
    await store.zetStatus(db.kysely, l.id, 'verlopen');
    await store.meldIndexWijziging(db.kysely, l.organisatie_id);
    if (index.actieveLevering(l.organisatie_id, l.omgeving) === l.id) index.verwijder(l.organisatie_id, l.omgeving);
    await store.verwijderPersonen(db, l.id);
  }
  const afgebroken = await ruimOnderbrokenLeveringenOp(db, nu);
  // Leftovers of replaced/rejected deliveries whose background cleanup did not run (e.g. a restart).
  const restanten = await db.kysely
    .selectFrom('vish_leveringen as l')
    .select('l.id')
    .where('l.status', 'not in', ['actief', 'bezig'])
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('vish_personen as p').select('p.levering_id').whereRef('p.levering_id', '=', 'l.id')),
    )
    .execute();
  for (const l of restanten) await store.verwijderPersonen(db, l.id);
  const opgeruimd = restanten.length;
  return { verlopen: verlopen.length, afgebroken, opgeruimd };
}
