import type { ControlledTransaction, Kysely } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import type { AuditEntry, AuditLog } from './audit.ts';

/**
 * Audit entries that must exist exactly when a caller's transaction commits (an upload's entry per stored signal).
 * They are written while the caller's transaction runs and join the hash chain once committed (`AuditLog.verzegel`).
 * On PostgreSQL they go over a connection of their own, in parallel with the caller's statements, and are committed
 * right after the caller's commit (`bevestig`); PGlite has one session, so there they go into the caller's transaction.
 * Either way the caller uses it the same: `schrijf` per batch, `klaar` before its commit, then `bevestig` or `verwerp`.
 */
export class TransactieAudit {
  private ketting: Promise<void> = Promise.resolve();
  private fout: unknown;

  private constructor(
    private readonly log: AuditLog,
    private readonly eigen: ControlledTransaction<Database> | null,
  ) {}

  static async start(db: Db, log: AuditLog): Promise<TransactieAudit> {
    return new TransactieAudit(log, db.kind === 'postgres' ? await db.kysely.startTransaction().execute() : null);
  }

  /** Queues entries; `tx` is the caller's transaction (used where there is no connection of our own). */
  schrijf(entries: AuditEntry[], tx: Kysely<Database>): void {
    if (entries.length === 0) return;
    const doel = this.eigen ?? tx;
    this.ketting = this.ketting
      .then(() => this.log.schrijfVeel(entries, doel))
      .catch((e: unknown) => {
        this.fout ??= e;
      });
  }

  /** Waits for every queued entry; rethrows the first failure (the caller then rolls back). */
  async klaar(): Promise<void> {
    await this.ketting;
    if (this.fout) throw this.fout;
  }

  /** Waits for every queued entry without judging the outcome (before a rollback). */
  async wacht(): Promise<void> {
    await this.ketting;
  }

  async bevestig(): Promise<void> {
    await this.klaar();
    await this.eigen?.commit().execute();
  }

  async verwerp(): Promise<void> {
    await this.ketting;
    await this.eigen
      ?.rollback()
      .execute()
      .catch(() => undefined);
  }
}
