import type { Context } from '../../context.ts';
import { signaalGrens } from '../retentie/termijnen.ts';
import { invalidInput, notFound } from '../../shared/errors.ts';
import { leesCsv, type CsvOpties, type CsvRegel } from '../../shared/csv-bron.ts';
import type { Actor } from '../audit/audit.ts';
import { adresSleutel, normaliseerHuisnummer, normaliseerPostcode } from '../gemeenten/index.ts';
import { isZip, kijkVooruit, leesXlsx } from './xlsx.ts';
import * as store from './store.ts';
import { terugkoppeling } from '../signaalzaken/store.ts';

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
  v: { limit: number; offset: number; klantnummer?: string | undefined },
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

export const INTREK_KOLOMMEN: Record<string, string[]> = {
  klantnummer: ['Klantnummer'],
  postcode: ['Postcode'],
  huisnummer: ['Huisnummer'],
  toevoeging: ['Huisnummer toevoeging', 'Huisnummertoevoeging', 'Toevoeging'],
};

export interface IntrekRapport {
  regels: number;
  ingetrokken: number;
  nietGevonden: number[];
  afgewezen: { regel: number; reden: string }[];
}

/** Bulk withdrawal from a CSV/xlsx with customer numbers or postcode + house number (+ addition). */
export async function trekInBulk(
  ctx: Context,
  actor: Actor,
  partnerId: string,
  bytes: AsyncIterable<Buffer | Uint8Array>,
): Promise<IntrekRapport> {
  const opties: CsvOpties = {
    maxBytes: 10 * 1024 * 1024,
    maxRows: 100_000,
    kolommen: INTREK_KOLOMMEN,
    onbekendeKolom: 'weigeren',
    opHeader: (keys) => {
      if (!keys.includes('klantnummer') && !(keys.includes('postcode') && keys.includes('huisnummer'))) {
        throw invalidInput(
          "Het bestand moet de kolom 'Klantnummer' hebben, of de kolommen 'Postcode' en 'Huisnummer'.",
        );
      }
    },
  };
  const { begin, bron } = await kijkVooruit(bytes);
  const regels: AsyncIterable<CsvRegel> = isZip(begin) ? leesXlsx(bron, opties) : leesCsv(bron, opties);

  const rapport: IntrekRapport = { regels: 0, ingetrokken: 0, nietGevonden: [], afgewezen: [] };
  const doelen: { regel: number; zoek: { klantnummer?: string; adresSleutel?: string } }[] = [];
  for await (const r of regels) {
    rapport.regels++;
    if (r.fout) {
      rapport.afgewezen.push({ regel: r.regel, reden: r.fout });
      continue;
    }
    const klantnummer = r.velden.klantnummer?.trim();
    if (klantnummer) {
      doelen.push({ regel: r.regel, zoek: { klantnummer } });
      continue;
    }
    const pc6 = normaliseerPostcode(r.velden.postcode ?? '');
    const hnr = normaliseerHuisnummer(r.velden.huisnummer ?? '');
    if (!pc6 || !hnr) {
      rapport.afgewezen.push({
        regel: r.regel,
        reden: 'Klantnummer of een geldige postcode met huisnummer is verplicht',
      });
      continue;
    }
    doelen.push({ regel: r.regel, zoek: { adresSleutel: adresSleutel(pc6, hnr, r.velden.toevoeging) } });
  }
  // Nothing changes before the whole file has been read.
  for (const d of doelen) {
    const gevonden = await store.zoekMeldingen(ctx.db.kysely, partnerId, venster(ctx), d.zoek);
    if (gevonden.length === 0) {
      rapport.nietGevonden.push(d.regel);
      continue;
    }
    for (const s of gevonden) {
      await trekSignaalIn(ctx, actor, partnerId, s.id);
      rapport.ingetrokken++;
    }
  }
  return rapport;
}
