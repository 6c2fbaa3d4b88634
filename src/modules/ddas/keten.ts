import { X509Certificate } from 'node:crypto';

/**
 * X.509 chains for DDAS signatures (ours and CBS's): the leaf first, then each issuer. A chain holds when every
 * certificate is valid now, each is signed by the next, the intermediates are CAs, and the last one is a trust
 * anchor or is signed by one. Without anchors the chain must end in a self-signed root (it carries its own).
 * Revocation (OCSP/CRL) is not checked here: PKIoverheid publishes it, the operator's proxy or FSC inway may.
 */
export interface KetenUitkomst {
  geldig: boolean;
  /** Dutch reasons, for the log and for problem details. */
  fouten: string[];
  /** The earliest end of validity in the chain (the day the signature stops being verifiable). */
  geldigTot: Date;
  onderwerp: string;
}

export function controleerKeten(
  keten: readonly X509Certificate[],
  vertrouwd: readonly X509Certificate[] = [],
  nu = new Date(),
): KetenUitkomst {
  const fouten: string[] = [];
  const leaf = keten[0];
  if (!leaf) return { geldig: false, fouten: ['De certificaatketen is leeg.'], geldigTot: nu, onderwerp: '' };
  let geldigTot = new Date(leaf.validTo);
  for (const [i, c] of keten.entries()) {
    const van = new Date(c.validFrom);
    const tot = new Date(c.validTo);
    if (tot < geldigTot) geldigTot = tot;
    const wie = i === 0 ? 'Het ondertekeningscertificaat' : `Certificaat ${i + 1} in de keten (${naam(c)})`;
    if (nu < van) fouten.push(`${wie} is nog niet geldig (vanaf ${van.toISOString()}).`);
    if (nu > tot) fouten.push(`${wie} is verlopen (op ${tot.toISOString()}).`);
    const uitgever = keten[i + 1];
    if (uitgever && !(c.checkIssued(uitgever) && c.verify(uitgever.publicKey)))
      fouten.push(`${wie} is niet ondertekend door het volgende certificaat in de keten.`);
    if (i > 0 && !c.ca) fouten.push(`${wie} is geen CA-certificaat.`);
  }
  if (leaf.ca) fouten.push('Het ondertekeningscertificaat is een CA-certificaat; gebruik een eindcertificaat.');
  const laatste = keten[keten.length - 1]!;
  if (vertrouwd.length > 0) {
    const anker = vertrouwd.some(
      (a) => a.raw.equals(laatste.raw) || (laatste.checkIssued(a) && laatste.verify(a.publicKey)),
    );
    if (!anker) fouten.push('De keten eindigt niet bij een vertrouwd (PKIoverheid-)stamcertificaat.');
  } else if (!(laatste.checkIssued(laatste) && laatste.verify(laatste.publicKey))) {
    fouten.push('De keten is niet compleet: het stamcertificaat ontbreekt (en er is geen vertrouwd anker ingesteld).');
  }
  return { geldig: fouten.length === 0, fouten, geldigTot, onderwerp: leaf.subject.replace(/\n/g, ', ') };
}

/** Every certificate in a PEM bundle, in file order. */
export function leesPemBundel(pem: string): X509Certificate[] {
  const blokken = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blokken.map((b) => new X509Certificate(b));
}

const naam = (c: X509Certificate) => /CN=([^\n,]+)/.exec(c.subject)?.[1] ?? c.subject;
