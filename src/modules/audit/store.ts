import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { leesKop } from './keten.ts';

export interface AuditFilter {
  /** Only entries of this organisation (a privacy officer's own organisation, or the operator's choice). */
  organisatieId?: string | undefined;
  van?: Date | undefined;
  tot?: Date | undefined;
  /** Europe/Amsterdam days, both inclusive ('JJJJ-MM-DD'). */
  vanDag?: string | undefined;
  totDag?: string | undefined;
  actorId?: string | undefined;
  actie?: string | undefined;
  onderwerp?: string | undefined;
  resultaat?: string | undefined;
  /** The entry's place in the chain: the reference a proof of check shows. */
  volgnr?: number | undefined;
  /** Page cursor: entries with an id below this one (newest first). */
  voor?: number | undefined;
  limit: number;
}

const KOLOMMEN = [
  'id',
  'volgnr',
  'tijdstip',
  'organisatie_id',
  'actor_soort',
  'actor_id',
  'actie',
  'onderwerp',
  'resultaat',
  'details',
] as const;

export async function zoekAudit(db: Kysely<Database>, f: AuditFilter) {
  let q = db.selectFrom('audit_log').select(KOLOMMEN);
  if (f.organisatieId) q = q.where('organisatie_id', '=', f.organisatieId);
  if (f.van) q = q.where('tijdstip', '>=', f.van);
  if (f.tot) q = q.where('tijdstip', '<', f.tot);
  // Day bounds in Europe/Amsterdam, computed by the database (summer and winter time included).
  if (f.vanDag) q = q.where(sql<boolean>`tijdstip >= (${f.vanDag}::date::timestamp AT TIME ZONE 'Europe/Amsterdam')`);
  if (f.totDag)
    q = q.where(sql<boolean>`tijdstip < ((${f.totDag}::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')`);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  // 'vish.' finds every VISH action; an exact name finds that one.
  if (f.actie)
    q = f.actie.endsWith('.')
      ? q.where('actie', 'like', `${f.actie.replace(/[%_\\]/g, '\\$&')}%`)
      : q.where('actie', '=', f.actie);
  // A person checked in a batch: the block's entry (its lines are in audit_batchregels).
  if (f.onderwerp) {
    const o = f.onderwerp;
    q = q.where((eb) =>
      eb.or([
        eb('onderwerp', '=', o),
        eb('volgnr', 'in', db.selectFrom('audit_batchregels').select('volgnr').where('onderwerp', '=', o)),
      ]),
    );
  }
  if (f.resultaat) q = q.where('resultaat', '=', f.resultaat);
  if (f.volgnr) q = q.where('volgnr', '=', f.volgnr);
  if (f.voor) q = q.where('id', '<', f.voor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const meer = rows.length > f.limit;
  const items = rows
    .slice(0, f.limit)
    .map((r) => ({ ...r, id: Number(r.id), volgnr: r.volgnr === null ? null : Number(r.volgnr) }));
  const namen = await namenVan(db, items);
  return {
    items: items.map((r) => ({
      ...r,
      wie: namen.wie(r.actor_soort, r.actor_id),
      organisatie: r.organisatie_id ? (namen.organisaties.get(r.organisatie_id) ?? null) : null,
    })),
    volgende: meer ? items[items.length - 1]!.id : null,
  };
}

/**
 * Who did it, by name, for one page in one statement: people by their name, API and SFTP keys by their description,
 * certificates by their subject, organisations by name (read-only: these tables belong to accounts and organisaties).
 */
async function namenVan(
  db: Kysely<Database>,
  items: Array<{ actor_soort: string; actor_id: string | null; organisatie_id: string | null }>,
) {
  const ids = (soort: string) => [
    ...new Set(items.filter((i) => i.actor_soort === soort && i.actor_id).map((i) => i.actor_id!)),
  ];
  const orgs = [...new Set(items.flatMap((i) => (i.organisatie_id ? [i.organisatie_id] : [])))];
  const [g, k, s, c, o] = [ids('gebruiker'), ids('api-sleutel'), ids('sftp-sleutel'), ids('certificaat'), orgs];
  const rijen =
    g.length + k.length + s.length + c.length + o.length === 0
      ? []
      : (
          await sql<{ soort: string; id: string; naam: string }>`
            SELECT 'gebruiker' AS soort, id::text AS id, naam FROM gebruikers WHERE id::text = ANY(${g}::text[])
            UNION ALL SELECT 'api-sleutel', id::text, omschrijving FROM api_sleutels WHERE id::text = ANY(${k}::text[])
            UNION ALL SELECT 'sftp-sleutel', id::text, omschrijving FROM sftp_sleutels WHERE id::text = ANY(${s}::text[])
            UNION ALL SELECT 'certificaat', serienummer, onderwerp FROM certificaten WHERE serienummer = ANY(${c}::text[])
            UNION ALL SELECT 'organisatie', id::text, naam FROM organisaties WHERE id::text = ANY(${o}::text[])`.execute(
            db,
          )
        ).rows;
  const naam = new Map(rijen.map((r) => [`${r.soort}:${r.id}`, r.naam]));
  const organisaties = new Map(rijen.filter((r) => r.soort === 'organisatie').map((r) => [r.id, r.naam]));
  const wie = (soort: string, id: string | null): string => {
    const n = id ? naam.get(`${soort}:${id}`) : undefined;
    switch (soort) {
      case 'systeem':
        return 'Systeem';
      case 'anoniem':
        return 'Onbekend (niet ingelogd)';
      case 'gebruiker':
        return n ?? 'Gebruiker (verwijderd)';
      case 'api-sleutel':
        return `API-sleutel ${n ?? '(verwijderd)'}`;
      case 'sftp-sleutel':
        return `SFTP-sleutel ${n ?? '(verwijderd)'}`;
      case 'certificaat':
        return `Certificaat ${n ?? id ?? ''}`.trim();
      default:
        return soort;
    }
  };
  return { wie, organisaties };
}

/**
 * Entries about a person (audit reference) or a record, for the subject access report: single entries, and the lines
 * of batch checks (audit_batchregels) with their block's who and when.
 */
export async function auditOver(db: Kysely<Database>, onderwerpen: string[], organisatieId?: string) {
  if (onderwerpen.length === 0) return [];
  const wie = [
    'a.tijdstip',
    'a.actie',
    'a.organisatie_id',
    'o.naam as organisatie',
    'a.actor_soort',
    'a.actor_id',
  ] as const;
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('organisaties as o', 'o.id', 'a.organisatie_id')
    .select([...wie, 'a.resultaat', 'a.id'])
    .where('a.onderwerp', 'in', onderwerpen);
  let b = db
    .selectFrom('audit_batchregels as b')
    .innerJoin('audit_log as a', 'a.volgnr', 'b.volgnr')
    .leftJoin('organisaties as o', 'o.id', 'a.organisatie_id')
    .select([...wie, 'b.resultaat', 'a.id'])
    .where('b.onderwerp', 'in', onderwerpen);
  if (organisatieId) {
    q = q.where('a.organisatie_id', '=', organisatieId);
    b = b.where('a.organisatie_id', '=', organisatieId);
  }
  const rijen = [
    ...(await q.orderBy('a.id').limit(10_000).execute()),
    ...(await b.orderBy('a.id').limit(10_000).execute()),
  ];
  return rijen
    .sort((x, y) => Number(x.id) - Number(y.id))
    .slice(0, 10_000)
    .map(({ id: _id, ...r }) => r);
}

/**
 * Retention: deletes the oldest part of the chain — every entry before the first one that is still
 * within the period — and records anchors, so the rest stays verifiable and a cut elsewhere shows.
 */
export async function verwijderOudeAudit(db: Kysely<Database>, voor: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const grens = await tx
      .selectFrom('audit_log')
      .select(sql<number | null>`min(volgnr)`.as('v'))
      .where('tijdstip', '>=', voor)
      .where('volgnr', 'is not', null)
      .executeTakeFirstOrThrow();
    const kop = await leesKop(tx);
    const tot = grens.v === null ? kop.volgnr : Number(grens.v) - 1;
    if (tot <= 0) return 0;
    const laatste = await tx
      .selectFrom('audit_log')
      .select(['volgnr', 'hash'])
      .where('volgnr', '=', tot)
      .executeTakeFirst();
    if (!laatste?.hash) return 0; // already deleted up to here
    await sql`SELECT set_config('schuldenrust.audit_opschonen', 'aan', true)`.execute(tx);
    const r = await tx.deleteFrom('audit_log').where('volgnr', '<=', tot).executeTakeFirst();
    await tx.deleteFrom('audit_batchregels').where('volgnr', '<=', tot).execute();
    await sql`SELECT set_config('schuldenrust.audit_opschonen', 'uit', true)`.execute(tx);
    await tx.insertInto('audit_ankers').values({ soort: 'begin', volgnr: tot, hash: laatste.hash }).execute();
    return Number(r.numDeletedRows);
  });
}

/** Records the current head, so cutting entries off the end is detectable later. */
export async function legKopVast(db: Kysely<Database>) {
  const kop = await leesKop(db);
  if (kop.volgnr > 0)
    await db.insertInto('audit_ankers').values({ soort: 'kop', volgnr: kop.volgnr, hash: kop.hash }).execute();
  return kop.volgnr;
}
