import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { controleerKeten } from '../../src/modules/ddas/keten.ts';
import { digest, onderteken } from '../../src/modules/ddas/handtekening.ts';
import { controleerOndertekeningBijStart, laad } from '../../src/modules/ddas/ondertekening.ts';
import { createLogger } from '../../src/shared/logger.ts';
import type { Context } from '../../src/context.ts';
import { ddasCommand } from '../../src/modules/ddas/cli.ts';
import { maakTestPki, type TestPki } from '../helpers/ddas-pki.ts';

const DAG = 86_400_000;

function config(extra: Partial<Config>): Config {
  return loadConfig({}, { DATA_DIR: mkdtempSync(join(tmpdir(), 'sr-ddas-')), LOG_LEVEL: 'silent', ...extra });
}
const uitBestanden = (p: TestPki, extra: Partial<Config> = {}) =>
  config({
    DDAS_ONDERTEKENING_CERTIFICAAT: p.leaf,
    DDAS_ONDERTEKENING_KETEN: p.keten,
    DDAS_ONDERTEKENING_SLEUTEL: p.sleutel,
    ...extra,
  });

/** A log that keeps its warnings, to see what the start-up check says. */
function logMetWaarschuwingen() {
  const regels: Array<{ level: number; msg: string }> = [];
  const log = createLogger('info', {
    write: (r: string) => {
      regels.push(JSON.parse(r));
    },
  });
  return { log, waarschuwingen: () => regels.filter((r) => r.level === 40).map((r) => r.msg) };
}

/**
 * CBS's side, with nothing of the platform's signing code and no JOSE library: take the JWS apart, check the
 * JAdES header the NL GOV ADR signing module asks for, check the x5c chain with node:crypto, rebuild the JWS
 * signing input from the Digest header and verify the RSASSA-PSS (PS256) signature with node:crypto.
 */
function verifieerZoalsCbs(jws: string, body: Buffer, digestHeader: string, anker: X509Certificate) {
  const [beschermd, payload, handtekening] = jws.split('.');
  expect(payload).toBe('');
  const h = JSON.parse(Buffer.from(beschermd!, 'base64url').toString('utf8'));
  expect(h).toMatchObject({
    alg: 'PS256',
    typ: 'JOSE',
    b64: false,
    crit: ['b64', 'sigD'],
    sigD: { mId: 'http://uri.etsi.org/19182/HttpHeaders', pars: ['digest'] },
    sigT: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
  });
  const keten = (h.x5c as string[]).map((c) => new X509Certificate(Buffer.from(c, 'base64')));
  expect(createHash('sha256').update(keten[0]!.raw).digest('base64url')).toBe(h['x5t#S256']);
  for (let i = 0; i + 1 < keten.length; i++) expect(keten[i]!.verify(keten[i + 1]!.publicKey)).toBe(true);
  expect(keten[keten.length - 1]!.raw.equals(anker.raw)).toBe(true);
  // The Digest header is that of the exact body, and the signature is over "digest: <value>".
  expect(digestHeader).toBe(`SHA-256=${createHash('sha256').update(body).digest('base64')}`);
  const invoer = Buffer.concat([Buffer.from(`${beschermd}.`), Buffer.from(`digest: ${digestHeader}`)]);
  return verify(
    'sha256',
    invoer,
    { key: keten[0]!.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
    Buffer.from(handtekening!, 'base64url'),
  );
}

describe('DDAS signing certificate from configuration, and the JAdES signature', () => {
  it('a chain from PEM files signs in the JAdES form; node:crypto verifies it (no JOSE library); a changed body does not match', async () => {
    const pki = await maakTestPki();
    const o = await laad(uitBestanden(pki));
    expect(o.bron).toBe('bestanden');
    expect(o.x5c).toHaveLength(3);
    expect(o.controle).toMatchObject({ geldig: true, fouten: [] });
    const body = Buffer.from('{"gegevens":{"leveringen":[]},"paginering":{"currentPage":1}}');
    const jws = await onderteken(o, body, 'jades');
    const root = new X509Certificate(pki.rootPem);
    expect(verifieerZoalsCbs(jws, body, digest(body), root)).toBe(true);
    // Tampering: a different body has a different digest, and the signature does not cover it.
    const ander = Buffer.from(body.toString().replace('"currentPage":1', '"currentPage":2'));
    expect(() => verifieerZoalsCbs(jws, ander, digest(body), root)).toThrow(); // the digest no longer matches
    const invoerAnder = Buffer.from(`${jws.split('.')[0]}.digest: ${digest(ander)}`);
    expect(
      verify(
        'sha256',
        invoerAnder,
        { key: new X509Certificate(pki.leafPem).publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        Buffer.from(jws.split('.')[2]!, 'base64url'),
      ),
    ).toBe(false);
  });

  it('the same certificate from a PKCS#12 file (AES-256, password); a wrong password is a clear error', async () => {
    const pki = await maakTestPki({ naam: 'P12' });
    const o = await laad(
      config({ DDAS_ONDERTEKENING_PKCS12: pki.p12, DDAS_ONDERTEKENING_PKCS12_WACHTWOORD: pki.p12Wachtwoord }),
    );
    expect(o.bron).toBe('pkcs12');
    expect(o.keten[0]!.raw.equals(new X509Certificate(pki.leafPem).raw)).toBe(true);
    expect(o.x5c).toHaveLength(3); // put in chain order, whatever the order in the file
    const body = Buffer.from('{"a":1}');
    expect(verifieerZoalsCbs(await onderteken(o, body), body, digest(body), new X509Certificate(pki.rootPem))).toBe(
      true,
    );
    await expect(
      laad(config({ DDAS_ONDERTEKENING_PKCS12: pki.p12, DDAS_ONDERTEKENING_PKCS12_WACHTWOORD: 'fout' })),
    ).rejects.toThrow(/PKCS#12-bestand kan niet worden geopend/);
  });

  it('the body form (DDAS_HANDTEKENING_VORM=body): a plain detached JWS over the body, also verifiable with node:crypto', async () => {
    const pki = await maakTestPki({ naam: 'Body' });
    const o = await laad(uitBestanden(pki));
    const body = Buffer.from('{"b":2}');
    const [h, , s] = (await onderteken(o, body, 'body')).split('.');
    const kop = JSON.parse(Buffer.from(h!, 'base64url').toString());
    expect(kop.b64).toBeUndefined();
    expect(kop.sigD).toBeUndefined();
    const invoer = Buffer.from(`${h}.${body.toString('base64url')}`);
    expect(
      verify(
        'sha256',
        invoer,
        { key: new X509Certificate(pki.leafPem).publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        Buffer.from(s!, 'base64url'),
      ),
    ).toBe(true);
  });

  it('production: refuses to start without a certificate, with an expired one, or with an incomplete chain', async () => {
    const { log } = logMetWaarschuwingen();
    const productie = (extra: Partial<Config>) =>
      ({
        ...extra,
        NODE_ENV: 'production',
        DDAS_VERZOEK_VERTROUWD: extra.DDAS_VERZOEK_VERTROUWD ?? '/dev/null',
      }) as Partial<Config>;
    await expect(controleerOndertekeningBijStart(config(productie({})), log)).rejects.toThrow(
      /in productie is een PKIoverheid-certificaat nodig/,
    );
    const verlopen = await maakTestPki({
      naam: 'Verlopen',
      leafVan: new Date(Date.now() - 400 * DAG),
      leafTot: new Date(Date.now() - DAG),
    });
    await expect(controleerOndertekeningBijStart(uitBestanden(verlopen, productie({})), log)).rejects.toThrow(
      /is verlopen/,
    );
    const zonderRoot = await maakTestPki({ naam: 'Zonder root', zonderRootInKeten: true });
    await expect(controleerOndertekeningBijStart(uitBestanden(zonderRoot, productie({})), log)).rejects.toThrow(
      /stamcertificaat ontbreekt/,
    );
    // With the root as configured trust anchor, the same files are fine.
    await expect(
      controleerOndertekeningBijStart(
        uitBestanden(zonderRoot, productie({ DDAS_ONDERTEKENING_VERTROUWD: zonderRoot.root })),
        log,
      ),
    ).resolves.toMatchObject({ bron: 'bestanden' });
    // Another root as trust anchor: the chain does not end there.
    const ander = await maakTestPki({ naam: 'Ander' });
    await expect(
      controleerOndertekeningBijStart(
        uitBestanden(zonderRoot, productie({ DDAS_ONDERTEKENING_VERTROUWD: ander.root })),
        log,
      ),
    ).rejects.toThrow(/vertrouwd/);
    // Requests must be signed in production: without trust anchors for the requester it does not start.
    const goed = await maakTestPki({ naam: 'Goed' });
    await expect(controleerOndertekeningBijStart(uitBestanden(goed, { NODE_ENV: 'production' }), log)).rejects.toThrow(
      /DDAS_VERZOEK_VERTROUWD/,
    );
  });

  it('a key that does not belong to the certificate, or a non-RSA key, is refused everywhere', async () => {
    const a = await maakTestPki({ naam: 'A' });
    const b = await maakTestPki({ naam: 'B' });
    await expect(laad(uitBestanden(a, { DDAS_ONDERTEKENING_SLEUTEL: b.sleutel }))).rejects.toThrow(
      /hoort bij geen van de certificaten/,
    );
    const ec = join(a.map, 'ec.key.pem');
    writeFileSync(
      ec,
      (await import('node:crypto'))
        .generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    );
    await expect(laad(uitBestanden(a, { DDAS_ONDERTEKENING_SLEUTEL: ec }))).rejects.toThrow(/RSA-sleutel/);
  });

  it('warns when the certificate ends within 30 days; outside production an invalid chain only warns', async () => {
    const bijna = await maakTestPki({ naam: 'Bijna', leafTot: new Date(Date.now() + 10 * DAG) });
    const w1 = logMetWaarschuwingen();
    await controleerOndertekeningBijStart(uitBestanden(bijna), w1.log);
    expect(w1.waarschuwingen().join('\n')).toMatch(/expires within 30 days/);
    const verlopen = await maakTestPki({
      naam: 'Verlopen dev',
      leafVan: new Date(Date.now() - 400 * DAG),
      leafTot: new Date(Date.now() - DAG),
    });
    const w2 = logMetWaarschuwingen();
    await controleerOndertekeningBijStart(uitBestanden(verlopen), w2.log);
    expect(w2.waarschuwingen().join('\n')).toMatch(/not valid/);
  });

  it('`ddas ondertekening` shows the operator the source, the chain and its validity (exit 1 when it does not hold)', async () => {
    const goed = await maakTestPki({ naam: 'CLI' });
    const regels: string[] = [];
    expect(await ddasCommand({ config: uitBestanden(goed) } as Context, ['ondertekening'], (r) => regels.push(r))).toBe(
      0,
    );
    expect(regels.join('\n')).toMatch(/Bron: bestanden[\s\S]*CLI DDAS ondertekening[\s\S]*Keten geldig tot/);
    const verlopen = await maakTestPki({
      naam: 'CLI verlopen',
      leafVan: new Date(Date.now() - 400 * DAG),
      leafTot: new Date(Date.now() - DAG),
    });
    const fout: string[] = [];
    expect(
      await ddasCommand({ config: uitBestanden(verlopen) } as Context, ['ondertekening'], (r) => fout.push(r)),
    ).toBe(1);
    expect(fout.join('\n')).toMatch(/ONGELDIG: .*is verlopen/);
  });

  it('development without configuration: the platform CA issues the signing certificate (chain of two)', async () => {
    const o = await laad(config({}));
    expect(o.bron).toBe('platform-ca');
    expect(o.x5c).toHaveLength(2);
    expect(o.controle.geldig).toBe(true);
  });

  it('the chain check: order, CA flags, validity', async () => {
    const p = await maakTestPki({ naam: 'Keten' });
    const [leaf, tussen, root] = [p.leafPem, p.tussenPem, p.rootPem].map((x) => new X509Certificate(x));
    expect(controleerKeten([leaf!, tussen!, root!]).geldig).toBe(true);
    expect(controleerKeten([leaf!, root!]).fouten.join(' ')).toMatch(/niet ondertekend door het volgende/);
    expect(controleerKeten([tussen!, root!]).fouten.join(' ')).toMatch(/CA-certificaat; gebruik een eindcertificaat/);
    expect(controleerKeten([leaf!, tussen!, root!], [], new Date(Date.now() + 4000 * DAG)).fouten.join(' ')).toMatch(
      /verlopen/,
    );
  });
});
