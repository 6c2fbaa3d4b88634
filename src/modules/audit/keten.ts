import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { batchregelsDigest, batchregelsVan } from './batchregels.ts';

/**
 * The audit hash chain. Entry n stores hash_n = SHA-256(hash_{n-1} || canonical(entry_n)); the first
 * entry links to 32 zero bytes, or after retention to the last deleted entry (anchor 'begin').
 * Changing, inserting or deleting an entry breaks every later link.
 */
export const NUL_HASH = Buffer.alloc(32);

export interface KetenRij {
  volgnr: number;
  tijdstip: string; // ISO 8601 with milliseconds
  organisatie_id: string | null;
  actor_soort: string;
  actor_id: string | null;
  actie: string;
  onderwerp: string | null;
  resultaat: string;
  details: unknown;
}

/** JSON with sorted keys, so jsonb's own key order does not matter. */
export function stabielJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(stabielJson).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stabielJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function canoniek(r: KetenRij): string {
  return (
    `[${r.volgnr},${JSON.stringify(r.tijdstip)},${JSON.stringify(r.organisatie_id)},${JSON.stringify(r.actor_soort)},${JSON.stringify(r.actor_id)},` +
    `${JSON.stringify(r.actie)},${JSON.stringify(r.onderwerp)},${JSON.stringify(r.resultaat)},${stabielJson(r.details)}]`
  );
}

export function schakel(vorige: Uint8Array, canon: string): Buffer {
  return createHash('sha256').update(vorige).update(canon).digest();
}

export interface Kop {
  volgnr: number;
  hash: Buffer;
}

export async function leesKop(db: Kysely<Database>): Promise<Kop> {
  const r = await db
    .selectFrom('audit_log')
    .select(['volgnr', 'hash'])
    .where('volgnr', 'is not', null)
    .orderBy('volgnr', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (r?.volgnr != null && r.hash) return { volgnr: Number(r.volgnr), hash: Buffer.from(r.hash) };
  const a = await db
    .selectFrom('audit_ankers')
    .select(['volgnr', 'hash'])
    .where('soort', '=', 'begin')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return a ? { volgnr: Number(a.volgnr), hash: Buffer.from(a.hash) } : { volgnr: 0, hash: NUL_HASH };
}

const RIJ_KOLOMMEN = [
  'id',
  'volgnr',
  'hash',
  'tijdstip',
  'organisatie_id',
  'actor_soort',
  'actor_id',
  'actie',
  'onderwerp',
  'resultaat',
  'details',
] as const;

function naarKetenRij(
  r: {
    volgnr: number | null;
    tijdstip: Date;
    organisatie_id: string | null;
    actor_soort: string;
    actor_id: string | null;
    actie: string;
    onderwerp: string | null;
    resultaat: string;
    details: unknown;
  },
  volgnr?: number,
): KetenRij {
  return {
    volgnr: volgnr ?? Number(r.volgnr),
    tijdstip: new Date(r.tijdstip).toISOString(),
    organisatie_id: r.organisatie_id,
    actor_soort: r.actor_soort,
    actor_id: r.actor_id,
    actie: r.actie,
    onderwerp: r.onderwerp,
    resultaat: r.resultaat,
    details: r.details ?? null,
  };
}

/**
 * Seals committed entries that were written inside a caller's transaction (volgnr still NULL): they
 * join the chain in id order. The database guard lets exactly this update through.
 */
export async function verzegel(db: Kysely<Database>, kop: Kop): Promise<Kop> {
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .select(RIJ_KOLOMMEN)
      .where('volgnr', 'is', null)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (rows.length === 0) return kop;
    const ids: number[] = [];
    const volgnrs: number[] = [];
    const hashes: Buffer[] = [];
    let { volgnr, hash } = kop;
    for (const r of rows) {
      volgnr++;
      hash = schakel(hash, canoniek(naarKetenRij(r, volgnr)));
      ids.push(Number(r.id));
      volgnrs.push(volgnr);
      hashes.push(hash);
    }
    await sql`UPDATE audit_log a SET volgnr = v.volgnr, hash = v.hash
      FROM unnest(${ids}::bigint[], ${volgnrs}::bigint[], ${hashes}::bytea[]) AS v(id, volgnr, hash) WHERE a.id = v.id`.execute(
      db,
    );
    kop = { volgnr, hash };
  }
}

export interface Verificatie {
  intact: boolean;
  gecontroleerd: number;
  eersteVolgnr: number | null;
  laatsteVolgnr: number | null;
  ongezegeld: number;
  fouten: Array<{ volgnr: number; reden: string }>;
}

/** Walks the whole chain in pages and reports every broken link (first 100). */
export async function verifieerKeten(db: Kysely<Database>): Promise<Verificatie> {
  const fouten: Verificatie['fouten'] = [];
  const fout = (volgnr: number, reden: string) => {
    if (fouten.length < 100) fouten.push({ volgnr, reden });
  };
  const begin = await db
    .selectFrom('audit_ankers')
    .select(['volgnr', 'hash'])
    .where('soort', '=', 'begin')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  let vorige: Kop = begin
    ? { volgnr: Number(begin.volgnr), hash: Buffer.from(begin.hash) }
    : { volgnr: 0, hash: NUL_HASH };
  let eerste: number | null = null;
  let n = 0;
  let na = begin ? Number(begin.volgnr) : 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .select(RIJ_KOLOMMEN)
      .where('volgnr', '>', na)
      .orderBy('volgnr')
      .limit(10_000)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const k = naarKetenRij(r);
      eerste ??= k.volgnr;
      if (k.volgnr !== vorige.volgnr + 1) fout(k.volgnr, `ontbrekende regel(s) ${vorige.volgnr + 1}-${k.volgnr - 1}`);
      const verwacht = schakel(vorige.hash, canoniek(k));
      if (!r.hash || !verwacht.equals(Buffer.from(r.hash)))
        fout(k.volgnr, 'hash klopt niet: regel gewijzigd of keten onderbroken');
      vorige = { volgnr: k.volgnr, hash: r.hash ? Buffer.from(r.hash) : verwacht };
      n++;
      na = k.volgnr;
      const blok = batchregelsVan(k.details);
      if (blok) {
        const regels = await db
          .selectFrom('audit_batchregels')
          .select(['nr', 'onderwerp', 'resultaat'])
          .where('volgnr', '=', k.volgnr)
          .orderBy('nr')
          .execute();
        const opVolgorde = regels.every((x, i) => x.nr === i + 1);
        const digest = batchregelsDigest(regels.map((x) => [x.onderwerp, x.resultaat] as const));
        if (regels.length !== blok.aantal || !opVolgorde || digest !== blok.sha256)
          fout(k.volgnr, 'regels van de batchcontrole gewijzigd, toegevoegd of verwijderd');
      }
    }
  }
  // Lines of a batch check must belong to a batch block of the chain.
  const wees = await db
    .selectFrom('audit_batchregels as b')
    .leftJoin('audit_log as a', 'a.volgnr', 'b.volgnr')
    .select('b.volgnr')
    .distinct()
    .where((eb) => eb.or([eb('a.volgnr', 'is', null), sql<boolean>`a.details->'batchregels' IS NULL`]))
    .where('b.volgnr', '>', begin ? Number(begin.volgnr) : 0)
    .limit(100)
    .execute();
  for (const w of wees) fout(Number(w.volgnr), 'regels van een batchcontrole zonder bijbehorende auditregel');
  // A 'kop' anchor is an entry that existed at a retention run: it must still be there, unchanged.
  const koppen = await db
    .selectFrom('audit_ankers')
    .select(['volgnr', 'hash'])
    .where('soort', '=', 'kop')
    .where('volgnr', '>', begin ? Number(begin.volgnr) : 0)
    .execute();
  for (const a of koppen) {
    const v = Number(a.volgnr);
    if (v > vorige.volgnr) fout(v, 'de keten is ingekort: eerder vastgelegde regels ontbreken aan het eind');
    else {
      const h = (await db.selectFrom('audit_log').select('hash').where('volgnr', '=', v).executeTakeFirst())?.hash;
      if (!h || !Buffer.from(h).equals(Buffer.from(a.hash))) fout(v, 'regel wijkt af van het anker');
    }
  }
  const ongezegeld = await db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)`.as('n'))
    .where('volgnr', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    intact: fouten.length === 0,
    gecontroleerd: n,
    eersteVolgnr: eerste,
    laatsteVolgnr: n ? vorige.volgnr : null,
    ongezegeld: Number(ongezegeld.n),
    fouten,
  };
}
