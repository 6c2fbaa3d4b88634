import type { Context } from '../../context.ts';
import { notFound } from '../../shared/errors.ts';
import type { Actor } from '../audit/index.ts';
import { signaalGrens } from '../retentie/index.ts';
import * as store from './meldingen-store.ts';
import { terugkoppeling } from './store.ts';

/**
 * The partner's view of its own reports (meldingen): what it delivered, and from the municipality only "help accepted"
 * (Wgs, LCV art. 4). Served by the partner routes of vroegsignalen.
 */

type Rij = Awaited<ReturnType<typeof store.signaalVanPartner>> & {};

type Terugkoppeling = Awaited<ReturnType<typeof terugkoppeling>>;

/**
 * What a partner sees of its own signal: what it delivered, and from the municipality only "help accepted" with its
 * date and the end of the 30-day suspension (Wgs, LCV art. 4), or nothing. Not picked up, being worked, closed with any
 * other result: all look the same. A withdrawn signal is gone, whether deleted or the municipality was asked to stop.
 */
function voorPartner(s: Rij, t: Terugkoppeling) {
  const hulp = t.get(s.id);
  return {
    id: s.id,
    gemeentecode: s.gemeentecode,
    sector: s.sector,
    status: hulp ? ('hulp-geaccepteerd' as const) : ('ontvangen' as const),
    hulpGeaccepteerdOp: hulp?.hulpGeaccepteerdOp ?? null,
    opschortingTot: hulp?.opschortingTot ?? null,
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
    klantnummer: s.klantnummer,
    herhalingen: s.herhalingen,
    ontvangenOp: s.eerste_op,
    laatsteMeldingOp: s.laatste_melding_op,
  };
}

const venster = (ctx: Context) => signaalGrens(ctx.config, new Date());

export async function lijstSignalen(
  ctx: Context,
  actor: Actor,
  partnerId: string,
  v: store.LijstFilter & { limit: number; offset: number; sorteer?: store.Sortering | undefined },
) {
  const rows = await store.signalenVanPartner(ctx.db.kysely, partnerId, venster(ctx), v);
  if (rows.length > 0)
    await ctx.audit.schrijfVeel(
      rows.map((r) => ({ actor, actie: 'vroegsignaal.lezen', onderwerp: r.id, resultaat: 'ok' })),
    );
  const t = await terugkoppeling(
    ctx.db.kysely,
    rows.map((r) => r.id),
  );
  return rows.map((r) => voorPartner(r, t));
}

/** How many of the partner's reports match the filters (for paging and the home page's counts). */
export async function telSignalen(ctx: Context, partnerId: string, f: store.LijstFilter) {
  return store.telSignalenVanPartner(ctx.db.kysely, partnerId, venster(ctx), f);
}

/** Another partner's signal is "not found", never "forbidden". */
export async function leesSignaal(ctx: Context, actor: Actor, partnerId: string, id: string) {
  const s = await store.signaalVanPartner(ctx.db.kysely, partnerId, venster(ctx), id);
  await ctx.audit.schrijf({ actor, actie: 'vroegsignaal.lezen', onderwerp: id, resultaat: s ? 'ok' : 'niet-gevonden' });
  if (!s) throw notFound();
  return voorPartner(s, await terugkoppeling(ctx.db.kysely, [s.id]));
}

export async function trekSignaalIn(ctx: Context, actor: Actor, partnerId: string, id: string) {
  const r = await store.trekIn(ctx.db.kysely, partnerId, venster(ctx), id);
  await ctx.audit.schrijf({ actor, actie: 'vroegsignaal.intrekken', onderwerp: id, resultaat: r ?? 'niet-gevonden' });
  if (!r) throw notFound();
  // One answer whether it was deleted or the municipality was asked to stop: the partner must not learn which.
  return { id, resultaat: 'ingetrokken' as const };
}

/** The partner's reports matching a customer number or an address (for a bulk withdrawal). */
export async function zoekMeldingen(
  ctx: Context,
  partnerId: string,
  zoek: { klantnummer?: string; adresSleutel?: string },
) {
  return store.zoekMeldingen(ctx.db.kysely, partnerId, venster(ctx), zoek);
}
