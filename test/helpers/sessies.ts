import { generate } from 'otplib';
import type { TestOmgeving } from './omgeving.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import type { Rol } from '../../src/db/schema.ts';

let nr = 0;

/** A user with `rol` in `org`, logged in with TOTP: cookies + CSRF header for requests. */
export async function sessieVoor(t: TestOmgeving, org: { id: string }, rol: Rol) {
  const g = await t.ctx.accounts.maakGebruiker(SYSTEEM, {
    organisatieId: org.id,
    email: `sec${++nr}-${Date.now()}@test.example`,
    naam: `Gebruiker ${nr}`,
    rol,
  });
  const code = await generate({ secret: g.totpGeheim, epoch: Math.floor(Date.now() / 1000) });
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/sessie/inloggen',
    payload: { email: g.email, wachtwoord: g.wachtwoord, code },
  });
  if (r.statusCode !== 200) throw new Error(`login failed ${r.statusCode} ${r.body}`);
  const token = r.cookies.find((c) => c.name === 'sr_sessie')!.value;
  return {
    gebruikerId: g.id,
    cookies: { sr_sessie: token },
    headers: { 'x-csrf-token': r.json().csrfToken as string },
  };
}
