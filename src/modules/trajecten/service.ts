import type { Context } from '../../context.ts';
import { normaliseBsn } from '../../shared/bsn.ts';
import { invalidInput, notFound } from '../../shared/errors.ts';
import type { UITSTROOMREDENEN } from '../../shared/vocabulaire.ts';
import type { Actor } from '../audit/index.ts';
import { routeer } from '../gemeenten/index.ts';
import { normaliseerPostcode } from '../gemeenten/index.ts';
import { DdasDelen, huidigeFase, naarDdasSchuldhulptraject, vanafToelating, voegDelenSamen } from './ddas.ts';
import { bsnContext, bsnKluis } from './kluis.ts';
import { datumFouten } from './validatie.ts';
import { vandaag } from '../../shared/datum.ts';
import { achternaamVergelijkSleutel } from './namen.ts';
import * as store from './store.ts';
import type { TrajectRij } from './store.ts';

export interface Consulent {
  gebruikerId?: string | null | undefined;
  naam: string;
  telefoon?: string | null | undefined;
  email?: string | null | undefined;
}

export interface Persoon {
  bsn: string;
  achternaam: string;
  voorletters?: string | null | undefined;
  postcode: string;
  huisnummer: number;
  toevoeging?: string | null | undefined;
}

export interface NieuwTrajectInvoer extends Persoon {
  externId?: string | null | undefined;
  /** The partner's BSN (DDAS `client` holds up to two persons); null removes it. */
  partnerBsn?: string | null | undefined;
  startdatum: string;
  consulent: Consulent;
  ondernemer?: boolean | undefined;
  vishKeuze?: 'standaard' | 'altijd' | 'nooit' | undefined;
  ddas?: Record<string, unknown> | undefined;
}

export type TrajectWijzigingInvoer = Partial<Omit<NieuwTrajectInvoer, 'ddas'>> & {
  ddas?: Record<string, unknown> | undefined;
};

/** What the own organisation sees. The BSN only when asked for one trajectory (`metBsn`). */
export function weergave(ctx: Context, t: TrajectRij, metBsn = false) {
  const ddas = t.ddas as DdasDelen;
  return {
    id: t.id,
    externId: t.extern_id,
    bsn:
      metBsn && t.bsn_versleuteld
        ? bsnKluis(ctx.config).ontsleutel(t.bsn_versleuteld, bsnContext(t.organisatie_id))
        : null,
    partnerBsn:
      metBsn && t.partner_bsn_versleuteld
        ? bsnKluis(ctx.config).ontsleutel(t.partner_bsn_versleuteld, bsnContext(t.organisatie_id))
        : null,
    achternaam: t.achternaam,
    voorletters: t.voorletters,
    postcode: t.postcode,
    huisnummer: t.huisnummer,
    toevoeging: t.toevoeging,
    gemeentecode: t.gemeentecode,
    consulent: {
      gebruikerId: t.consulent_gebruiker_id,
      naam: t.consulent_naam,
      telefoon: t.consulent_telefoon,
      email: t.consulent_email,
    },
    ondernemer: t.ondernemer,
    fase: t.fase,
    startdatum: t.startdatum,
    einddatum: t.einddatum,
    uitstroomreden: t.uitstroomreden,
    vishKeuze: t.vish_keuze,
    ddas,
    aangemaaktOp: t.aangemaakt_op,
    bijgewerktOp: t.bijgewerkt_op,
    geanonimiseerdOp: t.geanonimiseerd_op,
  };
}

/** The DDAS-SHV `schuldhulptraject` of one own trajectory (with the client block, for the DDAS export). */
export function ddasVan(ctx: Context, t: TrajectRij) {
  const bsn = t.bsn_versleuteld
    ? bsnKluis(ctx.config).ontsleutel(t.bsn_versleuteld, bsnContext(t.organisatie_id))
    : null;
  return naarDdasSchuldhulptraject({
    startdatum: t.startdatum,
    einddatum: t.einddatum,
    gemeentecode: t.gemeentecode,
    ddas: t.ddas as DdasDelen,
    client:
      bsn && t.postcode && t.huisnummer
        ? {
            bsn,
            partnerBsn: t.partner_bsn_versleuteld
              ? bsnKluis(ctx.config).ontsleutel(t.partner_bsn_versleuteld, bsnContext(t.organisatie_id))
              : null,
            postcode: t.postcode,
            huisnummer: t.huisnummer,
            toevoeging: t.toevoeging,
          }
        : null,
  });
}

/** Checked, normalised personal columns (BSN -> pseudonym + ciphertext; postcode -> municipality). */
export async function persoonKolommen(ctx: Context, organisatieId: string, p: Persoon) {
  const bsn = normaliseBsn(p.bsn);
  if (!bsn) throw invalidInput('Het BSN is niet geldig (9 cijfers en de elfproef).');
  const postcode = normaliseerPostcode(p.postcode);
  if (!postcode) throw invalidInput('De postcode heeft geen geldig formaat (1234 AB).');
  if (!Number.isInteger(p.huisnummer) || p.huisnummer < 1 || p.huisnummer > 99_999)
    throw invalidInput('Het huisnummer is niet geldig.');
  const achternaam = p.achternaam.trim();
  if (!achternaam) throw invalidInput('De achternaam ontbreekt.');
  const [route] = await routeer(ctx.db.kysely, [{ pc6: postcode, huisnummer: p.huisnummer }]);
  if (!route?.gemeentecode)
    throw invalidInput(`Deze postcode kan niet aan een gemeente worden gekoppeld: ${route?.reden ?? 'onbekend'}.`);
  return {
    bsn_pseudoniem: ctx.pseudo.pseudoniem(bsn),
    sleutel_id: ctx.pseudo.huidigeSleutel,
    bsn_versleuteld: bsnKluis(ctx.config).versleutel(bsn, bsnContext(organisatieId)),
    achternaam,
    voorletters: p.voorletters?.trim() || null,
    achternaam_sleutel: achternaamVergelijkSleutel(achternaam),
    postcode,
    huisnummer: p.huisnummer,
    toevoeging: p.toevoeging?.trim() || null,
    gemeentecode: route.gemeentecode,
  };
}

/** The partner's BSN, checked and encrypted like the client's (never pseudonymised: it is not in VISH). */
function partnerKolom(ctx: Context, organisatieId: string, partnerBsn: string | null, clientBsn: string) {
  if (partnerBsn === null || partnerBsn.trim() === '') return { partner_bsn_versleuteld: null };
  const bsn = normaliseBsn(partnerBsn);
  if (!bsn) throw invalidInput('Het BSN van de partner is niet geldig (9 cijfers en de elfproef).');
  if (bsn === normaliseBsn(clientBsn)) throw invalidInput('Het BSN van de partner is hetzelfde als dat van de cliënt.');
  return { partner_bsn_versleuteld: bsnKluis(ctx.config).versleutel(bsn, bsnContext(organisatieId)) };
}

async function consulentKolommen(ctx: Context, organisatieId: string, c: Consulent) {
  if (c.gebruikerId && !(await store.consulentBestaat(ctx.db.kysely, organisatieId, c.gebruikerId))) {
    throw invalidInput('De consulent is geen gebruiker van uw organisatie.');
  }
  return {
    consulent_gebruiker_id: c.gebruikerId ?? null,
    consulent_naam: c.naam.trim(),
    consulent_telefoon: c.telefoon?.trim() || null,
    consulent_email: c.email?.trim() || null,
  };
}

/** Derived plain columns from the DDAS parts (phase, closure, the default VISH rule). */
function afgeleid(d: DdasDelen) {
  return {
    ddas: JSON.stringify(d),
    fase: huidigeFase(d),
    toegelaten: vanafToelating(d),
    einddatum: d.uitstroom?.datum ?? null,
    uitstroomreden: d.uitstroom?.reden ?? null,
  };
}

function delen(startdatum: string, ruw: Record<string, unknown> | undefined, oud: DdasDelen = {}): DdasDelen {
  const r = DdasDelen.safeParse(voegDelenSamen(oud, ruw ?? {}));
  if (!r.success)
    throw invalidInput(
      'De trajectgegevens (DDAS) zijn niet geldig.',
      r.error.issues.map((i) => ({ veld: i.path.join('.'), melding: i.message })),
    );
  const d = r.data;
  if (!d.aanmelding?.startdatum) d.aanmelding = { ...(d.aanmelding ?? {}), startdatum };
  if (d.uitstroom && (!d.uitstroom.datum || !d.uitstroom.reden))
    throw invalidInput('Uitstroom heeft een datum en een reden nodig; gebruik afsluiten.');
  const fouten = datumFouten({ startdatum, einddatum: d.uitstroom?.datum, ddas: d }, vandaag());
  if (fouten.length > 0)
    throw invalidInput(
      fouten.length === 1 ? fouten[0]! : `${fouten[0]} (En nog ${fouten.length - 1} andere datums kloppen niet.)`,
      fouten.map((melding) => ({ veld: 'datums', melding })),
    );
  return d;
}

export async function maakTraject(ctx: Context, actor: Actor, organisatieId: string, v: NieuwTrajectInvoer) {
  const d = delen(v.startdatum, v.ddas);
  const { id } = await store.voegToe(ctx.db.kysely, {
    organisatie_id: organisatieId,
    extern_id: v.externId ?? null,
    startdatum: v.startdatum,
    ondernemer: v.ondernemer ?? false,
    vish_keuze: v.vishKeuze ?? 'standaard',
    ...(await persoonKolommen(ctx, organisatieId, v)),
    ...partnerKolom(ctx, organisatieId, v.partnerBsn ?? null, v.bsn),
    ...(await consulentKolommen(ctx, organisatieId, v.consulent)),
    ...afgeleid(d),
  });
  await ctx.audit.schrijf({ actor, actie: 'traject.aanmaken', onderwerp: id, resultaat: 'ok' });
  return leesTraject(ctx, actor, organisatieId, id, false);
}

/** Changes an own trajectory; parts given in `ddas` replace the stored ones (null removes one). */
export async function werkTrajectBij(
  ctx: Context,
  actor: Actor,
  organisatieId: string,
  id: string,
  v: TrajectWijzigingInvoer,
) {
  const oud = await store.vanOrganisatie(ctx.db.kysely, organisatieId, id);
  if (!oud || oud.geanonimiseerd_op) {
    await ctx.audit.schrijf({ actor, actie: 'traject.wijzigen', onderwerp: id, resultaat: 'niet-gevonden' });
    throw notFound();
  }
  const d = delen(v.startdatum ?? oud.startdatum, v.ddas, oud.ddas as DdasDelen);
  const persoon =
    v.bsn ||
    v.achternaam ||
    v.postcode ||
    v.huisnummer !== undefined ||
    v.toevoeging !== undefined ||
    v.voorletters !== undefined;
  const bsn =
    v.bsn ??
    (oud.bsn_versleuteld ? bsnKluis(ctx.config).ontsleutel(oud.bsn_versleuteld, bsnContext(organisatieId)) : '');
  await store.werkBij(ctx.db.kysely, organisatieId, id, {
    ...(v.externId !== undefined ? { extern_id: v.externId } : {}),
    ...(v.startdatum ? { startdatum: v.startdatum } : {}),
    ...(v.ondernemer !== undefined ? { ondernemer: v.ondernemer } : {}),
    ...(v.vishKeuze ? { vish_keuze: v.vishKeuze } : {}),
    ...(persoon
      ? await persoonKolommen(ctx, organisatieId, {
          bsn,
          achternaam: v.achternaam ?? oud.achternaam ?? '',
          postcode: v.postcode ?? oud.postcode ?? '',
          huisnummer: v.huisnummer ?? oud.huisnummer ?? 0,
          voorletters: v.voorletters !== undefined ? v.voorletters : oud.voorletters,
          toevoeging: v.toevoeging !== undefined ? v.toevoeging : oud.toevoeging,
        })
      : {}),
    ...(v.partnerBsn !== undefined ? partnerKolom(ctx, organisatieId, v.partnerBsn, bsn) : {}),
    ...(v.consulent ? await consulentKolommen(ctx, organisatieId, v.consulent) : {}),
    ...afgeleid(d),
  });
  await ctx.audit.schrijf({
    actor,
    actie: 'traject.wijzigen',
    onderwerp: id,
    resultaat: 'ok',
    details: { delen: Object.keys(v.ddas ?? {}) },
  });
  return leesTraject(ctx, actor, organisatieId, id, false);
}

/** Closure (uitstroom): date and DDAS exit reason. */
export async function sluitTraject(
  ctx: Context,
  actor: Actor,
  organisatieId: string,
  id: string,
  u: {
    datum: string;
    reden: (typeof UITSTROOMREDENEN)[number];
    omschrijving?: string | undefined;
    datumBeeindigingsbeschikking?: string | undefined;
  },
) {
  const t = await store.vanOrganisatie(ctx.db.kysely, organisatieId, id);
  if (!t || t.geanonimiseerd_op) {
    await ctx.audit.schrijf({ actor, actie: 'traject.afsluiten', onderwerp: id, resultaat: 'niet-gevonden' });
    throw notFound();
  }
  if (u.datum < t.startdatum) throw invalidInput('De datum van uitstroom ligt voor de startdatum van het traject.');
  const d = delen(t.startdatum, { uitstroom: u }, t.ddas as DdasDelen);
  await store.werkBij(ctx.db.kysely, organisatieId, id, afgeleid(d));
  await ctx.audit.schrijf({
    actor,
    actie: 'traject.afsluiten',
    onderwerp: id,
    resultaat: 'ok',
    details: { reden: u.reden },
  });
  return leesTraject(ctx, actor, organisatieId, id, false);
}

/** Another organisation's trajectory is "not found", never "forbidden". */
export async function leesTraject(ctx: Context, actor: Actor, organisatieId: string, id: string, metBsn = true) {
  const t = await store.vanOrganisatie(ctx.db.kysely, organisatieId, id);
  await ctx.audit.schrijf({ actor, actie: 'traject.lezen', onderwerp: id, resultaat: t ? 'ok' : 'niet-gevonden' });
  if (!t) throw notFound();
  return weergave(ctx, t, metBsn);
}

export async function lijstTrajecten(
  ctx: Context,
  actor: Actor,
  organisatieId: string,
  v: {
    pagina: number;
    perPagina: number;
    status?: 'open' | 'gesloten' | undefined;
    zoek?: string | undefined;
    sorteer?: store.Sortering | undefined;
    richting?: 'oplopend' | 'aflopend' | undefined;
  },
) {
  const { rijen, totaal } = await store.lijst(ctx.db.kysely, organisatieId, {
    limit: v.perPagina,
    offset: (v.pagina - 1) * v.perPagina,
    status: v.status,
    zoek: v.zoek,
    sorteer: v.sorteer,
    aflopend: v.richting === 'aflopend',
  });
  if (rijen.length > 0)
    await ctx.audit.schrijfVeel(
      rijen.map((r) => ({ actor, actie: 'traject.lezen', onderwerp: r.id, resultaat: 'ok' })),
    );
  return { pagina: v.pagina, perPagina: v.perPagina, totaal, trajecten: rijen.map((r) => weergave(ctx, r)) };
}
