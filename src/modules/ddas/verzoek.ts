import { createHash, type X509Certificate } from 'node:crypto';
import { verifieer } from './handtekening.ts';
import { PROBLEMEN, type Probleem } from './problemen.ts';

export const HANDTEKENING_HEADER = 'nlgov-adr-payload-sig';

/**
 * Integrity of a /gegevens request (DDAS: "het verzoek én het antwoord worden beschermd"):
 * - a Digest header (RFC 3230) must match the exact body bytes, and appear once;
 * - the nlgov-adr-payload-sig header must appear at most once (ADR signing module: more than one makes the
 *   signature invalid), and verify over the Digest (JAdES form) or the body (body form) with a chain to one
 *   of `vertrouwd`;
 * - with `verplicht`, both must be there.
 * Returns the problem to answer with, or null when the request may proceed.
 */
export async function controleerVerzoek(
  bericht: { rawHeaders: readonly string[]; body: Buffer },
  opties: { verplicht: boolean; vertrouwd: readonly X509Certificate[]; nu?: Date },
): Promise<Probleem | null> {
  const waarden = (naam: string) =>
    bericht.rawHeaders.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === naam ? [bericht.rawHeaders[i + 1]!] : []));
  const handtekeningen = waarden(HANDTEKENING_HEADER);
  const digests = waarden('digest');
  if (handtekeningen.length > 1)
    return PROBLEMEN.handtekening('Het verzoek bevat meer dan één nlgov-adr-payload-sig-header; dat is ongeldig.');
  if (digests.length > 1) return PROBLEMEN.digest('Het verzoek bevat meer dan één Digest-header.');
  const digest = digests[0];
  const handtekening = handtekeningen[0];

  if (digest !== undefined) {
    const sha256 = digestWaarden(digest).get('sha-256');
    if (sha256 === undefined) return PROBLEMEN.digest('De Digest-header moet een SHA-256-waarde bevatten.');
    if (sha256 !== createHash('sha256').update(bericht.body).digest('base64'))
      return PROBLEMEN.digest('De Digest-header klopt niet bij de inhoud van het verzoek.');
  } else if (opties.verplicht) {
    return PROBLEMEN.digest('De Digest-header (SHA-256 van de inhoud) ontbreekt.');
  }

  if (handtekening === undefined) {
    return opties.verplicht
      ? PROBLEMEN.handtekening('Het verzoek moet ondertekend zijn (header nlgov-adr-payload-sig).')
      : null;
  }
  const v = await verifieer(handtekening, { body: bericht.body, digest }, opties.vertrouwd, opties.nu);
  return v.ok ? null : PROBLEMEN.handtekening(v.reden);
}

/** 'SHA-256=abc=, SHA-512=def' -> { sha-256: 'abc=', sha-512: 'def' } (algorithm names are case-insensitive). */
function digestWaarden(h: string): Map<string, string> {
  const uit = new Map<string, string>();
  for (const deel of h.split(',')) {
    const i = deel.indexOf('=');
    if (i > 0) uit.set(deel.slice(0, i).trim().toLowerCase(), deel.slice(i + 1).trim());
  }
  return uit;
}
