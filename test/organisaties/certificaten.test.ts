import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import {
  ensureCa,
  ensureServerCertificate,
  issueClientCertificate,
  type Ca,
} from '../../src/modules/organisaties/ca.ts';
import {
  CertificateResolver,
  listCertificates,
  registerCertificate,
  revokeCertificate,
} from '../../src/modules/organisaties/certificaten.ts';
import { certificatenCommand } from '../../src/cli/certificaten.ts';

const TTL = 50;
const DAY = 86_400_000;
let db: Db;
let dataDir: string;
let ca: Ca;
let org: { id: string; naam: string };
let server: https.Server;
let port: number;
let resolver: CertificateResolver;
const temps: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'schuldenrust-pki-'));
  temps.push(d);
  return d;
}

/** One HTTPS request with a client certificate; fresh connection each time (no agent, no session reuse). */
function call(client: { certPem: string; keyPem: string }): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        agent: false,
        ca: ca.certPem,
        cert: client.certPem,
        key: client.keyPem,
      },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(data) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  db = await openDatabase({ pgliteDir: 'memory://' });
  await migrate(db);
  org = await db.kysely
    .insertInto('organisaties')
    .values({ naam: "Gemeente 's-Hertogenbosch", type: 'gemeente' })
    .returning(['id', 'naam'])
    .executeTakeFirstOrThrow();
  dataDir = tempDir();
  ca = await ensureCa(dataDir);
  const tls = await ensureServerCertificate(dataDir, ca);
  resolver = new CertificateResolver(db, TTL);
  server = https.createServer(
    { key: tls.keyPem, cert: tls.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (!socket.authorized) return send(401, { authorized: false, fout: String(socket.authorizationError) });
      resolver.resolve(socket.getPeerCertificate().fingerprint256).then(
        (r) => send(r ? 200 : 403, { authorized: true, identiteit: r }),
        (err) => send(500, { fout: String(err) }),
      );
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await db?.close();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('platform-CA', () => {
  it('is created once, reused, and keeps its key private', async () => {
    const again = await ensureCa(dataDir);
    expect(again.certPem).toBe(ca.certPem);
    expect(statSync(join(dataDir, 'pki', 'ca.key.pem')).mode & 0o777).toBe(0o600);
    const x = new X509Certificate(ca.certPem);
    expect(x.ca).toBe(true);
    expect(x.subject).toContain('CN=Schuldenrust platform-CA');
    expect(new Date(x.validTo).getTime() - Date.now()).toBeGreaterThan(9.9 * 365 * DAY);
    const srv = await ensureServerCertificate(dataDir, ca);
    expect(srv.certPem).toBe(readFileSync(join(dataDir, 'pki', 'server.crt.pem'), 'utf8'));
    expect(new X509Certificate(srv.certPem).subjectAltName).toContain('IP Address:127.0.0.1');
  });

  it('issues client certificates whose fingerprint matches what TLS reports', async () => {
    const c = await issueClientCertificate(ca, { organisatieId: org.id, organisatieNaam: org.naam, days: 30 });
    expect(c.serienummer).toMatch(/^[0-9a-f]{32}$/);
    expect(c.vingerafdruk).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(c.onderwerp).toContain(`OU=${org.id}`);
    const x = new X509Certificate(c.certPem);
    expect(x.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(x.serialNumber.toLowerCase()).toBe(c.serienummer);

    const lastig = await issueClientCertificate(ca, {
      organisatieId: org.id,
      organisatieNaam: '#Stichting A, B & "C"',
      days: 1,
    });
    expect(new X509Certificate(lastig.certPem).toLegacyObject().subject).toEqual({
      CN: '#Stichting A, B & "C"',
      O: '#Stichting A, B & "C"',
      OU: org.id,
    });
    expect(lastig.onderwerp).toBe(`CN=\\#Stichting A\\, B & \\"C\\", O=\\#Stichting A\\, B & \\"C\\", OU=${org.id}`);
  });
});

describe('mutual TLS', () => {
  it('resolves a valid certificate to its organisation, and refuses it after revocation', async () => {
    const c = await registerCertificate(db, org, ca, 365);
    const ok = await call(c);
    expect(ok).toEqual({
      status: 200,
      body: { authorized: true, identiteit: { organisatieId: org.id, serienummer: c.serienummer, test: false } },
    });

    // A slower resolver still answers from its cache right after the revocation: no DB on a hit.
    const slow = new CertificateResolver(db, 60_000);
    expect(await slow.resolve(c.vingerafdruk)).not.toBeNull();
    expect(await revokeCertificate(db, c.serienummer)).toBe(true);
    expect(await revokeCertificate(db, c.serienummer)).toBe(false);
    expect(await slow.resolve(c.vingerafdruk)).not.toBeNull();

    await sleep(TTL + 20);
    const refused = await call(c);
    expect(refused.status).toBe(403);
    expect(refused.body.identiteit).toBeNull();
  });

  it('does not authorise a certificate from a foreign CA', async () => {
    const foreign = await ensureCa(tempDir());
    const c = await issueClientCertificate(foreign, { organisatieId: org.id, organisatieNaam: org.naam, days: 30 });
    const r = await call(c);
    expect(r.status).toBe(401);
    expect(r.body.authorized).toBe(false);
  });

  it('refuses an expired certificate, at TLS and in the resolver', async () => {
    const c = await registerCertificate(db, org, ca, 1, {
      notBefore: new Date(Date.now() - 10 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    const r = await call(c);
    expect(r.status).toBe(401);
    expect(r.body.fout).toContain('CERT_HAS_EXPIRED');
    expect(await resolver.resolve(c.vingerafdruk)).toBeNull();
  });

  it('answers null for an unknown fingerprint', async () => {
    expect(await resolver.resolve('AA:BB')).toBeNull();
    expect(await revokeCertificate(db, 'deadbeef')).toBe(false);
  });
});

describe('CLI certificaten', () => {
  it('uitgeven, lijst, intrekken', async () => {
    const out: string[] = [];
    const ctx = { db, dataDir, out: (l: string) => out.push(l) };
    const uitvoer = join(tempDir(), 'voor-gemeente');

    expect(
      await certificatenCommand(['uitgeven', '--organisatie', org.naam, '--dagen', '30', '--uitvoer', uitvoer], ctx),
    ).toBe(0);
    const serienummer = /Serienummer:\s+([0-9a-f]+)/.exec(out.join('\n'))![1]!;
    expect(readdirSync(uitvoer).sort()).toEqual(
      ['ca.crt.pem', `${serienummer}.crt.pem`, `${serienummer}.key.pem`].sort(),
    );
    expect(statSync(join(uitvoer, `${serienummer}.key.pem`)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(uitvoer, 'ca.crt.pem'), 'utf8')).toBe(ca.certPem);

    // The written files work for mutual TLS.
    const files = {
      certPem: readFileSync(join(uitvoer, `${serienummer}.crt.pem`), 'utf8'),
      keyPem: readFileSync(join(uitvoer, `${serienummer}.key.pem`), 'utf8'),
    };
    expect((await call(files)).body.identiteit).toEqual({ organisatieId: org.id, serienummer, test: false });

    out.length = 0;
    expect(await certificatenCommand(['lijst', '--organisatie', org.id], ctx)).toBe(0);
    const row = out.find((l) => l.startsWith(serienummer))!;
    expect(row).toContain(org.naam);
    expect(row).toMatch(/geldig$/);

    out.length = 0;
    expect(await certificatenCommand(['intrekken', serienummer], ctx)).toBe(0);
    expect(await certificatenCommand(['intrekken', serienummer], ctx)).toBe(1);
    out.length = 0;
    await certificatenCommand(['lijst'], ctx);
    expect(out.find((l) => l.startsWith(serienummer))).toMatch(/ingetrokken \d{4}-\d{2}-\d{2}$/);
    expect(
      (await listCertificates(db, org.id)).find((r) => r.serienummer === serienummer)?.ingetrokken_op,
    ).toBeInstanceOf(Date);
  });

  it('rejects an unknown organisation and bad input with exit code 2', async () => {
    const out: string[] = [];
    const ctx = { db, dataDir, out: (l: string) => out.push(l) };
    expect(await certificatenCommand(['uitgeven', '--organisatie', 'Bestaat Niet', '--uitvoer', tempDir()], ctx)).toBe(
      2,
    );
    expect(out[0]).toBe('Organisatie "Bestaat Niet" bestaat niet. Controleer de naam of het id.');
    expect(await certificatenCommand(['lijst', '--organisatie', '00000000-0000-0000-0000-000000000000'], ctx)).toBe(2);
    expect(await certificatenCommand(['uitgeven', '--organisatie', org.naam, '--dagen', 'veel'], ctx)).toBe(2);
    expect(await certificatenCommand(['uitgeven', '--organisatie', org.naam, '--dag', '3'], ctx)).toBe(2);
    expect(await certificatenCommand(['verbranden'], ctx)).toBe(2);
  });
});
