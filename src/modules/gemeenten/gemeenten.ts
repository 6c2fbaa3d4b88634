import type { Kysely } from 'kysely';
import type { Context } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { leesCsv } from '../../shared/csv-bron.ts';
import { AppError, invalidInput, notFound } from '../../shared/errors.ts';
import type { Actor } from '../audit/index.ts';
import * as store from './store.ts';
import { normaliseerPostcode } from './postcode.ts';

export const GEMEENTECODE = /^GM[0-9]{4}$/;
/** Largest import file (the CBS PC4 table with an address count is well under 1 MB). */
export const MAX_BYTES = 20 * 1024 * 1024;
const MAX_ROWS = 200_000;

export const REDEN_POSTCODE_ONBEKEND = 'Postcode onbekend: deze postcode hoort bij geen enkele gemeente';
export const REDEN_TWEE_GEMEENTEN = 'Postcode ligt in twee gemeenten';

export interface ImportFout {
  regel: number;
  reden: string;
}

function weigerBijFouten(fouten: ImportFout[]) {
  if (fouten.length > 0) {
    throw invalidInput(
      `Het bestand bevat ${fouten.length} ${fouten.length === 1 ? 'fout' : 'fouten'}; er is niets geïmporteerd.`,
      { fouten: fouten.slice(0, 1000) },
    );
  }
}

/** Imports `gemeentecode;gemeentenaam` (CBS). Existing municipalities keep their participation flag. All or nothing. */
export async function importeerGemeenten(
  ctx: Context,
  actor: Actor,
  bron: AsyncIterable<Buffer>,
): Promise<{ gemeenten: number }> {
  const rows: { gemeentecode: string; naam: string }[] = [];
  const fouten: ImportFout[] = [];
  for await (const r of leesCsv(bron, {
    maxBytes: MAX_BYTES,
    maxRows: 10_000,
    onbekendeKolom: 'negeren',
    verplicht: ['gemeentecode', 'naam'],
    kolommen: { gemeentecode: ['Gemeentecode', 'Code'], naam: ['Gemeentenaam', 'Naam'] },
  })) {
    const code = r.velden.gemeentecode?.toUpperCase() ?? '';
    const naam = r.velden.naam ?? '';
    if (!GEMEENTECODE.test(code)) fouten.push({ regel: r.regel, reden: 'Gemeentecode moet GM + 4 cijfers zijn' });
    else if (!naam || naam.length > 200) fouten.push({ regel: r.regel, reden: 'Gemeentenaam ontbreekt of is te lang' });
    else rows.push({ gemeentecode: code, naam });
  }
  weigerBijFouten(fouten);
  await ctx.db.kysely.transaction().execute((tx) => store.upsertGemeenten(tx, rows));
  await ctx.audit.schrijf({
    actor,
    actie: 'gemeenten.importeren',
    resultaat: 'ok',
    details: { gemeenten: rows.length },
  });
  return { gemeenten: rows.length };
}

/**
 * Imports `pc4;gemeentecode[;gemeentenaam]` (extra columns such as `adressen` are ignored) and replaces
 * the whole PC4 table in one transaction. Unknown municipalities are added (not taking part).
 */
export async function importeerPostcodes(
  ctx: Context,
  actor: Actor,
  bron: AsyncIterable<Buffer>,
): Promise<{ rijen: number; pc4: number; gesplitst: string[] }> {
  const rows: { pc4: string; gemeentecode: string }[] = [];
  const namen = new Map<string, string>();
  const fouten: ImportFout[] = [];
  for await (const r of leesCsv(bron, {
    maxBytes: MAX_BYTES,
    maxRows: MAX_ROWS,
    onbekendeKolom: 'negeren',
    verplicht: ['pc4', 'gemeentecode'],
    kolommen: {
      pc4: ['PC4', 'Postcode'],
      gemeentecode: ['Gemeentecode', 'Code'],
      gemeentenaam: ['Gemeentenaam', 'Naam'],
    },
  })) {
    const pc4 = r.velden.pc4 ?? '';
    const code = r.velden.gemeentecode?.toUpperCase() ?? '';
    if (!/^[1-9][0-9]{3}$/.test(pc4))
      fouten.push({ regel: r.regel, reden: 'PC4 moet uit 4 cijfers bestaan (niet beginnend met 0)' });
    else if (!GEMEENTECODE.test(code)) fouten.push({ regel: r.regel, reden: 'Gemeentecode moet GM + 4 cijfers zijn' });
    else {
      rows.push({ pc4, gemeentecode: code });
      if (r.velden.gemeentenaam && !namen.has(code)) namen.set(code, r.velden.gemeentenaam);
    }
  }
  weigerBijFouten(fouten);
  // An empty file would empty the whole table and stop all routing: refuse it.
  if (rows.length === 0) throw invalidInput('Het bestand bevat geen postcodes; er is niets geïmporteerd.');
  const perPc4 = new Map<string, Set<string>>();
  for (const r of rows) (perPc4.get(r.pc4) ?? perPc4.set(r.pc4, new Set()).get(r.pc4)!).add(r.gemeentecode);
  const gesplitst = [...perPc4]
    .filter(([, s]) => s.size > 1)
    .map(([p]) => p)
    .sort();

  await ctx.db.kysely.transaction().execute(async (tx) => {
    const codes = [...new Set(rows.map((r) => r.gemeentecode))];
    const bekend = new Set((await store.gemeenten(tx, codes)).map((g) => g.gemeentecode));
    const ontbreekt = codes.filter((c) => !bekend.has(c));
    const zonderNaam = ontbreekt.filter((c) => !namen.has(c));
    if (zonderNaam.length > 0) {
      throw invalidInput(
        `Onbekende gemeentecodes zonder naam: ${zonderNaam.slice(0, 10).join(', ')}. Importeer eerst de gemeenten.`,
      );
    }
    await store.voegOntbrekendeGemeentenToe(
      tx,
      ontbreekt.map((c) => ({ gemeentecode: c, naam: namen.get(c)! })),
    );
    await store.vervangPc4(tx, rows);
  });
  await ctx.audit.schrijf({
    actor,
    actie: 'postcodes.importeren',
    resultaat: 'ok',
    details: { rijen: rows.length, pc4: perPc4.size },
  });
  return { rijen: rows.length, pc4: perPc4.size, gesplitst };
}

export async function zetDeelname(ctx: Context, actor: Actor, gemeentecode: string, doetMee: boolean) {
  if (!(await store.zetDeelname(ctx.db.kysely, gemeentecode, doetMee))) throw notFound();
  await ctx.audit.schrijf({
    actor,
    actie: 'gemeente.deelname',
    onderwerp: gemeentecode,
    resultaat: doetMee ? 'aan' : 'uit',
  });
}

/** Records that a PC6 (or PC6 + house number) of a split PC4 belongs to one municipality. */
export async function zetUitzondering(
  ctx: Context,
  actor: Actor,
  v: { postcode: string; huisnummer?: number | null; gemeentecode: string },
) {
  const pc6 = normaliseerPostcode(v.postcode);
  if (!pc6) throw invalidInput('Postcode heeft geen geldig formaat (1234 AB).');
  if ((await store.gemeenten(ctx.db.kysely, [v.gemeentecode])).length === 0)
    throw invalidInput('Onbekende gemeentecode.');
  const r = await store.zetUitzondering(ctx.db.kysely, {
    pc6,
    huisnummer: v.huisnummer ?? null,
    gemeentecode: v.gemeentecode,
  });
  await ctx.audit.schrijf({
    actor,
    actie: 'postcode.uitzondering',
    onderwerp: r.id,
    resultaat: 'ok',
    details: { pc6, gemeentecode: v.gemeentecode },
  });
  return r;
}

/** The state of the postcode table for the operator: counts, split PC4s, and every exception. */
export async function postcodeOverzicht(db: Kysely<Database>) {
  const [telling, gesplitst, uitzonderingen] = await Promise.all([
    store.telPostcodes(db),
    store.gesplitstePc4(db),
    store.alleUitzonderingen(db),
  ]);
  return { ...telling, gesplitst, uitzonderingen };
}

export type Route =
  | { gemeentecode: string; reden?: undefined }
  | { gemeentecode?: undefined; reden: string; kandidaten?: string[] };

/**
 * Routes addresses by postcode: PC6 + house number exception, then PC6 exception, then PC4.
 * A PC4 in two municipalities without an exception is not routed.
 */
export async function routeer(db: Kysely<Database>, adressen: { pc6: string; huisnummer: number }[]): Promise<Route[]> {
  const perPc4 = new Map<string, string[]>();
  for (const r of await store.pc4Gemeenten(db, [...new Set(adressen.map((a) => a.pc6.slice(0, 4)))]))
    voegToe(perPc4, r);
  return routeerMet(db, perPc4, adressen);
}

/**
 * For an upload: the whole PC4 table is read once and kept in memory; each call looks up only the
 * exceptions for its own PC6s. Same rules as `routeer`.
 */
export async function maakRouter(
  db: Kysely<Database>,
): Promise<(adressen: { pc6: string; huisnummer: number }[]) => Promise<Route[]>> {
  const perPc4 = new Map<string, string[]>();
  for (const r of await store.allePc4(db)) voegToe(perPc4, r);
  return (adressen) => routeerMet(db, perPc4, adressen);
}

function voegToe(perPc4: Map<string, string[]>, r: { pc4: string; gemeentecode: string }) {
  (perPc4.get(r.pc4) ?? perPc4.set(r.pc4, []).get(r.pc4)!).push(r.gemeentecode);
}

async function routeerMet(
  db: Kysely<Database>,
  perPc4: Map<string, string[]>,
  adressen: { pc6: string; huisnummer: number }[],
): Promise<Route[]> {
  const uitz = new Map<string, string>();
  for (const u of await store.uitzonderingen(db, [...new Set(adressen.map((a) => a.pc6))]))
    uitz.set(`${u.pc6}|${u.huisnummer ?? ''}`, u.gemeentecode);
  return adressen.map((a) => {
    if (uitz.size > 0) {
      const hier = uitz.get(`${a.pc6}|${a.huisnummer}`) ?? uitz.get(`${a.pc6}|`);
      if (hier) return { gemeentecode: hier };
    }
    const kandidaten = perPc4.get(a.pc6.slice(0, 4)) ?? [];
    if (kandidaten.length === 1) return { gemeentecode: kandidaten[0]! };
    if (kandidaten.length === 0) return { reden: REDEN_POSTCODE_ONBEKEND };
    return { reden: REDEN_TWEE_GEMEENTEN, kandidaten: [...kandidaten].sort() };
  });
}

export const lijstGemeenten = (ctx: Context) => store.lijstGemeenten(ctx.db.kysely);
export const gemeentenMetCodes = (db: Kysely<Database>, codes: string[]) => store.gemeenten(db, codes);

/** The one answer when a municipality's organisation has no municipality code recorded (the operator must set it). */
export const geenGemeentecode = () =>
  new AppError(
    409,
    'geen_gemeentecode',
    'Voor uw organisatie is geen gemeentecode vastgelegd. Neem contact op met de beheerder.',
  );

/** The municipality code of a municipality's organisation, or the one refusal. */
export async function eigenGemeentecode(db: Kysely<Database>, organisatieId: string): Promise<string> {
  const code = await store.gemeentecodeVanOrganisatie(db, organisatieId);
  if (!code) throw geenGemeentecode();
  return code;
}
