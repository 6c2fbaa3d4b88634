import type { Context } from '../../context.ts';
import type { Identiteit } from '../../http/auth.ts';
import type { Kysely } from 'kysely';
import { LCV_SECTOREN, type Database, type LcvSector } from '../../db/schema.ts';
import { SECTOR_LABEL } from '../../shared/sectoren.ts';
import { bereikgraad } from './bereikgraad.ts';
import { csvRegel } from '../../shared/csv-bron.ts';
import { plusMaanden, vandaag } from '../../shared/datum.ts';
import { AppError, invalidInput, notFound } from '../../shared/errors.ts';
import * as rs from './rapport-store.ts';
import * as store from './store.ts';
import { bereikVan } from './zaken.ts';
import { eigenGemeentecode } from '../gemeenten/index.ts';

const MAAND = /^\d{4}-(0[1-9]|1[0-2])$/;
const aandeel = (deel: number, geheel: number) => (geheel === 0 ? null : Math.round((deel / geheel) * 1000) / 10);
const eenDecimaal = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export { SECTOR_LABEL };

const MAX_MAANDEN = 120;
const maandenVan = (van: string, tot: string) => {
  const uit: string[] = [];
  for (let m = van; m <= tot && uit.length <= MAX_MAANDEN; m = plusMaanden(`${m}-01`, 1).slice(0, 7)) uit.push(m);
  return uit;
};

/** The case figures of one month or of the whole period (lead times in calendar days). */
function cijfers(z: rs.Zaakcijfers | undefined, perSector: Record<LcvSector, number>) {
  const c = z ?? { zaken: 0, bepaald: 0, binnen: 0, hulp: 0, terugval: 0, bereikt: 0, uitkomst_bekend: 0 };
  return {
    signalenPerSector: perSector,
    signalen: Object.values(perSector).reduce((a, n) => a + n, 0),
    zaken: c.zaken,
    termijnBekend: c.bepaald,
    binnenTermijn: c.binnen,
    aandeelBinnenTermijn: aandeel(c.binnen, c.bepaald),
    hulpGeaccepteerd: c.hulp,
    aandeelHulpGeaccepteerd: aandeel(c.hulp, c.zaken),
    terugval: c.terugval,
    bereikt: c.bereikt,
    contactuitkomstBekend: c.uitkomst_bekend,
    bereikgraad: bereikgraad(c.bereikt, c.uitkomst_bekend),
    doorlooptijdMediaan: eenDecimaal(z?.mediaan ?? null),
    doorlooptijdP90: eenDecimaal(z?.p90 ?? null),
    teLaat: z?.te_laat ?? 0,
  };
}
type Cijfers = ReturnType<typeof cijfers>;

/** The key figures compared with the previous period; `procent` is the relative change (null when it was 0). */
const TREND = [
  'signalen',
  'zaken',
  'bereikt',
  'bereikgraad',
  'hulpGeaccepteerd',
  'doorlooptijdMediaan',
  'teLaat',
] as const satisfies readonly (keyof Cijfers)[];

function trend(nu: Cijfers, vorig: Cijfers) {
  return TREND.map((kengetal) => {
    const [h, v] = [nu[kengetal], vorig[kengetal]];
    const verschil = h === null || v === null ? null : eenDecimaal(h - v);
    const procent = verschil === null || v === null || v === 0 ? null : Math.round((verschil / v) * 100);
    return { kengetal, huidig: h, vorig: v, verschil, procent };
  });
}

/** Signals per sector and the case figures of [van, tot) (months 'YYYY-MM-01', `tot` exclusive). */
async function periodecijfers(db: Kysely<Database>, gemeentecode: string, van: string, tot: string, dag: string) {
  const [signalen, zaken] = await Promise.all([
    rs.signalenPerMaand(db, gemeentecode, van, tot),
    rs.zaakcijfers(db, gemeentecode, van, tot, dag),
  ]);
  const perSector = (maand: string | null) =>
    Object.fromEntries(
      LCV_SECTOREN.map((s) => [
        s,
        signalen
          .filter((x) => (maand === null || x.maand === maand) && x.sector === s)
          .reduce((a, x) => a + x.aantal, 0),
      ]),
    ) as Record<LcvSector, number>;
  return {
    maand: (maand: string) =>
      cijfers(
        zaken.find((x) => x.maand === maand),
        perSector(maand),
      ),
    totaal: cijfers(
      zaken.find((x) => x.maand === null),
      perSector(null),
    ),
  };
}

/**
 * The municipality's report over whole months of receipt (Dutch time), `van`/`tot` 'YYYY-MM' inclusive; default the
 * last 12 full months. Per month and in total: signals (per sector), cases, residents reached and the reach rate
 * (bereikgraad.ts), help accepted, lead time signal → first contact attempt in calendar days (median, p90), cases
 * past the Wgs deadline; the trend against the previous period of the same length; breakdowns per partner, sector
 * and own worker; the DDAS monitor figures. Only the caller's own municipality; no resident's data.
 */
export async function rapport(
  ctx: Context,
  id: Identiteit,
  v: { van?: string | undefined; tot?: string | undefined },
  nu = new Date(),
) {
  const b = await bereikVan(ctx, id);
  if (b.soort !== 'gemeente')
    throw new AppError(403, 'geen_toegang', 'Uw organisatie heeft geen toegang tot deze functie.');
  const dag = vandaag(nu);
  const tot = v.tot ?? plusMaanden(`${dag.slice(0, 7)}-01`, -1).slice(0, 7);
  const van = v.van ?? plusMaanden(`${tot}-01`, -11).slice(0, 7);
  if (!MAAND.test(van) || !MAAND.test(tot)) throw invalidInput('Geef de maanden op als JJJJ-MM.');
  if (van > tot) throw invalidInput('De begin-maand ligt na de eind-maand.');
  const maanden = maandenVan(van, tot);
  if (maanden.length > MAX_MAANDEN) throw invalidInput(`Kies een periode van hoogstens ${MAX_MAANDEN} maanden.`);
  const begin = `${van}-01`;
  const eind = plusMaanden(`${tot}-01`, 1);
  const vorigeBegin = plusMaanden(begin, -maanden.length);
  const db = ctx.db.kysely;
  const code = b.gemeentecode;
  const [huidig, vorige, naam, partners, sectoren, medewerkers, monitor, eindresultaten] = await Promise.all([
    periodecijfers(db, code, begin, eind, dag),
    periodecijfers(db, code, vorigeBegin, begin, dag),
    rs.gemeentenaam(db, code),
    rs.signalenPer(db, 'partner', code, begin, eind),
    rs.signalenPer(db, 'sector', code, begin, eind),
    rs.zakenPerMedewerker(db, code, id.organisatieId, begin, eind, dag),
    rs.monitorSignalen(db, code, begin, eind),
    rs.zakenPerEindresultaat(db, code, begin, eind),
  ]);
  await ctx.audit.schrijf({
    actor: id.actor,
    actie: 'signaalzaak.rapport',
    onderwerp: code,
    resultaat: 'ok',
    details: { van, tot },
  });
  const uitsplitsing = (r: Awaited<ReturnType<typeof rs.signalenPer>>[number]) => ({
    signalen: r.signalen,
    zaken: r.zaken,
    bereikt: r.bereikt,
    contactuitkomstBekend: r.uitkomst_bekend,
    bereikgraad: bereikgraad(r.bereikt, r.uitkomst_bekend),
    hulpGeaccepteerd: r.hulp,
  });
  return {
    gemeentecode: code,
    gemeentenaam: naam,
    van,
    tot,
    vorigeVan: vorigeBegin.slice(0, 7),
    vorigeTot: plusMaanden(begin, -1).slice(0, 7),
    doorlooptijdEenheid: 'kalenderdagen' as const,
    maanden: maanden.map((maand) => ({ maand, ...huidig.maand(maand) })),
    totaal: huidig.totaal,
    vorigePeriode: vorige.totaal,
    trend: trend(huidig.totaal, vorige.totaal),
    perPartner: partners.map((r) => ({ partner: r.sleutel, ...uitsplitsing(r) })),
    perSector: sectoren.map((r) => ({
      sector: r.sleutel,
      sectorNaam: SECTOR_LABEL[r.sleutel as LcvSector] ?? r.sleutel,
      ...uitsplitsing(r),
    })),
    perMedewerker: medewerkers.map((r) => ({
      medewerker: r.naam,
      zaken: r.zaken,
      bereikt: r.bereikt,
      contactuitkomstBekend: r.uitkomst_bekend,
      bereikgraad: bereikgraad(r.bereikt, r.uitkomst_bekend),
      hulpGeaccepteerd: r.hulp,
      doorlooptijdMediaan: eenDecimaal(r.mediaan),
      doorlooptijdP90: eenDecimaal(r.p90),
      teLaat: r.te_laat,
    })),
    ddasMonitor: {
      signalen: monitor.signalen,
      meervoudig: monitor.meervoudig,
      opeenvolgend: monitor.opeenvolgend,
      crisissignalen: monitor.crisis,
      warmeOverdracht: { ja: monitor.warm_ja, nee: monitor.warm_nee, onbekend: monitor.warm_onbekend },
      zakenPerEindresultaat: eindresultaten.map((r) => ({ eindresultaat: r.resultaat, zaken: r.zaken })),
    },
  };
}
export type Rapport = Awaited<ReturnType<typeof rapport>>;

const procent = (n: number | null) => (n === null ? null : n.toFixed(1).replace('.', ','));
const getal = (n: number | null) => (n === null ? null : String(n).replace('.', ','));

/** CSV per month (';', Dutch decimal comma), every text cell escaped against formula injection. */
export function rapportCsv(r: Rapport): string {
  let uit =
    '\ufeff' +
    csvRegel([
      'Gemeente',
      'Gemeentecode',
      'Maand',
      ...LCV_SECTOREN.map((s) => `Signalen ${s}`),
      'Signalen totaal',
      'Zaken',
      'Termijn bekend',
      'Binnen termijn',
      'Aandeel binnen termijn (%)',
      'Hulp geaccepteerd',
      'Aandeel hulp geaccepteerd (%)',
      'Terugval',
      'Bereikt',
      'Contactuitkomst bekend',
      'Bereikgraad (%)',
      'Doorlooptijd mediaan (kalenderdagen)',
      'Doorlooptijd p90 (kalenderdagen)',
      'Te laat',
    ]);
  const regel = (maand: string, m: Cijfers) =>
    csvRegel([
      r.gemeentenaam,
      r.gemeentecode,
      maand,
      ...LCV_SECTOREN.map((s) => m.signalenPerSector[s]),
      m.signalen,
      m.zaken,
      m.termijnBekend,
      m.binnenTermijn,
      procent(m.aandeelBinnenTermijn),
      m.hulpGeaccepteerd,
      procent(m.aandeelHulpGeaccepteerd),
      m.terugval,
      m.bereikt,
      m.contactuitkomstBekend,
      procent(m.bereikgraad),
      getal(m.doorlooptijdMediaan),
      getal(m.doorlooptijdP90),
      m.teLaat,
    ]);
  for (const m of r.maanden) uit += regel(m.maand, m);
  return uit + regel('Totaal', r.totaal);
}

// --- Work areas: which debt-help organisations / neighbourhood teams work for which municipality (operator) ---

export async function lijstWerkgebieden(ctx: Context, id: Identiteit) {
  const rows = await rs.werkgebieden(ctx.db.kysely);
  await ctx.audit.schrijf({ actor: id.actor, actie: 'werkgebied.lezen', resultaat: 'ok' });
  return rows.map((r) => ({
    organisatieId: r.organisatie_id,
    organisatienaam: r.naam,
    gemeentecode: r.gemeentecode,
    aangemaaktOp: r.aangemaakt_op,
  }));
}

export async function voegWerkgebiedToe(
  ctx: Context,
  id: Identiteit,
  v: { organisatieId: string; gemeentecode: string },
) {
  const db = ctx.db.kysely;
  const type = await rs.organisatieType(db, v.organisatieId);
  if (!type) throw notFound();
  if (type !== 'schuldhulpverlener' && type !== 'wijkteam')
    throw invalidInput('Een werkgebied is er alleen voor een schuldhulpverlener of wijkteam.');
  if (!(await rs.bestaatGemeente(db, v.gemeentecode))) throw invalidInput('Onbekende gemeentecode.');
  await rs.voegWerkgebiedToe(db, v.organisatieId, v.gemeentecode);
  await ctx.audit.schrijf({
    actor: id.actor,
    actie: 'werkgebied.toevoegen',
    onderwerp: v.organisatieId,
    resultaat: 'ok',
    details: { gemeentecode: v.gemeentecode },
  });
}

export async function verwijderWerkgebied(
  ctx: Context,
  id: Identiteit,
  v: { organisatieId: string; gemeentecode: string },
) {
  const ok = await rs.verwijderWerkgebied(ctx.db.kysely, v.organisatieId, v.gemeentecode);
  await ctx.audit.schrijf({
    actor: id.actor,
    actie: 'werkgebied.verwijderen',
    onderwerp: v.organisatieId,
    resultaat: ok ? 'ok' : 'niet-gevonden',
    details: { gemeentecode: v.gemeentecode },
  });
  if (!ok) throw notFound();
}

// --- The municipality's own work areas, set by its administrator ---

/** The municipality's work areas and the organisations it may choose (with their number of active users). */
export async function eigenWerkgebieden(ctx: Context, id: Identiteit) {
  const code = await eigenGemeentecode(ctx.db.kysely, id.organisatieId);
  const [rows, kandidaten] = await Promise.all([rs.werkgebieden(ctx.db.kysely, code), rs.uitvoerders(ctx.db.kysely)]);
  await ctx.audit.schrijf({
    actor: id.actor,
    actie: 'werkgebied.lezen',
    resultaat: 'ok',
    details: { gemeentecode: code },
  });
  return {
    gemeentecode: code,
    werkgebieden: rows.map((r) => ({
      organisatieId: r.organisatie_id,
      organisatienaam: r.naam,
      organisatietype: r.type,
      aangemaaktOp: r.aangemaakt_op,
      vish:
        r.vish_actief_sinds === null
          ? null
          : { actiefSinds: new Date(r.vish_actief_sinds), aantal: Number(r.vish_aantal ?? 0) },
    })),
    organisaties: kandidaten.map((k) => ({
      organisatieId: k.id,
      naam: k.naam,
      type: k.type,
      actieveGebruikers: Number(k.actief),
    })),
  };
}

export async function voegEigenWerkgebiedToe(ctx: Context, id: Identiteit, organisatieId: string) {
  const gemeentecode = await eigenGemeentecode(ctx.db.kysely, id.organisatieId);
  await voegWerkgebiedToe(ctx, id, { organisatieId, gemeentecode });
}

/** Only the municipality's own work areas: another municipality's is "not found". */
export async function verwijderEigenWerkgebied(ctx: Context, id: Identiteit, organisatieId: string) {
  const gemeentecode = await eigenGemeentecode(ctx.db.kysely, id.organisatieId);
  await verwijderWerkgebied(ctx, id, { organisatieId, gemeentecode });
}

// --- The policy plan (LCV art. 3.7): which signals first; it orders the municipality's queue ---

export interface Beleidsplan {
  crisisEerst: boolean;
  sectoren: (typeof LCV_SECTOREN)[number][];
  bedragVanaf: number | null;
}

export async function leesBeleidsplan(ctx: Context, id: Identiteit) {
  const code = await eigenGemeentecode(ctx.db.kysely, id.organisatieId);
  const p = await store.beleidsplan(ctx.db.kysely, code);
  return {
    gemeentecode: code,
    ingesteld: !!p,
    crisisEerst: p?.crisis_eerst ?? true,
    sectoren: p?.sectoren ?? [],
    bedragVanaf: p?.bedrag_vanaf == null ? null : Number(p.bedrag_vanaf),
    bijgewerktOp: p?.bijgewerkt_op ?? null,
  };
}

export async function zetBeleidsplan(ctx: Context, id: Identiteit, v: Beleidsplan) {
  if (new Set(v.sectoren).size !== v.sectoren.length) throw invalidInput('Noem elke sector maar één keer.');
  const code = await eigenGemeentecode(ctx.db.kysely, id.organisatieId);
  await store.zetBeleidsplan(ctx.db.kysely, code, {
    crisis_eerst: v.crisisEerst,
    sectoren: v.sectoren,
    bedrag_vanaf: v.bedragVanaf,
    bijgewerkt_door: id.actor.id,
  });
  await ctx.audit.schrijf({
    actor: id.actor,
    actie: 'beleidsplan.zetten',
    onderwerp: code,
    resultaat: 'ok',
    details: { ...v },
  });
  return leesBeleidsplan(ctx, id);
}
