import { createHash } from 'node:crypto';
import type { Context } from '../context.ts';
import type { OrganisatieType } from '../db/schema.ts';
import { bsnFromSeed } from '../shared/bsn.ts';
import { SYSTEEM } from '../modules/audit/audit.ts';
import { maakOrganisatie } from '../modules/organisaties/organisaties.ts';
import type { BronRegel } from '../modules/verwijsindex/levering.ts';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importeerGemeenten, importeerPostcodes, zetDeelname } from '../modules/gemeenten/gemeenten.ts';
import { maakGereed, meldAan, onderteken } from '../modules/partners/partners.ts';
import { laadDemoGebruikers } from '../modules/accounts/demo.ts';
import { laadDemoSignaalzaken } from '../modules/signaalzaken/demo.ts';
import { laadDemoSignalen } from '../modules/vroegsignalen/demo.ts';
import { laadDemoDdas } from '../modules/ddas/demo.ts';
import { laadDemoTrajecten } from '../modules/trajecten/demo.ts';
import { laadDemoAanmelding } from '../modules/pauzeknop/index.ts';
import { laadSchuldenrustDemo } from '../modules/schuldenrust/index.ts';

const DEMO_MAP = fileURLToPath(new URL('../../demo/', import.meta.url));
/** Reference data (data/README.md): all municipalities and the national PC4 table, as in production. */
const DATA_MAP = fileURLToPath(new URL('../../data/', import.meta.url));

/** Demo organisations with fixed, publicly known API keys. Demo use only: never in production. */
export const DEMO_ORGANISATIES: Array<{ naam: string; type: OrganisatieType; gemeentecode?: string; sleutel: string }> =
  [
    { naam: 'Platformbeheer Schuldenrust', type: 'beheerder', sleutel: demoSleutel('000000000001', 'beheer') },
    {
      naam: 'Gemeente Utrecht',
      type: 'gemeente',
      gemeentecode: 'GM0344',
      sleutel: demoSleutel('000000000002', 'gemeente'),
    },
    {
      naam: 'Kredietbank Utrecht',
      type: 'schuldhulpverlener',
      gemeentecode: 'GM0344',
      sleutel: demoSleutel('000000000003', 'kredietbank'),
    },
    {
      naam: 'Buurtteam Utrecht-Oost',
      type: 'wijkteam',
      gemeentecode: 'GM0344',
      sleutel: demoSleutel('000000000004', 'buurtteam'),
    },
    {
      naam: 'Gerechtsdeurwaarders Van Dijk',
      type: 'gerechtsdeurwaarder',
      sleutel: demoSleutel('000000000005', 'deurwaarder'),
    },
    { naam: 'Woningcorporatie Domstad', type: 'signaalpartner', sleutel: demoSleutel('000000000006', 'verhuurder') },
    // Creditors in the pause arrangement (schuldenrust): a public one on the portal, a private one over the API.
    { naam: 'CJIB', type: 'schuldeiser', sleutel: demoSleutel('000000000007', 'cjib') },
    { naam: 'Energie Utrecht', type: 'schuldeiser', sleutel: demoSleutel('000000000008', 'energie') },
  ];

/** A deterministic 43-character secret, so the README's curl examples work as written. */
function demoSleutel(id: string, label: string): string {
  return `srk_${id}_${createHash('sha256').update(`schuldenrust-demo-${label}`).digest('base64url')}`;
}

/** Demo persons: BSN 111222333 is in trajectory with the Kredietbank; 123456782 is not in VISH. */
export const DEMO_BSN_MATCH = '111222333';
export const DEMO_BSN_GEEN_MATCH = '123456782';

export async function laadDemoData(ctx: Context): Promise<boolean> {
  const db = ctx.db.kysely;
  const bestaat = await db.selectFrom('organisaties').select('id').limit(1).executeTakeFirst();
  if (bestaat) return false;
  const orgs = new Map<string, { id: string; naam: string }>();
  for (const o of DEMO_ORGANISATIES) {
    const org = await maakOrganisatie(db, { naam: o.naam, type: o.type, gemeentecode: o.gemeentecode ?? null });
    orgs.set(o.naam, org);
    const [, id, geheim] = /^srk_([0-9a-f]{12})_(.+)$/.exec(o.sleutel)!;
    await db
      .insertInto('api_sleutels')
      .values({
        id: id!,
        organisatie_id: org.id,
        omschrijving: 'Demo-sleutel',
        hash: createHash('sha256').update(geheim!).digest(),
      })
      .execute();
  }
  await laadDemoGebruikers(ctx, orgs);
  const kredietbank = orgs.get('Kredietbank Utrecht')!;
  async function* personen(): AsyncGenerator<BronRegel> {
    yield {
      regel: 2,
      velden: {
        bsn: DEMO_BSN_MATCH,
        contactnaam: 'Kredietbank Utrecht, team schuldhulp',
        telefoon: '030 286 00 00',
        email: 'schuldhulp@kredietbank.example',
        fase: 'stabilisatie',
      },
    };
    let regel = 3;
    for (let seed = 20_000_000; regel < 500; seed += 7919) {
      const bsn = bsnFromSeed(seed);
      if (!bsn || bsn === DEMO_BSN_GEEN_MATCH) continue;
      yield {
        regel: regel++,
        velden: { bsn, contactnaam: 'Kredietbank Utrecht, team schuldhulp', telefoon: '030 286 00 00' },
      };
    }
  }
  await ctx.vishLevering.lever(SYSTEEM, kredietbank, 'demo', personen(), () => 'demo');
  await laadDemoVroegsignalering(ctx, orgs);
  // Trajectories of the Kredietbank (needs the postcode table); their VISH feed replaces the delivery above.
  await laadDemoTrajecten(ctx, orgs, DEMO_BSN_MATCH);
  await laadSchuldenrustDemo(ctx, orgs);
  // Keep last: the demo signals go through the intake and are linked to cases (relapse needs the trajectories first).
  await laadDemoSignaalzaken(ctx, orgs);
  await laadDemoSignalen(ctx, orgs, DEMO_MAP);
  await laadDemoDdas(ctx, orgs);
  await laadDemoAanmelding(ctx); // a Pauzeknop request in Utrecht's queue
  return true;
}

/**
 * Early signals: all municipalities and the national PC4 table (so 9711 routes to Groningen and 2511
 * to 's-Gravenhage, as in production); Utrecht takes part; the housing corporation has a signed
 * agreement with Utrecht and an unsigned one with Amsterdam.
 */
async function laadDemoVroegsignalering(ctx: Context, orgs: Map<string, { id: string }>) {
  await importeerGemeenten(ctx, SYSTEEM, createReadStream(`${DATA_MAP}gemeenten.csv`));
  await importeerPostcodes(ctx, SYSTEEM, createReadStream(`${DATA_MAP}pc4-gemeente.csv`));
  await zetDeelname(ctx, SYSTEEM, 'GM0344', true);
  const domstad = orgs.get('Woningcorporatie Domstad')!;
  const { convenanten } = await meldAan(ctx, SYSTEEM, domstad.id, {
    type: 'Huur',
    sectoren: ['huur'],
    rol: 'eigen-beheer',
    adHoc: false,
    contactpersoon: { naam: 'Team Huurincasso', email: 'incasso@domstad.example', delen: true },
    tekenbevoegde: { naam: 'R. de Directeur', functie: 'Directeur', email: 'directie@domstad.example' },
    gemeenten: ['GM0344', 'GM0363'],
  });
  const utrecht = convenanten.find((c) => c.gemeentecode === 'GM0344')!;
  await maakGereed(ctx, SYSTEEM, orgs.get('Gemeente Utrecht')!.id, utrecht.id);
  await onderteken(ctx, SYSTEEM, domstad.id, utrecht.id);
}
