import type { Context } from '../../context.ts';
import { vandaag } from '../../shared/datum.ts';
import * as store from './store.ts';

/**
 * Active pauses by BSN pseudonym, for the VISH check: one query loads every active pause's pseudonym (current key) and
 * end date, kept in memory for AUTH_CACHE_MS, so a check or a batch of a million lines costs a map lookup per BSN, not
 * a query. Dropped at once when this process starts, extends or ends a pause, and when any other node does (NOTIFY on
 * RUST_KANAAL, sent in that node's transaction).
 */
export class SchuldenrustIndex {
  private kaart = new Map<string, string>();
  private geladenOp = -Infinity;
  private dag = '';
  private laden: Promise<void> | null = null;
  private luistert: Promise<void> | null = null;

  constructor(private readonly ctx: Context) {}

  /** Makes sure the map is fresh enough; call once per check or batch. */
  async vers(nu = new Date()): Promise<void> {
    // A failed LISTEN must not fail checks: the AUTH_CACHE_MS expiry still holds, and the next check tries again.
    this.luistert ??= this.ctx.db.proces
      .luister(store.RUST_KANAAL, () => this.vergeet())
      .catch((err: unknown) => {
        this.luistert = null;
        this.ctx.log.warn({ err }, 'could not listen for schuldenrust pause changes');
      });
    await this.luistert;
    const dag = vandaag(nu);
    if (Date.now() - this.geladenOp < this.ctx.config.AUTH_CACHE_MS && dag === this.dag) return;
    this.laden ??= (async () => {
      try {
        const rijen = await store.actieveRust(this.ctx.db.kysely, this.ctx.pseudo.huidigeSleutel, dag);
        const kaart = new Map<string, string>();
        for (const r of rijen)
          if (r.bsn_pseudoniem) kaart.set(Buffer.from(r.bsn_pseudoniem).toString('hex'), r.einddatum);
        this.kaart = kaart;
        this.geladenOp = Date.now();
        this.dag = dag;
      } finally {
        this.laden = null;
      }
    })();
    await this.laden;
  }

  /** End date ('YYYY-MM-DD') of the person's active pause, or null. `pseudoniem` under the current key. */
  tot(pseudoniem: Buffer): string | null {
    return this.kaart.get(pseudoniem.toString('hex')) ?? null;
  }

  vergeet(): void {
    this.geladenOp = -Infinity;
  }
}

const indexen = new WeakMap<Context['db'], SchuldenrustIndex>();

export function schuldenrustIndex(ctx: Context): SchuldenrustIndex {
  let i = indexen.get(ctx.db);
  if (!i) {
    i = new SchuldenrustIndex(ctx);
    indexen.set(ctx.db, i);
  }
  return i;
}

/** After a change of a pause in this process: the next check reloads. */
export function vergeetRust(ctx: Context): void {
  indexen.get(ctx.db)?.vergeet();
}
