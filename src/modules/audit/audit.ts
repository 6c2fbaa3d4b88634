import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Who did it: an organisation's certificate, API key or SFTP key, a user, or the platform itself. */
export interface Actor {
  organisatieId: string | null;
  soort: 'certificaat' | 'api-sleutel' | 'sftp-sleutel' | 'gebruiker' | 'systeem';
  id: string | null;
}

export interface AuditEntry {
  actor: Actor;
  actie: string;
  /** A pseudonym reference or record id. Never a BSN or a name. */
  onderwerp?: string | null;
  resultaat: string;
  details?: Record<string, unknown>;
}

/**
 * Append-only audit log with group commit: entries that arrive while a write is in flight are
 * written together in the next INSERT. `schrijf` resolves only once the entry is stored, so a
 * response never goes out before its audit entry is durable.
 */
export class AuditLog {
  private pending: Array<{ entry: AuditEntry; done: (err?: unknown) => void }> = [];
  private flushing = false;

  constructor(private readonly db: Kysely<Database>) {}

  schrijf(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.flushing) void this.flush();
    });
  }

  /**
   * Many entries at once (batch checks), in slices so one statement stays small. `db` may be a transaction
   * (e.g. an upload's entries, committed only when the upload is).
   */
  async schrijfVeel(entries: AuditEntry[], db: Kysely<Database> = this.db): Promise<void> {
    for (let i = 0; i < entries.length; i += 5000) {
      await this.insert(entries.slice(i, i + 5000).map(toRow), db);
    }
  }

  /** One statement with seven array parameters, whatever the batch size: cheap to parse and plan. */
  private async insert(rows: ReturnType<typeof toRow>[], db: Kysely<Database> = this.db) {
    const col = <K extends keyof ReturnType<typeof toRow>>(k: K) => rows.map((r) => r[k]);
    await sql`INSERT INTO audit_log (organisatie_id, actor_soort, actor_id, actie, onderwerp, resultaat, details)
      SELECT * FROM unnest(${col('organisatie_id')}::uuid[], ${col('actor_soort')}::text[], ${col('actor_id')}::text[],
        ${col('actie')}::text[], ${col('onderwerp')}::text[], ${col('resultaat')}::text[], ${col('details')}::jsonb[])`.execute(db);
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, 2000);
      try {
        await this.insert(batch.map((p) => toRow(p.entry)));
        for (const p of batch) p.done();
      } catch (err) {
        for (const p of batch) p.done(err);
      }
    }
    this.flushing = false;
  }
}

function toRow(e: AuditEntry) {
  return {
    organisatie_id: e.actor.organisatieId,
    actor_soort: e.actor.soort,
    actor_id: e.actor.id,
    actie: e.actie,
    onderwerp: e.onderwerp ?? null,
    resultaat: e.resultaat,
    details: e.details ? JSON.stringify(e.details) : null,
  };
}

export const SYSTEEM: Actor = { organisatieId: null, soort: 'systeem', id: null };
