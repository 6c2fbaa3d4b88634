import type { Context } from '../../context.ts';
import type { Identiteit } from '../../http/auth.ts';
import { dagenTussen, vandaag } from '../../shared/datum.ts';
import { forbidden, notFound } from '../../shared/errors.ts';
import { eigenGemeentecode } from '../gemeenten/index.ts';
import { INTREKKING } from './signaalstatus.ts';
import * as store from './store.ts';

/** The caller's view: a municipality, or a debt-help organisation / neighbourhood team (work area + assigned cases). */
export async function bereikVan(ctx: Context, id: Identiteit): Promise<store.Bereik> {
  if (id.organisatieType === 'gemeente') {
    return { soort: 'gemeente', gemeentecode: await eigenGemeentecode(ctx.db.kysely, id.organisatieId) };
  }
  if (id.organisatieType === 'schuldhulpverlener' || id.organisatieType === 'wijkteam')
    return { soort: 'uitvoerder', organisatieId: id.organisatieId };
  throw forbidden();
}

export function adres(sleutel: string) {
  const [postcode, huisnummer, toevoeging] = sleutel.split('|');
  return { postcode: postcode!, huisnummer: Number(huisnummer), toevoeging: toevoeging || null };
}

type Zaak = NonNullable<Awaited<ReturnType<typeof store.zaak>>>;

function zaakVelden(z: Zaak, dag: string) {
  const open = z.status !== 'afgesloten' && z.eerste_actie_op === null;
  return {
    id: z.id,
    gemeentecode: z.gemeentecode,
    status: z.status,
    ...adres(z.adres_sleutel),
    ontvangenOp: z.ontvangen_op,
    deadline: z.deadline,
    crisis: z.crisis,
    warmeOverdracht: z.warme_overdracht,
    teLaat: open && z.deadline < dag,
    uiterlijkVandaag: open && z.deadline === dag,
    terugval: z.terugval_traject_id !== null,
    behandelendeOrganisatieId: z.organisatie_id,
    behandelaarId: z.behandelaar_id,
    datumOpgepakt: z.datum_opgepakt,
    eersteActieOp: z.eerste_actie_op,
    hulpGeaccepteerdOp: z.hulp_geaccepteerd_op,
    opschortingTot: z.opschorting_tot,
    resultaat: z.resultaat,
  };
}

/** Matches no user: "mine" for a caller that is no person. */
const GEEN = '00000000-0000-0000-0000-000000000000';

/** The queue, sorted by deadline (threatening first among equal), with counts over the whole visible open queue. */
export async function wachtrij(
  ctx: Context,
  id: Identiteit,
  vraag: Omit<store.WachtrijVraag, 'behandelaar'> & { behandelaar?: string | undefined },
  nu = new Date(),
) {
  const b = await bereikVan(ctx, id);
  const dag = vandaag(nu);
  // "ik": the caller's own cases (the "mine" view).
  const v = { ...vraag, behandelaar: vraag.behandelaar === 'ik' ? (id.actor.id ?? GEEN) : vraag.behandelaar };
  const [rows, totaal, tellingen] = await Promise.all([
    store.wachtrij(ctx.db.kysely, b, v, dag),
    store.wachtrijTotaal(ctx.db.kysely, b, v, dag),
    store.tellingen(ctx.db.kysely, b, dag),
  ]);
  if (rows.length > 0)
    await ctx.audit.schrijfVeel(
      rows.map((r) => ({
        actor: id.actor,
        actie: 'signaalzaak.lezen',
        onderwerp: r.id,
        resultaat: 'ok',
        details: { via: 'wachtrij' },
      })),
    );
  const info = (r: (typeof rows)[number]) =>
    (typeof r.signalen === 'string' ? JSON.parse(r.signalen) : r.signalen) as typeof r.signalen;
  return {
    tellingen,
    totaal,
    zaken: rows.map((r) => {
      const i = info(r);
      return {
        ...zaakVelden(r, dag),
        aantalSignalen: Number(i.aantal),
        sectoren: i.sectoren,
        stopVerzocht: i.stop,
        naam: i.naam,
        voorletters: i.voorletters,
        straatnaam: i.straatnaam,
        woonplaats: i.woonplaats,
        bedragAchterstand: Number(i.bedrag),
        dagenOver: dagenTussen(dag, r.deadline),
        behandelaarNaam: r.behandelaar_naam,
      };
    }),
  };
}

const leesDetails = (d: unknown) => (typeof d === 'string' ? JSON.parse(d) : d) as Record<string, unknown> | null;

/** An assignment's details with the assignee's display name (the timeline says who, not an id). */
function metNaam(d: Record<string, unknown> | null, namen: Map<string, string>) {
  if (!d || typeof d.behandelaar !== 'string') return d;
  return { ...d, behandelaarNaam: namen.get(d.behandelaar) ?? null };
}

/** One case with its signals, contact attempts and history. Another organisation's case is "not found". */
export async function leesZaak(ctx: Context, id: Identiteit, zaakId: string, nu = new Date()) {
  const b = await bereikVan(ctx, id);
  const db = ctx.db.kysely;
  const z = await store.zaak(db, b, zaakId);
  await ctx.audit.schrijf({
    actor: id.actor,
    actie: 'signaalzaak.lezen',
    onderwerp: zaakId,
    resultaat: z ? 'ok' : 'niet-gevonden',
  });
  if (!z) throw notFound();
  const [signalen, pogingen, historie] = await Promise.all([
    store.signalenVanZaak(db, z.id),
    store.contactpogingen(db, z.id),
    store.historie(db, z.id),
  ]);
  const namen = await store.namenVan(db, [
    ...new Set(
      [
        z.behandelaar_id,
        ...historie.filter((h) => h.actor_soort === 'gebruiker').map((h) => h.actor_id),
        ...historie.map((h) => leesDetails(h.details)?.behandelaar),
      ].filter((x): x is string => typeof x === 'string' && /^[0-9a-f-]{36}$/.test(x)),
    ),
  ]);
  if (signalen.length > 0)
    await ctx.audit.schrijfVeel(
      signalen.map((s) => ({
        actor: id.actor,
        actie: 'vroegsignaal.lezen',
        onderwerp: s.id,
        resultaat: 'ok',
        details: { zaak: z.id },
      })),
    );
  return {
    ...zaakVelden(z, vandaag(nu)),
    behandelaarNaam: z.behandelaar_id ? (namen.get(z.behandelaar_id) ?? null) : null,
    matchingsdatum: z.matchingsdatum,
    startdatumMatchingperiode: z.startdatum_matchingperiode,
    einddatumMatchingperiode: z.einddatum_matchingperiode,
    afgeslotenOp: z.afgesloten_op,
    terugvalTrajectId: z.terugval_traject_id,
    terugvalRegel: z.terugval_regel,
    stopVerzocht: signalen.some((s) => s.status === INTREKKING.stopVerzocht.naar),
    signalen: signalen.map((s) => ({
      id: s.id,
      sector: s.sector,
      signaalpartnerType: s.ddas_type,
      signaalpartner: {
        organisatieId: s.partner_id,
        naam: s.partner_naam,
        opdrachtgever: s.opdrachtgever_naam,
        // The partner's contact person for the warm handover, when the partner agreed to share it (its registration).
        contactpersoon: s.contact_delen ? { naam: s.contact_naam, email: s.contact_email } : null,
      },
      signaalstatus: s.signaalstatus,
      intrekkingGevraagd: s.status === INTREKKING.stopVerzocht.naar,
      intrekkingGevraagdOp: s.intrekking_gevraagd_op,
      achternaam: s.achternaam,
      voorletters: s.voorletters,
      straatnaam: s.straatnaam,
      huisnummer: s.huisnummer,
      toevoeging: s.toevoeging,
      postcode: s.postcode,
      woonplaats: s.woonplaats,
      telefoonnummers: [s.telefoon1, s.telefoon2, s.telefoon3].filter((t): t is string => !!t),
      email: s.email,
      aantalMaandenAchterstand: Number(s.maanden_achterstand),
      bedragAchterstand: Number(s.bedrag_achterstand),
      vervaldatum: s.vervaldatum,
      crisissignaal: s.crisissignaal,
      warmeOverdracht: s.warme_overdracht,
      meervoudig: s.meervoudig,
      opeenvolgend: s.opeenvolgend,
      herhalingen: s.herhalingen,
      ontvangenOp: s.ontvangen_op,
    })),
    contactpogingen: pogingen.map((p) => ({
      id: p.id,
      soort: p.soort,
      bereikt: p.bereikt,
      datum: p.datum,
      dagdeel: p.dagdeel,
      vastgelegdOp: p.vastgelegd_op,
    })),
    historie: historie.map((h) => ({
      tijdstip: h.tijdstip,
      gebeurtenis: h.gebeurtenis,
      van: h.van,
      naar: h.naar,
      organisatieId: h.organisatie_id,
      actorSoort: h.actor_soort,
      actorId: h.actor_id,
      actorNaam: h.actor_soort === 'gebruiker' && h.actor_id ? (namen.get(h.actor_id) ?? null) : null,
      details: metNaam(leesDetails(h.details), namen),
    })),
  };
}
