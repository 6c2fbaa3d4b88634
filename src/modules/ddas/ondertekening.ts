import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  X509Certificate as NodeX509,
  webcrypto,
} from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import forge from 'node-forge';
import type { Config } from '../../config.ts';
import type { Logger } from '../../shared/logger.ts';
import { ensureCa, type Ca } from '../organisaties/index.ts';
import { controleerKeten, leesPemBundel, type KetenUitkomst } from './keten.ts';

/**
 * The certificate the /gegevens answers are signed with. Production: a PKIoverheid services certificate
 * (digital signature) with its chain, from PEM files or a PKCS#12 file named in the configuration. Outside
 * production, without configuration, the platform CA issues an RSA certificate in `${DATA_DIR}/pki`
 * (renewed 30 days before expiry), so the demo and the tests sign without an operator.
 */
export interface Ondertekenaar {
  /** x5c: the chain, leaf first, base64 DER. */
  x5c: string[];
  /** SHA-256 thumbprint of the leaf (x5t#S256); also the kid. */
  x5tS256: string;
  key: KeyObject;
  keten: NodeX509[];
  bron: 'bestanden' | 'pkcs12' | 'platform-ca';
  controle: KetenUitkomst;
}

const DAG = 86_400_000;
export const WAARSCHUWING_DAGEN = 30;

const cache = new Map<string, Promise<Ondertekenaar>>();

/** The signer for this configuration (cached; the platform CA's certificate is renewed when it nears its end). */
export function ondertekenaar(config: Config, nu = new Date()): Promise<Ondertekenaar> {
  const sleutel = cacheSleutel(config);
  let p = cache.get(sleutel);
  if (p) {
    const huidig = p;
    p = huidig.then((o) =>
      o.bron === 'platform-ca' && o.controle.geldigTot.getTime() - nu.getTime() < WAARSCHUWING_DAGEN * DAG
        ? laad(config, nu)
        : o,
    );
  } else p = laad(config, nu);
  p.catch(() => cache.delete(sleutel));
  cache.set(sleutel, p);
  return p;
}

/** Loads and checks the signer; throws (Dutch) on a configuration that cannot sign at all. */
export async function laad(config: Config, nu = new Date()): Promise<Ondertekenaar> {
  const vertrouwd = config.DDAS_ONDERTEKENING_VERTROUWD
    ? leesPemBundel(lees(config.DDAS_ONDERTEKENING_VERTROUWD, 'DDAS_ONDERTEKENING_VERTROUWD').toString('utf8'))
    : [];
  let bron: Ondertekenaar['bron'];
  let certs: NodeX509[];
  let key: KeyObject;
  if (config.DDAS_ONDERTEKENING_PKCS12) {
    bron = 'pkcs12';
    ({ certs, key } = uitPkcs12(
      lees(config.DDAS_ONDERTEKENING_PKCS12, 'DDAS_ONDERTEKENING_PKCS12'),
      config.DDAS_ONDERTEKENING_PKCS12_WACHTWOORD ?? '',
    ));
  } else if (config.DDAS_ONDERTEKENING_CERTIFICAAT || config.DDAS_ONDERTEKENING_SLEUTEL) {
    bron = 'bestanden';
    if (!config.DDAS_ONDERTEKENING_CERTIFICAAT || !config.DDAS_ONDERTEKENING_SLEUTEL)
      throw new Error(
        'DDAS-ondertekening: geef zowel DDAS_ONDERTEKENING_CERTIFICAAT als DDAS_ONDERTEKENING_SLEUTEL op.',
      );
    certs = [
      ...leesPemBundel(lees(config.DDAS_ONDERTEKENING_CERTIFICAAT, 'DDAS_ONDERTEKENING_CERTIFICAAT').toString('utf8')),
      ...(config.DDAS_ONDERTEKENING_KETEN
        ? leesPemBundel(lees(config.DDAS_ONDERTEKENING_KETEN, 'DDAS_ONDERTEKENING_KETEN').toString('utf8'))
        : []),
    ];
    try {
      key = createPrivateKey({
        key: lees(config.DDAS_ONDERTEKENING_SLEUTEL, 'DDAS_ONDERTEKENING_SLEUTEL'),
        ...(config.DDAS_ONDERTEKENING_SLEUTEL_WACHTWOORD
          ? { passphrase: config.DDAS_ONDERTEKENING_SLEUTEL_WACHTWOORD }
          : {}),
      });
    } catch {
      throw new Error('DDAS-ondertekening: de sleutel kan niet worden gelezen (verkeerd formaat of wachtwoord).');
    }
  } else {
    if (config.NODE_ENV === 'production')
      throw new Error(
        'DDAS-ondertekening: in productie is een PKIoverheid-certificaat nodig (DDAS_ONDERTEKENING_PKCS12 of DDAS_ONDERTEKENING_CERTIFICAAT + DDAS_ONDERTEKENING_SLEUTEL).',
      );
    bron = 'platform-ca';
    ({ certs, key } = await vanPlatformCa(config.DATA_DIR, nu));
  }
  if (certs.length === 0) throw new Error('DDAS-ondertekening: er staat geen certificaat in het bestand.');
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
    throw new Error('DDAS-ondertekening: PS256 vraagt een RSA-sleutel van minstens 2048 bits.');
  const keten = ordenKeten(certs, key);
  const controle = controleerKeten(keten, vertrouwd, nu);
  const x5tS256 = createHash('sha256').update(keten[0]!.raw).digest('base64url');
  return { x5c: keten.map((c) => c.raw.toString('base64')), x5tS256, key, keten, bron, controle };
}

/**
 * Start-up check: refuses to start in production with a chain that is invalid or expired, or when requests
 * must be signed but no trust anchor for the requester is set; warns when the certificate ends within 30 days.
 */
export async function controleerOndertekeningBijStart(config: Config, log: Logger, nu = new Date()) {
  const productie = config.NODE_ENV === 'production';
  const o = await laad(config, nu);
  if (!o.controle.geldig) {
    const melding = `DDAS-ondertekeningscertificaat ongeldig: ${o.controle.fouten.join(' ')}`;
    if (productie) throw new Error(melding);
    log.warn({ fouten: o.controle.fouten }, 'DDAS signing certificate chain is not valid (not production: starting)');
  } else if (o.controle.geldigTot.getTime() - nu.getTime() < WAARSCHUWING_DAGEN * DAG) {
    log.warn(
      { geldigTot: o.controle.geldigTot.toISOString(), onderwerp: o.controle.onderwerp },
      'DDAS signing certificate expires within 30 days: install the new one',
    );
  }
  if (verzoekOndertekening(config) === 'verplicht' && !config.DDAS_VERZOEK_VERTROUWD && productie)
    throw new Error(
      'DDAS: verzoeken moeten ondertekend zijn, maar DDAS_VERZOEK_VERTROUWD (PKIoverheid-stamcertificaten) ontbreekt.',
    );
  log.info(
    { bron: o.bron, geldigTot: o.controle.geldigTot.toISOString(), x5tS256: o.x5tS256 },
    'DDAS signing certificate loaded',
  );
  return o;
}

/** Whether a /gegevens request must carry a signature: the setting, or by default only in production. */
export const verzoekOndertekening = (config: Config) =>
  config.DDAS_VERZOEK_ONDERTEKENING ?? (config.NODE_ENV === 'production' ? 'verplicht' : 'optioneel');

/** Trust anchors for the requester's signature: the configured bundle, else (not in production) the platform CA. */
export async function verzoekAnkers(config: Config): Promise<NodeX509[]> {
  if (config.DDAS_VERZOEK_VERTROUWD)
    return leesPemBundel(lees(config.DDAS_VERZOEK_VERTROUWD, 'DDAS_VERZOEK_VERTROUWD').toString('utf8'));
  if (config.NODE_ENV === 'production') return [];
  return [new NodeX509((await ensureCa(config.DATA_DIR)).certPem)];
}

/** The leaf (the certificate of the key) first, then each issuer found among the others. */
function ordenKeten(certs: NodeX509[], key: KeyObject): NodeX509[] {
  const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  const eigen = spki(createPublicKey(key));
  const leaf = certs.find((c) => spki(c.publicKey).equals(eigen));
  if (!leaf) throw new Error('DDAS-ondertekening: de sleutel hoort bij geen van de certificaten.');
  const keten = [leaf];
  const rest = certs.filter((c) => c !== leaf);
  for (;;) {
    const huidig = keten[keten.length - 1]!;
    if (huidig.checkIssued(huidig)) break; // self-signed root
    const i = rest.findIndex((c) => huidig.checkIssued(c) && huidig.verify(c.publicKey));
    if (i < 0) break;
    keten.push(rest.splice(i, 1)[0]!);
  }
  return keten;
}

function uitPkcs12(der: Buffer, wachtwoord: string): { certs: NodeX509[]; key: KeyObject } {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), wachtwoord);
  } catch {
    throw new Error(
      'DDAS-ondertekening: het PKCS#12-bestand kan niet worden geopend (verkeerd wachtwoord of formaat).',
    );
  }
  const { certBag, keyBag, pkcs8ShroudedKeyBag } = forge.pki.oids;
  // forge decodes RSA certificates only; any other kind is kept as its ASN.1 (bag.asn1) and read by Node.
  const certs = (p12.getBags({ bagType: certBag! })[certBag!] ?? []).flatMap((b) => {
    const asn1 = (b as { asn1?: forge.asn1.Asn1 }).asn1 ?? (b.cert ? forge.pki.certificateToAsn1(b.cert) : undefined);
    return asn1 ? [new NodeX509(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'))] : [];
  });
  const sleutels = [
    ...(p12.getBags({ bagType: pkcs8ShroudedKeyBag! })[pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: keyBag! })[keyBag!] ?? []),
  ];
  const k = sleutels.find((b) => b.key)?.key;
  if (!k) throw new Error('DDAS-ondertekening: het PKCS#12-bestand bevat geen sleutel.');
  return { certs, key: createPrivateKey(forge.pki.privateKeyToPem(k as forge.pki.rsa.PrivateKey)) };
}

function lees(pad: string, naam: string): Buffer {
  try {
    return readFileSync(pad);
  } catch {
    throw new Error(`DDAS-ondertekening: ${naam} (${pad}) kan niet worden gelezen.`);
  }
}

const cacheSleutel = (c: Config) =>
  JSON.stringify([
    c.NODE_ENV,
    c.DATA_DIR,
    c.DDAS_ONDERTEKENING_CERTIFICAAT,
    c.DDAS_ONDERTEKENING_KETEN,
    c.DDAS_ONDERTEKENING_SLEUTEL,
    c.DDAS_ONDERTEKENING_PKCS12,
    c.DDAS_ONDERTEKENING_VERTROUWD,
  ]);

// --- Development only: an RSA certificate (PS256 needs RSA) from the platform CA, 2 years ---

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
} as const;

async function vanPlatformCa(dataDir: string, nu: Date): Promise<{ certs: NodeX509[]; key: KeyObject }> {
  const ca = await ensureCa(dataDir);
  const certFile = join(dataDir, 'pki', 'ddas-ondertekening.crt.pem');
  const keyFile = join(dataDir, 'pki', 'ddas-ondertekening.key.pem');
  const caNode = new NodeX509(ca.certPem);
  let certPem: string | undefined;
  let keyPem: string | undefined;
  if (existsSync(certFile) && existsSync(keyFile)) {
    const c = readFileSync(certFile, 'utf8');
    const node = new NodeX509(c);
    if (
      new Date(node.validTo).getTime() - nu.getTime() > WAARSCHUWING_DAGEN * DAG &&
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
  return { certs: [new NodeX509(certPem), caNode], key: createPrivateKey(keyPem) };
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
    notAfter: new Date(Date.now() + 730 * DAG),
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

function schrijf(file: string, content: string, mode: number) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}
