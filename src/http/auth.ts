import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ORGANISATIE_TYPES, type OrganisatieType, type Rol } from '../db/schema.ts';
import { ALLEEN_GENOEMD, BEHEERROLLEN, type Beperking, CSRF_HEADER, SESSIE_COOKIE } from '../modules/accounts/index.ts';
import type { Context } from '../context.ts';
import type { Actor } from '../modules/audit/index.ts';
import { AppError, forbidden, notAuthenticated } from '../shared/errors.ts';

export interface Identiteit {
  organisatieId: string;
  organisatieType: OrganisatieType;
  actor: Actor;
  /** Only for a signed-in person (actor.soort 'gebruiker'). */
  rol?: Rol;
  /** A credential (API key, certificate) marked as test: its VISH traffic touches test data only. */
  testCredential?: boolean;
  /** A person's session that must first change a one-time password or enrol TOTP. */
  beperking?: Beperking;
}

/** Who may call a route: organisation types, or 'publiek' for the few open routes (docs, health). */
export type Toegang = readonly OrganisatieType[] | 'publiek';

declare module 'fastify' {
  interface FastifyRequest {
    identiteit: Identiteit | null;
  }
  interface FastifyContextConfig {
    toegang?: Toegang;
    /** When set, a signed-in person also needs one of these roles (machines: organisation type only). */
    rollen?: readonly Rol[];
    /** Open to a session with these restrictions too (one-time password to change, TOTP to enrol): session routes. */
    ookBeperkt?: readonly Beperking[];
  }
}

/**
 * Authentication (client certificate on the mTLS listener, else an API key) and authorisation by
 * organisation type. A route without a `toegang` setting is refused: deny by default.
 */
export function registerAuth(app: FastifyInstance, ctx: Context) {
  // Cached for AUTH_CACHE_MS, but a suspension through this process is dropped from the cache at once.
  const organisatie = (id: string) => ctx.organisatieToegang.staat(id);

  app.decorateRequest('identiteit', null);
  app.addHook('onRequest', async (req) => {
    req.identiteit = await identificeer(req);
  });
  // Before validation: a caller without access learns nothing about the input a route expects.
  app.addHook('preValidation', async (req) => {
    const toegang = req.routeOptions.config.toegang;
    if (toegang === 'publiek') return;
    const id = req.identiteit;
    if (!id) throw notAuthenticated();
    if (!toegang?.includes(id.organisatieType)) throw forbidden();
    if (id.beperking && !req.routeOptions.config.ookBeperkt?.includes(id.beperking)) throw beperkt(id.beperking);
    const rollen = req.routeOptions.config.rollen;
    if (rollen && id.actor.soort === 'gebruiker' && !(id.rol && rollen.includes(id.rol))) throw forbidden();
    // A privacy officer reads the audit trail and an organisation administrator administers, neither does the
    // organisation's work: only routes that name the role, or that are open to every organisation type (session,
    // reference data).
    if (id.rol && ALLEEN_GENOEMD.has(id.rol) && !rollen?.includes(id.rol) && toegang.length < ORGANISATIE_TYPES.length)
      throw forbidden();
  });

  async function identificeer(req: FastifyRequest): Promise<Identiteit | null> {
    const socket = req.raw.socket as TLSSocket;
    if (socket.encrypted && socket.authorized) {
      const fp = socket.getPeerCertificate().fingerprint256;
      const cert = fp ? await ctx.certificaten.resolve(fp) : null;
      if (!cert) throw notAuthenticated();
      const org = await organisatie(cert.organisatieId);
      if (!org) throw notAuthenticated();
      const machine: Identiteit = {
        organisatieId: cert.organisatieId,
        organisatieType: org.type,
        actor: { organisatieId: cert.organisatieId, soort: 'certificaat', id: cert.serienummer },
        testCredential: cert.test,
      };
      if (org.status !== 'actief') throw bekendMaar(req, machine, geschorst());
      return machine;
    }
    const key = req.headers['x-api-key'];
    if (typeof key === 'string') {
      const m = await ctx.apiSleutels.controleer(key);
      if (!m) throw notAuthenticated();
      const machine: Identiteit = {
        organisatieId: m.organisatieId,
        organisatieType: m.organisatieType,
        actor: { organisatieId: m.organisatieId, soort: 'api-sleutel', id: m.credentialId },
        testCredential: m.test,
      };
      if (m.organisatieStatus !== 'actief' || (await organisatie(m.organisatieId))?.status !== 'actief')
        throw bekendMaar(req, machine, geschorst());
      return machine;
    }
    // A person's session cookie. Unsafe methods need the session's CSRF token in X-CSRF-Token.
    const token = req.cookies?.[SESSIE_COOKIE];
    if (token) {
      const publiek = req.routeOptions.config?.toegang === 'publiek';
      const g = await ctx.accounts.sessie(token);
      if (!g) {
        if (publiek) return null;
        throw sessieOngeldig();
      }
      const persoon: Identiteit = {
        organisatieId: g.organisatieId,
        organisatieType: g.organisatieType,
        actor: { organisatieId: g.organisatieId, soort: 'gebruiker', id: g.gebruikerId },
        rol: g.rol,
        ...(g.beperking ? { beperking: g.beperking } : {}),
      };
      if (g.organisatieStatus !== 'actief') {
        if (publiek) return null;
        throw bekendMaar(req, persoon, geschorst());
      }
      if (!publiek && !VEILIG.has(req.method) && !ctx.accounts.csrfKlopt(token, req.headers[CSRF_HEADER]))
        throw bekendMaar(req, persoon, csrfFout());
      return persoon;
    }
    return null;
  }
}

const VEILIG = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A refusal of a caller whose identity is known (suspended, no CSRF token): the audit of the refusal names it. */
function bekendMaar(req: FastifyRequest, wie: Identiteit, fout: AppError): AppError {
  req.identiteit = wie;
  return fout;
}
const sessieOngeldig = () =>
  new AppError(401, 'sessie_ongeldig', 'Uw sessie is verlopen of ongeldig. Meld u opnieuw aan.');
const beperkt = (b: Beperking) =>
  b === 'wachtwoord-wijzigen'
    ? new AppError(
        403,
        'wachtwoord_wijzigen',
        'Kies eerst een eigen wachtwoord in plaats van het eenmalige wachtwoord.',
      )
    : new AppError(403, 'totp_instellen', 'Stel eerst uw authenticator-app in.');
const csrfFout = () =>
  new AppError(403, 'csrf', 'Het beveiligingstoken (X-CSRF-Token) ontbreekt of klopt niet. Laad de pagina opnieuw.');
const geschorst = () =>
  new AppError(
    403,
    'organisatie_geschorst',
    'De toegang van uw organisatie is geschorst. Neem contact op met de beheerder.',
  );

/**
 * Route config of an administrative act (participation, agreements, keys, settings, work areas, users...): these
 * organisation types, and of their people only the administrator role (accounts/rollen.ts BEHEERROLLEN).
 */
export function beheerhandeling(...typen: OrganisatieType[]): { toegang: OrganisatieType[]; rollen: Rol[] } {
  return { toegang: typen, rollen: [...new Set(typen.flatMap((t) => BEHEERROLLEN[t]))] };
}

/** The caller's identity inside a handler whose route requires one. */
export function identiteit(req: FastifyRequest): Identiteit {
  if (!req.identiteit) throw notAuthenticated();
  return req.identiteit;
}
