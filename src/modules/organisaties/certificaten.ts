import type { Db } from '../../db/connection.ts';
import { issueClientCertificate, type Ca, type UitgegevenCertificaat } from './ca.ts';

export interface CertificaatRij {
  serienummer: string;
  organisatie_id: string;
  onderwerp: string;
  geldig_vanaf: Date;
  geldig_tot: Date;
  ingetrokken_op: Date | null;
  test: boolean;
}

/** Issues a client certificate for `org` and records it. The private key is returned once, never stored. */
export async function registerCertificate(
  db: Db,
  org: { id: string; naam: string },
  ca: Ca,
  days: number,
  validity?: { notBefore?: Date; notAfter?: Date },
  { test = false }: { test?: boolean } = {},
): Promise<UitgegevenCertificaat> {
  const c = await issueClientCertificate(ca, { organisatieId: org.id, organisatieNaam: org.naam, days, ...validity });
  await db.kysely
    .insertInto('certificaten')
    .values({
      serienummer: c.serienummer,
      organisatie_id: org.id,
      vingerafdruk: c.vingerafdruk,
      onderwerp: c.onderwerp,
      geldig_vanaf: c.geldigVanaf,
      geldig_tot: c.geldigTot,
      test,
    })
    .execute();
  return c;
}

export async function listCertificates(db: Db, organisatieId?: string): Promise<CertificaatRij[]> {
  let q = db.kysely
    .selectFrom('certificaten')
    .select(['serienummer', 'organisatie_id', 'onderwerp', 'geldig_vanaf', 'geldig_tot', 'ingetrokken_op', 'test']);
  if (organisatieId) q = q.where('organisatie_id', '=', organisatieId);
  return q.orderBy('aangemaakt_op').orderBy('serienummer').execute();
}

export async function vindCertificaat(db: Db, serienummer: string) {
  return db.kysely
    .selectFrom('certificaten')
    .select(['serienummer', 'organisatie_id', 'vingerafdruk', 'ingetrokken_op'])
    .where('serienummer', '=', serienummer.toLowerCase())
    .executeTakeFirst();
}

/** False when the serial is unknown or already revoked. Takes effect within the resolver TTL. */
export async function revokeCertificate(db: Db, serienummer: string): Promise<boolean> {
  const r = await db.kysely
    .updateTable('certificaten')
    .set({ ingetrokken_op: new Date() })
    .where('serienummer', '=', serienummer.toLowerCase())
    .where('ingetrokken_op', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

interface Entry {
  at: number;
  cert: { organisatieId: string; serienummer: string; vanaf: number; tot: number; test: boolean } | null;
}

/**
 * Maps a TLS peer fingerprint (`getPeerCertificate().fingerprint256`) to its organisation. Called on
 * every HTTPS request: answers come from memory for `ttlMs`, so a revocation takes effect within it.
 * The validity window is checked on every call, also for cached entries.
 */
export class CertificateResolver {
  private cache = new Map<string, Entry>();
  private pending = new Map<string, Promise<Entry>>();
  private static readonly MAX = 10_000;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 5000,
  ) {}

  /** Drops a cached certificate (after a revocation through this process: effective on the next request). */
  vergeet(fingerprint256: string): void {
    this.cache.delete(fingerprint256);
  }

  async resolve(fingerprint256: string): Promise<{ organisatieId: string; serienummer: string; test: boolean } | null> {
    let e = this.cache.get(fingerprint256);
    if (!e || Date.now() - e.at > this.ttlMs) e = await this.load(fingerprint256);
    const c = e.cert;
    const now = Date.now();
    if (!c || now < c.vanaf || now > c.tot) return null;
    return { organisatieId: c.organisatieId, serienummer: c.serienummer, test: c.test };
  }

  private load(fp: string): Promise<Entry> {
    // One query per fingerprint, however many requests arrive at once.
    let p = this.pending.get(fp);
    if (!p) {
      p = this.fetch(fp).finally(() => this.pending.delete(fp));
      this.pending.set(fp, p);
    }
    return p;
  }

  private async fetch(fp: string): Promise<Entry> {
    const row = await this.db.kysely
      .selectFrom('certificaten')
      .select(['serienummer', 'organisatie_id', 'geldig_vanaf', 'geldig_tot', 'ingetrokken_op', 'test'])
      .where('vingerafdruk', '=', fp)
      .executeTakeFirst();
    const e: Entry = {
      at: Date.now(),
      cert:
        row && !row.ingetrokken_op
          ? {
              organisatieId: row.organisatie_id,
              serienummer: row.serienummer,
              vanaf: new Date(row.geldig_vanaf).getTime(),
              tot: new Date(row.geldig_tot).getTime(),
              test: row.test,
            }
          : null,
    };
    this.cache.delete(fp);
    if (this.cache.size >= CertificateResolver.MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(fp, e);
    return e;
  }
}
