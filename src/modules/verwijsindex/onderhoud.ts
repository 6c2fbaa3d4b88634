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
  const ids = new Set(actief.map((l) => l.organisatie_id));
  for (const org of index.organisaties()) if (!ids.has(org)) index.verwijder(org);
  for (const l of actief) {
    if (index.actieveLevering(l.organisatie_id) === l.id) continue;
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
 * VISH retention: an active delivery expires `bewaarDagen` after activation unless replaced; its
 * persons are deleted. Staged rows of deliveries that never finished (crash, kill) are deleted too.
 */
export async function verloopVish(db: Db, index: VishIndex, nu = new Date()) {
  const verlopen = await store.leveringMetStatus(db.kysely, ['actief'], nu, 'verloopt_op');
  for (const l of verlopen) {
    await store.zetStatus(db.kysely, l.id, 'verlopen');
    if (index.actieveLevering(l.organisatie_id) === l.id) index.verwijder(l.organisatie_id);
    await store.verwijderPersonen(db, l.id);
  }
  const onafgemaakt = await store.leveringMetStatus(
    db.kysely,
    ['bezig'],
    new Date(nu.getTime() - 6 * 3_600_000),
    'gestart_op',
  );
  for (const l of onafgemaakt)
    await store.verwerpLevering(db, l.id, 'afgebroken', { melding: 'Verwerking niet afgerond (onderbroken)' });
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
  return { verlopen: verlopen.length, afgebroken: onafgemaakt.length, opgeruimd };
}
