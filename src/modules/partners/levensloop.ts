/**
 * Agreements over time: a partner adds or removes municipalities, renews an agreement before (or after) its end with
 * one action, either side terminates it, and every step is kept in `convenant_historie`.
 */
import type { Context } from '../../context.ts';
import { AppError, invalidInput, notFound } from '../../shared/errors.ts';
import { plusMaanden, vandaag } from '../../shared/datum.ts';
import { plusDagen } from '../../shared/werkdagen.ts';
import type { Actor } from '../audit/index.ts';
import { gemeentecodeVanOrganisatie, gemeentenMetCodes } from '../gemeenten/index.ts';
import { publiceer } from '../notificaties/index.ts';
import { adHocTermijn, lijstConvenanten, partnerProfiel, stappen, vraagKlaarzetten } from './partners.ts';
import * as store from './store.ts';

/** From how many days before the end date a signed agreement can be renewed (the first reminder). */
export const VERLENGEN_VANAF_DAGEN = 60;

const dag = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' });
/** 'YYYY-MM-DD' as '12 juni 2026'. */
const toonDatum = (d: string) => dag.format(new Date(`${d}T12:00:00Z`));

/** Who acts on an agreement: the partner itself, or the municipality of the agreement. */
export type Partij = { soort: 'partner'; partnerId: string } | { soort: 'gemeente'; organisatieId: string };

/**
 * The partner names municipalities to add and to remove. An added one gets a new agreement (te-ondertekenen, made
 * ready by that municipality), or its terminated one starts again; a small landlord accepts online at once. A removed
 * one's agreement is terminated by the partner. Municipalities it already has an agreement with are left alone.
 */
export async function wijzigGemeenten(
  ctx: Context,
  actor: Actor,
  partnerId: string,
  w: { toevoegen: string[]; verwijderen: string[] },
  nu = new Date(),
) {
  const p = await partnerProfiel(ctx.db.kysely, partnerId);
  const toevoegen = [...new Set(w.toevoegen)];
  const verwijderen = [...new Set(w.verwijderen)];
  const beide = toevoegen.filter((c) => verwijderen.includes(c));
  if (beide.length > 0)
    throw invalidInput(`Een gemeente kan niet tegelijk worden toegevoegd en verwijderd: ${beide[0]}.`);
  if (toevoegen.length + verwijderen.length === 0)
    throw invalidInput('Kies een gemeente om toe te voegen of te verwijderen.');
  const bekend = new Set((await gemeentenMetCodes(ctx.db.kysely, toevoegen)).map((g) => g.gemeentecode));
  const onbekend = toevoegen.filter((c) => !bekend.has(c));
  if (onbekend.length > 0) throw invalidInput(`Onbekende gemeentecodes: ${onbekend.slice(0, 10).join(', ')}.`);
  const huidig = await store.convenanten(ctx.db.kysely, { partnerId });
  const perCode = new Map(huidig.map((c) => [c.gemeentecode, c]));
  const nietVanU = verwijderen.filter((c) => !perCode.has(c) || perCode.get(c)!.status === 'beeindigd');
  if (nietVanU.length > 0)
    throw invalidInput(`Uw organisatie heeft geen lopend convenant met gemeente ${nietVanU.slice(0, 10).join(', ')}.`);
  const datum = vandaag(nu);

  const beeindigd = await ctx.db.kysely.transaction().execute(async (tx) => {
    const termijn = adHocTermijn(datum, p.tekenbevoegde_naam);
    const nieuw = p.ad_hoc
      ? await store.maakAdHocConvenanten(tx, partnerId, toevoegen, termijn)
      : await store.maakConvenanten(tx, partnerId, toevoegen);
    const weer = p.ad_hoc
      ? await store.heropenAdHoc(tx, partnerId, toevoegen, termijn)
      : await store.heropen(tx, partnerId, toevoegen);
    const getekend = p.ad_hoc ? (['ondertekend'] as const) : [];
    await store.schrijfHistorie(tx, [
      ...stappen(nieuw, actor, ['aangemaakt', ...getekend]),
      ...stappen(weer, actor, ['heropend', ...getekend]),
    ]);
    if (!p.ad_hoc) await vraagKlaarzetten(tx, [...nieuw, ...weer]);
    const weg: string[] = [];
    for (const code of verwijderen) {
      const c = perCode.get(code)!;
      if (await store.zetBeeindigd(tx, c.id, { datum, door: 'partner' })) {
        await store.schrijfHistorie(tx, stappen([c], actor, ['beeindigd']));
        await publiceer(tx, 'convenant.beeindigd', {
          convenantId: c.id,
          partnerId,
          gemeentecode: code,
          door: 'partner',
          datum,
        });
        weg.push(c.id);
      }
    }
    return weg;
  });
  await ctx.audit.schrijf({
    actor,
    actie: 'signaalpartner.gemeenten-wijzigen',
    onderwerp: partnerId,
    resultaat: 'ok',
    details: { toegevoegd: toevoegen.length, beeindigd: beeindigd.length },
  });
  return lijstConvenanten(ctx, actor, { partnerId });
}

/** The agreement if this party may act on it; another party's is "not found". */
async function convenantVan(ctx: Context, partij: Partij, id: string) {
  const c = await store.convenant(ctx.db.kysely, id);
  if (!c) throw notFound();
  if (partij.soort === 'partner') {
    if (c.partner_id !== partij.partnerId) throw notFound();
  } else {
    const code = await gemeentecodeVanOrganisatie(ctx.db.kysely, partij.organisatieId);
    if (!code || c.gemeentecode !== code) throw notFound();
  }
  return c;
}

/**
 * Renewal with one action, by the partner: a signed agreement gets another term (its `looptijd_maanden`) from its end
 * date, or from today when it has ended. Possible from 60 days before the end date on.
 */
export async function verleng(ctx: Context, actor: Actor, partnerId: string, id: string, nu = new Date()) {
  const c = await convenantVan(ctx, { soort: 'partner', partnerId }, id);
  const datum = vandaag(nu);
  if (c.status === 'beeindigd')
    throw new AppError(
      409,
      'verkeerde_status',
      'Dit convenant is beëindigd en kan niet verlengd worden. Voeg de gemeente opnieuw toe onder Aanmelding om een nieuw convenant af te sluiten.',
    );
  if (c.status !== 'ondertekend' || !c.einddatum)
    throw new AppError(409, 'verkeerde_status', 'Dit convenant is nog niet ondertekend. Onderteken het eerst.');
  if (c.einddatum > plusDagen(datum, VERLENGEN_VANAF_DAGEN))
    throw new AppError(
      409,
      'te_vroeg',
      `Verlengen kan vanaf ${VERLENGEN_VANAF_DAGEN} dagen voor de einddatum (${toonDatum(c.einddatum)}).`,
    );
  const vanaf = c.einddatum >= datum ? c.einddatum : datum;
  const einddatum = plusMaanden(vanaf, c.looptijd_maanden);
  const ok = await ctx.db.kysely.transaction().execute(async (tx) => {
    if (!(await store.zetVerlengd(tx, id, { datum, van: c.einddatum!, einddatum }))) return false;
    await store.schrijfHistorie(tx, stappen([c], actor, ['verlengd'], einddatum));
    await publiceer(tx, 'convenant.verlengd', {
      convenantId: id,
      partnerId: c.partner_id,
      gemeentecode: c.gemeentecode,
      einddatum,
    });
    return true;
  });
  if (!ok) throw new AppError(409, 'verkeerde_status', 'Dit convenant is zojuist al verlengd of beëindigd.');
  await ctx.audit.schrijf({
    actor,
    actie: 'convenant.verlengen',
    onderwerp: id,
    resultaat: 'ok',
    details: { einddatum },
  });
  return { id, status: 'ondertekend' as const, einddatum };
}

/** Either side terminates an agreement (from today): signals under it are refused from then on. */
export async function beeindig(ctx: Context, actor: Actor, partij: Partij, id: string, nu = new Date()) {
  const c = await convenantVan(ctx, partij, id);
  const datum = vandaag(nu);
  const ok = await ctx.db.kysely.transaction().execute(async (tx) => {
    if (!(await store.zetBeeindigd(tx, id, { datum, door: partij.soort }))) return false;
    await store.schrijfHistorie(tx, stappen([c], actor, ['beeindigd']));
    await publiceer(tx, 'convenant.beeindigd', {
      convenantId: id,
      partnerId: c.partner_id,
      gemeentecode: c.gemeentecode,
      door: partij.soort,
      datum,
    });
    return true;
  });
  if (!ok) throw new AppError(409, 'verkeerde_status', 'Dit convenant is al beëindigd.');
  await ctx.audit.schrijf({ actor, actie: 'convenant.beeindigen', onderwerp: id, resultaat: 'ok' });
  return { id, status: 'beeindigd' as const, beeindigdOp: datum };
}

const DOOR_SOORT = { gemeente: 'gemeente', signaalpartner: 'signaalpartner' } as const;

/** The history of one agreement, for its partner and its municipality: step, when, by which organisation. */
export async function historie(ctx: Context, actor: Actor, partij: Partij, id: string) {
  await convenantVan(ctx, partij, id);
  const rows = await store.historie(ctx.db.kysely, id);
  await ctx.audit.schrijf({ actor, actie: 'convenant.historie-lezen', onderwerp: id, resultaat: 'ok' });
  return rows.map((r) => ({
    gebeurtenis: r.gebeurtenis,
    op: r.op,
    einddatum: r.einddatum,
    door:
      r.door_type && r.door_type in DOOR_SOORT
        ? { organisatie: r.door_naam ?? '', soort: DOOR_SOORT[r.door_type as keyof typeof DOOR_SOORT] }
        : { organisatie: 'Platform', soort: 'platform' as const },
  }));
}

/**
 * Why a signal for this municipality is refused when the partner's agreement has ended or was terminated, in Dutch and
 * saying what to do; null otherwise (no agreement, not yet signed, or valid: the intake has its own reason for those).
 */
export function convenantWeigering(
  c: { status: string; einddatum: string | null } | undefined,
  dag: string,
  gemeentenaam: string,
): string | null {
  if (c?.status === 'beeindigd')
    return `Het convenant met gemeente ${gemeentenaam} is beëindigd. Voeg de gemeente opnieuw toe onder Aanmelding om een nieuw convenant af te sluiten.`;
  if (c?.status === 'ondertekend' && c.einddatum !== null && c.einddatum < dag)
    return `Het convenant met gemeente ${gemeentenaam} is verlopen op ${toonDatum(c.einddatum)}. Verleng het convenant onder Convenanten en lever het signaal daarna opnieuw aan.`;
  return null;
}
