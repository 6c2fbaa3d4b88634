import { constants, createHash, sign, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { valideer } from '../../src/modules/ddas/validatie.ts';
import { ddasTestdata, PERIODE } from '../helpers/ddas-data.ts';
import { ddasCommand } from '../../src/modules/ddas/cli.ts';
import { maakTestPki, type TestPki } from '../helpers/ddas-pki.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const verzoek = { aanleverperiodeStartdatum: PERIODE.startdatum, aanleverperiodeEinddatum: PERIODE.einddatum };

for (const kind of await databases()) {
  describe(`DDAS /gegevens APIs for the CBS client [${kind}]`, () => {
    let t: TestOmgeving;
    let d: Awaited<ReturnType<typeof ddasTestdata>>;
    let beheer: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    let cbs: { clientId: string; clientSecret: string };

    let pki: TestPki; // the platform's signing certificate, chain and key: files, as an operator installs them
    let cbsPki: TestPki; // CBS's own signing certificate (requests)

    beforeAll(async () => {
      pki = await maakTestPki({ naam: 'Schuldenrust' });
      cbsPki = await maakTestPki({ naam: 'CBS' });
      t = await testOmgeving(kind, {
        DDAS_ONDERTEKENING_CERTIFICAAT: pki.leaf,
        DDAS_ONDERTEKENING_KETEN: pki.keten,
        DDAS_ONDERTEKENING_SLEUTEL: pki.sleutel,
        DDAS_VERZOEK_VERTROUWD: cbsPki.root,
      });
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

    /**
     * What CBS does with every answer, with node:crypto only (not the JOSE library that signed it): the Digest is
     * that of the body; the JAdES header; the x5c chain ends at the PKIoverheid root installed from files; the
     * PS256 signature over "digest: <Digest>" verifies; a changed body no longer matches.
     */
    function controleerHandtekening(r: Awaited<ReturnType<typeof gegevens>>) {
      const body = r.rawPayload;
      const dg = `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
      expect(r.headers.digest).toBe(dg);
      const [beschermd, payload, handtekening] = String(r.headers['nlgov-adr-payload-sig']).split('.');
      expect(payload).toBe(''); // detached
      const h = JSON.parse(Buffer.from(beschermd!, 'base64url').toString());
      expect(h).toMatchObject({
        alg: 'PS256',
        typ: 'JOSE',
        b64: false,
        crit: ['b64', 'sigD'],
        sigD: { mId: 'http://uri.etsi.org/19182/HttpHeaders', pars: ['digest'] },
      });
      const keten = (h.x5c as string[]).map((c) => new X509Certificate(Buffer.from(c, 'base64')));
      expect(keten[0]!.raw.equals(new X509Certificate(readFileSync(pki.leaf)).raw)).toBe(true);
      expect(keten[keten.length - 1]!.raw.equals(new X509Certificate(pki.rootPem).raw)).toBe(true);
      for (let i = 0; i + 1 < keten.length; i++) expect(keten[i]!.verify(keten[i + 1]!.publicKey)).toBe(true);
      expect(createHash('sha256').update(keten[0]!.raw).digest('base64url')).toBe(h['x5t#S256']);
      const pss = { key: keten[0]!.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
      const sig = Buffer.from(handtekening!, 'base64url');
      expect(verify('sha256', Buffer.from(`${beschermd}.digest: ${dg}`), pss, sig)).toBe(true);
      // A changed body has another digest, which the signature does not cover.
      const anders = Buffer.from(body.toString().replace('"teller":1', '"teller":2'));
      const dgAnders = `SHA-256=${createHash('sha256').update(anders).digest('base64')}`;
      expect(verify('sha256', Buffer.from(`${beschermd}.digest: ${dgAnders}`), pss, sig)).toBe(false);
    }

    /** CBS signs its request (JAdES form, with its own chain), here with node:crypto only. */
    function ondertekend(body: string, wie: TestPki = cbsPki, vals?: { digest?: string }) {
      const dg = vals?.digest ?? `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
      const x5c = [wie.leafPem, wie.tussenPem, wie.rootPem].map((p) => new X509Certificate(p).raw.toString('base64'));
      const header = Buffer.from(
        JSON.stringify({
          alg: 'PS256',
          typ: 'JOSE',
          x5c,
          b64: false,
          crit: ['b64', 'sigD'],
          sigD: { mId: 'http://uri.etsi.org/19182/HttpHeaders', pars: ['digest'] },
          sigT: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        }),
      ).toString('base64url');
      const s = sign('sha256', Buffer.from(`${header}.digest: ${dg}`), {
        key: wie.sleutelPem,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      });
      return { digest: dg, 'nlgov-adr-payload-sig': `${header}..${s.toString('base64url')}` };
    }
    const ruw = (model: 'vs' | 'shv', bearer: string, body: string, headers: Record<string, string | string[]>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/ddas/${model}/gegevens`,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...headers },
        payload: body,
      });

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
        controleerHandtekening(r);
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
      controleerHandtekening(r1);
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
        expect(r.json()).toEqual({
          type: 'urn:schuldenrust:ddas:ongeldig-verzoek',
          title: 'Ongeldig verzoek',
          status: 400,
          detail: expect.stringMatching(/^Het verzoek is niet geldig\./),
        });
        expect(r.headers.digest).toBe(`SHA-256=${createHash('sha256').update(r.rawPayload).digest('base64')}`);
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
      expect(doc.paths['/api/ddas/vs/gegevens'].post.security).toEqual([
        { ddasOAuth2: ['ddas-vs'] },
        { ddasOAuth2: ['read'] },
      ]);
      expect(doc.paths['/api/ddas/shv/gegevens'].post.security).toEqual([
        { ddasOAuth2: ['ddas-shv'] },
        { ddasOAuth2: ['read'] },
      ]);
      expect(doc.paths['/api/ddas/oauth/token'].post).toBeDefined();
      expect(Object.keys(doc.components.securitySchemes.ddasOAuth2.flows.clientCredentials.scopes)).toContain('read');
      // Headers, every answer, and the response schema of /gegevens.
      const post = doc.paths['/api/ddas/vs/gegevens'].post;
      const kop = post.parameters.filter((p: any) => p.in === 'header').map((p: any) => p.name);
      expect(kop).toEqual(expect.arrayContaining(['digest', 'nlgov-adr-payload-sig', 'ddas-snapshot']));
      expect(Object.keys(post.responses)).toEqual(
        expect.arrayContaining(['200', '400', '401', '403', '405', '415', '422', '429']),
      );
      expect(Object.keys(post.responses['200'].headers)).toEqual(
        expect.arrayContaining(['Digest', 'nlgov-adr-payload-sig']),
      );
      expect(post.responses['429'].headers['Retry-After']).toBeDefined();
      expect(post.responses['401'].headers['Fsc-Error-Code']).toBeDefined();
      const schema = post.responses['200'].content['application/json'].schema;
      expect(schema.required).toEqual(expect.arrayContaining(['gegevens', 'paginering']));
      expect(schema.properties.paginering.required).toEqual(
        expect.arrayContaining(['pageSize', 'currentPage', 'totalPages', 'totalRecords']),
      );
      expect(post.responses['400'].content['application/json'].schema.required).toEqual(
        expect.arrayContaining(['type', 'title', 'status', 'detail']),
      );
    });

    it('the CBS requests are in the audit log with the client as actor', async () => {
      const rows = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actor_id', 'onderwerp'])
        .where('actie', '=', 'ddas.vs.export')
        .execute();
      expect(rows.some((r) => r.actor_id === `ddas-client:${cbs.clientId}` && r.onderwerp === d.zaken.z1)).toBe(true);
    });

    const digestVan = (r: { rawPayload: Buffer }) =>
      `SHA-256=${createHash('sha256').update(r.rawPayload).digest('base64')}`;

    it('a signed request (JAdES, CBS chain) is served; a wrong Digest, a garbage or foreign signature, or two signature headers are refused', async () => {
      const { access_token } = (await token(cbs.clientId, cbs.clientSecret)).json();
      const body = JSON.stringify({ ...verzoek, aanleverende_organisatie: 'GM0344', pageSize: 10 });
      const goed = await ruw('vs', access_token, body, ondertekend(body));
      expect(goed.statusCode).toBe(200);
      controleerHandtekening(goed);

      const weigering = async (r: Awaited<ReturnType<typeof ruw>>, soort: string, tekst: RegExp) => {
        expect(r.statusCode).toBe(400);
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.headers.digest).toBe(digestVan(r)); // a Digest on error answers too
        const p = r.json();
        expect(p).toMatchObject({ type: `urn:schuldenrust:ddas:${soort}`, status: 400, title: expect.any(String) });
        expect(p.detail).toMatch(tekst);
      };
      // The body was changed after signing: its Digest no longer matches.
      const veranderd = body.replace('"pageSize":10', '"pageSize":11');
      await weigering(await ruw('vs', access_token, veranderd, ondertekend(body)), 'digest', /klopt niet/);
      // A Digest that matches the changed body, under the old signature: the signature does not match.
      const nieuweDigest = `SHA-256=${createHash('sha256').update(veranderd).digest('base64')}`;
      await weigering(
        await ruw('vs', access_token, veranderd, { ...ondertekend(body), digest: nieuweDigest }),
        'handtekening',
        /klopt niet bij dit bericht/,
      );
      await weigering(
        await ruw('vs', access_token, body, { ...ondertekend(body), 'nlgov-adr-payload-sig': 'rommel' }),
        'handtekening',
        /geen JWS/,
      );
      // Signed correctly, but with a chain that does not end at a trusted (CBS) root.
      await weigering(await ruw('vs', access_token, body, ondertekend(body, pki)), 'handtekening', /vertrouwd/);
      const h = ondertekend(body);
      await weigering(
        await ruw('vs', access_token, body, {
          digest: h.digest,
          'nlgov-adr-payload-sig': [h['nlgov-adr-payload-sig'], h['nlgov-adr-payload-sig']],
        }),
        'handtekening',
        /meer dan één/,
      );
      await weigering(
        await ruw('vs', access_token, body, { digest: 'SHA-256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }),
        'digest',
        /klopt niet/,
      );
    });

    it('with DDAS_VERZOEK_ONDERTEKENING=verplicht an unsigned request is refused; a signed one is served', async () => {
      await t.herstart({ DDAS_VERZOEK_ONDERTEKENING: 'verplicht' });
      try {
        const { access_token } = (await token(cbs.clientId, cbs.clientSecret)).json();
        const body = JSON.stringify(verzoek);
        const zonder = await ruw('vs', access_token, body, {});
        expect(zonder.statusCode).toBe(400);
        expect(zonder.json().type).toBe('urn:schuldenrust:ddas:digest');
        const alleenDigest = await ruw('vs', access_token, body, { digest: ondertekend(body).digest });
        expect(alleenDigest.json()).toMatchObject({ type: 'urn:schuldenrust:ddas:handtekening', status: 400 });
        expect((await ruw('vs', access_token, body, ondertekend(body))).statusCode).toBe(200);
      } finally {
        await t.herstart({ DDAS_VERZOEK_ONDERTEKENING: undefined });
      }
    });

    it('GET, PUT and DELETE /gegevens answer 405 ERROR_CODE_METHOD_UNSUPPORTED, with or without a token', async () => {
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH'] as const) {
        const r = await t.app.inject({ method, url: '/api/ddas/vs/gegevens' });
        expect(r.statusCode).toBe(405);
        expect(r.headers['fsc-error-code']).toBe('ERROR_CODE_METHOD_UNSUPPORTED');
        expect(r.headers.allow).toBe('POST');
        expect(r.headers.digest).toBe(digestVan(r));
        expect(r.json()).toMatchObject({
          type: 'urn:schuldenrust:ddas:methode',
          title: expect.any(String),
          status: 405,
          detail: expect.any(String),
          code: 'ERROR_CODE_METHOD_UNSUPPORTED',
          domain: 'ERROR_DOMAIN_INWAY',
        });
      }
    });

    it('a wrong content type answers 415 with a short message, not the request internals', async () => {
      const { access_token } = (await token(cbs.clientId, cbs.clientSecret)).json();
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/ddas/vs/gegevens',
          headers: { authorization: `Bearer ${access_token}`, 'content-type': type },
          payload: '{}',
        });
        expect(r.statusCode).toBe(415);
        expect(r.headers.digest).toBe(digestVan(r));
        expect(r.json()).toEqual({
          type: 'urn:schuldenrust:ddas:mediatype',
          title: 'Inhoudstype niet ondersteund',
          status: 415,
          detail: 'Stuur het verzoek als JSON, met de header Content-Type: application/json.',
        });
        expect(r.body).not.toMatch(/_readableState|socket/);
      }
      const kapot = await ruw('vs', access_token, '{"page":', {});
      expect(kapot.statusCode).toBe(400);
      expect(kapot.json().detail).toBe('De inhoud van het verzoek is geen geldige JSON.');
    });

    it('the scope the spec names (read) opens every model the client is registered for, and no more', async () => {
      const r = await token(cbs.clientId, cbs.clientSecret, 'read');
      expect(r.json()).toMatchObject({ scope: 'read' });
      const { access_token } = r.json();
      expect((await gegevens('vs', access_token, verzoek)).statusCode).toBe(200);
      expect((await gegevens('shv', access_token, verzoek)).statusCode).toBe(200);
      const alleenShv = (
        await t.app.inject({
          method: 'POST',
          url: '/api/ddas/clients',
          headers: beheer.headers,
          payload: { naam: 'Alleen SHV', scopes: ['ddas-shv'] },
        })
      ).json();
      const beperkt = (await token(alleenShv.clientId, alleenShv.clientSecret, 'read')).json().access_token;
      expect((await gegevens('shv', beperkt, verzoek)).statusCode).toBe(200);
      const vs = await gegevens('vs', beperkt, verzoek);
      expect(vs.statusCode).toBe(403);
      expect(vs.headers['fsc-error-code']).toBe('ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN');
    });

    it('a client that asks too often gets 429 with Retry-After; another client is not affected', async () => {
      await t.herstart({ DDAS_VERZOEKEN_PER_MINUUT: 3 });
      try {
        const { access_token } = (await token(cbs.clientId, cbs.clientSecret)).json();
        const codes: number[] = [];
        for (let i = 0; i < 5; i++) codes.push((await gegevens('vs', access_token, verzoek)).statusCode);
        expect(codes.slice(0, 3)).toEqual([200, 200, 200]);
        const r = await gegevens('vs', access_token, verzoek);
        expect(r.statusCode).toBe(429);
        expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(r.headers.digest).toBe(digestVan(r));
        expect(r.json()).toMatchObject({ type: 'urn:schuldenrust:ddas:te-veel-verzoeken', status: 429 });
        const ander = (
          await t.app.inject({
            method: 'POST',
            url: '/api/ddas/clients',
            headers: beheer.headers,
            payload: { naam: 'Ander' },
          })
        ).json();
        const tk = (await token(ander.clientId, ander.clientSecret)).json().access_token;
        expect((await gegevens('vs', tk, verzoek)).statusCode).toBe(200);
      } finally {
        await t.herstart({ DDAS_VERZOEKEN_PER_MINUUT: 120 });
      }
    });

    it("a page fetched after a change still belongs to the first page's snapshot; page 1 again starts a new one", async () => {
      const { access_token } = (await token(cbs.clientId, cbs.clientSecret)).json();
      const vraag = { ...verzoek, aanleverende_organisatie: 'Gemeente Utrecht', pageSize: 50 };
      const p1 = await gegevens('vs', access_token, { ...vraag, page: 1 });
      const snapshot = String(p1.headers['ddas-snapshot']);
      expect(p1.json().paginering).toMatchObject({ totalRecords: 122, totalPages: 3 });
      // Meanwhile a new case comes in that sorts first (earliest matching date) and would shift every page.
      await t.ctx.db.kysely
        .insertInto('vroegsignaalzaken')
        .values({
          gemeentecode: 'GM0344',
          adres_sleutel: '3513aa|1|',
          matchingsdatum: '2026-01-02',
          startdatum_matchingperiode: '2026-01-01',
          einddatum_matchingperiode: '2026-01-31',
          ontvangen_op: new Date('2026-01-02T09:00:00Z'),
          deadline: '2026-01-30',
        })
        .execute();
      const p2 = await gegevens('vs', access_token, { ...vraag, page: 2 });
      const p3 = await gegevens('vs', access_token, { ...vraag, page: 3 });
      for (const p of [p2, p3]) {
        expect(p.headers['ddas-snapshot']).toBe(snapshot);
        expect(p.json().paginering).toMatchObject({ totalRecords: 122, totalPages: 3 });
        expect(p.json().gegevens.aanleverdatumEnTijd).toBe(p1.json().gegevens.aanleverdatumEnTijd);
      }
      const signalen = (r: typeof p1) =>
        r.json().gegevens.leveringen.flatMap((l: any) => l.vroegsignaalzaken.flatMap((z: any) => z.vroegsignalen));
      const alle = [p1, p2, p3].flatMap((r) => signalen(r).map((s: any) => s.ID));
      expect(new Set(alle).size).toBe(alle.length); // no record twice
      expect(alle).toHaveLength(123);
      // The snapshot can also be named explicitly; an unknown one is refused.
      const genoemd = await t.app.inject({
        method: 'POST',
        url: '/api/ddas/vs/gegevens',
        headers: { authorization: `Bearer ${access_token}`, 'ddas-snapshot': snapshot },
        payload: { ...vraag, page: 2 },
      });
      expect(genoemd.headers['ddas-snapshot']).toBe(snapshot);
      const onbekend = await t.app.inject({
        method: 'POST',
        url: '/api/ddas/vs/gegevens',
        headers: { authorization: `Bearer ${access_token}`, 'ddas-snapshot': '00000000-0000-4000-8000-000000000000' },
        payload: { ...vraag, page: 2 },
      });
      expect(onbekend.statusCode).toBe(422);
      expect(onbekend.json()).toMatchObject({ type: 'urn:schuldenrust:ddas:snapshot_onbekend', status: 422 });
      // A new page 1 is a new delivery: it sees the new case.
      const opnieuw = await gegevens('vs', access_token, { ...vraag, page: 1 });
      expect(opnieuw.headers['ddas-snapshot']).not.toBe(snapshot);
      expect(opnieuw.json().paginering.totalRecords).toBe(123);
    });

    it('snapshots expire after DDAS_SNAPSHOT_MINUTEN and are purged', async () => {
      const { ruimSnapshotsOp } = await import('../../src/modules/ddas/snapshot.ts');
      const voor = await t.ctx.db.kysely.selectFrom('ddas_snapshots').select('id').execute();
      expect(voor.length).toBeGreaterThan(0);
      expect(await ruimSnapshotsOp(t.ctx, new Date(Date.now() + 61 * 60_000))).toBe(voor.length);
      const records = await t.ctx.db.kysely.selectFrom('ddas_snapshot_records').select('record_id').execute();
      expect(records).toHaveLength(0);
    });
  });
}
