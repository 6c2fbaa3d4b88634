import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { HANDTEKENING_HEADER, handtekeningHeader } from './ondertekening.ts';

/** Addresses a webhook may not call when only public receivers are allowed (production): no SSRF into the platform. */
const INTERN = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  INTERN.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::ffff:0:0', 96],
] as const)
  INTERN.addSubnet(net, prefix, 'ipv6');

/** Checked when a subscription is registered: a URL the platform will call. Dutch message, or null when fine. */
export function urlFout(url: string, alleenPubliek: boolean): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'De URL is niet geldig.';
  }
  if (u.username || u.password) return 'Zet geen gebruikersnaam of wachtwoord in de URL.';
  if (alleenPubliek) {
    if (u.protocol !== 'https:') return 'Gebruik een https-adres.';
    const ip = isIP(u.hostname.replace(/^\[|\]$/g, ''));
    if (ip && INTERN.check(u.hostname.replace(/^\[|\]$/g, ''), ip === 6 ? 'ipv6' : 'ipv4'))
      return 'Dit adres is niet van buitenaf bereikbaar.';
  } else if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'Gebruik een http- of https-adres.';
  return null;
}

/** Before each call in production: the host must not resolve to an internal address (checked per call, not once). */
async function intern(host: string): Promise<boolean> {
  const h = host.replace(/^\[|\]$/g, '');
  const adressen = isIP(h) ? [{ address: h, family: isIP(h) }] : await lookup(h, { all: true });
  return adressen.some((a) => INTERN.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4'));
}

export interface AanroepUitkomst {
  ok: boolean;
  status: number | null;
  fout?: string;
}

/**
 * One signed POST: `{ id, type, aangemaaktOp, data }` with headers Schuldenrust-Signature, -Event-Id, -Event-Type.
 * 2xx = delivered. Redirects are not followed (a moved receiver updates its subscription).
 */
export async function roepAan(
  url: string,
  body: string,
  kop: { id: string; type: string; geheimen: string[] },
  opties: { timeoutMs: number; alleenPubliek: boolean; nu?: Date },
): Promise<AanroepUitkomst> {
  try {
    if (opties.alleenPubliek && (await intern(new URL(url).hostname)))
      return { ok: false, status: null, fout: 'Adres wijst naar een intern netwerk.' };
    const t = Math.floor((opties.nu ?? new Date()).getTime() / 1000);
    const r = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(opties.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Schuldenrust-Webhook/1',
        [HANDTEKENING_HEADER]: handtekeningHeader(kop.geheimen, t, body),
        'schuldenrust-event-id': kop.id,
        'schuldenrust-event-type': kop.type,
      },
      body,
    });
    await r.body?.cancel().catch(() => undefined);
    return r.ok ? { ok: true, status: r.status } : { ok: false, status: r.status, fout: `HTTP ${r.status}` };
  } catch (e) {
    const naam = (e as Error).name;
    return {
      ok: false,
      status: null,
      fout: naam === 'TimeoutError' ? 'Geen antwoord binnen de tijd.' : 'Ontvanger niet bereikbaar.',
    };
  }
}
