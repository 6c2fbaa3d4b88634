import { webcrypto } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import forge from 'node-forge';

x509.cryptoProvider.set(globalThis.crypto);

/**
 * A small PKIoverheid look-alike for tests: root CA -> intermediate CA -> RSA leaf (digital signature), written as
 * the files an operator installs (certificate, chain, key as PEM; the same as PKCS#12). Not a mock: real
 * certificates and keys, checked by the platform like the real ones.
 */
const DAG = 86_400_000;
const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};
// RSA throughout, as PKIoverheid's chains are.
const SIGN = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

let serieTeller = 1;
const serie = () => (0x4000 + serieTeller++).toString(16).padStart(8, '0');

export interface TestPki {
  map: string;
  root: string;
  leaf: string;
  keten: string;
  sleutel: string;
  p12: string;
  p12Wachtwoord: string;
  rootPem: string;
  leafPem: string;
  tussenPem: string;
  sleutelPem: string;
}

export async function maakTestPki(
  opties: { naam?: string; leafVan?: Date; leafTot?: Date; zonderRootInKeten?: boolean } = {},
): Promise<TestPki> {
  const nu = Date.now();
  const rootKeys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serie(),
    name: `CN=Test Staat der Nederlanden Root ${opties.naam ?? ''}, O=Test`,
    notBefore: new Date(nu - 10 * DAG),
    notAfter: new Date(nu + 3650 * DAG),
    keys: rootKeys,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const tussenKeys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const tussen = await x509.X509CertificateGenerator.create({
    serialNumber: serie(),
    subject: 'CN=Test PKIoverheid Private Services CA, O=Test',
    issuer: root.subject,
    notBefore: new Date(nu - 9 * DAG),
    notAfter: new Date(nu + 1825 * DAG),
    publicKey: tussenKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const leafKeys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serie(),
    subject: `CN=${opties.naam ?? 'Gemeente Test'} DDAS ondertekening, O=Test`,
    issuer: tussen.subject,
    notBefore: opties.leafVan ?? new Date(nu - 8 * DAG),
    notAfter: opties.leafTot ?? new Date(nu + 365 * DAG),
    publicKey: leafKeys.publicKey,
    signingKey: tussenKeys.privateKey,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey as webcrypto.CryptoKey);
  const sleutelPem = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');

  const map = mkdtempSync(join(tmpdir(), 'sr-pki-'));
  const schrijf = (naam: string, inhoud: string | Buffer) => {
    const pad = join(map, naam);
    writeFileSync(pad, inhoud, { mode: 0o600 });
    return pad;
  };
  const [rootPem, tussenPem, leafPem] = [root, tussen, leaf].map((c) => c.toString('pem')) as [string, string, string];
  const p12Wachtwoord = 'test-wachtwoord';
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(sleutelPem),
    [leafPem, tussenPem, rootPem].map((p) => forge.pki.certificateFromPem(p)),
    p12Wachtwoord,
    { algorithm: 'aes256' },
  );
  return {
    map,
    root: schrijf('root.crt.pem', rootPem),
    leaf: schrijf('ondertekening.crt.pem', leafPem),
    keten: schrijf('keten.pem', opties.zonderRootInKeten ? tussenPem : `${tussenPem}${rootPem}`),
    sleutel: schrijf('ondertekening.key.pem', sleutelPem),
    p12: schrijf('ondertekening.p12', Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary')),
    p12Wachtwoord,
    rootPem,
    leafPem,
    tussenPem,
    sleutelPem,
  };
}
