import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { identiteit } from '../../http/auth.ts';
import { ORGANISATIE_TYPES } from '../../db/schema.ts';
import { AppError } from '../../shared/errors.ts';
import { HERSTEL_MINUTEN, SESSIE_COOKIE, type SessieGebruiker } from './accounts.ts';
import { isBeheerder, ROLLEN } from './rollen.ts';
import { WACHTWOORD_MAX } from './geheimen.ts';

const TAG = ['Sessie'];
const IEDEREEN = ORGANISATIE_TYPES;
/** A session that must change its one-time password or enrol TOTP reaches these routes (and TOTP ones after the change). */
const ALTIJD = ['wachtwoord-wijzigen', 'totp-instellen'] as const;
const NA_WACHTWOORD = ['totp-instellen'] as const;

const Gebruiker = z.object({
  id: z.string(),
  naam: z.string(),
  email: z.string(),
  rol: z.enum(ROLLEN),
  beheerder: z.boolean().describe("Whether the role is the organisation's administrator role (administrative acts)"),
  organisatie: z.object({ id: z.string(), naam: z.string(), type: z.enum(ORGANISATIE_TYPES) }),
  beperking: z
    .enum(['wachtwoord-wijzigen', 'totp-instellen'])
    .nullable()
    .describe('What this session must do first (change the one-time password, enrol TOTP); null: nothing'),
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
      beperking: g.beperking,
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
    // The session routes are a person's: a machine credential is refused before its input is looked at.
    app.addHook('preValidation', async (req) => {
      if (req.routeOptions.config.toegang !== 'publiek' && req.identiteit && req.identiteit.actor.soort !== 'gebruiker')
        throw geenSessie();
    });

    app.post(
      '/inloggen',
      {
        config: { toegang: 'publiek' },
        schema: {
          tags: TAG,
          summary:
            'Log in with e-mail, password and a TOTP code or a recovery code (no code before TOTP is enrolled: that session can only change a one-time password and enrol TOTP); sets the session cookie',
          security: [],
          body: z.object({
            email: z.string().min(3).max(320),
            wachtwoord: z.string().min(1).max(WACHTWOORD_MAX),
            code: z
              .string()
              .max(40)
              .optional()
              .describe('TOTP or recovery code; leave out only before the authenticator app is set up'),
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
        config: { toegang: IEDEREEN, ookBeperkt: ALTIJD },
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
        config: { toegang: IEDEREEN, ookBeperkt: ALTIJD },
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
        config: { toegang: IEDEREEN, ookBeperkt: ALTIJD },
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

    app.post(
      '/wachtwoord',
      {
        config: { toegang: IEDEREEN, ookBeperkt: ALTIJD },
        schema: {
          tags: TAG,
          summary:
            'Change the password with the current one (also the one-time password); other sessions of the user end',
          body: z.object({
            huidig: z.string().min(1).max(WACHTWOORD_MAX),
            nieuw: z.string().min(1).max(WACHTWOORD_MAX),
          }),
          response: { 200: z.object({ gewijzigd: z.literal(true), sessiesBeeindigd: z.number() }) },
        },
      },
      async (req) => {
        const { id, token } = sessieToken(req);
        const r = await ctx.accounts.wijzigWachtwoord(id.actor, id.actor.id!, token, req.body.huidig, req.body.nieuw);
        return { gewijzigd: true as const, ...r };
      },
    );

    app.post(
      '/totp/start',
      {
        config: { toegang: IEDEREEN, ookBeperkt: NA_WACHTWOORD },
        schema: {
          tags: TAG,
          summary:
            'Start setting up the authenticator app: a new secret as QR code (SVG data URL) and as text; the current password is needed when one is set up already',
          body: z.object({ wachtwoord: z.string().min(1).max(WACHTWOORD_MAX).optional() }).optional(),
          response: { 200: z.object({ geheim: z.string(), uri: z.string(), qrCode: z.string() }) },
        },
      },
      async (req, reply) => {
        const { id } = sessieToken(req);
        reply.header('cache-control', 'no-store');
        return ctx.accounts.startTotp(id.actor, id.actor.id!, req.body?.wachtwoord);
      },
    );

    app.post(
      '/totp/bevestigen',
      {
        config: { toegang: IEDEREEN, ookBeperkt: NA_WACHTWOORD },
        schema: {
          tags: TAG,
          summary:
            'Finish setting up the authenticator app with a first code from it; answers 10 new recovery codes (shown once)',
          body: z.object({ code: z.string().regex(/^\s*\d{3}\s?\d{3}\s*$/) }),
          response: { 200: z.object({ herstelcodes: z.array(z.string()) }) },
        },
      },
      async (req, reply) => {
        const { id } = sessieToken(req);
        reply.header('cache-control', 'no-store');
        return ctx.accounts.bevestigTotp(id.actor, id.actor.id!, req.body.code);
      },
    );

    app.post(
      '/wachtwoord-vergeten',
      {
        config: { toegang: 'publiek' },
        schema: {
          tags: TAG,
          summary: `Ask for a password reset link by e-mail (works ${HERSTEL_MINUTEN} minutes, once); the same answer whether or not the address has an account`,
          security: [],
          body: z.object({ email: z.string().min(3).max(320) }),
          response: { 202: z.object({ ontvangen: z.literal(true) }) },
        },
      },
      async (req, reply) => {
        await ctx.accounts.vraagHerstelAan(req.body.email, req.ip);
        return reply.status(202).send({ ontvangen: true as const });
      },
    );

    app.post(
      '/wachtwoord-herstellen',
      {
        config: { toegang: 'publiek' },
        schema: {
          tags: TAG,
          summary: 'Set a new password with the token of a reset link; every session of the user ends',
          security: [],
          body: z.object({ token: z.string().min(1).max(100), nieuw: z.string().min(1).max(WACHTWOORD_MAX) }),
          response: { 200: z.object({ hersteld: z.literal(true) }) },
        },
      },
      async (req) => {
        await ctx.accounts.herstelWachtwoord(req.body.token, req.body.nieuw, req.ip);
        return { hersteld: true as const };
      },
    );
  };
