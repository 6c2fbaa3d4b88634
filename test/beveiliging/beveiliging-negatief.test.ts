import { request } from 'node:https';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { databases, routesVan, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { buildApp } from '../../src/http/app.ts';
import { ensureCa, ensureServerCertificate, type Ca } from '../../src/modules/organisaties/ca.ts';
import { registerCertificate, revokeCertificate } from '../../src/modules/organisaties/certificaten.ts';
import { maakOrganisatie } from '../../src/modules/organisaties/organisaties.ts';
import { maakApiSleutel } from '../../src/modules/organisaties/api-sleutels.ts';
import { generate } from 'otplib';
import { DEMO_BSN_MATCH, DEMO_ORGANISATIES, laadDemoData } from '../../src/cli/demo.ts';
import { DEMO_GEBRUIKERS, DEMO_TOTP_GEHEIM, DEMO_WACHTWOORD } from '../../src/modules/accounts/demo.ts';

const DAG = 86_400_000;
const sleutel = (naam: string) => ({ 'x-api-key': DEMO_ORGANISATIES.find((o) => o.naam === naam)!.sleutel });

function controle(port: number, ca: string, client: { certPem: string; keyPem: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/vish/controle',
        method: 'POST',
        ca,
        servername: 'localhost',
        headers: { 'content-type': 'application/json' },
        cert: client.certPem,
        key: client.keyPem,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ bsn: DEMO_BSN_MATCH }));
  });
}

/** The same certificate with one byte of its signature flipped (the signature is the last bytes of the DER). */
function metKapotteHandtekening(certPem: string): string {
  const der = Buffer.from(x509.PemConverter.decodeFirst(certPem));
  der[der.length - 5] = der[der.length - 5]! ^ 0xff;
  return x509.PemConverter.encode(der, 'CERTIFICATE');
}

/** A certificate that copies subject and serial of `echt`, signed by another CA (as a forger would). */
async function namaak(echt: string, vreemd: Ca): Promise<{ certPem: string; keyPem: string }> {
  const orig = new x509.X509Certificate(echt);
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: orig.serialNumber,
    subject: orig.subject,
    issuer: orig.issuer,
    notBefore: orig.notBefore,
    notAfter: orig.notAfter,
    publicKey: keys.publicKey,
    signingKey: vreemd.privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: orig.extensions,
  });
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

for (const kind of await databases()) {
  describe(`Negative security tests on ${kind}`, () => {
    let t: TestOmgeving;
    let tls: FastifyInstance;
    let ca: Ca;
    let port: number;
    beforeAll(async () => {
      t = await testOmgeving(kind, { LOGIN_MAX_PER_IP: 200 });
      expect(await laadDemoData(t.ctx)).toBe(true);
      ca = await ensureCa(t.config.DATA_DIR);
      const server = await ensureServerCertificate(t.config.DATA_DIR, ca);
      tls = await buildApp(t.ctx, { key: server.keyPem, cert: server.certPem, ca: ca.certPem });
      await tls.listen({ host: '127.0.0.1', port: 0 });
      port = (tls.server.address() as { port: number }).port;
    });
    afterAll(async () => {
      await tls?.close();
      await t?.sluit();
    });
    const org = (naam: string) =>
      t.ctx.db.kysely
        .selectFrom('organisaties')
        .select(['id', 'naam'])
        .where('naam', '=', naam)
        .executeTakeFirstOrThrow();
    const req = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
      t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as string } : {}) });

    it('client certificates: tampered, forged (same subject and serial, other CA), expired and revoked are refused', async () => {
      const dw = await org('Gerechtsdeurwaarders Van Dijk');
      const echt = await registerCertificate(t.ctx.db, dw, ca, 30);
      expect(await controle(port, ca.certPem, echt)).toBe(200);
      expect(
        await controle(port, ca.certPem, { certPem: metKapotteHandtekening(echt.certPem), keyPem: echt.keyPem }),
      ).toBe(401);
      const vreemd = await ensureCa(mkdtempSync(join(tmpdir(), 'sr-vreemd-')));
      expect(await controle(port, ca.certPem, await namaak(echt.certPem, vreemd))).toBe(401);
      // Issued by the platform CA and registered, but its validity ended yesterday.
      const verlopen = await registerCertificate(t.ctx.db, dw, ca, 30, {
        notBefore: new Date(Date.now() - 30 * DAG),
        notAfter: new Date(Date.now() - DAG),
      });
      expect(await controle(port, ca.certPem, verlopen)).toBe(401);
      // Not yet valid.
      const later = await registerCertificate(t.ctx.db, dw, ca, 30, {
        notBefore: new Date(Date.now() + DAG),
        notAfter: new Date(Date.now() + 30 * DAG),
      });
      expect(await controle(port, ca.certPem, later)).toBe(401);
      await revokeCertificate(t.ctx.db, echt.serienummer);
      expect(await controle(port, ca.certPem, echt)).toBe(401);
    });

    it('a signal partner cannot list, read or withdraw another partner\'s signals: "not found"', async () => {
      const domstad = sleutel('Woningcorporatie Domstad');
      const eigen = (await req('GET', '/api/vroegsignalen/signalen', domstad)).json() as Array<{
        id: string;
        klantnummer?: string;
      }>;
      expect(eigen.length).toBeGreaterThan(0);
      const ander = await t.organisatie('Andere corporatie', 'signaalpartner');
      expect((await req('GET', '/api/vroegsignalen/signalen', ander.headers)).json()).toEqual([]);
      expect((await req('GET', `/api/vroegsignalen/signalen?klantnummer=K-1001`, ander.headers)).json()).toEqual([]);
      for (const s of eigen.slice(0, 3)) {
        expect((await req('GET', `/api/vroegsignalen/signalen/${s.id}`, ander.headers)).statusCode).toBe(404);
        expect((await req('DELETE', `/api/vroegsignalen/signalen/${s.id}`, ander.headers)).statusCode).toBe(404);
      }
      const bulk = await req(
        'POST',
        '/api/vroegsignalen/intrekkingen',
        { ...ander.headers, 'content-type': 'text/csv' },
        'Klantnummer\nK-1001\n',
      );
      expect(bulk.json()).toMatchObject({ ingetrokken: 0, nietGevonden: [2] });
      // A person of the other partner gets the same answer.
      const mens = await sessieVoor(t, ander, 'signaalpartner-beheerder');
      const s = eigen[0]!;
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/vroegsignalen/signalen/${s.id}`, cookies: mens.cookies }))
          .statusCode,
      ).toBe(404);
      // All still there for the owner.
      expect((await req('GET', '/api/vroegsignalen/signalen', domstad)).json()).toHaveLength(eigen.length);
      expect((await req('GET', `/api/vroegsignalen/signalen/${s.id}`, domstad)).statusCode).toBe(200);
    });

    it("a municipality sees nothing of another municipality's objections, agreements, cases and trajectories", async () => {
      const utrecht = sleutel('Gemeente Utrecht');
      const bezwaar = await req('POST', '/api/vroegsignalen/bezwaren', utrecht, {
        postcode: '3511AB',
        huisnummer: 99,
        achternaam: 'Visser',
      });
      expect(bezwaar.statusCode).toBe(201);
      const convenanten = (await req('GET', '/api/partners/convenanten', utrecht)).json() as Array<{
        id: string;
        gemeentecode: string;
      }>;
      const zaken = (await req('GET', '/api/signaalzaken/zaken?filter=alle', utrecht)).json().zaken as Array<{
        id: string;
      }>;
      const traject = (await req('GET', '/api/trajecten', sleutel('Kredietbank Utrecht'))).json().trajecten as Array<{
        id: string;
      }>;
      expect(convenanten.length).toBeGreaterThan(0);
      expect(traject.length).toBeGreaterThan(0);
      expect(zaken.length).toBeGreaterThan(0);

      const amsterdam = await maakOrganisatie(t.ctx.db.kysely, {
        naam: 'Gemeente Amsterdam',
        type: 'gemeente',
        gemeentecode: 'GM0363',
      });
      const ams = { 'x-api-key': (await maakApiSleutel(t.ctx.db.kysely, amsterdam.id, 'test')).sleutel };
      expect((await req('GET', '/api/vroegsignalen/bezwaren', ams)).json()).toEqual([]);
      expect((await req('DELETE', `/api/vroegsignalen/bezwaren/${bezwaar.json().id}`, ams)).statusCode).toBe(404);
      const hunConvenanten = (await req('GET', '/api/partners/convenanten', ams)).json() as Array<{
        id: string;
        gemeentecode: string;
      }>;
      expect(hunConvenanten.every((c) => c.gemeentecode === 'GM0363')).toBe(true);
      for (const c of convenanten.filter((x) => x.gemeentecode === 'GM0344')) {
        expect((await req('POST', `/api/partners/convenanten/${c.id}/gereed`, ams, {})).statusCode).toBe(404);
      }
      expect((await req('GET', '/api/signaalzaken/zaken?filter=alle', ams)).json().zaken).toEqual([]);
      for (const z of zaken.slice(0, 3)) {
        expect((await req('GET', `/api/signaalzaken/zaken/${z.id}`, ams)).statusCode).toBe(404);
        expect((await req('POST', `/api/signaalzaken/zaken/${z.id}/oppakken`, ams, {})).statusCode).toBe(404);
      }
      for (const tr of traject.slice(0, 2))
        expect((await req('GET', `/api/trajecten/${tr.id}`, ams)).statusCode).toBe(404);
      // Utrecht's objection is untouched.
      expect(
        (await req('GET', '/api/vroegsignalen/bezwaren', utrecht)).json().map((b: { id: string }) => b.id),
      ).toContain(bezwaar.json().id);
    });

    it("the demo privacy officer logs in with the documented secrets and sees only the own organisation's audit trail", async () => {
      const fg = DEMO_GEBRUIKERS.find((u) => u.rol === 'functionaris-gegevensbescherming')!;
      const code = await generate({ secret: DEMO_TOTP_GEHEIM, epoch: Math.floor(Date.now() / 1000) });
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/sessie/inloggen',
        payload: { email: fg.email, wachtwoord: DEMO_WACHTWOORD, code },
      });
      expect(login.statusCode).toBe(200);
      const cookies = { sr_sessie: login.cookies.find((c) => c.name === 'sr_sessie')!.value };
      const headers = { 'x-csrf-token': login.json().csrfToken as string };
      const utrecht = await org('Gemeente Utrecht');
      const audit = await t.app.inject({ method: 'GET', url: '/api/audit?aantal=500', cookies });
      expect(audit.statusCode).toBe(200);
      const items = audit.json().items as Array<{ organisatie_id: string | null }>;
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((i) => i.organisatie_id === utrecht.id)).toBe(true);
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/audit/inzageverzoek',
            cookies,
            headers,
            payload: { bsn: DEMO_BSN_MATCH },
          })
        ).statusCode,
      ).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/audit/verificatie', cookies })).statusCode).toBe(403);
    });

    it('a bailiff gets 401/403 on every route but the check (and the public and municipality-list routes)', async () => {
      const dw = sleutel('Gerechtsdeurwaarders Van Dijk');
      const mens = await sessieVoor(t, await org('Gerechtsdeurwaarders Van Dijk'), 'deurwaarder');
      const open = [
        'POST /api/vish/controle',
        'POST /api/vish/controle/batch',
        // After a match, the bailiff's own claims to the helper (issue 16 item 7).
        'POST /api/schuldenrust/vorderingen',
        'GET /api/schuldenrust/vorderingen',
        'GET /api/gemeenten',
        'GET /api/gemeenten/',
        'POST /api/ddas/oauth/token',
        'GET *',
        'GET /api/sessie/ik',
        'POST /api/sessie/inloggen',
        'POST /api/sessie/uitloggen',
        'POST /api/sessie/overal-uitloggen',
        // Every person's own password and authenticator app (a machine gets 403); reset by mail link and the small
        // landlords' sign-up are public (the matrix covers who may call them).
        'POST /api/sessie/wachtwoord',
        'POST /api/sessie/totp/start',
        'POST /api/sessie/totp/bevestigen',
        'POST /api/sessie/wachtwoord-vergeten',
        'POST /api/sessie/wachtwoord-herstellen',
        'POST /api/partners/verhuurders',
        'GET /api/partners/verhuurders/gemeenten',
        // Every person's own notification list and preferences (a machine gets 403; the matrix covers both).
        'GET /api/notificaties',
        'GET /api/notificaties/',
        'GET /api/notificaties/aantal',
        'POST /api/notificaties/:id/gelezen',
        'POST /api/notificaties/gelezen',
        'GET /api/notificaties/voorkeuren',
        'PUT /api/notificaties/voorkeuren',
        // DDAS /gegevens: any method but POST is 405 for everyone, before credentials (the POST itself is refused).
        ...['vs', 'shv'].flatMap((m) => ['GET', 'PUT', 'PATCH', 'DELETE'].map((x) => `${x} /api/ddas/${m}/gegevens`)),
      ];
      const fouten: string[] = [];
      let geteld = 0;
      for (const route of routesVan(t.app)) {
        const [method, pad] = route.split(' ') as [string, string];
        if (
          open.includes(route) ||
          pad.startsWith('/api/docs') ||
          pad.startsWith('/api/gezondheid') ||
          pad === '/api/openapi.json'
        )
          continue;
        const url = pad.replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');
        for (const wie of [{ headers: dw }, { headers: mens.headers, cookies: mens.cookies }]) {
          const r = await t.app.inject({
            method: method as 'GET',
            url,
            ...wie,
            ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
          });
          geteld++;
          if (r.statusCode !== 403 && r.statusCode !== 401) fouten.push(`${route}: ${r.statusCode}`);
        }
      }
      expect(fouten).toEqual([]);
      expect(geteld).toBeGreaterThan(100);
      expect((await req('POST', '/api/vish/controle', dw, { bsn: DEMO_BSN_MATCH })).statusCode).toBe(200);
    });
  });
}
