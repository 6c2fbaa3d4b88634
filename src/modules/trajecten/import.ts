import type { Context } from '../../context.ts';
import { leesCsv } from '../../shared/csv-bron.ts';
import { parseDatum } from '../../shared/datum.ts';
import { AppError } from '../../shared/errors.ts';
import {
  BEGELEIDINGSSOORTEN,
  BESCHIKKINGSSOORTEN,
  OPLOSSINGSSOORTEN,
  UITSTROOMREDENEN,
} from '../../shared/vocabulaire.ts';
import type { Actor } from '../audit/index.ts';
import { maakTraject, werkTrajectBij, type NieuwTrajectInvoer } from './service.ts';
import * as store from './store.ts';
import { EMAIL, TELEFOON } from './validatie.ts';

/** Columns of a case-system export (canonical key -> accepted titles). Only Dossiernummer, BSN ... are required. */
export const IMPORT_KOLOMMEN: Record<string, string[]> = {
  dossiernummer: ['Dossiernummer', 'Dossier', 'Zaaknummer'],
  bsn: ['BSN', 'Burgerservicenummer'],
  partnerbsn: ['BSN partner'],
  achternaam: ['Achternaam'],
  voorletters: ['Voorletters'],
  postcode: ['Postcode'],
  huisnummer: ['Huisnummer'],
  toevoeging: ['Huisnummer toevoeging', 'Toevoeging'],
  consulent: ['Consulent', 'Schuldhulpverlener'],
  consulenttelefoon: ['Consulent telefoon'],
  consulentemail: ['Consulent e-mail'],
  ondernemer: ['Ondernemer'],
  startdatum: ['Startdatum', 'Datum aanmelding'],
  intakedatum: ['Datum intake'],
  beschikking: ['Beschikking'],
  beschikkingsdatum: ['Beschikkingsdatum'],
  startstabilisatie: ['Start stabilisatie'],
  eindestabilisatie: ['Einde stabilisatie'],
  datumschuldregeling: ['Datum schuldregeling'],
  dwangakkoord: ['Dwangakkoord'],
  oplossing: ['Oplossing'],
  startoplossing: ['Start oplossing'],
  begeleiding: ['Begeleiding'],
  startbegeleiding: ['Start begeleiding'],
  startnazorg: ['Start nazorg'],
  eindenazorg: ['Einde nazorg'],
  einddatum: ['Einddatum', 'Datum uitstroom'],
  uitstroomreden: ['Uitstroomreden', 'Reden uitstroom'],
  vish: ['VISH'],
};
const VERPLICHT = ['dossiernummer', 'bsn', 'achternaam', 'postcode', 'huisnummer', 'consulent', 'startdatum'];
const MAX_BYTES = 50 * 1024 * 1024;
const MAX_REGELS = 200_000;

export interface ImportRapport {
  regels: number;
  nieuw: number;
  bijgewerkt: number;
  afgewezenAantal: number;
  afgewezen: { regel: number; reden: string }[];
}

class RijFout extends Error {}
const fout = (reden: string): never => {
  throw new RijFout(reden);
};

function datum(v: string | undefined, veld: string): string | undefined {
  if (!v) return undefined;
  return parseDatum(v) ?? fout(`${veld}: datum moet JJJJ-MM-DD of DD-MM-JJJJ zijn`);
}
function uit<T extends string>(lijst: readonly T[], v: string | undefined, veld: string): T | undefined {
  if (!v) return undefined;
  return (
    lijst.find((x) => x.toLowerCase() === v.toLowerCase()) ??
    fout(`${veld}: onbekende waarde; toegestaan: ${lijst.join(', ')}`)
  );
}
function jaNee(v: string | undefined, veld: string): boolean | undefined {
  if (!v) return undefined;
  if (/^(ja|j|true|1)$/i.test(v)) return true;
  if (/^(nee|n|false|0)$/i.test(v)) return false;
  return fout(`${veld}: gebruik ja of nee`);
}

/** One row -> the trajectory input; only parts with a value are set (so an update keeps the rest). */
function naarInvoer(v: Record<string, string>): NieuwTrajectInvoer {
  const huisnummer = /^\d{1,5}$/.test(v.huisnummer ?? '')
    ? Number(v.huisnummer)
    : fout('Huisnummer moet een getal zijn');
  const telefoon = v.consulenttelefoon || null;
  const email = v.consulentemail || null;
  if (telefoon && !TELEFOON.test(telefoon)) fout('Consulent telefoon heeft geen geldig formaat');
  if (email && !EMAIL.test(email)) fout('Consulent e-mail heeft geen geldig formaat');
  const ddas: Record<string, unknown> = {};
  const deel = (naam: string, waarden: Record<string, unknown>) => {
    const gevuld = Object.fromEntries(Object.entries(waarden).filter(([, w]) => w !== undefined));
    if (Object.keys(gevuld).length > 0) ddas[naam] = gevuld;
  };
  deel('intake', {
    startdatum: datum(v.intakedatum, 'Datum intake'),
    beschikkingssoort: uit(BESCHIKKINGSSOORTEN, v.beschikking, 'Beschikking'),
    beschikkingsdatum: datum(v.beschikkingsdatum, 'Beschikkingsdatum'),
  });
  deel('stabilisatie', {
    startdatum: datum(v.startstabilisatie, 'Start stabilisatie'),
    einddatum: datum(v.eindestabilisatie, 'Einde stabilisatie'),
  });
  deel('schuldregeling', {
    datum: datum(v.datumschuldregeling, 'Datum schuldregeling'),
    dwangakkoord: jaNee(v.dwangakkoord, 'Dwangakkoord'),
  });
  deel('oplossing', {
    soort: uit(OPLOSSINGSSOORTEN, v.oplossing, 'Oplossing'),
    startdatum: datum(v.startoplossing, 'Start oplossing'),
  });
  const begeleiding = uit(BEGELEIDINGSSOORTEN, v.begeleiding, 'Begeleiding');
  if (begeleiding)
    ddas.begeleiding = [
      {
        soort: begeleiding,
        ...(v.startbegeleiding ? { startdatum: datum(v.startbegeleiding, 'Start begeleiding') } : {}),
      },
    ];
  deel('nazorg', { startdatum: datum(v.startnazorg, 'Start nazorg'), einddatum: datum(v.eindenazorg, 'Einde nazorg') });
  const einddatum = datum(v.einddatum, 'Einddatum');
  const reden = uit(UITSTROOMREDENEN, v.uitstroomreden, 'Uitstroomreden');
  if (einddatum && !reden) fout('Uitstroomreden is verplicht bij een einddatum');
  if (reden && !einddatum) fout('Einddatum is verplicht bij een uitstroomreden');
  if (einddatum) ddas.uitstroom = { datum: einddatum, reden };
  const vish = jaNee(v.vish, 'VISH');
  return {
    externId: v.dossiernummer!,
    bsn: v.bsn ?? '',
    ...(v.partnerbsn !== undefined ? { partnerBsn: v.partnerbsn || null } : {}),
    achternaam: v.achternaam ?? '',
    voorletters: v.voorletters || null,
    postcode: v.postcode ?? '',
    huisnummer,
    toevoeging: v.toevoeging || null,
    consulent: { naam: v.consulent ?? '', telefoon, email },
    ondernemer: jaNee(v.ondernemer, 'Ondernemer') ?? false,
    startdatum: datum(v.startdatum, 'Startdatum') ?? fout('Startdatum ontbreekt'),
    vishKeuze: vish === undefined ? 'standaard' : vish ? 'altijd' : 'nooit',
    ddas,
  };
}

/**
 * Imports a CSV export of an existing case system. Upsert by Dossiernummer (the case system's id): a known
 * one updates that trajectory, a new one creates it. Valid rows are stored, each wrong row is reported
 * with its line and reason (never the BSN or name).
 */
export async function importeerTrajecten(
  ctx: Context,
  actor: Actor,
  organisatieId: string,
  bron: AsyncIterable<Buffer>,
): Promise<ImportRapport> {
  const rapport: ImportRapport = { regels: 0, nieuw: 0, bijgewerkt: 0, afgewezenAantal: 0, afgewezen: [] };
  const afwijzen = (regel: number, reden: string) => {
    rapport.afgewezenAantal++;
    if (rapport.afgewezen.length < 10_000) rapport.afgewezen.push({ regel, reden });
  };
  const gezien = new Set<string>();
  let blok: { regel: number; velden: Record<string, string> }[] = [];
  const verwerk = async () => {
    const bekend = new Map(
      (
        await store.metExternId(
          ctx.db.kysely,
          organisatieId,
          blok.map((r) => r.velden.dossiernummer!),
        )
      ).map((t) => [t.extern_id, t]),
    );
    for (const r of blok) {
      try {
        const invoer = naarInvoer(r.velden);
        const oud = bekend.get(invoer.externId!);
        if (oud) {
          await werkTrajectBij(ctx, actor, organisatieId, oud.id, invoer);
          rapport.bijgewerkt++;
        } else {
          await maakTraject(ctx, actor, organisatieId, invoer);
          rapport.nieuw++;
        }
      } catch (e) {
        if (e instanceof RijFout) afwijzen(r.regel, e.message);
        else if (e instanceof AppError && e.status < 500)
          afwijzen(r.regel, e.status === 404 ? 'Dit dossier is al geanonimiseerd' : e.publicMessage);
        else throw e;
      }
    }
    blok = [];
  };
  for await (const r of leesCsv(bron, {
    maxBytes: MAX_BYTES,
    maxRows: MAX_REGELS,
    kolommen: IMPORT_KOLOMMEN,
    verplicht: VERPLICHT,
    onbekendeKolom: 'weigeren',
  })) {
    rapport.regels++;
    if (r.fout) {
      afwijzen(r.regel, r.fout);
      continue;
    }
    const nr = r.velden.dossiernummer ?? '';
    if (!nr || nr.length > 100) {
      afwijzen(r.regel, 'Dossiernummer ontbreekt of is te lang');
      continue;
    }
    if (gezien.has(nr)) {
      afwijzen(r.regel, 'Dit dossiernummer staat meer dan eens in het bestand');
      continue;
    }
    gezien.add(nr);
    blok.push(r);
    if (blok.length >= 500) await verwerk();
  }
  await verwerk();
  rapport.afgewezen.sort((a, b) => a.regel - b.regel);
  await ctx.audit.schrijf({
    actor,
    actie: 'traject.importeren',
    resultaat: 'ok',
    details: {
      regels: rapport.regels,
      nieuw: rapport.nieuw,
      bijgewerkt: rapport.bijgewerkt,
      afgewezen: rapport.afgewezenAantal,
    },
  });
  return rapport;
}
