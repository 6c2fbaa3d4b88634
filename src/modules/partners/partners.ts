import type { Kysely } from 'kysely';
import type { Context } from '../../context.ts';
import type { ConvenantGebeurtenis, Database, LcvSector } from '../../db/schema.ts';
import { AppError, invalidInput, notFound } from '../../shared/errors.ts';
import { plusMaanden, vandaag } from '../../shared/datum.ts';
import type { Actor } from '../audit/index.ts';
import { gemeentenMetCodes } from '../gemeenten/index.ts';
import { gemeentecodeVanOrganisatie } from '../gemeenten/index.ts';
import { normaliseerKop } from '../../shared/csv-bron.ts';
import * as store from './store.ts';
import { publiceer } from '../notificaties/index.ts';

/**
 * DDAS-VS EnumSignaalpartner: every type a partner may register as, with the sectors (the sub-type) it may report
 * in. The LCV sectors carry the LCV arrears windows; the types outside the LCV report in sector 'overig'.
 */
export const SECTOREN_VAN_TYPE = {
  Energie: ['energie', 'warmte'],
  Water: ['drinkwater'],
  Zorg: ['zorgverzekering'],
  Huur: ['huur'],
  'CAK Zorgverzekeringen': ['zorgverzekering'],
  'CAK Eigen bijdrage': ['zorgverzekering'],
  Hypotheek: ['overig'],
  DUO: ['overig'],
  Belastingdienst: ['overig'],
  'Dienst Toeslagen': ['overig'],
  Overige: ['overig'],
} as const satisfies Record<string, readonly LcvSector[]>;
export type DdasPartnerType = keyof typeof SECTOREN_VAN_TYPE;
export const DDAS_PARTNER_TYPES = Object.keys(SECTOREN_VAN_TYPE) as [DdasPartnerType, ...DdasPartnerType[]];

export interface Aanmelding {
  type: DdasPartnerType;
  sectoren: LcvSector[];
  rol: 'eigen-beheer' | 'vastgoedmanager';
  adHoc: boolean;
  contactpersoon: { naam: string; email: string; delen: boolean };
  tekenbevoegde: { naam: string; functie: string; email: string; mobiel?: string | undefined };
  gemeenten: string[];
}

const nietAangemeld = () =>
  new AppError(409, 'niet_aangemeld', 'Uw organisatie is nog niet aangemeld als signaalpartner.');
const geenVastgoedmanager = () =>
  new AppError(409, 'geen_vastgoedmanager', 'Opdrachtgevers zijn er alleen voor vastgoedmanagers.');

/**
 * Registration (NVVK form): one row for the partner and one agreement per municipality, state
 * 'te-ondertekenen'. A small landlord (adHoc) may name no municipalities: agreements come at the first report.
 */
export async function meldAan(ctx: Context, actor: Actor, partnerId: string, a: Aanmelding) {
  const sectoren = [...new Set(a.sectoren)];
  const toegestaan: readonly LcvSector[] = SECTOREN_VAN_TYPE[a.type];
  const fout = sectoren.find((s) => !toegestaan.includes(s));
  if (fout) throw invalidInput(`Sector '${fout}' past niet bij type signaalpartner '${a.type}'.`);
  if (a.adHoc && (a.rol !== 'eigen-beheer' || a.type !== 'Huur'))
    throw invalidInput('Een lichte aanmelding is alleen voor kleine verhuurders die zelf melden.');
  const codes = [...new Set(a.gemeenten)];
  if (!a.adHoc && codes.length === 0) throw invalidInput('Geef aan in welke gemeenten uw organisatie diensten levert.');
  const bekend = new Set((await gemeentenMetCodes(ctx.db.kysely, codes)).map((g) => g.gemeentecode));
  const onbekend = codes.filter((c) => !bekend.has(c));
  if (onbekend.length > 0) throw invalidInput(`Onbekende gemeentecodes: ${onbekend.slice(0, 10).join(', ')}.`);

  await ctx.db.kysely.transaction().execute(async (tx) => {
    if (await store.partner(tx, partnerId))
      throw new AppError(409, 'al_aangemeld', 'Uw organisatie is al aangemeld als signaalpartner.');
    await store.maakPartner(tx, {
      organisatie_id: partnerId,
      ddas_type: a.type,
      sectoren,
      rol: a.rol,
      ad_hoc: a.adHoc,
      contact_naam: a.contactpersoon.naam,
      contact_email: a.contactpersoon.email,
      contact_delen: a.contactpersoon.delen,
      tekenbevoegde_naam: a.tekenbevoegde.naam,
      tekenbevoegde_functie: a.tekenbevoegde.functie,
      tekenbevoegde_email: a.tekenbevoegde.email,
      tekenbevoegde_mobiel: a.tekenbevoegde.mobiel ?? null,
    });
    const nieuw = a.adHoc
      ? await store.maakAdHocConvenanten(tx, partnerId, codes, adHocTermijn(vandaag(), a.tekenbevoegde.naam))
      : await store.maakConvenanten(tx, partnerId, codes);
    await store.schrijfHistorie(tx, stappen(nieuw, actor, a.adHoc ? ['aangemaakt', 'ondertekend'] : ['aangemaakt']));
    if (!a.adHoc) await vraagKlaarzetten(tx, nieuw);
  });
  await ctx.audit.schrijf({
    actor,
    actie: 'signaalpartner.aanmelden',
    onderwerp: partnerId,
    resultaat: 'ok',
    details: { gemeenten: codes.length },
  });
  return {
    aanmelding: await leesAanmelding(ctx, actor, partnerId),
    convenanten: await lijstConvenanten(ctx, actor, { partnerId }),
  };
}

export async function leesAanmelding(ctx: Context, actor: Actor, partnerId: string) {
  const p = await store.partner(ctx.db.kysely, partnerId);
  if (!p) throw nietAangemeld();
  await ctx.audit.schrijf({ actor, actie: 'signaalpartner.lezen', onderwerp: partnerId, resultaat: 'ok' });
  return {
    type: p.ddas_type,
    sectoren: p.sectoren,
    rol: p.rol,
    adHoc: p.ad_hoc,
    contactpersoon: { naam: p.contact_naam, email: p.contact_email, delen: p.contact_delen },
    tekenbevoegde: {
      naam: p.tekenbevoegde_naam,
      functie: p.tekenbevoegde_functie,
      email: p.tekenbevoegde_email,
      mobiel: p.tekenbevoegde_mobiel,
    },
    aangemeldOp: p.aangemeld_op,
  };
}

/** Partner profile for the intake (no audit: not read out). */
export async function partnerProfiel(db: Kysely<Database>, partnerId: string) {
  const p = await store.partner(db, partnerId);
  if (!p) throw nietAangemeld();
  return p;
}

export type PartnerProfiel = Awaited<ReturnType<typeof partnerProfiel>>;

/** Agreements seen by a partner (own) or a municipality (own code). The contact person only when the partner allows it. */
export async function lijstConvenanten(
  ctx: Context,
  actor: Actor,
  filter: { partnerId: string } | { gemeentecode: string },
) {
  const rows = await store.convenanten(ctx.db.kysely, filter);
  const eigen = 'partnerId' in filter;
  const dag = vandaag();
  if (rows.length > 0) {
    await ctx.audit.schrijfVeel(
      rows.map((r) => ({ actor, actie: 'convenant.lezen', onderwerp: r.id, resultaat: 'ok' })),
    );
  }
  return rows.map((r) => ({
    id: r.id,
    gemeentecode: r.gemeentecode,
    gemeentenaam: r.gemeente_naam,
    partner: r.partner_naam,
    partnerType: r.ddas_type,
    sectoren: r.sectoren,
    soort: r.soort,
    status: r.status,
    looptijdMaanden: r.looptijd_maanden,
    gereedOp: r.gereed_op,
    ondertekendOp: r.ondertekend_op,
    ondertekendDoor: r.ondertekend_door,
    einddatum: r.einddatum,
    verlopen: r.status === 'ondertekend' && r.einddatum !== null && r.einddatum < dag,
    verlengdOp: r.verlengd_op,
    beeindigdOp: r.beeindigd_op,
    beeindigdDoor: r.beeindigd_door,
    contactpersoon: eigen || r.contact_delen ? { naam: r.contact_naam, email: r.contact_email } : null,
  }));
}

/** The municipality sets an agreement ready for signing. Another municipality's agreement is "not found". */
export async function maakGereed(ctx: Context, actor: Actor, gemeenteOrgId: string, id: string, looptijdMaanden = 12) {
  const code = await gemeentecodeVanOrganisatie(ctx.db.kysely, gemeenteOrgId);
  const c = await store.convenant(ctx.db.kysely, id);
  if (!c || !code || c.gemeentecode !== code) throw notFound();
  const gereed = await ctx.db.kysely.transaction().execute(async (tx) => {
    const ok = await store.zetGereed(tx, id, looptijdMaanden);
    if (ok) await store.schrijfHistorie(tx, stappen([c], actor, ['gereed']));
    if (ok)
      await publiceer(tx, 'convenant.te-ondertekenen', {
        partnerId: c.partner_id,
        convenantId: id,
        gemeentecode: code,
      });
    return ok;
  });
  if (!gereed) {
    throw new AppError(
      409,
      'verkeerde_status',
      `Deze overeenkomst kan niet klaargezet worden: de status is '${c.status}'.`,
    );
  }
  await ctx.audit.schrijf({ actor, actie: 'convenant.gereed', onderwerp: id, resultaat: 'ok' });
  return { id, status: 'gereed' as const };
}

/** The partner signs online (by its registered signatory); the agreement runs from today for its term. */
export async function onderteken(ctx: Context, actor: Actor, partnerId: string, id: string, nu = new Date()) {
  const c = await store.convenant(ctx.db.kysely, id);
  if (!c || c.partner_id !== partnerId) throw notFound();
  const p = await partnerProfiel(ctx.db.kysely, partnerId);
  const datum = vandaag(nu);
  const einddatum = plusMaanden(datum, c.looptijd_maanden);
  const getekend = await ctx.db.kysely.transaction().execute(async (tx) => {
    const ok = await store.zetOndertekend(tx, id, { datum, einddatum, door: p.tekenbevoegde_naam });
    if (ok) await store.schrijfHistorie(tx, stappen([c], actor, ['ondertekend'], einddatum));
    if (ok) await publiceer(tx, 'convenant.ondertekend', { convenantId: id, gemeentecode: c.gemeentecode, einddatum });
    return ok;
  });
  if (!getekend) {
    throw new AppError(
      409,
      'verkeerde_status',
      c.status === 'te-ondertekenen'
        ? 'De gemeente heeft deze overeenkomst nog niet klaargezet voor ondertekening.'
        : 'Deze overeenkomst is al ondertekend.',
    );
  }
  await ctx.audit.schrijf({ actor, actie: 'convenant.ondertekenen', onderwerp: id, resultaat: 'ok' });
  return { id, status: 'ondertekend' as const, ondertekendOp: datum, einddatum };
}

/** Key for matching an investor's name in a file: case, accents, spaces and punctuation ignored. */
export const opdrachtgeverSleutel = (naam: string) => normaliseerKop(naam).replace(/[^\p{L}\p{N}]/gu, '');

export async function lijstOpdrachtgevers(ctx: Context, actor: Actor, partnerId: string) {
  const p = await partnerProfiel(ctx.db.kysely, partnerId);
  if (p.rol !== 'vastgoedmanager') throw geenVastgoedmanager();
  await ctx.audit.schrijf({ actor, actie: 'opdrachtgevers.lezen', onderwerp: partnerId, resultaat: 'ok' });
  return (await store.opdrachtgevers(ctx.db.kysely, partnerId)).map((o) => ({
    id: o.id,
    naam: o.naam,
    mandaatTot: o.mandaat_tot,
  }));
}

export async function zetOpdrachtgever(
  ctx: Context,
  actor: Actor,
  partnerId: string,
  v: { naam: string; mandaatTot?: string | null | undefined },
) {
  const p = await partnerProfiel(ctx.db.kysely, partnerId);
  if (p.rol !== 'vastgoedmanager') throw geenVastgoedmanager();
  const sleutel = opdrachtgeverSleutel(v.naam);
  if (!sleutel) throw invalidInput('De naam van de opdrachtgever is leeg.');
  const o = await store.maakOpdrachtgever(ctx.db.kysely, {
    partner_id: partnerId,
    naam: v.naam,
    sleutel,
    mandaat_tot: v.mandaatTot ?? null,
  });
  await ctx.audit.schrijf({ actor, actie: 'opdrachtgever.mandaat', onderwerp: o.id, resultaat: 'ok' });
  return { id: o.id, naam: o.naam, mandaatTot: o.mandaat_tot };
}

export async function beeindigMandaat(ctx: Context, actor: Actor, partnerId: string, id: string, nu = new Date()) {
  const gisteren = new Date(Date.parse(`${vandaag(nu)}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  if (!(await store.beeindigMandaat(ctx.db.kysely, partnerId, id, gisteren))) throw notFound();
  await ctx.audit.schrijf({ actor, actie: 'opdrachtgever.mandaat-beeindigen', onderwerp: id, resultaat: 'ok' });
}

// --- For the intake of signals (vroegsignalen) ---

/** A property manager's row must name an investor with a current mandate: key of the name -> investor id. */
export async function geldigeMandaten(db: Kysely<Database>, partnerId: string, dag: string) {
  const mandaten = new Map<string, string>();
  for (const o of await store.opdrachtgevers(db, partnerId))
    if (!o.mandaat_tot || o.mandaat_tot >= dag) mandaten.set(o.sleutel, o.id);
  return mandaten;
}

/**
 * The partner's agreements with these municipalities, by code. A small landlord (ad hoc) accepts the agreement online
 * at its first report for a participating municipality: it is created here, in the delivery's transaction.
 */
export async function convenantenVoorLevering(
  tx: Kysely<Database>,
  p: PartnerProfiel,
  gemeenten: { gemeentecode: string; doet_mee_vroegsignalering: boolean }[],
  dag: string,
) {
  if (p.ad_hoc) {
    const codes = gemeenten.filter((x) => x.doet_mee_vroegsignalering).map((g) => g.gemeentecode);
    const nieuw = await store.maakAdHocConvenanten(
      tx,
      p.organisatie_id,
      codes,
      adHocTermijn(dag, p.tekenbevoegde_naam),
    );
    const door = { organisatieId: p.organisatie_id, soort: 'systeem' as const, id: null };
    await store.schrijfHistorie(tx, stappen(nieuw, door, ['aangemaakt', 'ondertekend']));
  }
  const codes = gemeenten.map((g) => g.gemeentecode);
  return store.convenantenVoor(tx, p.organisatie_id, codes);
}

/** Tells each municipality of a new agreement (te-ondertekenen) that it has one to make ready. */
export async function vraagKlaarzetten(tx: Kysely<Database>, nieuw: { id: string; gemeentecode: string }[]) {
  await publiceer(
    tx,
    'convenant.klaar-te-zetten',
    nieuw.map((c) => ({ convenantId: c.id, gemeentecode: c.gemeentecode })),
  );
}

/** An ad-hoc agreement is accepted online by the registered signatory and runs 12 months. */
export const adHocTermijn = (datum: string, door: string) => ({ datum, einddatum: plusMaanden(datum, 12), door });

/** History rows for these agreements, one per step, by the actor's organisation and user. */
export function stappen(
  convenanten: { id: string; einddatum?: string | null }[],
  actor: Actor,
  welke: ConvenantGebeurtenis[],
  einddatum?: string | null,
): store.HistorieRegel[] {
  return convenanten.flatMap((c) =>
    welke.map((gebeurtenis) => ({
      convenant_id: c.id,
      gebeurtenis,
      door_organisatie_id: actor.organisatieId,
      door_gebruiker_id: actor.soort === 'gebruiker' ? actor.id : null,
      einddatum: einddatum ?? (gebeurtenis === 'ondertekend' ? (c.einddatum ?? null) : null),
    })),
  );
}

/** Signals are accepted under a signed agreement that has not ended. */
export const convenantGeldig = (c: { status: string; einddatum: string | null } | undefined, dag: string) =>
  c?.status === 'ondertekend' && (c.einddatum === null || c.einddatum >= dag);
