import type { TestOmgeving } from './omgeving.ts';
import { startLokaleOidc, type LokaleOidc } from '../../src/modules/pauzeknop/index.ts';

/** The redirect URL the tests register at the local provider (the app itself is reached with inject). */
export const TERUG_URL = 'http://127.0.0.1:3999/api/pauzeknop/inloggen/terug';

/** A real local OpenID Connect provider (oidc-provider) and the settings the platform needs for it. */
export async function lokaleProvider() {
  const oidc = await startLokaleOidc({ redirectUris: [TERUG_URL] });
  return {
    oidc,
    instellingen: {
      PAUZEKNOP_OIDC_ISSUER: oidc.issuer,
      PAUZEKNOP_OIDC_CLIENT_ID: oidc.clientId,
      PAUZEKNOP_OIDC_CLIENT_SECRET: oidc.clientSecret,
      PAUZEKNOP_OIDC_REDIRECT_URL: TERUG_URL,
    },
  };
}

/** A browser at the provider: a cookie jar and manual redirects. */
class Browser {
  private readonly jar = new Map<string, string>();
  async vraag(url: string, body?: URLSearchParams): Promise<Response> {
    const r = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    for (const c of r.headers.getSetCookie()) {
      const [paar] = c.split(';');
      const i = paar!.indexOf('=');
      this.jar.set(paar!.slice(0, i), paar!.slice(i + 1));
    }
    return r;
  }
}

/**
 * Logs in at the provider as `login` (its development login page, then consent) starting from the provider URL the
 * platform redirected to; returns the URL the provider sends the browser back to (the platform's redirect URL).
 */
export async function doorlopProvider(oidc: LokaleOidc, autorisatieUrl: string, login: string): Promise<URL> {
  const b = new Browser();
  let url = autorisatieUrl;
  for (let stap = 0; stap < 12; stap++) {
    if (url.startsWith(TERUG_URL)) return new URL(url);
    const r = await b.vraag(url);
    if (r.status >= 300 && r.status < 400) {
      url = new URL(r.headers.get('location')!, oidc.issuer).href;
      continue;
    }
    const html = await r.text();
    if (r.status !== 200) throw new Error(`provider answered ${r.status}: ${html.slice(0, 300)}`);
    const actie = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!actie || !prompt) throw new Error(`no interaction form: ${html.slice(0, 300)}`);
    const velden = new URLSearchParams({ prompt });
    if (prompt === 'login') {
      velden.set('login', login);
      velden.set('password', 'demo');
    }
    const p = await b.vraag(new URL(actie, oidc.issuer).href, velden);
    if (p.status < 300 || p.status >= 400) throw new Error(`interaction answered ${p.status}: ${await p.text()}`);
    url = new URL(p.headers.get('location')!, oidc.issuer).href;
  }
  throw new Error('too many steps at the provider');
}

/** Starts a login at the platform: the provider URL and the browser-binding cookie. */
export async function begin(t: TestOmgeving) {
  const r = await t.app.inject({ method: 'GET', url: '/api/pauzeknop/inloggen' });
  if (r.statusCode !== 302) throw new Error(`login start ${r.statusCode} ${r.body}`);
  const binding = r.cookies.find((c) => c.name === 'sr_inwoner_inlog')!.value;
  return { url: r.headers.location as string, binding };
}

/** The provider's redirect, delivered to the platform with the browser-binding cookie. */
export async function terug(t: TestOmgeving, terugUrl: URL, binding: string | undefined) {
  return t.app.inject({
    method: 'GET',
    url: `${terugUrl.pathname}${terugUrl.search}`,
    ...(binding ? { cookies: { sr_inwoner_inlog: binding } } : {}),
  });
}

/** A full resident login: cookie and CSRF header for requests. */
export async function inwonerSessie(t: TestOmgeving, oidc: LokaleOidc, login: string) {
  const s = await begin(t);
  const r = await terug(t, await doorlopProvider(oidc, s.url, login), s.binding);
  if (r.statusCode !== 302 || r.headers.location !== '/pauzeknop')
    throw new Error(`login ${r.statusCode} ${r.headers.location}`);
  const token = r.cookies.find((c) => c.name === 'sr_inwoner')!.value;
  const sessie = await t.app.inject({ method: 'GET', url: '/api/pauzeknop/sessie', cookies: { sr_inwoner: token } });
  return { cookies: { sr_inwoner: token }, headers: { 'x-csrf-token': sessie.json().csrfToken as string } };
}
