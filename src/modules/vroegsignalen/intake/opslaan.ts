import type { Kysely } from 'kysely';
import type { Context } from '../../../context.ts';
import type { Database } from '../../../db/schema.ts';
import type { Actor, TransactieAudit } from '../../audit/index.ts';
import {
  type Blok,
  bereidBlokVoor,
  type NieuwSignaal,
  neemSignalenOp,
  type Opgenomen,
} from '../../signaalzaken/index.ts';

/**
 * Stage 4, store: each block of rows becomes signals in their households' cases (signaalzaken's one statement), with an
 * audit entry per signal (record id, never a name) in the delivery's transaction audit. With `pijplijn` one block is in
 * flight while the caller prepares the next (PostgreSQL); otherwise each block is stored before the next is prepared.
 * What can wait is kept out of the moment between two statements: the next block's parameter is made while the previous
 * block is stored, and a stored block's audit entries are made once the next statement is on its way.
 */
export function maakOpslag(
  ctx: Context,
  tx: Kysely<Database>,
  levering: Omit<Blok, 'rows'>,
  v: { actor: Actor; audit: TransactieAudit; pijplijn: boolean },
) {
  const opgeslagen: Opgenomen[] = [];
  let bezig: Promise<{ fout?: unknown }> | null = null;
  // Queued in a later turn of the event loop, after the next block's statement has been sent; in block order.
  let audit: Promise<void> = Promise.resolve();
  const wachtOpVorige = async () => {
    const r = await bezig;
    bezig = null;
    if (r?.fout) throw r.fout;
  };
  const schrijfAudit = (r: Opgenomen[]) => {
    audit = audit.then(
      () =>
        new Promise<void>((klaar) =>
          setImmediate(() => {
            v.audit.schrijf(
              r.map((s) => ({
                actor: v.actor,
                actie: s.ingevoegd ? 'vroegsignaal.ontvangen' : 'vroegsignaal.herhaling',
                onderwerp: s.id,
                resultaat: 'ok',
                details: { levering: levering.leveringId },
              })),
              tx,
            );
            klaar();
          }),
        ),
    );
  };
  return {
    async bewaar(rows: NieuwSignaal[]) {
      if (rows.length === 0) return wachtOpVorige();
      const json = bereidBlokVoor(rows);
      await wachtOpVorige();
      // The outcome is caught at once (no unhandled rejection) and rethrown by the next wachtOpVorige.
      bezig = neemSignalenOp(ctx, tx, { ...levering, rows, json }).then(
        (r) => {
          for (const s of r) opgeslagen.push(s);
          schrijfAudit(r);
          return {};
        },
        (fout: unknown) => ({ fout }),
      );
      if (!v.pijplijn) await wachtOpVorige();
    },
    /** Every block stored: the stored signals. */
    async klaar(): Promise<Opgenomen[]> {
      await wachtOpVorige();
      await audit;
      return opgeslagen;
    },
    /** After a failure: let the statement in flight finish before the rollback. */
    async stop() {
      await bezig;
      await audit;
    },
  };
}
