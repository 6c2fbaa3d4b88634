import type { Context } from '../../context.ts';
import type { PauzeEindeReden, SchuldenrustKanaal } from '../../db/schema.ts';
import { plusMaanden, vandaag } from '../../shared/datum.ts';
import { AppError, invalidInput, notFound } from '../../shared/errors.ts';
import { plusWerkdagen } from '../../shared/werkdagen.ts';
import { SYSTEEM, type Actor } from '../audit/index.ts';
import { publiceer } from '../notificaties/index.ts';
import { bsnContext, bsnKluis } from '../trajecten/index.ts';
import * as store from './store.ts';
import { vergeetRust } from './vish.ts';
import {
  HERINNERING_NA_WERKDAGEN,
  PAUZE_MAANDEN,
  type EINDE_REDENEN,
  type INCASSOSTAPPEN,
  type KennisgevingStatus,
} from './vocabulaire.ts';

const pauzeBeeindigd = () =>
  new AppError(409, 'pauze_beeindigd', 'Deze schuldenrust is beëindigd; er kan niets meer aan worden gewijzigd.');

// --- Joining the arrangement (the creditor's administrator) ---

export interface DeelnameInvoer {
  soort: 'publiek' | 'privaat';
  grondslag?: string | null | undefined;
  kanaal: SchuldenrustKanaal;
  stappen: (typeof INCASSOSTAPPEN)[number][];
  contactEmail?: string | null | undefined;
}

export async function zetDeelname(ctx: Context, actor: Actor, organisatieId: string, v: DeelnameInvoer) {
  if (v.soort === 'publiek' && !v.grondslag?.trim())
    throw invalidInput('Een publieke schuldeiser noemt de wettelijke grondslag waarop hij het BSN gebruikt.');
  await store.zetDeelname(ctx.db.kysely, {
    organisatie_id: organisatieId,
    soort: v.soort,
    grondslag: v.soort === 'publiek' ? (v.grondslag?.trim() ?? null) : null,
    kanaal: v.kanaal,
    stappen: [...new Set(v.stappen)],
    contact_email: v.contactEmail ?? null,
  });
  await ctx.audit.schrijf({
    actor,
    actie: 'schuldenrust.deelname',
    onderwerp: organisatieId,
    resultaat: 'ok',
    details: { soort: v.soort, kanaal: v.kanaal },
  });
  return leesDeelname(ctx, organisatieId);
}

export async function leesDeelname(ctx: Context, organisatieId: string) {
  const d = await store.deelname(ctx.db.kysely, organisatieId);
  if (!d) return null;
  return {
    soort: d.soort,
    grondslag: d.grondslag,
    kanaal: d.kanaal,
    stappen: d.stappen,
    contactEmail: d.contact_email,
    status: d.status,
    ingegaanOp: d.ingegaan_op,
    beeindigdOp: d.beeindigd_op,
  };
}

export async function beeindigDeelname(ctx: Context, actor: Actor, organisatieId: string) {
  const ok = await store.beeindigDeelname(ctx.db.kysely, organisatieId);
  if (!ok) throw notFound();
  await ctx.audit.schrijf({
    actor,
    actie: 'schuldenrust.deelname-beeindigd',
    onderwerp: organisatieId,
    resultaat: 'ok',
  });
  return leesDeelname(ctx, organisatieId);
}

// --- The counsellor's side ---

async function eigenTraject(ctx: Context, organisatieId: string, trajectId: string) {
  const t = await store.traject(ctx.db.kysely, organisatieId, trajectId);
  if (!t) throw notFound(); // another organisation's trajectory is "not found"
  return t;
}

export interface SchuldInvoer {
  schuldeiserId?: string | null | undefined;
  naam?: string | null | undefined;
  adres?: string | null | undefined;
  kenmerk?: string | null | undefined;
  bedrag?: number | null | undefined;
}

export async function voegSchuldToe(
  ctx: Context,
  actor: Actor,
  organisatieId: string,
  trajectId: string,
  v: SchuldInvoer,
) {
  const t = await eigenTraject(ctx, organisatieId, trajectId);
  if (t.einddatum) throw invalidInput('Het traject is afgesloten.');
  if (!v.schuldeiserId && !v.naam?.trim()) throw invalidInput('Kies een aangesloten schuldeiser of vul een naam in.');
  if (v.schuldeiserId) {
    const d = await store.deelname(ctx.db.kysely, v.schuldeiserId);
    if (d?.status !== 'actief') throw invalidInput('Deze schuldeiser doet niet mee aan de schuldenrust.');
  } else if (!v.adres?.trim()) {
    throw invalidInput('Vul het adres van de schuldeiser in: die krijgt de kennisgeving per brief.');
  }
  const r = await store.voegSchuldToe(ctx.db.kysely, {
    traject_id: trajectId,
    organisatie_id: organisatieId,
    schuldeiser_id: v.schuldeiserId ?? null,
    schuldeiser_naam: v.schuldeiserId ? null : (v.naam?.trim() ?? null),
    schuldeiser_adres: v.schuldeiserId ? null : (v.adres?.trim() ?? null),
    kenmerk: v.kenmerk?.trim() || null,
    bedrag: v.bedrag ?? null,
  });
  await ctx.audit.schrijf({ actor, actie: 'schuldenrust.schuld-toevoegen', onderwerp: trajectId, resultaat: 'ok' });
  return r.id;
}

/** What the counsellor sees per creditor of a pause. */
function statusVan(k: { kanaal: string; antwoord: string | null; verstuurd_op: Date }, nu: Date): KennisgevingStatus {
  if (k.antwoord) return k.antwoord as KennisgevingStatus;
  if (k.kanaal === 'brief') return 'per-brief';
  return plusWerkdagen(vandaag(k.verstuurd_op), HERINNERING_NA_WERKDAGEN) <= vandaag(nu)
    ? 'geen-antwoord'
    : 'verstuurd';
}

/** The counsellor's overview of one own trajectory: debts, the pauses (newest first) with their Kennisgevingen. */
/** A connected creditor in the arrangement uses its own channel; one that left it, or one known by address only, a letter. */
const kanaalVan = (s: {
  schuldeiser_id: string | null;
  deelname_status: string | null;
  kanaal: SchuldenrustKanaal | null;
}) => (s.schuldeiser_id && s.deelname_status === 'actief' && s.kanaal ? s.kanaal : 'brief');

export async function overzicht(ctx: Context, actor: Actor, organisatieId: string, trajectId: string, nu = new Date()) {
  const t = await eigenTraject(ctx, organisatieId, trajectId);
  const db = ctx.db.kysely;
  const [schulden, pauzes] = await Promise.all([
    store.schulden(db, organisatieId, trajectId),
    store.pauzesVan(db, trajectId),
  ]);
  const uit = [];
  for (const p of pauzes) {
    const [kg, hist] = await Promise.all([store.kennisgevingenVanPauze(db, p.id), store.historie(db, p.id)]);
    uit.push({
      id: p.id,
      startdatum: p.startdatum,
      einddatum: p.einddatum,
      status: p.status,
      eindeReden: p.einde_reden,
      kennisgevingen: kg.map((k) => ({
        id: k.id,
        schuldId: k.schuld_id,
        schuldeiser: k.naam,
        kenmerk: k.kenmerk,
        kanaal: k.kanaal,
        status: statusVan(k, nu),
        verstuurdOp: k.verstuurd_op,
        beantwoordOp: k.beantwoord_op,
        deurwaarder: k.deurwaarder_naam,
        herinnerdOp: k.herinnerd_op,
      })),
      historie: hist.map((h) => ({
        tijdstip: h.tijdstip,
        gebeurtenis: h.gebeurtenis,
        einddatum: h.einddatum,
        reden: h.reden,
        door: h.actor_soort,
      })),
    });
  }
  await ctx.audit.schrijf({ actor, actie: 'schuldenrust.lezen', onderwerp: trajectId, resultaat: 'ok' });
  return {
    trajectId,
    toegelaten: t.toegelaten,
    open: !t.einddatum,
    schulden: schulden.map((s) => ({
      id: s.id,
      schuldeiserId: s.schuldeiser_id,
      schuldeiser: s.naam,
      adres: s.schuldeiser_adres,
      kenmerk: s.kenmerk,
      bedrag: s.bedrag === null ? null : Number(s.bedrag),
      bron: s.bron,
      deurwaarder: s.deurwaarder,
      soort: s.soort,
      kanaal: kanaalVan(s),
    })),
    pauzes: uit,
  };
}

/**
 * The Kennisgeving (phase 2): on an admitted, open trajectory, starts the pause (4 months from `startdatum`, or uses
 * the active one) and notifies every chosen creditor in one transaction: connected ones through the notification
 * outbox (in-app, mail, webhook), the others get a letter the counsellor downloads.
 */
export async function verstuurKennisgeving(
  ctx: Context,
  actor: Actor,
  organisatieId: string,
  trajectId: string,
  v: { schulden: string[]; startdatum?: string | undefined },
  nu = new Date(),
) {
  const t = await eigenTraject(ctx, organisatieId, trajectId);
  if (t.einddatum) throw invalidInput('Het traject is afgesloten.');
  if (!t.toegelaten)
    throw new AppError(
      409,
      'niet_toegelaten',
      'Een kennisgeving kan pas na de toelatingsbeschikking (of vanaf de stabilisatiefase) worden verstuurd.',
    );
  const inventaris = await store.schulden(ctx.db.kysely, organisatieId, trajectId);
  const gekozen = inventaris.filter((s) => v.schulden.includes(s.id));
  if (gekozen.length !== new Set(v.schulden).size || gekozen.length === 0)
    throw invalidInput('Kies een of meer schulden uit de schuldenlijst van dit traject.');
  const dag = vandaag(nu);
  const start = v.startdatum ?? dag;
  if (start > dag) throw invalidInput('De schuldenrust kan niet in de toekomst beginnen.');
  const res = await ctx.db.kysely.transaction().execute(async (tx) => {
    let p = await store.actievePauze(tx, trajectId);
    let nieuw = false;
    if (!p) {
      p = await store.nieuwePauze(tx, {
        traject_id: trajectId,
        organisatie_id: organisatieId,
        startdatum: start,
        einddatum: plusMaanden(start, PAUZE_MAANDEN),
      });
      nieuw = true;
      await store.schrijfHistorie(tx, {
        pauze_id: p.id,
        gebeurtenis: 'gestart',
        einddatum: p.einddatum,
        actor_soort: actor.soort,
        actor_id: actor.id,
        organisatie_id: organisatieId,
      });
    }
    const rijen = await store.voegKennisgevingenToe(
      tx,
      gekozen.map((s) => ({
        pauze_id: p.id,
        schuld_id: s.id,
        schuldeiser_id: s.schuldeiser_id,
        kanaal: kanaalVan(s),
        verstuurd_op: nu,
      })),
    );
    const digitaal = rijen.filter((r) => r.kanaal !== 'brief' && r.schuldeiser_id);
    await publiceer(
      tx,
      'schuldenrust.kennisgeving',
      digitaal.map((r) => ({ kennisgevingId: r.id, schuldeiserId: r.schuldeiser_id!, einddatum: p.einddatum })),
      { nu },
    );
    if (rijen.length > 0)
      await store.schrijfHistorie(tx, {
        pauze_id: p.id,
        gebeurtenis: 'kennisgeving-verstuurd',
        einddatum: p.einddatum,
        reden: `${rijen.length} schuldeiser(s): ${digitaal.length} digitaal, ${rijen.length - digitaal.length} per brief`,
        actor_soort: actor.soort,
        actor_id: actor.id,
        organisatie_id: organisatieId,
      });
    return { pauze: p, nieuw, rijen };
  });
  vergeetRust(ctx);
  await ctx.audit.schrijf({
    actor,
    actie: 'schuldenrust.kennisgeving',
    onderwerp: res.pauze.id,
    resultaat: 'ok',
    details: { traject: trajectId, aantal: res.rijen.length, nieuwePauze: res.nieuw },
  });
  return {
    pauzeId: res.pauze.id,
    startdatum: res.pauze.startdatum,
    einddatum: res.pauze.einddatum,
    verstuurd: res.rijen.map((r) => ({ id: r.id, kanaal: r.kanaal })),
  };
}

/** Tells every creditor of the pause (connected ones) of a change, in the caller's transaction. */
async function meldWijziging(
  tx: Parameters<typeof store.kennisgevingenVanPauze>[0],
  pauzeId: string,
  status: 'verlengd' | 'beeindigd',
  einddatum: string,
  wijzigingId: string,
  nu: Date,
) {
  const kg = await store.kennisgevingenVanPauze(tx, pauzeId);
  await publiceer(
    tx,
    'schuldenrust.pauze-gewijzigd',
    kg
      .filter((k) => k.kanaal !== 'brief' && k.schuldeiser_id)
      .map((k) => ({ kennisgevingId: k.id, schuldeiserId: k.schuldeiser_id!, status, einddatum, wijzigingId })),
    { nu },
  );
  return kg.length;
}

export async function verlengPauze(
  ctx: Context,
  actor: Actor,
  organisatieId: string,
  pauzeId: string,
  v: { einddatum: string; reden: string },
  nu = new Date(),
) {
  const p = await store.pauze(ctx.db.kysely, organisatieId, pauzeId);
  if (!p) throw notFound();
  if (p.status !== 'actief') throw pauzeBeeindigd();
  if (v.einddatum <= p.einddatum) throw invalidInput('De nieuwe einddatum ligt niet na de huidige einddatum.');
  if (v.einddatum > plusMaanden(p.einddatum, 12)) throw invalidInput('Verleng met ten hoogste een jaar tegelijk.');
  await ctx.db.kysely.transaction().execute(async (tx) => {
    await store.verleng(tx, p.id, v.einddatum);
    await store.schrijfHistorie(tx, {
      pauze_id: p.id,
      gebeurtenis: 'verlengd',
      einddatum: v.einddatum,
      reden: v.reden,
      actor_soort: actor.soort,
      actor_id: actor.id,
      organisatie_id: organisatieId,
    });
    await meldWijziging(tx, p.id, 'verlengd', v.einddatum, `verlengd-${v.einddatum}`, nu);
  });
  vergeetRust(ctx);
  await ctx.audit.schrijf({
    actor,
    actie: 'schuldenrust.verlengen',
    onderwerp: p.id,
    resultaat: 'ok',
    details: { einddatum: v.einddatum },
  });
  return { id: p.id, status: 'actief' as const, einddatum: v.einddatum };
}

/** Ends a pause now (early, by the counsellor, or by the job); every creditor is told. */
async function beeindig(
  ctx: Context,
  actor: Actor,
  p: { id: string; organisatie_id: string; einddatum: string },
  reden: PauzeEindeReden,
  nu: Date,
) {
  const dag = vandaag(nu);
  const einde = reden === 'einddatum' ? p.einddatum : dag < p.einddatum ? dag : p.einddatum;
  const gedaan = await ctx.db.kysely.transaction().execute(async (tx) => {
    if (!(await store.beeindig(tx, p.id, reden, nu))) return false;
    await store.schrijfHistorie(tx, {
      pauze_id: p.id,
      gebeurtenis: 'beeindigd',
      einddatum: einde,
      reden,
      actor_soort: actor.soort,
      actor_id: actor.id,
      organisatie_id: p.organisatie_id,
    });
    await meldWijziging(tx, p.id, 'beeindigd', einde, 'beeindigd', nu);
    return true;
  });
  if (!gedaan) return false;
  vergeetRust(ctx);
  await ctx.audit.schrijf({
    actor,
    actie: 'schuldenrust.beeindigen',
    onderwerp: p.id,
    resultaat: 'ok',
    details: { reden },
  });
  return true;
}

export async function beeindigPauze(
  ctx: Context,
  actor: Actor,
  organisatieId: string,
  pauzeId: string,
  reden: (typeof EINDE_REDENEN)[number],
  nu = new Date(),
) {
  const p = await store.pauze(ctx.db.kysely, organisatieId, pauzeId);
  if (!p) throw notFound();
  if (p.status !== 'actief' || !(await beeindig(ctx, actor, p, reden, nu))) throw pauzeBeeindigd();
  return { id: p.id, status: 'beeindigd' as const, eindeReden: reden };
}

/**
 * The scheduled job: ends pauses at their end date and those of closed trajectories, and sends a reminder for
 * Kennisgevingen without an answer after HERINNERING_NA_WERKDAGEN working days (once per Kennisgeving).
 */
export async function onderhoudSchuldenrust(ctx: Context, nu = new Date()) {
  const dag = vandaag(nu);
  let verlopen = 0;
  let trajectGesloten = 0;
  for (;;) {
    const rijen = await store.teBeeindigen(ctx.db.kysely, dag);
    if (rijen.length === 0) break;
    let gedaan = 0;
    for (const r of rijen) {
      const gesloten = r.traject_einddatum !== null || r.geanonimiseerd_op !== null;
      if (await beeindig(ctx, SYSTEEM, r, gesloten ? 'traject-gesloten' : 'einddatum', nu)) {
        gedaan++;
        if (gesloten) trajectGesloten++;
        else verlopen++;
      }
    }
    if (gedaan === 0) break;
  }
  // The same rule as the counsellor's 'geen-antwoord' (statusVan): N working days after the day it was sent.
  const herinneren = await store.teHerinneren(ctx.db.kysely, nu);
  const teSturen = herinneren.filter(
    (k) => k.schuldeiser_id && statusVan({ ...k, antwoord: null }, nu) === 'geen-antwoord',
  );
  if (teSturen.length > 0) {
    await ctx.db.kysely.transaction().execute(async (tx) => {
      await publiceer(
        tx,
        'schuldenrust.herinnering',
        teSturen.map((k) => ({ kennisgevingId: k.id, schuldeiserId: k.schuldeiser_id!, einddatum: k.einddatum })),
        { nu },
      );
      await store.markeerHerinnerd(
        tx,
        teSturen.map((k) => k.id),
        nu,
      );
    });
  }
  return { verlopen, trajectGesloten, herinneringen: teSturen.length };
}

// --- The creditor's side ---

function creditorView(ctx: Context, r: store.OntvangenRij, publiek: boolean) {
  return {
    id: r.id,
    kenmerk: r.kenmerk,
    // Only a public creditor with a legal basis gets the BSN; private creditors know the person by their reference.
    bsn:
      publiek && r.bsn_versleuteld
        ? bsnKluis(ctx.config).ontsleutel(r.bsn_versleuteld, bsnContext(r.traject_organisatie_id))
        : null,
    pauze: {
      startdatum: r.startdatum,
      einddatum: r.einddatum,
      status: r.pauze_status,
      eindeReden: r.einde_reden,
    },
    hulpverlener: {
      organisatie: r.hulpverlener,
      consulent: r.consulent_naam,
      telefoon: r.consulent_telefoon,
      email: r.consulent_email,
    },
    verstuurdOp: r.verstuurd_op,
    antwoord: r.antwoord,
    deurwaarder: r.deurwaarder_naam,
    beantwoordOp: r.beantwoord_op,
  };
}

async function isPubliek(ctx: Context, schuldeiserId: string) {
  const d = await store.deelname(ctx.db.kysely, schuldeiserId);
  return d?.soort === 'publiek' && !!d.grondslag;
}

export async function werklijst(ctx: Context, actor: Actor, schuldeiserId: string, v: { open?: boolean | undefined }) {
  const rijen = await store.ontvangen(ctx.db.kysely, schuldeiserId, { open: v.open, limit: 1000 });
  const publiek = await isPubliek(ctx, schuldeiserId);
  if (rijen.length > 0)
    await ctx.audit.schrijfVeel(
      rijen.map((r) => ({ actor, actie: 'schuldenrust.ontvangen-lezen', onderwerp: r.id, resultaat: 'ok' })),
    );
  return { kennisgevingen: rijen.map((r) => creditorView(ctx, r, publiek)) };
}

export async function leesOntvangen(ctx: Context, actor: Actor, schuldeiserId: string, id: string) {
  const r = await store.ontvangenEen(ctx.db.kysely, schuldeiserId, id);
  await ctx.audit.schrijf({
    actor,
    actie: 'schuldenrust.ontvangen-lezen',
    onderwerp: id,
    resultaat: r ? 'ok' : 'niet-gevonden',
  });
  if (!r) throw notFound(); // another creditor's Kennisgeving is "not found"
  return creditorView(ctx, r, await isPubliek(ctx, schuldeiserId));
}

export async function beantwoord(
  ctx: Context,
  actor: Actor,
  schuldeiserId: string,
  id: string,
  v: { antwoord: 'erkend' | 'geen-vordering' | 'deurwaarder'; deurwaarder?: string | null | undefined },
  nu = new Date(),
) {
  const r = await store.ontvangenEen(ctx.db.kysely, schuldeiserId, id);
  if (!r) throw notFound();
  if (r.pauze_status !== 'actief') throw pauzeBeeindigd();
  if (r.antwoord) throw new AppError(409, 'al_beantwoord', 'Deze kennisgeving is al beantwoord.');
  const naam = v.deurwaarder?.trim() || null;
  if (v.antwoord === 'deurwaarder' && !naam) throw invalidInput('Vul de naam van de deurwaarder in.');
  await ctx.db.kysely.transaction().execute(async (tx) => {
    if (
      !(await store.beantwoord(tx, id, {
        antwoord: v.antwoord,
        deurwaarderNaam: v.antwoord === 'deurwaarder' ? naam : null,
        nu,
      }))
    )
      throw new AppError(409, 'al_beantwoord', 'Deze kennisgeving is al beantwoord.');
    const k = await tx
      .selectFrom('schuldenrust_kennisgevingen as k')
      .innerJoin('schuldenrust_pauzes as p', 'p.id', 'k.pauze_id')
      .innerJoin('trajecten as t', 't.id', 'p.traject_id')
      .select(['p.id as pauze_id', 'p.organisatie_id', 'p.traject_id', 't.consulent_gebruiker_id'])
      .where('k.id', '=', id)
      .executeTakeFirstOrThrow();
    await store.schrijfHistorie(tx, {
      pauze_id: k.pauze_id,
      gebeurtenis: `antwoord-${v.antwoord}`,
      reden: null,
      actor_soort: actor.soort,
      actor_id: actor.id,
      organisatie_id: schuldeiserId,
    });
    await publiceer(
      tx,
      'schuldenrust.antwoord',
      {
        trajectId: k.traject_id,
        organisatieId: k.organisatie_id,
        consulentId: k.consulent_gebruiker_id,
        antwoord: v.antwoord,
      },
      { nu },
    );
  });
  await ctx.audit.schrijf({
    actor,
    actie: 'schuldenrust.antwoord',
    onderwerp: id,
    resultaat: 'ok',
    details: { antwoord: v.antwoord },
  });
  return leesOntvangen(ctx, actor, schuldeiserId, id);
}

export const actieveSchuldeisers = (ctx: Context) => store.actieveSchuldeisers(ctx.db.kysely);
