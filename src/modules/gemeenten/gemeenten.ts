import type { Kysely } from 'kysely';
import type { Context } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { leesCsv } from '../../shared/csv-bron.ts';
import { AppError, invalidInput, notFound, tooLarge } from '../../shared/errors.ts';
import type { Actor } from '../audit/index.ts';
import * as store from './store.ts';
import { normaliseerPostcode } from './postcode.ts';
import {
  AdresAfleiding,
  FoutenLijst,
  type ImportFout,
  MAX_UITZONDERINGEN,
  TeVeelUitzonderingen,
} from './cbs-adressen.ts';

export const GEMEENTECODE = /^GM[0-9]{4}$/;
/** Largest PC4 table (the CBS PC4 table with an address count is well under 1 MB). */
export const MAX_BYTES = 20 * 1024 * 1024;
/** Largest CBS yearly address file (the 2024 file, about 9 million rows, is some 300 MB). */
export const MAX_BYTES_CBS = 1024 * 1024 * 1024;
const MAX_ROWS = 200_000;
const MAX_ROWS_CBS = 20_000_000;

export const REDEN_POSTCODE_ONBEKEND = 'Postcode onbekend: deze postcode hoort bij geen enkele gemeente';
export const REDEN_TWEE_GEMEENTEN = 'Postcode ligt in twee gemeenten';

export type { ImportFout } from './cbs-adressen.ts';

function weigerBijFouten(fouten: ImportFout[], aantal = fouten.length) {
  if (aantal > 0) {
    throw invalidInput(`Het bestand bevat ${aantal} ${aantal === 1 ? 'fout' : 'fouten'}; er is niets geïmporteerd.`, {
      fouten: fouten.slice(0, 1000),
    });
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

/** `pc4`: the PC4 table (`pc4;gemeentecode[;gemeentenaam]`); `cbs-pc6hnr`: CBS's yearly address file. */
export type PostcodeFormaat = 'pc4' | 'cbs-pc6hnr';

export interface PostcodeImport {
  formaat: PostcodeFormaat;
  /** Rows read: PC4 rows, or addresses of the CBS file. */
  rijen: number;
  /** Distinct PC4s now in the table. */
  pc4: number;
  /** PC4s in more than one municipality: they need exceptions (PC4 table), or got them (CBS file). */
  gesplitst: string[];
  /** CBS file only: the exceptions derived from it, which replaced all earlier ones. */
  uitzonderingen?: number;
}

const KOLOMMEN = {
  pc4: ['PC4', 'Postcode'],
  gemeentecode: ['Gemeentecode', 'Code'],
  gemeentenaam: ['Gemeentenaam', 'Naam'],
  pc6: ['PC6'],
  huisnummer: ['Huisnummer'],
  // CBS names the column after the year of the boundaries: Gemeente2024, Gemeente2025, ...
  gemeente: Array.from({ length: 200 }, (_, i) => `Gemeente${1900 + i}`),
};

/** The format follows from the header: PC6 + Huisnummer + Gemeente<jaar> is CBS's file, PC4 + Gemeentecode the table. */
function herkenFormaat(keys: string[]): PostcodeFormaat {
  const heeft = (k: string) => keys.includes(k);
  if (heeft('pc6') || heeft('huisnummer') || heeft('gemeente')) {
    const ontbreekt = [
      ['pc6', 'PC6'],
      ['huisnummer', 'Huisnummer'],
      ['gemeente', 'Gemeente<jaar>'],
    ].filter(([k]) => !heeft(k!));
    if (ontbreekt.length > 0)
      throw invalidInput(
        `Dit lijkt het CBS-bestand met adressen, maar de kolom ${ontbreekt.map(([, n]) => `'${n}'`).join(' en ')} ontbreekt. ` +
          'Verwacht: PC6;Huisnummer;Buurt<jaar>;Wijk<jaar>;Gemeente<jaar>.',
      );
    return 'cbs-pc6hnr';
  }
  if (heeft('pc4') && heeft('gemeentecode')) return 'pc4';
  throw invalidInput(
    'De kolommen passen bij geen bekend bestand. Verwacht: PC4 en Gemeentecode (eventueel Gemeentenaam), ' +
      'of het CBS-bestand "Buurt, wijk en gemeente <jaar> voor postcode huisnummer" met PC6, Huisnummer en Gemeente<jaar>.',
  );
}

/**
 * Imports a postcode file and replaces the routing table in one transaction; all or nothing, with a
 * report of the bad rows. Two formats, told apart by the header:
 * - the PC4 table `pc4;gemeentecode[;gemeentenaam]` (extra columns such as `adressen` are ignored):
 *   replaces the PC4 table; unknown municipalities are added (not taking part); exceptions stay;
 * - CBS's yearly address file (cbs-adressen.ts): replaces the PC4 table with each PC4's majority
 *   municipality and all exceptions with the ones derived from the file.
 */
export async function importeerPostcodes(
  ctx: Context,
  actor: Actor,
  bron: AsyncIterable<Buffer>,
): Promise<PostcodeImport> {
  let grens = MAX_BYTES_CBS;
  let bytes = 0;
  // The PC4 table has its own, smaller size limit, known once the header is read.
  const teGroot = () => tooLarge(`Het bestand is te groot: de grens is ${grens / 1024 / 1024} MB.`);
  async function* begrensd() {
    for await (const b of bron) {
      bytes += b.length;
      if (bytes > grens) throw teGroot();
      yield b;
    }
  }
  const rows: { pc4: string; gemeentecode: string }[] = [];
  const namen = new Map<string, string>();
  const fouten = new FoutenLijst();
  let adressen: AdresAfleiding | undefined; // 12 MB of state: only for CBS's address file
  let pc4Regels = 0;
  for await (const r of leesCsv(begrensd(), {
    maxBytes: MAX_BYTES_CBS,
    maxRows: MAX_ROWS_CBS,
    onbekendeKolom: 'negeren',
    kolommen: KOLOMMEN,
    opHeader: (keys) => {
      if (herkenFormaat(keys) === 'pc4') grens = MAX_BYTES;
      else adressen = new AdresAfleiding();
      if (bytes > grens) throw teGroot(); // already read ahead
    },
  })) {
    if (adressen) {
      let reden: string | undefined;
      try {
        reden = adressen.voegToe({
          pc6: r.velden.pc6 ?? '',
          huisnummer: r.velden.huisnummer ?? '',
          gemeente: r.velden.gemeente ?? '',
        });
      } catch (e) {
        if (e instanceof TeVeelUitzonderingen) throw teVeelUitzonderingen();
        throw e;
      }
      if (reden) fouten.voeg(r.regel, reden);
      continue;
    }
    if (++pc4Regels > MAX_ROWS)
      throw tooLarge(`Het bestand bevat te veel regels: de grens is ${MAX_ROWS.toLocaleString('nl-NL')} regels.`);
    const pc4 = r.velden.pc4 ?? '';
    const code = r.velden.gemeentecode?.toUpperCase() ?? '';
    if (!/^[1-9][0-9]{3}$/.test(pc4)) fouten.voeg(r.regel, 'PC4 moet uit 4 cijfers bestaan (niet beginnend met 0)');
    else if (!GEMEENTECODE.test(code)) fouten.voeg(r.regel, 'Gemeentecode moet GM + 4 cijfers zijn');
    else {
      rows.push({ pc4, gemeentecode: code });
      if (r.velden.gemeentenaam && !namen.has(code)) namen.set(code, r.velden.gemeentenaam);
    }
  }
  weigerBijFouten(fouten.eerste, fouten.aantal);
  if (adressen) return importeerAfleiding(ctx, actor, adressen);
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
    details: { formaat: 'pc4', rijen: rows.length, pc4: perPc4.size },
  });
  return { formaat: 'pc4', rijen: rows.length, pc4: perPc4.size, gesplitst };
}

const teVeelUitzonderingen = () =>
  invalidInput(
    `Dit bestand levert meer dan ${MAX_UITZONDERINGEN.toLocaleString('nl-NL')} uitzonderingen op; dat past niet bij het CBS-bestand. Controleer het bestand; er is niets geïmporteerd.`,
  );

/** Stores what CBS's address file yields: PC4 table and exceptions, both replaced in one transaction. */
async function importeerAfleiding(ctx: Context, actor: Actor, adressen: AdresAfleiding): Promise<PostcodeImport> {
  let a: ReturnType<AdresAfleiding['resultaat']>;
  try {
    a = adressen.resultaat();
  } catch (e) {
    if (e instanceof TeVeelUitzonderingen) throw teVeelUitzonderingen();
    throw e;
  }
  if (a.adressen === 0) throw invalidInput('Het bestand bevat geen adressen; er is niets geïmporteerd.');
  await ctx.db.kysely.transaction().execute(async (tx) => {
    const codes = [...new Set(a.pc4.map((r) => r.gemeentecode).concat(a.uitzonderingen.map((u) => u.gemeentecode)))];
    const bekend = new Set((await store.gemeenten(tx, codes)).map((g) => g.gemeentecode));
    const ontbreekt = codes.filter((c) => !bekend.has(c)).sort();
    if (ontbreekt.length > 0) {
      // CBS's file has no names: the municipalities of that year are imported first.
      throw invalidInput(
        `Onbekende gemeentecodes: ${ontbreekt.slice(0, 10).join(', ')}${ontbreekt.length > 10 ? ' …' : ''}. Importeer eerst de gemeenten van dit jaar (gemeentecode;gemeentenaam); er is niets geïmporteerd.`,
      );
    }
    await store.vervangPc4(tx, a.pc4);
    await store.vervangUitzonderingen(tx, a.uitzonderingen);
  });
  const uit = {
    formaat: 'cbs-pc6hnr' as const,
    rijen: a.adressen,
    pc4: a.pc4.length,
    gesplitst: a.gesplitst,
    uitzonderingen: a.uitzonderingen.length,
  };
  await ctx.audit.schrijf({
    actor,
    actie: 'postcodes.importeren',
    resultaat: 'ok',
    details: { formaat: uit.formaat, rijen: uit.rijen, pc4: uit.pc4, uitzonderingen: uit.uitzonderingen },
  });
  return uit;
}

/**
 * Participation on or off. `eisBehandelaar` (the operator switching it on): only when an organisation with at least one
 * active user handles the municipality's signals (the municipality itself, or a work area's debt-help organisation),
 * or signals would arrive that nobody picks up.
 */
export async function zetDeelname(
  ctx: Context,
  actor: Actor,
  gemeentecode: string,
  doetMee: boolean,
  opties: { eisBehandelaar?: boolean } = {},
) {
  if (doetMee && opties.eisBehandelaar) {
    if ((await store.gemeenten(ctx.db.kysely, [gemeentecode])).length === 0) throw notFound();
    if (!(await store.heeftBehandelaar(ctx.db.kysely, gemeentecode))) {
      await ctx.audit.schrijf({ actor, actie: 'gemeente.deelname', onderwerp: gemeentecode, resultaat: 'geweigerd' });
      throw new AppError(
        409,
        'geen_behandelaar',
        'Deze gemeente kan nog niet meedoen: geen organisatie met een actieve gebruiker behandelt haar signalen. Maak eerst een gebruiker aan bij de gemeente, of wijs een werkgebied toe aan een schuldhulporganisatie of wijkteam met een actieve gebruiker.',
      );
    }
  }
  if (!(await store.zetDeelname(ctx.db.kysely, gemeentecode, doetMee))) throw notFound();
  await ctx.audit.schrijf({
    actor,
    actie: 'gemeente.deelname',
    onderwerp: gemeentecode,
    resultaat: doetMee ? 'aan' : 'uit',
  });
}

/** Participating municipalities without an organisation with an active user to handle their signals. */
export async function deelnemersZonderBehandelaar(ctx: Context) {
  const rows = await store.deelnemersZonderBehandelaar(ctx.db.kysely);
  return rows.map((r) => ({ gemeentecode: r.gemeentecode, naam: r.naam }));
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
