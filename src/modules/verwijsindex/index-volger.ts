import type { Db } from '../../db/connection.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Pseudonimiseerder } from './pseudoniem.ts';
import type { VishIndex } from './vish-index.ts';
import { synchroniseerIndex } from './onderhoud.ts';
import { INDEX_KANAAL } from './store.ts';

export interface IndexVolger {
  /** Brings the index in line now (serialised with every other sync); resolves when done. */
  synchroniseer(): Promise<void>;
  /** When the index last matched the database (ms since epoch): the "age" of the index in the metrics. */
  readonly bijgewerktOp: number;
  stop(): void;
}

/**
 * Keeps this node's in-memory index in line with the active deliveries that any node activated,
 * withdrew or expired: at once on PostgreSQL's NOTIFY (sent in the delivery's own transaction), and every
 * `pollMs` as a version check, so a missed notification (a dropped listening connection) cannot leave a
 * node stale for long. Syncs never overlap; a request during one runs once more afterwards.
 */
export async function volgIndex(
  d: { db: Db; index: VishIndex; pseudo: Pseudonimiseerder; log: Logger },
  pollMs: number,
): Promise<IndexVolger> {
  let bezig: Promise<void> | undefined;
  let nogEens = false;
  let gestopt = false;
  const volger = {
    bijgewerktOp: Date.now(),
    synchroniseer(): Promise<void> {
      if (bezig) {
        nogEens = true;
        return bezig;
      }
      bezig = (async () => {
        do {
          nogEens = false;
          await synchroniseerIndex(d.db.kysely, d.index, d.pseudo, d.log);
          volger.bijgewerktOp = Date.now();
        } while (nogEens && !gestopt);
      })().finally(() => {
        bezig = undefined;
      });
      return bezig;
    },
    stop() {
      gestopt = true;
      clearInterval(timer);
    },
  };
  const plan = () => {
    if (gestopt) return;
    volger.synchroniseer().catch((err) => d.log.error({ err }, 'VISH index sync failed'));
  };
  await d.db.proces.luister(INDEX_KANAAL, plan);
  const timer = setInterval(plan, pollMs);
  timer.unref();
  return volger;
}
