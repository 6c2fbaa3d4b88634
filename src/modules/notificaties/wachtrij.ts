import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { TaakSoort } from './tabellen.ts';

type Db = Kysely<Database>;

export interface Taak {
  id: string;
  gebeurtenis_id: string;
  soort: TaakSoort;
  gebruiker_id: string | null;
  abonnement_id: string | null;
  /** Attempt number of this claim (1 = first). */
  pogingen: number;
  opgeven_na: Date;
}

/** Wait before the next attempt: 30 s, 1, 2, 4 … minutes, at most an hour; ±10% so retries of many tasks spread out. */
export function wachttijdMs(poging: number, willekeur = Math.random()): number {
  const basis = Math.min(30_000 * 2 ** Math.max(0, poging - 1), 3_600_000);
  return Math.round(basis * (0.9 + 0.2 * willekeur));
}

/**
 * Takes up to `max` tasks that are due, or whose lease ran out (a worker died holding them), and leases them to this
 * worker. FOR UPDATE SKIP LOCKED: workers on several nodes never take the same task at once, and never wait for each
 * other. The lease is the only state: a worker that dies mid-delivery leaves the task to be taken again.
 */
export async function claim(db: Db, nu: Date, leaseMs: number, max: number): Promise<Taak[]> {
  const r = await sql<Taak>`
    UPDATE notificatie_taken t SET status = 'bezig', geclaimd_tot = ${new Date(nu.getTime() + leaseMs)}::timestamptz,
      pogingen = t.pogingen + 1
    WHERE t.id IN (
      SELECT id FROM notificatie_taken
      WHERE (status = 'wachtend' AND volgende_poging_op <= ${nu}::timestamptz)
         OR (status = 'bezig' AND geclaimd_tot < ${nu}::timestamptz)
      ORDER BY volgende_poging_op
      LIMIT ${max}
      FOR UPDATE SKIP LOCKED)
    RETURNING t.id, t.gebeurtenis_id, t.soort, t.gebruiker_id, t.abonnement_id, t.pogingen, t.opgeven_na`.execute(db);
  return r.rows;
}

/** Delivered. Only by the claim that holds the task (a worker whose lease was taken over changes nothing). */
export async function afgeleverd(db: Db, t: Taak, nu: Date, status: number | null = null): Promise<boolean> {
  const r = await db
    .updateTable('notificatie_taken')
    .set({ status: 'afgeleverd', afgeleverd_op: nu, geclaimd_tot: null, laatste_fout: null, laatste_status: status })
    .where('id', '=', t.id)
    .where('status', '=', 'bezig')
    .where('pogingen', '=', t.pogingen)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Failed attempt: back off, or give up (status 'mislukt') when the next attempt would fall after `opgeven_na`. */
export async function mislukt(
  db: Db,
  t: Taak,
  nu: Date,
  fout: string,
  status: number | null = null,
): Promise<'opnieuw' | 'opgegeven' | 'overgenomen'> {
  const volgende = new Date(nu.getTime() + wachttijdMs(t.pogingen));
  const opgeven = volgende > new Date(t.opgeven_na);
  const r = await db
    .updateTable('notificatie_taken')
    .set({
      status: opgeven ? 'mislukt' : 'wachtend',
      volgende_poging_op: volgende,
      geclaimd_tot: null,
      laatste_fout: fout.slice(0, 500),
      laatste_status: status,
    })
    .where('id', '=', t.id)
    .where('status', '=', 'bezig')
    .where('pogingen', '=', t.pogingen)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return 'overgenomen';
  return opgeven ? 'opgegeven' : 'opnieuw';
}

/** A failed webhook call queued again by its receiver (replay): a fresh 24 hours of attempts. */
export async function zetOpnieuwKlaar(db: Db, taakId: string, nu: Date, opgevenNa: Date): Promise<boolean> {
  const r = await db
    .updateTable('notificatie_taken')
    .set({
      status: 'wachtend',
      volgende_poging_op: nu,
      opgeven_na: opgevenNa,
      pogingen: 0,
      geclaimd_tot: null,
      afgeleverd_op: null,
    })
    .where('id', '=', taakId)
    .where('status', 'in', ['mislukt', 'afgeleverd'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Outbox lag: seconds since the oldest task that is due and not delivered became due (0 when none waits). */
export async function achterstandSeconden(db: Db, nu = new Date()): Promise<number> {
  const r = await sql<{ oudste: Date | string | null }>`
    SELECT min(volgende_poging_op) AS oudste FROM notificatie_taken
    WHERE status IN ('wachtend', 'bezig') AND volgende_poging_op <= ${nu}::timestamptz`.execute(db);
  const oudste = r.rows[0]?.oudste;
  return oudste ? Math.max(0, (nu.getTime() - new Date(oudste).getTime()) / 1000) : 0;
}
