import { X509Certificate as NodeX509, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @peculiar/x509 uses tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type * as X509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

/**
 * The platform's own CA for mutual TLS of organisations. ECDSA P-256 keys, SHA-256 signatures.
 * Files live in `${dataDir}/pki`; private keys are PKCS#8 PEM with mode 0600.
 */
export interface Ca {
  certPem: string;
  keyPem: string;
  cert: X509.X509Certificate;
  privateKey: CryptoKey;
}

export interface UitgegevenCertificaat {
  certPem: string;
  keyPem: string;
  serienummer: string;
  vingerafdruk: string;
  onderwerp: string;
  geldigVanaf: Date;
  geldigTot: Date;
}

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const SKEW_MS = 5 * 60_000; // notBefore is backdated a little for clock skew between parties

export async function ensureCa(dataDir: string): Promise<Ca> {
  const dir = pkiDir(dataDir);
  const certFile = join(dir, 'ca.crt.pem');
  const keyFile = join(dir, 'ca.key.pem');
  const hasCert = existsSync(certFile);
  const hasKey = existsSync(keyFile);
  if (hasCert !== hasKey) throw new Error(`PKI onvolledig: ${hasCert ? keyFile : certFile} ontbreekt`);
  if (hasCert) return loadCa(readFileSync(certFile, 'utf8'), readFileSync(keyFile, 'utf8'));

  const keys = await generateKeys();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: dn({ CN: 'Schuldenrust platform-CA', O: 'Schuldenrust' }),
    notBefore: new Date(now - SKEW_MS),
    notAfter: new Date(now + 3652 * DAY),
    keys,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const certPem = cert.toString('pem');
  const keyPem = await exportKeyPem(keys.privateKey);
  writeAtomic(keyFile, keyPem, 0o600);
  writeAtomic(certFile, certPem, 0o644);
  return { certPem, keyPem, cert, privateKey: keys.privateKey };
}

export async function loadCa(certPem: string, keyPem: string): Promise<Ca> {
  const cert = new x509.X509Certificate(certPem);
  const der = x509.PemConverter.decodeFirst(keyPem);
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, EC, false, ['sign']);
  return { certPem, keyPem, cert, privateKey: privateKey as CryptoKey };
}

/** TLS certificate for the platform's own listener: SAN localhost, 127.0.0.1 and `hostnames`; 2 years. */
export async function issueServerCertificate(
  ca: Ca,
  hostnames: string[] = [],
): Promise<{ certPem: string; keyPem: string }> {
  const names = [...new Set(['localhost', ...hostnames])];
  const san = [
    ...names.map((n) => ({ type: isIp(n) ? 'ip' : 'dns', value: n }) as X509.JsonGeneralName),
    { type: 'ip', value: '127.0.0.1' } as X509.JsonGeneralName,
  ];
  const r = await issue(ca, {
    subject: dn({ CN: hostnames[0] ?? 'localhost', O: 'Schuldenrust' }),
    eku: x509.ExtendedKeyUsage.serverAuth,
    keyUsage: x509.KeyUsageFlags.digitalSignature,
    san,
    notAfter: new Date(Date.now() + 730 * DAY),
  });
  return { certPem: r.certPem, keyPem: r.keyPem };
}

/**
 * Creates `${dataDir}/pki/server.{crt,key}.pem` once and reuses them; re-issues when missing, not signed
 * by `ca`, expiring within 30 days, or lacking one of `hostnames`.
 */
export async function ensureServerCertificate(
  dataDir: string,
  ca: Ca,
  hostnames: string[] = [],
): Promise<{ certPem: string; keyPem: string }> {
  const dir = pkiDir(dataDir);
  const certFile = join(dir, 'server.crt.pem');
  const keyFile = join(dir, 'server.key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const certPem = readFileSync(certFile, 'utf8');
    const node = new NodeX509(certPem);
    const fresh = new Date(node.validTo).getTime() - Date.now() > 30 * DAY;
    const fromCa = node.checkIssued(new NodeX509(ca.certPem)) && node.verify(new NodeX509(ca.certPem).publicKey);
    const coversNames = hostnames.every((h) => (isIp(h) ? node.checkIP(h) : node.checkHost(h)) !== undefined);
    if (fresh && fromCa && coversNames) return { certPem, keyPem: readFileSync(keyFile, 'utf8') };
  }
  const r = await issueServerCertificate(ca, hostnames);
  writeAtomic(keyFile, r.keyPem, 0o600);
  writeAtomic(certFile, r.certPem, 0o644);
  return r;
}

/** Client certificate for an organisation: CN/O = naam, OU = organisatieId, clientAuth. */
export async function issueClientCertificate(
  ca: Ca,
  opts: { organisatieId: string; organisatieNaam: string; days: number; notBefore?: Date; notAfter?: Date },
): Promise<UitgegevenCertificaat> {
  return issue(ca, {
    subject: dn({ CN: opts.organisatieNaam, O: opts.organisatieNaam, OU: opts.organisatieId }),
    eku: x509.ExtendedKeyUsage.clientAuth,
    keyUsage: x509.KeyUsageFlags.digitalSignature,
    notBefore: opts.notBefore,
    notAfter: opts.notAfter ?? new Date(Date.now() + opts.days * DAY),
  });
}

async function issue(
  ca: Ca,
  o: {
    subject: X509.Name;
    eku: string;
    keyUsage: X509.KeyUsageFlags;
    san?: X509.JsonGeneralName[];
    notBefore?: Date | undefined;
    notAfter: Date;
  },
): Promise<UitgegevenCertificaat> {
  const keys = await generateKeys();
  const extensions: X509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(o.keyUsage, true),
    new x509.ExtendedKeyUsageExtension([o.eku]),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey),
  ];
  if (o.san) extensions.push(new x509.SubjectAlternativeNameExtension(o.san));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: o.subject,
    issuer: ca.cert.subjectName,
    notBefore: o.notBefore ?? new Date(Date.now() - SKEW_MS),
    notAfter: o.notAfter,
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: SIGN,
    extensions,
  });
  const certPem = cert.toString('pem');
  return {
    certPem,
    keyPem: await exportKeyPem(keys.privateKey),
    serienummer: cert.serialNumber,
    // Same format as tls getPeerCertificate().fingerprint256: uppercase hex with colons.
    vingerafdruk: new NodeX509(certPem).fingerprint256,
    onderwerp: cert.subject,
    geldigVanaf: cert.notBefore,
    geldigTot: cert.notAfter,
  };
}

/** Distinguished name with raw UTF8String values: names with ',', '"' or a leading '#' are not parsed. */
function dn(parts: Record<string, string>): X509.Name {
  return new x509.Name(Object.entries(parts).map(([k, v]) => ({ [k]: [{ utf8String: v }] })));
}

/** 16 random bytes, first byte forced into 0x40..0x7f: positive, no padding, always 32 hex digits. */
function randomSerial(): string {
  const b = webcrypto.getRandomValues(new Uint8Array(16));
  b[0] = (b[0]! & 0x3f) | 0x40;
  return Buffer.from(b).toString('hex');
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey), 'PRIVATE KEY');
}

function pkiDir(dataDir: string): string {
  const dir = join(dataDir, 'pki');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Write to a temp file with the final mode, then rename: readers never see a partial file. */
function writeAtomic(file: string, content: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode });
  chmodSync(tmp, mode); // mode above only applies when the file is new
  renameSync(tmp, file);
}

function isIp(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || s.includes(':');
}
