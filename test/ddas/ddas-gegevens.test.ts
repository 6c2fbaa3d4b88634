import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtectedHeader, flattenedVerify, importX509, SignJWT } from 'jose';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { valideer } from '../../src/modules/ddas/validatie.ts';
import { ddasTestdata, PERIODE } from '../helpers/ddas-data.ts';
import { ddasCommand } from '../../src/modules/ddas/cli.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const verzoek = { aanleverperiodeStartdatum: PERIODE.startdatum, aanleverperiodeEinddatum: PERIODE.einddatum };

for (const kind of await databases()) {
  describe(`DDAS /gegevens APIs for the CBS client [${kind}]`, () => {
    let t: TestOmgeving;
    let d: Awaited<ReturnType<typeof ddasTestdata>>;
    let beheer: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    let cbs: { clientId: string; clientSecret: string };

    beforeAll(async () => {
      t = await testOmgeving(kind);
      d = await ddasTestdata(t, { extraZaken: 120, extraTrajecten: 25 });
      beheer = await t.organisatie('Platformbeheer', 'beheerder');
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/ddas/clients',
        headers: beheer.headers,
        payload: { naam: 'CBS' },
      });
      expect(r.statusCode).toBe(201);
      cbs = r.json();
    }, 180_000); // generous: the machine may be busy
    afterAll(async () => t?.sluit());

    const token = async (id: string, geheim: string, scope?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/ddas/oauth/token',
        headers: { ...FORM, authorization: `Basic ${Buffer.from(`${id}:${geheim}`).toString('base64')}` },
        payload: new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }).toString(),
      });
    const gegevens = (model: 'vs' | 'shv', bearer: string | null, body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/ddas/${model}/gegevens`,
        headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
        payload: body,
      });

    /** What CBS does with every answer: check the Digest and the detached JWS against the x5c chain. */
    async function controleerHandtekening(r: Awaited<ReturnType<typeof gegevens>>) {
      const body = r.rawPayload;
      expect(r.headers.digest).toBe(`SHA-256=${createHash('sha256').update(body).digest('base64')}`);
      const jws = String(r.headers['nlgov-adr-payload-sig']);
      const [beschermd, payload, handtekening] = jws.split('.');
      expect(payload).toBe(''); // detached
      const h = decodeProtectedHeader(jws);
      expect(h).toMatchObject({ alg: 'PS256', typ: 'JOSE', kid: expect.any(String) });
      const [leaf, ca] = h.x5c!.map((c) => new X509Certificate(Buffer.from(c, 'base64')));
      // The chain ends at the platform CA that is on disk, and the leaf is the one the kid names.
      expect(ca!.raw.equals(new X509Certificate(readFileSync(join(t.config.DATA_DIR, 'pki', 'ca.crt.pem'))).raw)).toBe(
        true,
      );
      expect(leaf!.verify(ca!.publicKey)).toBe(true);
      expect(createHash('sha256').update(leaf!.raw).digest('base64url')).toBe(h.kid);
      const sleutel = await importX509(leaf!.toString(), 'PS256');
      await flattenedVerify(
        { protected: beschermd!, payload: body.toString('base64url'), signature: handtekening! },
        sleutel,
      );
      // A changed body no longer matches the signature.
      const anders = Buffer.from(body.toString().replace('"teller":1', '"teller":2'));
      await expect(
        flattenedVerify(
          { protected: beschermd!, payload: anders.toString('base64url'), signature: handtekening! },
          sleutel,
        ),
      ).rejects.toThrow();
    }

    it('CBS gets a token, pages through a VS delivery larger than one page, and every page is signed and valid', async () => {
      const tr = await token(cbs.clientId, cbs.clientSecret);
      expect(tr.statusCode).toBe(200);
      expect(tr.headers['cache-control']).toBe('no-store');
      const { access_token, token_type, expires_in, scope } = tr.json();
      expect({ token_type, expires_in, scope }).toEqual({
        token_type: 'Bearer',
        expires_in: 300,
        scope: 'ddas-vs ddas-shv',
      });

      const zaken = new Set<string>();
      let pagina = 1;
      let totaal = 0;
      for (;;) {
        const r = await gegevens('vs', access_token, {
          ...verzoek,
          aanleverende_organisatie: 'Gemeente Utrecht',
          page: pagina,
          pageSize: 50,
        });
        expect(r.statusCode).toBe(200);
        await controleerHandtekening(r);
        const { gegevens: g, paginering } = r.json();
        expect(valideer('vs', g).fouten).toEqual([]);
        expect(paginering).toMatchObject({ pageSize: 50, currentPage: pagina, totalRecords: 122, totalPages: 3 });
        const l = g.leveringen[0];
        expect(l.gemeentecode).toBe('0344');
        expect(l.vroegsignaalzaken.length).toBe(pagina < 3 ? 50 : 22);
        // Every signal a case refers to is on the same page.
        const ids = new Set(l.vroegsignalen.map((s: any) => s.ID));
        for (const z of l.vroegsignaalzaken) for (const s of z.vroegsignalen) expect(ids.has(s.ID)).toBe(true);
        for (const s of l.vroegsignalen) zaken.add(s.ID);
        totaal += l.vroegsignaalzaken.length;
        if (pagina === paginering.totalPages) break;
        pagina++;
      }
      expect(totaal).toBe(122);
      expect(zaken.size).toBe(123); // 122 cases, one of them with two signals
    });

    it('SHV: paged by trajectory; without aanleverende_organisatie every organisation has its own levering', async () => {
      const { access_token } = (await token(cbs.clientId, cbs.clientSecret, 'ddas-shv')).json();
      const r1 = await gegevens('shv', access_token, { ...verzoek, page: 1, pageSize: 20 });
      expect(r1.statusCode).toBe(200);
      await controleerHandtekening(r1);
      const a = r1.json();
      expect(valideer('shv', a.gegevens).fouten).toEqual([]);
      expect(a.paginering).toEqual({ pageSize: 20, currentPage: 1, totalPages: 2, totalRecords: 28 });
      const r2 = (await gegevens('shv', access_token, { ...verzoek, page: 2, pageSize: 20 })).json();
      expect(valideer('shv', r2.gegevens).fouten).toEqual([]);
      const namen = (x: any) =>
        x.gegevens.leveringen.map((l: any) => [
          l.teller,
          l.aanleverende_organisatie['(Statutaire) Naam'],
          l.schuldhulptrajecten.length,
        ]);
      // Organisations in name order: Kredietbank Utrecht (27), Schuldhulp Elders (1); municipalities have none.
      expect(namen(a)).toEqual([[1, 'Kredietbank Utrecht', 20]]);
      expect(namen(r2)).toEqual([
        [1, 'Kredietbank Utrecht', 7],
        [2, 'Schuldhulp Elders', 1],
      ]);
      expect((await gegevens('shv', access_token, { ...verzoek, page: 3, pageSize: 20 })).statusCode).toBe(422);
    });

    it('refused without a token, with a tampered, foreign or expired token, and with the wrong scope (FSC codes)', async () => {
      const geen = await gegevens('vs', null, verzoek);
      expect(geen.statusCode).toBe(401);
      expect(geen.headers['fsc-error-code']).toBe('ERROR_CODE_ACCESS_TOKEN_MISSING');
      expect(geen.headers['content-type']).toContain('application/problem+json');
      expect(geen.json()).toMatchObject({
        code: 'ERROR_CODE_ACCESS_TOKEN_MISSING',
        domain: 'ERROR_DOMAIN_INWAY',
        status: 401,
      });
      // An organisation's API key is no way in either.
      const sleutel = await t.app.inject({
        method: 'POST',
        url: '/api/ddas/vs/gegevens',
        headers: d.utrecht.headers,
        payload: verzoek,
      });
      expect(sleutel.statusCode).toBe(401);

      const { access_token } = (await token(cbs.clientId, cbs.clientSecret, 'ddas-shv')).json();
      const [h, p, s] = access_token.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      const vervalst = `${h}.${Buffer.from(JSON.stringify({ ...claims, scope: 'ddas-vs ddas-shv' })).toString('base64url')}.${s}`;
      const r = await gegevens('vs', vervalst, verzoek);
      expect(r.statusCode).toBe(401);
      expect(r.headers['fsc-error-code']).toBe('ERROR_CODE_ACCESS_TOKEN_INVALID');

      const vreemd = await new SignJWT({ scope: 'ddas-vs' })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setIssuer('schuldenrust')
        .setAudience('ddas-gegevens')
        .setSubject(cbs.clientId)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(new Uint8Array(32).fill(1));
      expect((await gegevens('vs', vreemd, verzoek)).headers['fsc-error-code']).toBe('ERROR_CODE_ACCESS_TOKEN_INVALID');
      const geenAlg = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${p}.`;
      expect((await gegevens('vs', geenAlg, verzoek)).statusCode).toBe(401);

      // Signed with the platform's own key, but expired.
      const eigen = new Uint8Array(
        Buffer.from(readFileSync(join(t.config.DATA_DIR, 'pki', 'ddas-token.key'), 'utf8').trim(), 'base64'),
      );
      const verlopen = await new SignJWT({ scope: 'ddas-vs' })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setIssuer('schuldenrust')
        .setAudience('ddas-gegevens')
        .setSubject(cbs.clientId)
        .setIssuedAt(Math.floor(Date.now() / 1000) - 900)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 600)
        .sign(eigen);
      const v = await gegevens('vs', verlopen, verzoek);
      expect(v.statusCode).toBe(401);
      expect(v.headers['fsc-error-code']).toBe('ERROR_CODE_ACCESS_TOKEN_EXPIRED');

      // A valid token for debt-help data does not open early signals.
      const scope = await gegevens('vs', access_token, verzoek);
      expect(scope.statusCode).toBe(403);
      expect(scope.headers['fsc-error-code']).toBe('ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN');
      expect((await gegevens('shv', access_token, verzoek)).statusCode).toBe(200);
    });

    it('token endpoint: wrong secret, unknown client, other grant, scope the client lacks; client_secret_post works', async () => {
      expect((await token(cbs.clientId, 'fout')).statusCode).toBe(401);
      expect((await token('ddas_onbekend', cbs.clientSecret)).json()).toMatchObject({ error: 'invalid_client' });
      const grant = await t.app.inject({
        method: 'POST',
        url: '/api/ddas/oauth/token',
        headers: FORM,
        payload: 'grant_type=password&username=a&password=b',
      });
      expect(grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
      const alleenShv = (
        await t.app.inject({
          method: 'POST',
          url: '/api/ddas/clients',
          headers: beheer.headers,
          payload: { naam: 'Onderzoek', scopes: ['ddas-shv'] },
        })
      ).json();
      expect((await token(alleenShv.clientId, alleenShv.clientSecret, 'ddas-vs')).json()).toMatchObject({
        error: 'invalid_scope',
      });
      const post = await t.app.inject({
        method: 'POST',
        url: '/api/ddas/oauth/token',
        headers: FORM,
        payload: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: alleenShv.clientId,
          client_secret: alleenShv.clientSecret,
        }).toString(),
      });
      expect(post.json()).toMatchObject({ scope: 'ddas-shv' });
    });

    it('a revoked client gets no token, and its tokens stop working at once', async () => {
      const c = (
        await t.app.inject({
          method: 'POST',
          url: '/api/ddas/clients',
          headers: beheer.headers,
          payload: { naam: 'Tijdelijk' },
        })
      ).json();
      const { access_token } = (await token(c.clientId, c.clientSecret)).json();
      expect((await gegevens('vs', access_token, verzoek)).statusCode).toBe(200);
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/api/ddas/clients/${c.clientId}`, headers: beheer.headers }))
          .statusCode,
      ).toBe(204);
      expect((await gegevens('vs', access_token, verzoek)).headers['fsc-error-code']).toBe(
        'ERROR_CODE_ACCESS_TOKEN_INVALID',
      );
      expect((await token(c.clientId, c.clientSecret)).statusCode).toBe(401);
      const lijst = (await t.app.inject({ method: 'GET', url: '/api/ddas/clients', headers: beheer.headers })).json();
      expect(lijst.find((x: any) => x.id === c.clientId).ingetrokkenOp).not.toBeNull();
      expect(JSON.stringify(lijst)).not.toContain(c.clientSecret);
    });

    it('CLI: the operator registers, lists and revokes a client', async () => {
      const regels: string[] = [];
      expect(
        await ddasCommand(t.ctx, ['client', 'registreren', '--naam', 'CBS acceptatie', '--scopes', 'ddas-vs'], (r) =>
          regels.push(r),
        ),
      ).toBe(0);
      const id = /client_id:\s+(\S+)/.exec(regels.join('\n'))![1]!;
      const geheim = /client_secret:\s+(\S+)/.exec(regels.join('\n'))![1]!;
      expect((await token(id, geheim)).json()).toMatchObject({ scope: 'ddas-vs' });
      expect(
        await ddasCommand(t.ctx, ['client', 'registreren', '--naam', 'X', '--scopes', 'alles'], () => undefined).catch(
          (e) => e.code,
        ),
      ).toBe('ongeldige_invoer');
      regels.length = 0;
      await ddasCommand(t.ctx, ['client', 'lijst'], (r) => regels.push(r));
      expect(regels.join('\n')).toContain(id);
      expect(regels.join('\n')).not.toContain(geheim);
      expect(await ddasCommand(t.ctx, ['client', 'intrekken', id], () => undefined)).toBe(0);
      expect((await token(id, geheim)).statusCode).toBe(401);
    });

    it('only the operator registers clients; the secret is stored hashed', async () => {
      for (const h of [d.utrecht.headers, d.kredietbank.headers]) {
        expect(
          (await t.app.inject({ method: 'POST', url: '/api/ddas/clients', headers: h, payload: { naam: 'X' } }))
            .statusCode,
        ).toBe(403);
      }
      const rij = await t.ctx.db.kysely
        .selectFrom('ddas_clients')
        .select(['geheim_hash'])
        .where('id', '=', cbs.clientId)
        .executeTakeFirstOrThrow();
      expect(Buffer.from(rij.geheim_hash).toString('hex')).toBe(
        createHash('sha256').update(cbs.clientSecret).digest('hex'),
      );
    });

    it('invalid requests are problem details: pageSize over 50,000, unknown field, unknown organisation', async () => {
      const { access_token } = (await token(cbs.clientId, cbs.clientSecret)).json();
      for (const body of [
        { ...verzoek, pageSize: 50_001 },
        { ...verzoek, extra: 1 },
        { ...verzoek, page: 0 },
        { aanleverperiodeStartdatum: '01-01-2026' },
      ]) {
        const r = await gegevens('vs', access_token, body);
        expect(r.statusCode).toBe(400);
        expect(r.json()).toMatchObject({ type: 'about:blank', status: 400, title: expect.any(String) });
      }
      const onbekend = await gegevens('vs', access_token, { ...verzoek, aanleverende_organisatie: 'Gemeente Nergens' });
      expect(onbekend.statusCode).toBe(422);
      expect(onbekend.headers['content-type']).toContain('application/problem+json');
      // By municipality code, with or without GM.
      for (const code of ['0344', 'GM0344']) {
        const r = await gegevens('vs', access_token, { ...verzoek, aanleverende_organisatie: code, pageSize: 50_000 });
        expect(r.json().gegevens.leveringen.map((l: any) => l.gemeentecode)).toEqual(['0344']);
      }
      // Without one: every municipality, each its own levering (in name order).
      const alle = (await gegevens('vs', access_token, { ...verzoek, pageSize: 50_000 })).json();
      expect(alle.gegevens.leveringen.map((l: any) => [l.teller, l.gemeentecode])).toEqual([
        [1, '0363'],
        [2, '0344'],
      ]);
      expect(valideer('vs', alle.gegevens).fouten).toEqual([]);
    });

    it('the API documentation describes the token endpoint and the /gegevens APIs with their OAuth2 scheme', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(r.statusCode).toBe(200);
      const doc = r.json();
      expect(doc.components.securitySchemes.ddasOAuth2.flows.clientCredentials.tokenUrl).toBe('/api/ddas/oauth/token');
      expect(doc.paths['/api/ddas/vs/gegevens'].post.security).toEqual([{ ddasOAuth2: ['ddas-vs'] }]);
      expect(doc.paths['/api/ddas/shv/gegevens'].post.security).toEqual([{ ddasOAuth2: ['ddas-shv'] }]);
      expect(doc.paths['/api/ddas/oauth/token'].post).toBeDefined();
    });

    it('the CBS requests are in the audit log with the client as actor', async () => {
      const rows = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actor_id', 'onderwerp'])
        .where('actie', '=', 'ddas.vs.export')
        .execute();
      expect(rows.some((r) => r.actor_id === `ddas-client:${cbs.clientId}` && r.onderwerp === d.zaken.z1)).toBe(true);
    });
  });
}
