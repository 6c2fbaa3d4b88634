import { request } from 'node:https';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { buildApp } from '../../src/http/app.ts';
import { ensureCa, ensureServerCertificate } from '../../src/modules/organisaties/ca.ts';

type Org = Awaited<ReturnType<TestOmgeving['organisatie']>>;
interface Uitgegeven {
  serienummer: string;
  vingerafdruk: string;
  onderwerp: string;
  geldigVanaf: string;
  geldigTot: string;
  certificaatPem: string;
  privesleutelPem: string;
  caPem: string;
}

/** GET /api/gemeenten over mutual TLS with a client certificate: the status code. */
function metCertificaat(
  port: number,
  ca: string,
  c: { certificaatPem: string; privesleutelPem: string },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/gemeenten',
        method: 'GET',
        ca,
        servername: 'localhost',
        agent: false,
        cert: c.certificaatPem,
        key: c.privesleutelPem,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

// The operator issues and revokes client certificates over the API (screen: web/src/schermen/beheer/Certificaten.tsx).
for (const kind of await databases()) {
  describe(`Operator: client certificates on ${kind}`, () => {
    let t: TestOmgeving;
    let tls: FastifyInstance;
    let port: number;
    let beheerOrg: Org;
    let deurwaarder: Org;
    let partner: Org;
    let beheer: { gebruikerId: string; cookies: Record<string, string>; headers: Record<string, string> };
    beforeAll(async () => {
      t = await testOmgeving(kind, { LOGIN_MAX_PER_IP: 200 });
      beheerOrg = await t.organisatie('Platformbeheer', 'beheerder');
      deurwaarder = await t.organisatie('Deurwaarders Test', 'gerechtsdeurwaarder');
      partner = await t.organisatie('Energie Test', 'signaalpartner');
      beheer = await sessieVoor(t, beheerOrg, 'beheerder');
      const ca = await ensureCa(t.config.DATA_DIR);
      const server = await ensureServerCertificate(t.config.DATA_DIR, ca);
      tls = await buildApp(t.ctx, { key: server.keyPem, cert: server.certPem, ca: ca.certPem });
      await tls.listen({ host: '127.0.0.1', port: 0 });
      port = (tls.server.address() as { port: number }).port;
    });
    afterAll(async () => {
      await tls?.close();
      await t?.sluit();
    });

    const als = { cookies: () => beheer.cookies, headers: () => beheer.headers };
    const uitgeven = (
      orgId: string,
      payload: object = {},
      wie: { cookies?: Record<string, string>; headers: Record<string, string> } = {
        cookies: als.cookies(),
        headers: als.headers(),
      },
    ) => t.app.inject({ method: 'POST', url: `/api/beheer/organisaties/${orgId}/certificaten`, ...wie, payload });
    const intrekken = (
      serienummer: string,
      wie: { cookies?: Record<string, string>; headers: Record<string, string> } = {
        cookies: als.cookies(),
        headers: als.headers(),
      },
    ) =>
      t.app.inject({ method: 'POST', url: `/api/beheer/certificaten/${serienummer}/intrekken`, ...wie, payload: {} });
    const lijst = async (organisatieId?: string) => {
      const r = await t.app.inject({
        method: 'GET',
        url: `/api/beheer/certificaten${organisatieId ? `?organisatieId=${organisatieId}` : ''}`,
        cookies: beheer.cookies,
      });
      expect(r.statusCode).toBe(200);
      return r.json() as Array<{
        serienummer: string;
        organisatieId: string;
        onderwerp: string;
        status: string;
        ingetrokkenOp: string | null;
        geldigVanaf: string;
        geldigTot: string;
      }>;
    };

    let c: Uitgegeven;
    it('issues a client certificate: PEM and private key once (no-store), for this organisation, accepted on the mTLS port', async () => {
      const r = await uitgeven(deurwaarder.id, { dagen: 30 });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.headers['cache-control']).toBe('no-store');
      c = r.json();
      const x = new X509Certificate(c.certificaatPem);
      expect(x.subject).toContain(`OU=${deurwaarder.id}`);
      expect(x.subject).toContain('CN=Deurwaarders Test');
      expect(x.checkIssued(new X509Certificate(c.caPem))).toBe(true);
      expect(x.fingerprint256).toBe(c.vingerafdruk);
      // The key belongs to the certificate.
      expect(createPublicKey(createPrivateKey(c.privesleutelPem)).export({ format: 'pem', type: 'spki' })).toBe(
        x.publicKey.export({ format: 'pem', type: 'spki' }),
      );
      const dagen = (new Date(c.geldigTot).getTime() - Date.now()) / 86_400_000;
      expect(dagen).toBeGreaterThan(29.9);
      expect(dagen).toBeLessThan(30.1);
      expect(await metCertificaat(port, c.caPem, c)).toBe(200);
    });

    it('the private key is stored nowhere: not in the certificate table, not in the audit log', async () => {
      const rijen = await t.ctx.db.kysely.selectFrom('certificaten').selectAll().execute();
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('actie', 'like', 'certificaat.%')
        .execute();
      const alles = JSON.stringify([rijen, audit]);
      const kern = c.privesleutelPem.replace(/-----[^-]+-----|\s/g, '');
      expect(alles).not.toContain(kern.slice(0, 40));
      expect(alles).not.toContain('PRIVATE KEY');
      expect(audit.map((a) => [a.actie, a.onderwerp, a.actor_soort, a.actor_id])).toEqual([
        ['certificaat.uitgeven', c.serienummer, 'gebruiker', beheer.gebruikerId],
      ]);
    });

    it('lists certificates per organisation with serial, subject, validity and status', async () => {
      await uitgeven(partner.id);
      const eigen = await lijst(deurwaarder.id);
      expect(eigen).toHaveLength(1);
      expect(eigen[0]).toMatchObject({
        serienummer: c.serienummer,
        organisatieId: deurwaarder.id,
        status: 'geldig',
        ingetrokkenOp: null,
      });
      expect(eigen[0]!.onderwerp).toContain('Deurwaarders Test');
      expect(Object.keys(eigen[0]!).sort()).toEqual([
        'geldigTot',
        'geldigVanaf',
        'ingetrokkenOp',
        'onderwerp',
        'organisatieId',
        'serienummer',
        'status',
        'test',
      ]);
      expect((await lijst()).map((x) => x.organisatieId).sort()).toEqual([deurwaarder.id, partner.id].sort());
    });

    it('revokes a certificate: refused on the next connection, shown as revoked, audited; twice is a conflict', async () => {
      const r = await intrekken(c.serienummer.toUpperCase());
      expect(r.statusCode, r.body).toBe(200);
      expect(await metCertificaat(port, c.caPem, c)).toBe(401);
      expect((await lijst(deurwaarder.id))[0]).toMatchObject({
        status: 'ingetrokken',
        ingetrokkenOp: expect.any(String),
      });
      const nogmaals = await intrekken(c.serienummer);
      expect(nogmaals.statusCode).toBe(409);
      expect(nogmaals.json().title).toBe('Dit certificaat is al ingetrokken.');
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actor_soort', 'actor_id'])
        .where('actie', '=', 'certificaat.intrekken')
        .where('onderwerp', '=', c.serienummer)
        .execute();
      expect(audit).toEqual([{ actor_soort: 'gebruiker', actor_id: beheer.gebruikerId }]);
    });

    it('unknown organisation or serial is "not found"; a validity outside 1..3650 days is refused', async () => {
      expect((await uitgeven('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
      expect((await intrekken('4aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).statusCode).toBe(404);
      expect((await intrekken('geen-serienummer')).statusCode).toBe(400);
      for (const dagen of [0, 3651, 1.5]) expect((await uitgeven(deurwaarder.id, { dagen })).statusCode).toBe(400);
    });

    it('no other role gets in: a municipality worker, a signal partner (person and API key), the organisation itself: 403, nothing issued or revoked', async () => {
      const gemeente = await t.organisatie('Gemeente Test', 'gemeente');
      const geldig = (await uitgeven(partner.id)).json() as Uitgegeven;
      const voor = await lijst();
      const wie = [
        await sessieVoor(t, gemeente, 'gemeente-medewerker'),
        await sessieVoor(t, partner, 'signaalpartner-beheerder'),
        await sessieVoor(t, deurwaarder, 'deurwaarder'),
        { cookies: undefined, headers: partner.headers },
        { cookies: undefined, headers: gemeente.headers },
      ].map((w) => ({ ...(w.cookies ? { cookies: w.cookies } : {}), headers: w.headers }));
      for (const w of wie) {
        expect((await t.app.inject({ method: 'GET', url: '/api/beheer/certificaten', ...w })).statusCode).toBe(403);
        expect((await uitgeven(partner.id, {}, w)).statusCode).toBe(403);
        expect((await intrekken(geldig.serienummer, w)).statusCode).toBe(403);
      }
      expect(await lijst()).toEqual(voor);
      expect(await metCertificaat(port, geldig.caPem, geldig)).toBe(200);
    });
  });
}
