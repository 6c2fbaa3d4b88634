import { generate } from 'otplib';
import { expect } from 'vitest';
import type { TestOmgeving } from './omgeving.ts';
import {
  aanmelding,
  csv,
  gemeenteOrg,
  KOP,
  laadGemeenten,
  partnerMetConvenanten,
  rij,
  type Org,
} from './fixtures/vroegsignalering.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import type { Rol } from '../../src/modules/accounts/rollen.ts';

/** Shared set-up for the signaalzaken suites: Utrecht and Amsterdam, two partners, a debt-help org, users. */
export async function opzet(t: TestOmgeving) {
  await laadGemeenten(t, ['GM0344', 'GM0363']);
  const utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
  const amsterdam = await gemeenteOrg(t, 'Gemeente Amsterdam', 'GM0363');
  const energie = await t.organisatie('Energie A', 'signaalpartner');
  await partnerMetConvenanten(t, energie, aanmelding(['GM0344', 'GM0363']), [utrecht, amsterdam]);
  const water = await t.organisatie('Water B', 'signaalpartner');
  await partnerMetConvenanten(t, water, aanmelding(['GM0344'], { type: 'Water', sectoren: ['drinkwater'] }), [utrecht]);
  const kredietbank = await t.organisatie('Kredietbank', 'schuldhulpverlener');
  const wijkteam = await t.organisatie('Wijkteam Noord', 'wijkteam');
  const beheer = await t.organisatie('Beheer', 'beheerder');
  const gebruiker = async (org: Org, rol: Rol, email: string) =>
    t.ctx.accounts.maakGebruiker(SYSTEEM, { organisatieId: org.id, email, naam: `Test ${rol}`, rol });
  const medewerker = await gebruiker(utrecht, 'gemeente-medewerker', 'medewerker@utrecht.test');
  const coordinator = await gebruiker(utrecht, 'gemeente-coordinator', 'coordinator@utrecht.test');
  const collega = await gebruiker(utrecht, 'gemeente-medewerker', 'collega@utrecht.test');
  const consulent = await gebruiker(kredietbank, 'schuldhulpverlener', 'consulent@kredietbank.test');
  return {
    utrecht,
    amsterdam,
    energie,
    water,
    kredietbank,
    wijkteam,
    beheer,
    medewerker,
    coordinator,
    collega,
    consulent,
  };
}
export type Opzet = Awaited<ReturnType<typeof opzet>>;

/** A logged-in person: cookie + CSRF headers for app.inject. */
export async function sessie(t: TestOmgeving, g: { email: string; wachtwoord: string; totpGeheim: string }) {
  const code = await generate({ secret: g.totpGeheim, epoch: Math.floor(Date.now() / 1000) });
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/sessie/inloggen',
    payload: { email: g.email, wachtwoord: g.wachtwoord, code },
  });
  expect(r.statusCode).toBe(200);
  const token = r.cookies.find((c) => c.name === 'sr_sessie')!.value;
  return { cookies: { sr_sessie: token }, headers: { 'x-csrf-token': r.json().csrfToken as string } };
}

/** Upload rows (CSV) as a partner; the intake links them to cases. */
export async function lever(t: TestOmgeving, partner: Org, rows: string[][], kop = KOP) {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/vroegsignalen/leveringen',
    headers: { ...partner.headers, 'content-type': 'text/csv' },
    payload: csv(rows, kop),
  });
  expect(r.statusCode).toBe(201);
  return r.json() as { geaccepteerd: number; afgewezen: unknown[] };
}

export const waterRij = (achternaam: string, postcode: string, huisnummer = '1') =>
  rij(achternaam, postcode, huisnummer);

/** The case of an address ('3511AB|5|'), straight from the database. */
export async function zaakVan(t: TestOmgeving, adres: string) {
  return t.ctx.db.kysely
    .selectFrom('vroegsignaalzaken')
    .select([
      'id',
      'status',
      'deadline',
      'crisis',
      'resultaat',
      'terugval_traject_id',
      'organisatie_id',
      'behandelaar_id',
    ])
    .where('adres_sleutel', '=', adres)
    .orderBy('aangemaakt_op', 'desc')
    .executeTakeFirstOrThrow();
}

type Caller = { headers: Record<string, string>; cookies?: Record<string, string> };
export const vraag = (
  t: TestOmgeving,
  wie: Caller,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
) =>
  t.app.inject({
    method,
    url,
    headers: wie.headers,
    ...(wie.cookies ? { cookies: wie.cookies } : {}),
    ...(payload ? { payload } : {}),
  });

export { csv, KOP, rij };
