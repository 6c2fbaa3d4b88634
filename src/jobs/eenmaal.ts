import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';

/** First key of the job advisory locks (two-key form; the second is the job name's hash). */
export const JOB_SLOT = 7212028;

/** A run that started less than this share of the interval ago counts as this schedule's run. */
const MARGE = 0.9;

export type GeplandeUitkomst = 'uitgevoerd' | 'bezet' | 'al-gedraaid';

/**
 * Runs a scheduled job once per schedule across every node on the same PostgreSQL: the node that takes the
 * job's advisory lock runs it, unless a run started less than ~one interval ago (another node's timer, or this
 * job before a restart); the others skip. The lock is held on one pooled connection for the run and released
 * after it (or by the server when that session ends, e.g. the node is killed). PGlite has one process: no lock.
 */
export async function eenmaalPerSchema(
  db: Db,
  job: string,
  intervalMs: number,
  werk: () => Promise<unknown>,
  nu: () => Date = () => new Date(),
): Promise<GeplandeUitkomst> {
  const onlangsGedraaid = async () => {
    const r = await db.kysely
      .selectFrom('job_runs')
      .select((eb) => eb.fn.max('gestart_op').as('laatste'))
      .where('job', '=', job)
      .executeTakeFirst();
    const laatste = r?.laatste ? new Date(r.laatste as Date | string).getTime() : 0;
    return nu().getTime() - laatste < intervalMs * MARGE;
  };
  if (db.kind === 'pglite') {
    if (await onlangsGedraaid()) return 'al-gedraaid';
    await werk();
    return 'uitgevoerd';
  }
  return db.kysely.connection().execute(async (conn) => {
    const slot = await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(${JOB_SLOT}, hashtext(${job})) AS ok`.execute(
      conn,
    );
    if (!slot.rows[0]?.ok) return 'bezet';
    try {
      if (await onlangsGedraaid()) return 'al-gedraaid';
      await werk();
      return 'uitgevoerd';
    } finally {
      await sql`SELECT pg_advisory_unlock(${JOB_SLOT}, hashtext(${job}))`.execute(conn).catch(() => undefined);
    }
  });
}
