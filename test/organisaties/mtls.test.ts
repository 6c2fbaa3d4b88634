import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { buildApp } from '../../src/http/app.ts';
import {
  ensureCa,
  ensureServerCertificate,
  issueClientCertificate,
  type Ca,
} from '../../src/modules/organisaties/ca.ts';
import { registerCertificate, revokeCertificate } from '../../src/modules/organisaties/certificaten.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Antwoord {
  status: number;
  body: string;
}
function post(
  port: number,
  ca: string,
  pad: string,
  body: unknown,
  client?: { certPem: string; keyPem: string },
): Promise<Antwoord> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: pad,
        method: 'POST',
        ca,
        servername: 'localhost',
        headers: { 'content-type': 'application/json' },
        ...(client ? { cert: client.certPem, key: client.keyPem } : {}),
      },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

for (const kind of await databases()) {
  describe(`Mutual TLS on ${kind}`, () => {
    let t: TestOmgeving;
    let tls: FastifyInstance;
    let ca: Ca;
    let port: number;
    let dw: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    let shv: typeof dw;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      dw = await t.organisatie('Deurwaarder', 'gerechtsdeurwaarder');
      shv = await t.organisatie('Kredietbank', 'schuldhulpverlener');
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

    it('a client certificate of the platform CA authenticates its organisation; revoked, foreign or missing ones are refused', async () => {
      const cert = await registerCertificate(t.ctx.db, dw, ca, 30);
      const ok = await post(port, ca.certPem, '/api/vish/controle', { bsn: '111222333' }, cert);
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.body)).toEqual({
        match: false,
        contacten: [],
        schuldenrust: null,
        schuldenrustTot: null,
        bewijs: expect.objectContaining({ referentie: expect.stringMatching(/^A-\d+$/), bsn: '****.**.333' }),
      });
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actor_soort', 'actor_id'])
        .where('actie', '=', 'vish.controle')
        .execute();
      expect(audit).toContainEqual({ actor_soort: 'certificaat', actor_id: cert.serienummer });

      // The right certificate for the wrong role.
      const shvCert = await registerCertificate(t.ctx.db, shv, ca, 30);
      expect((await post(port, ca.certPem, '/api/vish/controle', { bsn: '111222333' }, shvCert)).status).toBe(403);

      // No certificate and no key.
      expect((await post(port, ca.certPem, '/api/vish/controle', { bsn: '111222333' })).status).toBe(401);

      // A certificate from another CA with the same organisation in it.
      const vreemd = await ensureCa(mkdtempSync(join(tmpdir(), 'sr-vreemd-')));
      const nep = await issueClientCertificate(vreemd, { organisatieId: dw.id, organisatieNaam: dw.naam, days: 30 });
      expect((await post(port, ca.certPem, '/api/vish/controle', { bsn: '111222333' }, nep)).status).toBe(401);

      // Revoked (the test context caches nothing).
      await revokeCertificate(t.ctx.db, cert.serienummer);
      expect((await post(port, ca.certPem, '/api/vish/controle', { bsn: '111222333' }, cert)).status).toBe(401);
    });
  });
}
