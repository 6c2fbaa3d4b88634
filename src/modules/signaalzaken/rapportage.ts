import type { Context } from '../../context.ts';
import type { Identiteit } from '../../http/auth.ts';
import { LCV_SECTOREN } from '../../db/schema.ts';
import { csvRegel } from '../../shared/csv-bron.ts';
import { plusMaanden, vandaag } from '../../shared/datum.ts';
import { AppError, invalidInput, notFound } from '../../shared/errors.ts';
import * as rs from './rapport-store.ts';
import * as store from './store.ts';
import { bereikVan } from './zaken.ts';
import { eigenGemeentecode } from '../gemeenten/index.ts';

const MAAND = /^\d{4}-(0[1-9]|1[0-2])$/;
const aandeel = (deel: number, geheel: number) => (geheel === 0 ? null : Math.round((deel / geheel) * 1000) / 10);

/**
 * The municipality's report: signals per sector and month, share acted on within the deadline, help-accepted rate
 * (cases with help accepted / cases), relapse cases. Months by receipt date; `van`/`tot` are 'YYYY-MM', inclusive.
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
  const tot = v.tot ?? dag.slice(0, 7);
  const van = v.van ?? plusMaanden(`${tot}-01`, -11).slice(0, 7);
  if (!MAAND.test(van) || !MAAND.test(tot)) throw invalidInput('Geef de maanden op als JJJJ-MM.');
  if (van > tot) throw invalidInput('De begin-maand ligt na de eind-maand.');
  const maanden: string[] = [];
  for (let m = van; m <= tot && maanden.length < 120; m = plusMaanden(`${m}-01`, 1).slice(0, 7)) maanden.push(m);
  if (maanden.length >= 120 && maanden[maanden.length - 1] !== tot)
    throw invalidInput('Kies een periode van hoogstens 120 maanden.');
  const eind = plusMaanden(`${tot}-01`, 1);
  const db = ctx.db.kysely;
  const [signalen, zaken, naam] = await Promise.all([
    rs.signalenPerMaand(db, b.gemeentecode, `${van}-01`, eind),
    rs.zakenPerMaand(db, b.gemeentecode, `${van}-01`, eind, dag),
    rs.gemeentenaam(db, b.gemeentecode),
  ]);
  await ctx.audit.schrijf({
    actor: id.actor,
    actie: 'signaalzaak.rapport',
    onderwerp: b.gemeentecode,
    resultaat: 'ok',
    details: { van, tot },
  });
  const rijen = maanden.map((maand) => {
    const perSector = Object.fromEntries(
      LCV_SECTOREN.map((s) => [s, signalen.find((x) => x.maand === maand && x.sector === s)?.aantal ?? 0]),
    ) as Record<(typeof LCV_SECTOREN)[number], number>;
    const z = zaken.find((x) => x.maand === maand) ?? { zaken: 0, bepaald: 0, binnen: 0, hulp: 0, terugval: 0 };
    return {
      maand,
      signalenPerSector: perSector,
      signalen: Object.values(perSector).reduce((a, n) => a + n, 0),
      zaken: z.zaken,
      termijnBekend: z.bepaald,
      binnenTermijn: z.binnen,
      aandeelBinnenTermijn: aandeel(z.binnen, z.bepaald),
      hulpGeaccepteerd: z.hulp,
      aandeelHulpGeaccepteerd: aandeel(z.hulp, z.zaken),
      terugval: z.terugval,
    };
  });
  return { gemeentecode: b.gemeentecode, gemeentenaam: naam, van, tot, maanden: rijen };
}

const procent = (n: number | null) => (n === null ? null : n.toFixed(1).replace('.', ','));

/** CSV (';', Dutch decimal comma), every text cell escaped against formula injection. */
export function rapportCsv(r: Awaited<ReturnType<typeof rapport>>): string {
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
    ]);
  for (const m of r.maanden) {
    uit += csvRegel([
      r.gemeentenaam,
      r.gemeentecode,
      m.maand,
      ...LCV_SECTOREN.map((s) => m.signalenPerSector[s]),
      m.signalen,
      m.zaken,
      m.termijnBekend,
      m.binnenTermijn,
      procent(m.aandeelBinnenTermijn),
      m.hulpGeaccepteerd,
      procent(m.aandeelHulpGeaccepteerd),
      m.terugval,
    ]);
  }
  return uit;
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
