import { createHash, X509Certificate as NodeX509, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { FlattenedSign, importPKCS8 } from 'jose';
import { ensureCa, type Ca } from '../organisaties/index.ts';

/**
 * The platform's DDAS signing certificate: RSA 2048 (PS256 needs RSA), issued by the platform CA, 2 years,
 * kept in `${dataDir}/pki/ddas-ondertekening.{crt,key}.pem` and renewed when it expires within 30 days or
 * is not signed by the current CA. Responses of the /gegevens APIs are signed with it.
 */
export interface Ondertekenaar {
  /** x5c: the certificate chain (leaf first, then the platform CA), base64 DER. */
  x5c: string[];
  kid: string;
  key: CryptoKey;
}

const DAY = 86_400_000;
const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
} as const;

const cache = new Map<string, Promise<Ondertekenaar>>();

export function ondertekenaar(dataDir: string): Promise<Ondertekenaar> {
  let p = cache.get(dataDir);
  if (!p) {
    p = laad(dataDir);
    p.catch(() => cache.delete(dataDir));
    cache.set(dataDir, p);
  }
  return p;
}

async function laad(dataDir: string): Promise<Ondertekenaar> {
  const ca = await ensureCa(dataDir);
  const certFile = join(dataDir, 'pki', 'ddas-ondertekening.crt.pem');
  const keyFile = join(dataDir, 'pki', 'ddas-ondertekening.key.pem');
  let certPem: string | undefined;
  let keyPem: string | undefined;
  if (existsSync(certFile) && existsSync(keyFile)) {
    const c = readFileSync(certFile, 'utf8');
    const node = new NodeX509(c);
    const caNode = new NodeX509(ca.certPem);
    if (
      new Date(node.validTo).getTime() - Date.now() > 30 * DAY &&
      node.checkIssued(caNode) &&
      node.verify(caNode.publicKey)
    ) {
      certPem = c;
      keyPem = readFileSync(keyFile, 'utf8');
    }
  }
  if (!certPem || !keyPem) {
    ({ certPem, keyPem } = await geefUit(ca));
    schrijf(keyFile, keyPem, 0o600);
    schrijf(certFile, certPem, 0o644);
  }
  const der = (pem: string) => Buffer.from(x509.PemConverter.decodeFirst(pem));
  return {
    x5c: [der(certPem).toString('base64'), der(ca.certPem).toString('base64')],
    // kid = the certificate's SHA-256 thumbprint (also its x5t#S256).
    kid: createHash('sha256').update(der(certPem)).digest('base64url'),
    key: await importPKCS8(keyPem, 'PS256'),
  };
}

async function geefUit(ca: Ca): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  serial[0] = (serial[0]! & 0x3f) | 0x40;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject: 'CN=Schuldenrust DDAS-ondertekening, O=Schuldenrust',
    issuer: ca.cert.subjectName,
    notBefore: new Date(Date.now() - 5 * 60_000),
    notAfter: new Date(Date.now() + 730 * DAY),
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as webcrypto.CryptoKey);
  return { certPem: cert.toString('pem'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/** RFC 3230 digest header value of a body. */
export function digest(body: Buffer): string {
  return `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
}

/**
 * Detached JWS (RFC 7515 appendix F) over the exact response body: compact form `header..signature`.
 * Protected header: alg PS256, typ JOSE, kid, x5c, and the signing time (JAdES `sigT`).
 */
export async function onderteken(o: Ondertekenaar, body: Buffer, nu = new Date()): Promise<string> {
  const jws = await new FlattenedSign(body)
    .setProtectedHeader({
      alg: 'PS256',
      typ: 'JOSE',
      kid: o.kid,
      x5c: o.x5c,
      sigT: nu.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    })
    .sign(o.key);
  return `${jws.protected}..${jws.signature}`;
}

function schrijf(file: string, content: string, mode: number) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}
