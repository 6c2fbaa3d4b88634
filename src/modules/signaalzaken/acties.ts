import type { Kysely } from 'kysely';
import type { Context } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import type { Identiteit } from '../../http/auth.ts';
import { vandaag } from '../../shared/datum.ts';
import { forbidden, invalidInput, notFound } from '../../shared/errors.ts';
import { deadlineVoor, plusDagen } from '../../shared/werkdagen.ts';
import { isValidBsn } from '../../shared/bsn.ts';
import { registreerVoorZaak } from '../bezwaren/index.ts';
import { type Handeling, magHandelen } from './bevoegdheid.ts';
import * as regels from './regels.ts';
import * as store from './store.ts';
import { SIGNAALSTATUSSEN, type Contactsoort, type Eindresultaat, type ZaakStatus } from './vocabulaire.ts';
import { bereikVan } from './zaken.ts';
import { meldHulpGeaccepteerd } from './hulp-melding.ts';

/** Collection is suspended for 30 days after the resident accepts help (LCV art. 4). */
export const OPSCHORTING_DAGEN = 30;

type Zaak = NonNullable<Awaited<ReturnType<typeof store.zaak>>>;
interface Stap {
  zaak: Zaak;
  tx: Kysely<Database>;
  toestand: regels.ZaakToestand;
  dag: string;
}

/**
 * Runs one action on a case: lock the row (scoped to the caller), check the rule, apply, record history and audit.
 * "Not found or no access" is one answer; a refused transition is a 409 with a Dutch message, audited as refused.
 */
async function actie<T>(
  ctx: Context,
  id: Identiteit,
  zaakId: string,
  naam: Handeling,
  nu: Date,
  doe: (s: Stap) => Promise<{ naar: ZaakStatus; details?: Record<string, unknown>; uit: T }>,
): Promise<T> {
  const b = await bereikVan(ctx, id);
  const dag = vandaag(nu);
  try {
    const uit = await ctx.db.kysely.transaction().execute(async (tx) => {
      const zaak = await store.zaak(tx, b, zaakId, { voorUpdate: true });
      if (!zaak) throw notFound();
      magHandelen(b, zaak, naam);
      const p = await store.pogingTelling(tx, zaak.id);
      const toestand = {
        status: zaak.status,
        pogingen: p.pogingen,
        bereikt: p.bereikt,
        hulpGeaccepteerd: zaak.hulp_geaccepteerd_op !== null,
      };
      const r = await doe({ zaak, tx, toestand, dag });
      await store.schrijfHistorie(tx, {
        zaak_id: zaak.id,
        organisatie_id: id.organisatieId,
        actor_soort: id.actor.soort,
        actor_id: id.actor.id,
        gebeurtenis: naam,
        van: zaak.status,
        naar: r.naar,
        ...(r.details ? { details: r.details } : {}),
      });
      return r.uit;
    });
    await ctx.audit.schrijf({ actor: id.actor, actie: `signaalzaak.${naam}`, onderwerp: zaakId, resultaat: 'ok' });
    return uit;
  } catch (e) {
    const status = (e as { status?: number }).status;
    await ctx.audit.schrijf({
      actor: id.actor,
      actie: `signaalzaak.${naam}`,
      onderwerp: zaakId,
      resultaat: status === 404 ? 'niet-gevonden' : 'geweigerd',
    });
    throw e;
  }
}

const nietInToekomst = (datum: string, dag: string, veld: string) => {
  if (datum > dag) throw invalidInput(`${veld} mag niet in de toekomst liggen.`);
};

/** A worker takes a case for themselves; only a coordinator (or a machine credential) assigns it to a colleague. */
function magToewijzenAan(id: Identiteit, behandelaar: string | null) {
  if (id.actor.soort === 'gebruiker' && behandelaar !== id.actor.id && id.rol !== 'gemeente-coordinator')
    throw forbidden();
}

/** The handler must be an active user of the caller's organisation in a role that works cases. */
async function controleerBehandelaar(
  tx: Parameters<typeof store.gebruikerVan>[0],
  id: Identiteit,
  behandelaarId: string,
) {
  const g = await store.gebruikerVan(tx, behandelaarId, id.organisatieId);
  if (!g || !(regels.BEHANDELAARROLLEN as readonly string[]).includes(g.rol))
    throw invalidInput('De behandelaar is geen actieve medewerker van uw organisatie die zaken behandelt.');
}

/** nieuw -> opgepakt: assigned to a worker of the caller's organisation (a coordinator may assign a colleague). */
export async function pakOp(
  ctx: Context,
  id: Identiteit,
  zaakId: string,
  v: { behandelaarId?: string | undefined },
  nu = new Date(),
) {
  return actie(ctx, id, zaakId, 'opgepakt', nu, async ({ zaak, tx, toestand, dag }) => {
    regels.magOppakken(toestand);
    let behandelaar = v.behandelaarId ?? (id.actor.soort === 'gebruiker' ? id.actor.id : null);
    magToewijzenAan(id, behandelaar);
    if (!behandelaar && zaak.organisatie_id === id.organisatieId) behandelaar = zaak.behandelaar_id;
    if (!behandelaar) throw invalidInput('Geef de behandelaar op (behandelaarId): een medewerker van uw organisatie.');
    await controleerBehandelaar(tx, id, behandelaar);
    await store.werkZaakBij(tx, zaak.id, {
      status: 'opgepakt',
      organisatie_id: id.organisatieId,
      behandelaar_id: behandelaar,
      datum_opgepakt: dag,
    });
    await store.signalenInBehandeling(tx, zaak.id);
    return {
      naar: 'opgepakt',
      details: { behandelaar },
      uit: { id: zaak.id, status: 'opgepakt' as const, behandelaarId: behandelaar, datumOpgepakt: dag },
    };
  });
}

export async function legContactpogingVast(
  ctx: Context,
  id: Identiteit,
  zaakId: string,
  v: { soort: Contactsoort; bereikt: boolean; datum?: string | undefined; dagdeel?: string | undefined },
  nu = new Date(),
) {
  return actie(ctx, id, zaakId, 'contactpoging', nu, async ({ zaak, tx, toestand, dag }) => {
    regels.magContactpoging(toestand);
    const datum = v.datum ?? dag;
    regels.controleerContactpogingDatum(datum, zaak.matchingsdatum, dag);
    const p = await store.voegPogingToe(tx, {
      zaak_id: zaak.id,
      soort: v.soort,
      bereikt: v.bereikt,
      datum,
      dagdeel: v.dagdeel ?? null,
      vastgelegd_door: id.actor.id,
    });
    const eerste = zaak.eerste_actie_op && zaak.eerste_actie_op < datum ? zaak.eerste_actie_op : datum;
    await store.werkZaakBij(tx, zaak.id, { status: 'contact', eerste_actie_op: eerste });
    return {
      naar: 'contact',
      details: { soort: v.soort, bereikt: v.bereikt, datum },
      uit: { id: p.id, zaakId: zaak.id, status: 'contact' as const },
    };
  });
}

/** Help accepted (after contact that reached the resident): the only thing the partner will see, with the suspension end. */
export async function legHulpGeaccepteerdVast(
  ctx: Context,
  id: Identiteit,
  zaakId: string,
  v: { datum?: string | undefined },
  nu = new Date(),
) {
  return actie(ctx, id, zaakId, 'hulp-geaccepteerd', nu, async ({ zaak, tx, toestand, dag }) => {
    regels.magHulpAccepteren(toestand);
    const datum = v.datum ?? dag;
    nietInToekomst(datum, dag, 'De datum waarop hulp is geaccepteerd');
    const tot = plusDagen(datum, OPSCHORTING_DAGEN);
    await store.werkZaakBij(tx, zaak.id, { hulp_geaccepteerd_op: datum, opschorting_tot: tot });
    await meldHulpGeaccepteerd(tx, zaak.id);
    return {
      naar: zaak.status,
      details: { datum },
      uit: { id: zaak.id, hulpGeaccepteerdOp: datum, opschortingTot: tot },
    };
  });
}

export async function sluitAf(
  ctx: Context,
  id: Identiteit,
  zaakId: string,
  v: { resultaat: Eindresultaat },
  nu = new Date(),
) {
  return actie(ctx, id, zaakId, 'afgesloten', nu, async ({ zaak, tx, toestand, dag }) => {
    regels.magAfsluiten(toestand, v.resultaat);
    await store.werkZaakBij(tx, zaak.id, {
      status: 'afgesloten',
      resultaat: v.resultaat,
      afgesloten_op: nu,
      eerste_actie_op: zaak.eerste_actie_op ?? dag,
    });
    const signaalstatus = (SIGNAALSTATUSSEN as readonly string[]).includes(v.resultaat) ? v.resultaat : null;
    await store.signalenAfgehandeld(tx, zaak.id, signaalstatus);
    return {
      naar: 'afgesloten',
      details: { resultaat: v.resultaat },
      uit: { id: zaak.id, status: 'afgesloten' as const, resultaat: v.resultaat },
    };
  });
}

/**
 * The resident objects: the case is closed and not acted on, and the objection is registered so that later
 * signals for this surname at this address land as not to be acted on.
 */
export async function legBezwaarVast(ctx: Context, id: Identiteit, zaakId: string, nu = new Date()) {
  return actie(ctx, id, zaakId, 'bezwaar', nu, async ({ zaak, tx, toestand, dag }) => {
    regels.magBezwaar(toestand);
    const resultaat: Eindresultaat =
      zaak.status === 'nieuw' ? 'Niet opgepakt: andere reden' : 'Inwoner hoeft geen hulp vanuit vroegsignalering';
    await store.werkZaakBij(tx, zaak.id, {
      status: 'afgesloten',
      resultaat,
      afgesloten_op: nu,
      eerste_actie_op: zaak.eerste_actie_op ?? dag,
    });
    await registreerVoorZaak(tx, {
      gemeentecode: zaak.gemeentecode,
      adresSleutel: zaak.adres_sleutel,
      achternamen: (await store.bezwaarGegevens(tx, zaak.id)).map((s) => s.achternaam),
      door: id.organisatieId,
    });
    await store.signalenNietOppakken(tx, zaak.id);
    return {
      naar: 'afgesloten',
      details: { resultaat, reden: 'bezwaar' },
      uit: { id: zaak.id, status: 'afgesloten' as const, resultaat },
    };
  });
}

/**
 * Warm handover (DDAS warmeOverdracht): the partner already had contact with the resident and asked the
 * municipality to pick them up. The worker records it for the case and its signals (null: unknown again);
 * the DDAS export leaves it out while unknown. Allowed in any state: it describes how the case came in.
 */
export async function legWarmeOverdrachtVast(
  ctx: Context,
  id: Identiteit,
  zaakId: string,
  v: { warmeOverdracht: boolean | null },
  nu = new Date(),
) {
  return actie(ctx, id, zaakId, 'warme-overdracht', nu, async ({ zaak, tx }) => {
    await store.werkZaakBij(tx, zaak.id, { warme_overdracht: v.warmeOverdracht });
    await store.signalenWarmeOverdracht(tx, zaak.id, v.warmeOverdracht);
    return {
      naar: zaak.status,
      details: { warmeOverdracht: v.warmeOverdracht },
      uit: { id: zaak.id, warmeOverdracht: v.warmeOverdracht },
    };
  });
}

/**
 * Assigns an open case to a worker of the caller's organisation without changing its status. A coordinator may
 * assign any colleague; a worker may take a case over for themselves only.
 */
export async function wijsToe(
  ctx: Context,
  id: Identiteit,
  zaakId: string,
  v: { behandelaarId: string },
  nu = new Date(),
) {
  return actie(ctx, id, zaakId, 'toegewezen', nu, async ({ zaak, tx, toestand }) => {
    regels.magToewijzen(toestand);
    magToewijzenAan(id, v.behandelaarId);
    await controleerBehandelaar(tx, id, v.behandelaarId);
    await store.werkZaakBij(tx, zaak.id, { organisatie_id: id.organisatieId, behandelaar_id: v.behandelaarId });
    return {
      naar: zaak.status,
      details: { behandelaar: v.behandelaarId, vorige: zaak.behandelaar_id },
      uit: { id: zaak.id, status: zaak.status, behandelaarId: v.behandelaarId },
    };
  });
}

/** A worker's note on the case, in its timeline. A BSN does not belong in a note (refused). */
export async function legNotitieVast(
  ctx: Context,
  id: Identiteit,
  zaakId: string,
  v: { tekst: string },
  nu = new Date(),
) {
  const tekst = v.tekst.trim();
  if (!tekst) throw invalidInput('Schrijf een notitie.');
  if ((tekst.match(/\d[\d .-]{7,14}\d/g) ?? []).some((n) => isValidBsn(n.replace(/\D/g, ''))))
    throw invalidInput('Zet geen burgerservicenummer (BSN) in een notitie.');
  return actie(ctx, id, zaakId, 'notitie', nu, async ({ zaak }) => ({
    naar: zaak.status,
    details: { tekst },
    uit: { id: zaak.id, status: zaak.status },
  }));
}

/** The municipality marks a threatening situation: the threatening deadline counted from today, if that is earlier. */
export async function markeerCrisis(ctx: Context, id: Identiteit, zaakId: string, nu = new Date()) {
  return actie(ctx, id, zaakId, 'crisis', nu, async ({ zaak, tx, toestand, dag }) => {
    regels.magMarkerenAlsCrisis(toestand);
    const kort = deadlineVoor(dag, true);
    const deadline = kort < zaak.deadline ? kort : zaak.deadline; // ISO dates: the earlier one
    await store.werkZaakBij(tx, zaak.id, { crisis: true, deadline });
    await store.signalenCrisis(tx, zaak.id);
    return { naar: zaak.status, details: { deadline }, uit: { id: zaak.id, crisis: true, deadline } };
  });
}
