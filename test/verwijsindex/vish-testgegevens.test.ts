import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { buildApp } from '../../src/http/app.ts';
import { ensureCa, ensureServerCertificate } from '../../src/modules/organisaties/ca.ts';
import { registerCertificate } from '../../src/modules/organisaties/certificaten.ts';
import { maakOrganisatie } from '../../src/modules/organisaties/organisaties.ts';
import { maakApiSleutel } from '../../src/modules/organisaties/api-sleutels.ts';
import type { Aansluitfase, OrganisatieType } from '../../src/db/schema.ts';
import { vishOmgeving } from '../../src/modules/verwijsindex/omgeving.ts';
import { inzageRapport } from '../../src/modules/inzage/inzage.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';

/**
 * Test deliveries are not live. Before, an organisation still in the joining step 'testlevering' could
 * deliver and its list answered real bailiffs' checks. Now a delivery and a check each belong to
 * production or test data (verwijsindex/omgeving.ts): test data answers only test checks (a bailiff in
 * its test step, or a test key/certificate), production data only production checks.
 */
const A = '111222333'; // in a production list
const B = '123456782'; // in a test list
const C = '100000009'; // in a production organisation's test delivery (test key)

describe('the rule', () => {
  it('test step: test data; production: production data unless the credential is a test one; earlier: nothing', () => {
    expect(vishOmgeving('testlevering', false)).toBe('test');
    expect(vishOmgeving('testlevering', true)).toBe('test');
    expect(vishOmgeving('productie', false)).toBe('productie');
    expect(vishOmgeving('productie', true)).toBe('test');
    for (const f of ['intake', 'overeenkomst', 'technische-inrichting'] as const) {
      expect(vishOmgeving(f, false)).toBeNull();
      expect(vishOmgeving(f, true)).toBeNull();
    }
  });
});

for (const kind of await databases()) {
  describe(`VISH test data and production data apart, on ${kind}`, () => {
    let t: TestOmgeving;
    type Org = { id: string; naam: string; headers: Record<string, string> };
    let kb: Org; // production deliverer
    let nieuw: Org; // deliverer in its test step
    let dw: Org; // production bailiff
    let dwTest: Org; // bailiff in its test step
    let beheer: Org;
    const org = async (naam: string, type: OrganisatieType, aansluitfase: Aansluitfase): Promise<Org> => {
      const o = await maakOrganisatie(t.ctx.db.kysely, { naam, type, aansluitfase });
      const { sleutel } = await maakApiSleutel(t.ctx.db.kysely, o.id, 'test');
      return { ...o, headers: { 'x-api-key': sleutel } };
    };
    const lever = (o: Org, bsn: string, contact: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen/json',
        headers: o.headers,
        payload: { personen: [{ bsn, contactnaam: contact, telefoon: '0301234567' }] },
      });
    const check = async (o: Org, bsn: string) => {
      const r = await t.app.inject({ method: 'POST', url: '/api/vish/controle', headers: o.headers, payload: { bsn } });
      expect(r.statusCode).toBe(200);
      return (r.json() as { contacten: Array<{ organisatie: string }> }).contacten.map((c) => c.organisatie);
    };
    const batch = async (o: Org) => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vish/controle/batch',
        headers: { ...o.headers, 'content-type': 'text/csv' },
        payload: `BSN;Kenmerk\n${A};KA\n${B};KB\n${C};KC\n`,
      });
      expect(r.statusCode).toBe(200);
      return r.body
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(';').slice(1, 4).join(';'));
    };
    const testSleutel = async (o: Org) => {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/beheer/organisaties/${o.id}/api-sleutels`,
        headers: beheer.headers,
        payload: { omschrijving: 'Testomgeving leverancier', test: true },
      });
      expect(r.statusCode).toBe(201);
      return { ...o, headers: { 'x-api-key': r.json().sleutel as string } };
    };

    beforeAll(async () => {
      t = await testOmgeving(kind);
      kb = await org('Kredietbank Productie', 'schuldhulpverlener', 'productie');
      nieuw = await org('Kredietbank In Test', 'schuldhulpverlener', 'testlevering');
      dw = await org('Deurwaarder Productie', 'gerechtsdeurwaarder', 'productie');
      dwTest = await org('Deurwaarder In Test', 'gerechtsdeurwaarder', 'testlevering');
      beheer = await org('Beheer', 'beheerder', 'productie');
      expect((await lever(kb, A, 'Team Productie')).json()).toMatchObject({ status: 'actief', omgeving: 'productie' });
      expect((await lever(nieuw, B, 'Team Test')).json()).toMatchObject({ status: 'actief', omgeving: 'test' });
    });
    afterAll(async () => t?.sluit());

    it("a test-phase organisation's delivery never answers a production check, single or batch", async () => {
      expect(await check(dw, B)).toEqual([]);
      expect(await check(dw, A)).toEqual(['Kredietbank Productie']);
      expect(await batch(dw)).toEqual(['KA;match;Kredietbank Productie', 'KB;geen-match;', 'KC;geen-match;']);
    });

    it('a bailiff in its test step checks test data only: test matches yes, production data never', async () => {
      expect(await check(dwTest, B)).toEqual(['Kredietbank In Test']);
      expect(await check(dwTest, A)).toEqual([]);
      expect(await batch(dwTest)).toEqual(['KA;geen-match;', 'KB;match;Kredietbank In Test', 'KC;geen-match;']);
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actie'])
        .where('organisatie_id', '=', dwTest.id)
        .execute();
      expect(new Set(audit.map((a) => a.actie))).toEqual(new Set(['vish.testcontrole', 'vish.testbatchcontrole']));
    });

    it('a production bailiff with a test key sees test data only; its normal key stays on production data', async () => {
      const dwSleutel = await testSleutel(dw);
      expect(await check(dwSleutel, B)).toEqual(['Kredietbank In Test']);
      expect(await check(dwSleutel, A)).toEqual([]);
      expect(await check(dw, B)).toEqual([]);
      const lijst = await t.app.inject({ method: 'GET', url: '/api/beheer/api-sleutels', headers: beheer.headers });
      const test = (lijst.json() as Array<{ organisatie_id: string; test: boolean }>).filter(
        (k) => k.organisatie_id === dw.id,
      );
      expect(test.map((k) => k.test).sort()).toEqual([false, true]);
    });

    it("a production deliverer's test key delivers test data: its production list is untouched", async () => {
      const kbTest = await testSleutel(kb);
      const r = await lever(kbTest, C, 'Team Proef');
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ omgeving: 'test', vervangtLevering: null });
      expect(await check(dw, A)).toEqual(['Kredietbank Productie']); // still the production list
      expect(await check(dw, C)).toEqual([]);
      expect(await check(dwTest, C)).toEqual(['Kredietbank Productie']);
      const eigen = await t.app.inject({ method: 'GET', url: '/api/vish/leveringen', headers: kb.headers });
      expect(
        (eigen.json().leveringen as Array<{ status: string; omgeving: string }>).map((l) => [l.status, l.omgeving]),
      ).toEqual([
        ['actief', 'test'],
        ['actief', 'productie'],
      ]);
    });

    it('moving on to production does not make the test delivery live; the index rebuilt after a restart agrees', async () => {
      await t.ctx.db.kysely
        .updateTable('organisaties')
        .set({ aansluitfase: 'productie' })
        .where('id', '=', nieuw.id)
        .execute();
      t.ctx.organisatieToegang.vergeet(nieuw.id);
      await t.herstart();
      expect(await check(dw, B)).toEqual([]);
      expect(await check(dwTest, B)).toEqual(['Kredietbank In Test']);
      expect(await check(dw, A)).toEqual(['Kredietbank Productie']);
      // Its first production delivery is live, and its test list stays test data.
      expect((await lever(nieuw, B, 'Team Echt')).json()).toMatchObject({
        omgeving: 'productie',
        vervangtLevering: null,
      });
      expect(await check(dw, B)).toEqual(['Kredietbank In Test']);
      expect(t.ctx.vishIndex.zoek(B, undefined, 'test').map((x) => x.naam)).toEqual(['Team Test']);
    });

    it('a client certificate marked as test checks test data only (mutual TLS)', async () => {
      const ca = await ensureCa(t.config.DATA_DIR);
      const server = await ensureServerCertificate(t.config.DATA_DIR, ca);
      const tls: FastifyInstance = await buildApp(t.ctx, { key: server.keyPem, cert: server.certPem, ca: ca.certPem });
      await tls.listen({ host: '127.0.0.1', port: 0 });
      try {
        const port = (tls.server.address() as { port: number }).port;
        const gewoon = await registerCertificate(t.ctx.db, dw, ca, 30);
        const proef = await registerCertificate(t.ctx.db, dw, ca, 30, undefined, { test: true });
        const via = (cert: { certPem: string; keyPem: string }, bsn: string) =>
          new Promise<string[]>((resolve, reject) => {
            const req = request(
              {
                host: '127.0.0.1',
                port,
                path: '/api/vish/controle',
                method: 'POST',
                ca: ca.certPem,
                servername: 'localhost',
                headers: { 'content-type': 'application/json' },
                cert: cert.certPem,
                key: cert.keyPem,
              },
              (res) => {
                let data = '';
                res.on('data', (c) => {
                  data += c;
                });
                res.on('end', () =>
                  resolve((JSON.parse(data).contacten as Array<{ organisatie: string }>).map((c) => c.organisatie)),
                );
              },
            );
            req.on('error', reject);
            req.end(JSON.stringify({ bsn }));
          });
        expect(await via(gewoon, A)).toEqual(['Kredietbank Productie']);
        expect(await via(proef, A)).toEqual([]);
        expect(await via(proef, C)).toEqual(['Kredietbank Productie']);
        const lijst = await t.app.inject({ method: 'GET', url: '/api/beheer/certificaten', headers: beheer.headers });
        expect(
          (lijst.json() as Array<{ serienummer: string; test: boolean }>).find(
            (c) => c.serienummer === proef.serienummer,
          )?.test,
        ).toBe(true);
      } finally {
        await tls.close();
      }
    });

    it('a subject access report also names test lists that hold the person (they are processing too)', async () => {
      const r = await inzageRapport(t.ctx, SYSTEEM, { bsn: C }, null);
      expect(r.vindplaatsen.filter((v) => v.soort === 'vish-levering')).toEqual([
        expect.objectContaining({
          organisatie: 'Kredietbank Productie',
          toelichting: expect.stringContaining('testlevering'),
        }),
      ]);
    });

    it('an organisation before its test step has no VISH traffic at all', async () => {
      const vroeg = await org('Kredietbank Intake', 'schuldhulpverlener', 'technische-inrichting');
      const r = await lever(vroeg, A, 'Team');
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('aansluiting_niet_afgerond');
      const dwVroeg = await org('Deurwaarder Intake', 'gerechtsdeurwaarder', 'overeenkomst');
      const c = await t.app.inject({
        method: 'POST',
        url: '/api/vish/controle',
        headers: dwVroeg.headers,
        payload: { bsn: A },
      });
      expect(c.statusCode).toBe(403);
    });
  });
}
