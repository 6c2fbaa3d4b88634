import type { Context } from '../../context.ts';
import { bsnFromSeed } from '../../shared/bsn.ts';
import { plusMaanden, vandaag } from '../../shared/datum.ts';
import { SYSTEEM } from '../audit/index.ts';
import { maakTraject, sluitTraject } from './service.ts';
import * as store from './store.ts';
import { bouwVishFeed } from './vish-feed.ts';

/** The counsellor (demo user of the Kredietbank) who gets the demo relapse signal. */
export const DEMO_CONSULENT_EMAIL = 'schuldhulp@kredietbank.example';

/** Every part of the DDAS-SHV model filled, for the demo trajectory of the demo BSN (and the DDAS download). */
const VOLLEDIG = {
  omschrijving: 'Schuldregeling na stabilisatie',
  toekenningsdatum: '2026-01-20',
  totaalSchuldbedragBijAanvangSchuld: 18_450,
  aanmelding: { crisisinterventie: true, startdatum: '2026-01-05', einddatum: '2026-01-06' },
  informatieEnAdvies: { startdatum: '2026-01-06', einddatum: '2026-01-08' },
  intake: {
    startdatum: '2026-01-08',
    einddatum: '2026-01-20',
    beschikkingssoort: 'Toelatingsbeschikking',
    beschikkingsdatum: '2026-01-20',
  },
  planVanAanpak: { datumAfronding: '2026-01-27' },
  stabilisatie: { startdatum: '2026-01-27', einddatum: '2026-03-31' },
  schuldregeling: {
    datum: '2026-04-01',
    toegekend: '2026-04-20',
    datumVerzoekDwangakkoord: '2026-04-10',
    dwangakkoord: true,
  },
  oplossing: { soort: 'Saneringskrediet', startdatum: '2026-05-01', vtlb: 1450 },
  begeleiding: [{ soort: 'Budgetbeheer', startdatum: '2026-01-27' }],
  nazorg: { startdatum: '2026-11-01' },
  crisisinterventies: [{ startdatum: '2026-01-05', einddatum: '2026-01-07' }],
  moratoria: [
    { datumAanvraag: '2026-01-06', datumGoedkeuring: '2026-01-08', startdatum: '2026-01-08', einddatum: '2026-07-08' },
  ],
  voorlopigeVoorzieningen: [{ startdatum: '2026-01-08', einddatum: '2026-02-08' }],
  schulden: [
    {
      bedrag: 12_000,
      peildatum: '2026-01-08',
      schuldsoort: 'Publiek',
      zakelijkeSchuld: false,
      schuldeiser: { naam: 'Belastingdienst', privepersoon: false },
    },
    {
      bedrag: 6_450,
      peildatum: '2026-01-08',
      schuldsoort: 'Nuts',
      schuldeiser: { naam: 'Energiebedrijf Demo', kvknummer: '99990099', postcode: '3511AB' },
    },
  ],
};

/**
 * Demo trajectories of the Kredietbank Utrecht: the demo BSN in a running trajectory (so the VISH delivery built
 * from trajectories answers a bailiff check), one closed 2 months ago at the address of the demo signal for
 * "De Vries, Biltstraat 40 bis" (so that signal is a relapse for the Kredietbank's demo counsellor), one still in
 * registration (not in VISH) and an entrepreneur under protective administration. Then the feed runs once.
 * Needs the postcode table (routing); run before the demo signals go through the intake.
 */
export async function laadDemoTrajecten(ctx: Context, orgs: ReadonlyMap<string, { id: string }>, bsnInVish: string) {
  const kb = orgs.get('Kredietbank Utrecht');
  if (!kb) return;
  const consulentId = (await ctx.accounts.vindGebruiker(DEMO_CONSULENT_EMAIL))?.id ?? null;
  const consulent = {
    gebruikerId: consulentId,
    naam: 'Kredietbank Utrecht, team schuldhulp',
    telefoon: '030 286 00 00',
    email: 'schuldhulp@kredietbank.example',
  };
  const vandaagNL = vandaag();
  const maak = (v: Omit<Parameters<typeof maakTraject>[3], 'consulent'>) =>
    maakTraject(ctx, SYSTEEM, kb.id, { consulent, ...v });

  await maak({
    externId: 'KB-2026-001',
    bsn: bsnInVish,
    achternaam: 'Bos',
    voorletters: 'A.',
    postcode: '3521 AL',
    huisnummer: 8,
    startdatum: '2026-01-05',
    ddas: VOLLEDIG,
  });
  const terugval = await maak({
    externId: 'KB-2025-117',
    bsn: bsnFromSeed(81_000_001)!,
    achternaam: 'Vries, de',
    voorletters: 'M.J.',
    postcode: '3572 BD',
    huisnummer: 40,
    toevoeging: 'bis',
    startdatum: plusMaanden(vandaagNL, -14),
    ddas: {
      intake: {
        startdatum: plusMaanden(vandaagNL, -13),
        beschikkingssoort: 'Toelatingsbeschikking',
        beschikkingsdatum: plusMaanden(vandaagNL, -13),
      },
      stabilisatie: { startdatum: plusMaanden(vandaagNL, -13), einddatum: plusMaanden(vandaagNL, -10) },
      oplossing: {
        soort: 'Betalingsregeling',
        startdatum: plusMaanden(vandaagNL, -10),
        einddatum: plusMaanden(vandaagNL, -4),
      },
      nazorg: { startdatum: plusMaanden(vandaagNL, -4), einddatum: plusMaanden(vandaagNL, -2) },
    },
  });
  await sluitTraject(ctx, SYSTEEM, kb.id, terugval.id, { datum: plusMaanden(vandaagNL, -2), reden: 'Afgerond' });
  await maak({
    externId: 'KB-2026-214',
    bsn: bsnFromSeed(81_000_002)!,
    achternaam: 'El Amrani',
    voorletters: 'S.',
    postcode: '3512 PA',
    huisnummer: 10,
    startdatum: plusMaanden(vandaagNL, -1),
  });
  await maak({
    externId: 'KB-2026-090',
    bsn: bsnFromSeed(81_000_003)!,
    achternaam: 'Smits',
    voorletters: 'H.',
    postcode: '3531 AB',
    huisnummer: 3,
    ondernemer: true,
    startdatum: '2026-03-02',
    ddas: {
      intake: { startdatum: '2026-03-09', beschikkingssoort: 'Toelatingsbeschikking', beschikkingsdatum: '2026-03-20' },
      begeleiding: [{ soort: 'Beschermingsbewind', startdatum: '2026-04-01' }],
    },
  });
  await store.zetFeed(ctx.db.kysely, kb.id, { actief: true, regel: 'vanaf-toelating' });
  await bouwVishFeed(ctx, kb.id);
}
