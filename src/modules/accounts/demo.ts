import type { Context } from '../../context.ts';
import { SYSTEEM } from '../audit/index.ts';
import type { Rol } from './rollen.ts';

/** Demo only, publicly known: never in production. Every demo user has this password... */
export const DEMO_WACHTWOORD = 'Demo-wachtwoord-2026!';
/** ...and this TOTP secret (base32, 20 bytes): add it to an authenticator app, or `otpauth://totp/Schuldenrust?secret=...`. */
export const DEMO_TOTP_GEHEIM = 'SCHULDENRUSTDEMOTOTPGEHEIM234567';

/** One user per demo organisation (names as in DEMO_ORGANISATIES of src/cli/demo.ts). */
export const DEMO_GEBRUIKERS: ReadonlyArray<{ email: string; naam: string; rol: Rol; organisatie: string }> = [
  {
    email: 'beheer@schuldenrust.example',
    naam: 'Demo Beheerder',
    rol: 'beheerder',
    organisatie: 'Platformbeheer Schuldenrust',
  },
  {
    email: 'medewerker@utrecht.example',
    naam: 'Demo Gemeentemedewerker',
    rol: 'gemeente-medewerker',
    organisatie: 'Gemeente Utrecht',
  },
  {
    email: 'schuldhulp@kredietbank.example',
    naam: 'Demo Schuldhulpverlener',
    rol: 'schuldhulpverlener',
    organisatie: 'Kredietbank Utrecht',
  },
  {
    email: 'wijkteam@buurtteam.example',
    naam: 'Demo Wijkteammedewerker',
    rol: 'wijkteam',
    organisatie: 'Buurtteam Utrecht-Oost',
  },
  {
    email: 'deurwaarder@vandijk.example',
    naam: 'Demo Deurwaarder',
    rol: 'deurwaarder',
    organisatie: 'Gerechtsdeurwaarders Van Dijk',
  },
  {
    email: 'incasso@domstad.example',
    naam: 'Demo Signaalpartner',
    rol: 'signaalpartner-beheerder',
    organisatie: 'Woningcorporatie Domstad',
  },
  {
    email: 'coordinator@utrecht.example',
    naam: 'Demo Coördinator',
    rol: 'gemeente-coordinator',
    organisatie: 'Gemeente Utrecht',
  },
  // Creditors (schuldenrust): the clerks who answer Kennisgevingen.
  {
    email: 'schuldenrust@cjib.example',
    naam: 'Demo Medewerker CJIB',
    rol: 'schuldeiser-medewerker',
    organisatie: 'CJIB',
  },
  {
    email: 'incasso@energie-utrecht.example',
    naam: 'Demo Medewerker Energie Utrecht',
    rol: 'schuldeiser-medewerker',
    organisatie: 'Energie Utrecht',
  },
  // Privacy officer (FG) of the municipality: reads its own audit trail and answers subject access requests.
  {
    email: 'privacy@utrecht.example',
    naam: 'Demo Functionaris Gegevensbescherming',
    rol: 'functionaris-gegevensbescherming',
    organisatie: 'Gemeente Utrecht',
  },
];

/**
 * Creates the demo users for the demo organisations in `orgs` (name -> organisation); organisations
 * not in `orgs` and users that already exist are skipped. No recovery codes: demo users log in with TOTP.
 */
export async function laadDemoGebruikers(ctx: Context, orgs: ReadonlyMap<string, { id: string }>): Promise<number> {
  let n = 0;
  for (const u of DEMO_GEBRUIKERS) {
    const org = orgs.get(u.organisatie);
    if (!org || (await ctx.accounts.vindGebruiker(u.email))) continue;
    await ctx.accounts.maakGebruiker(SYSTEEM, {
      organisatieId: org.id,
      email: u.email,
      naam: u.naam,
      rol: u.rol,
      wachtwoord: DEMO_WACHTWOORD,
      totpGeheim: DEMO_TOTP_GEHEIM,
      herstelcodes: false,
    });
    n++;
  }
  return n;
}
