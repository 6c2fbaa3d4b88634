import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { batchregelsDigest } from './batchregels.ts';
import { canoniek, leesKop, schakel, stabielJson, verzegel, type Kop } from './keten.ts';

/** Who did it: an organisation's certificate, API key or SFTP key, a user, the platform itself, or an unknown caller. */
export interface Actor {
  organisatieId: string | null;
  soort: 'certificaat' | 'api-sleutel' | 'sftp-sleutel' | 'gebruiker' | 'systeem' | 'anoniem';
  id: string | null;
}

/** Where a stored entry sits in the chain: the proof reference a caller may show (e.g. a bailiff's proof of check). */
export interface AuditBewijs {
  volgnr: number;
  tijdstip: string;
}

export interface AuditEntry {
  actor: Actor;
  actie: string;
  /** A pseudonym reference or record id. Never a BSN or a name. */
  onderwerp?: string | null;
  resultaat: string;
  details?: Record<string, unknown>;
}

const UNIEK = '23505';

/**
 * Append-only, hash-chained audit log with group commit: entries that arrive while a write is in
 * flight are written together in the next INSERT. `schrijf` resolves only once the entry is stored,
 * so a response never goes out before its audit entry is durable.
 *
 * Every chained write goes through one queue (`keten`): it takes the chain head, computes volgnr and
 * hash per entry, and stores them in ONE statement. Another process writing meanwhile makes the
 * unique volgnr collide; the head is then re-read and the write retried.
 */
export class AuditLog {
  private pending: Array<{ entry: AuditEntry; done: (err: unknown, bewijs?: AuditBewijs) => void }> = [];
  private flushing = false;
  private keten: Promise<unknown> = Promise.resolve();
  private kop: Kop | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  schrijf(entry: AuditEntry): Promise<AuditBewijs> {
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, done: (err, bewijs) => (err || !bewijs ? reject(err) : resolve(bewijs)) });
      if (!this.flushing) void this.flush();
    });
  }

  /**
   * Many entries at once, in slices so one statement stays small. `db` may be a transaction (e.g. an
   * upload's entries, committed only when the upload is): those are written unsealed and join the
   * chain once committed (`verzegel`, run by the scheduler, the retention job and the verifier).
   */
  async schrijfVeel(entries: AuditEntry[], db: Kysely<Database> = this.db): Promise<void> {
    for (let i = 0; i < entries.length; i += 5000) {
      const slice = entries.slice(i, i + 5000);
      if (db === this.db) await this.geketend(slice);
      else await this.insert(slice, db, null, new Date().toISOString());
    }
  }

  /**
   * A block of the VISH batch check (one person per line, all with the same actor and action): ONE chained entry
   * whose details hold the count and a digest of the lines, and the lines in audit_batchregels, written in the same
   * statement, so both are stored or neither (batchregels.ts). Resolves with the entry's place in the chain.
   */
  kopieer(actor: Actor, actie: string, regels: Array<[onderwerp: string, resultaat: string]>): Promise<AuditBewijs> {
    const onderwerpen = regels.map((r) => r[0]);
    const resultaten = regels.map((r) => r[1]);
    const details = { batchregels: { aantal: regels.length, sha256: batchregelsDigest(regels) } };
    let bewijs: AuditBewijs | undefined;
    return this.opKeten(async (kop) => {
      const tijdstip = new Date().toISOString();
      const r = toRow({ actor, actie, resultaat: 'blok', details }, tijdstip);
      const volgnr = kop.volgnr + 1;
      const hash = schakel(kop.hash, canoniek({ ...r, volgnr, details: r.detailsObj }));
      await sql`WITH e AS (
          INSERT INTO audit_log (tijdstip, organisatie_id, actor_soort, actor_id, actie, onderwerp, resultaat, details, volgnr, hash)
          VALUES (${tijdstip}::timestamptz, ${r.organisatie_id}::uuid, ${r.actor_soort}, ${r.actor_id}, ${r.actie}, NULL,
            ${r.resultaat}, ${r.details}::jsonb, ${volgnr}::bigint, ${hash}::bytea)
          RETURNING volgnr)
        INSERT INTO audit_batchregels (volgnr, nr, onderwerp, resultaat)
        SELECT e.volgnr, b.nr, b.onderwerp, b.resultaat
        FROM e, unnest(${onderwerpen}::text[], ${resultaten}::text[]) WITH ORDINALITY AS b(onderwerp, resultaat, nr)`.execute(
        this.db,
      );
      bewijs = { volgnr, tijdstip };
      return { volgnr, hash };
    }).then(() => bewijs!);
  }

  /** Seals entries committed by callers' transactions. */
  verzegel(): Promise<void> {
    return this.opKeten((kop) => verzegel(this.db, kop));
  }

  /** Resolves with the first entry's place in the chain; the others follow it one by one. */
  private async geketend(entries: AuditEntry[]): Promise<AuditBewijs> {
    const tijdstip = new Date().toISOString();
    let volgnr = 0;
    await this.opKeten((kop) => {
      volgnr = kop.volgnr + 1;
      return this.insert(entries, this.db, kop, tijdstip);
    });
    return { volgnr, tijdstip };
  }

  /** Runs `werk` with the chain head, one at a time; retries once the head is re-read after a collision. */
  private opKeten(werk: (kop: Kop) => Promise<Kop>): Promise<void> {
    const run = this.keten.then(async () => {
      for (let poging = 0; ; poging++) {
        this.kop ??= await leesKop(this.db);
        try {
          this.kop = await werk(this.kop);
          return;
        } catch (err) {
          this.kop = null; // unknown whether it was stored: re-read the head either way
          if ((err as { code?: string }).code !== UNIEK || poging >= 5) throw err;
        }
      }
    });
    this.keten = run.catch(() => undefined);
    return run;
  }

  /** One statement with array parameters, whatever the batch size: cheap to parse and plan. */
  private async insert(entries: AuditEntry[], db: Kysely<Database>, kop: Kop | null, tijdstip: string): Promise<Kop> {
    const rows = entries.map((e) => toRow(e, tijdstip));
    let volgnrs: Array<number | null> = rows.map(() => null);
    let hashes: Array<Buffer | null> = volgnrs.map(() => null);
    let { volgnr, hash } = kop ?? { volgnr: 0, hash: Buffer.alloc(0) };
    if (kop) {
      volgnrs = [];
      hashes = [];
      for (const r of rows) {
        volgnr++;
        hash = schakel(hash, canoniek({ ...r, volgnr, details: r.detailsObj }));
        volgnrs.push(volgnr);
        hashes.push(hash);
      }
    }
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    await sql`INSERT INTO audit_log (tijdstip, organisatie_id, actor_soort, actor_id, actie, onderwerp, resultaat, details, volgnr, hash)
      SELECT * FROM unnest(${col('tijdstip')}::timestamptz[], ${col('organisatie_id')}::uuid[], ${col('actor_soort')}::text[], ${col('actor_id')}::text[],
        ${col('actie')}::text[], ${col('onderwerp')}::text[], ${col('resultaat')}::text[], ${col('details')}::jsonb[],
        ${volgnrs}::bigint[], ${hashes}::bytea[])`.execute(db);
    return { volgnr, hash };
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, 2000);
      try {
        const { volgnr, tijdstip } = await this.geketend(batch.map((p) => p.entry));
        for (const [i, p] of batch.entries()) p.done(null, { volgnr: volgnr + i, tijdstip });
      } catch (err) {
        for (const p of batch) p.done(err ?? new Error('audit write failed'));
      }
    }
    this.flushing = false;
  }
}

function toRow(e: AuditEntry, tijdstip: string) {
  // Round-trip through JSON so the hashed form equals what jsonb gives back (no undefined, no Dates).
  const detailsObj = e.details ? (JSON.parse(JSON.stringify(e.details)) as unknown) : null;
  return {
    tijdstip,
    organisatie_id: e.actor.organisatieId,
    actor_soort: e.actor.soort,
    actor_id: e.actor.id,
    actie: e.actie,
    onderwerp: e.onderwerp ?? null,
    resultaat: e.resultaat,
    details: detailsObj === null ? null : stabielJson(detailsObj),
    detailsObj,
  };
}

export const SYSTEEM: Actor = { organisatieId: null, soort: 'systeem', id: null };
