import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { identiteit } from '../../http/auth.ts';
import { ORGANISATIE_TYPES } from '../../db/schema.ts';
import { AppError } from '../../shared/errors.ts';
import { SESSIE_COOKIE, type SessieGebruiker } from './accounts.ts';
import { isBeheerder, ROLLEN } from './rollen.ts';
import { WACHTWOORD_MAX } from './geheimen.ts';

const TAG = ['Sessie'];
const IEDEREEN = ORGANISATIE_TYPES;

const Gebruiker = z.object({
  id: z.string(),
  naam: z.string(),
  email: z.string(),
  rol: z.enum(ROLLEN),
  beheerder: z.boolean().describe("Whether the role is the organisation's administrator role (administrative acts)"),
  organisatie: z.object({ id: z.string(), naam: z.string(), type: z.enum(ORGANISATIE_TYPES) }),
});
const SessieAntwoord = z.object({ gebruiker: Gebruiker, csrfToken: z.string(), verlooptOp: z.string() });

const geenSessie = () => new AppError(401, 'geen_sessie', 'U bent niet aangemeld als gebruiker.');

function antwoord(g: SessieGebruiker, csrfToken: string) {
  return {
    gebruiker: {
      id: g.gebruikerId,
      naam: g.naam,
      email: g.email,
      rol: g.rol,
      beheerder: isBeheerder(g.rol, g.organisatieType),
      organisatie: { id: g.organisatieId, naam: g.organisatieNaam, type: g.organisatieType },
    },
    csrfToken,
    verlooptOp: g.verlooptOp.toISOString(),
  };
}

/** Login, logout, logout everywhere, who am I. Browsers only: machines use certificates or API keys. */
export const sessieRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    const cookieOpties = (req: FastifyRequest) => ({
      httpOnly: true,
      sameSite: 'strict' as const,
      path: '/',
      secure: req.protocol === 'https' || ctx.config.NODE_ENV === 'production',
    });
    const sessieToken = (req: FastifyRequest) => {
      const id = identiteit(req);
      const token = req.cookies[SESSIE_COOKIE];
      if (id.actor.soort !== 'gebruiker' || !id.actor.id || !token) throw geenSessie();
      return { id, token };
    };
    const wis = (req: FastifyRequest, reply: FastifyReply) => reply.clearCookie(SESSIE_COOKIE, cookieOpties(req));

    app.post(
      '/inloggen',
      {
        config: { toegang: 'publiek' },
        schema: {
          tags: TAG,
          summary: 'Log in with e-mail, password and a TOTP code or a recovery code; sets the session cookie',
          security: [],
          body: z.object({
            email: z.string().min(3).max(320),
            wachtwoord: z.string().min(1).max(WACHTWOORD_MAX),
            code: z.string().min(1).max(40),
          }),
          response: { 200: SessieAntwoord },
        },
      },
      async (req, reply) => {
        const r = await ctx.accounts.inloggen({ ...req.body, ip: req.ip });
        reply.setCookie(SESSIE_COOKIE, r.token, cookieOpties(req));
        return antwoord(r.gebruiker, r.csrfToken);
      },
    );

    app.get(
      '/ik',
      {
        config: { toegang: IEDEREEN },
        schema: {
          tags: TAG,
          summary: 'The signed-in user and the CSRF token of this session',
          response: { 200: SessieAntwoord },
        },
      },
      async (req) => {
        const { token } = sessieToken(req);
        const g = await ctx.accounts.sessie(token);
        if (!g) throw geenSessie();
        return antwoord(g, ctx.accounts.csrfToken(token));
      },
    );

    app.post(
      '/uitloggen',
      {
        config: { toegang: IEDEREEN },
        schema: {
          tags: TAG,
          summary: 'End this session (needs X-CSRF-Token)',
          response: { 200: z.object({ uitgelogd: z.literal(true) }) },
        },
      },
      async (req, reply) => {
        const { id, token } = sessieToken(req);
        await ctx.accounts.uitloggen(id.actor, token);
        wis(req, reply);
        return { uitgelogd: true as const };
      },
    );

    app.post(
      '/overal-uitloggen',
      {
        config: { toegang: IEDEREEN },
        schema: {
          tags: TAG,
          summary: 'End all sessions of this user, on every device (needs X-CSRF-Token)',
          response: { 200: z.object({ sessiesBeeindigd: z.number() }) },
        },
      },
      async (req, reply) => {
        const { id } = sessieToken(req);
        const n = await ctx.accounts.overalUitloggen(id.actor, id.actor.id!);
        wis(req, reply);
        return { sessiesBeeindigd: n };
      },
    );
  };
