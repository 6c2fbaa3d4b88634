import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { beheerhandeling, identiteit } from '../../http/auth.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { ROLLEN } from './rollen.ts';

/** Operator acts: the operator organisation, and of its people the operator role (not its privacy officer). */
const BEHEER = beheerhandeling('beheerder');
const TAG = ['Beheer: gebruikers'];
const Id = z.object({ id: z.uuid() });

const Gebruiker = z.object({
  id: z.string(),
  organisatieId: z.string(),
  organisatieNaam: z.string(),
  email: z.string(),
  naam: z.string(),
  rol: z.enum(ROLLEN),
  actief: z.boolean(),
  geblokkeerdTot: z.date().nullable(),
  aangemaaktOp: z.date(),
  laatsteLogin: z.date().nullable(),
});
const Totp = { totpGeheim: z.string(), totpUri: z.string() };

/** Answers with secrets in them must not be kept by a browser or proxy. */
const geheim = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

/**
 * The operator's user management (the same service calls as `npm run cli -- gebruiker ...`, with the
 * operator as the audited actor). Lists never show a password hash, TOTP secret or recovery code; new
 * secrets are in the one answer that creates them.
 */
export const gebruikerBeheerRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Users, optionally of one organisation: e-mail, name, role, active, blocked until, last login',
          querystring: z.object({ organisatieId: z.uuid().optional() }),
          response: { 200: z.array(Gebruiker) },
        },
      },
      async (req) => ctx.accounts.lijstGebruikers(req.query.organisatieId),
    );

    app.post(
      '/',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary:
            "Create a user (in another organisation than the operator's only its administrator role); the password, TOTP secret and recovery codes are only in this answer",
          body: z.object({
            organisatieId: z.uuid(),
            email: z.string().min(3).max(320),
            naam: z.string().min(1).max(200),
            rol: z.enum(ROLLEN),
          }),
          response: {
            201: z.object({
              id: z.string(),
              email: z.string(),
              wachtwoord: z.string(),
              ...Totp,
              herstelcodes: z.array(z.string()),
            }),
          },
        },
      },
      async (req, reply) => {
        const g = await ctx.accounts.maakGebruiker(identiteit(req).actor, { ...req.body, alleenBeheerrol: true });
        return geheim(reply).status(201).send(g);
      },
    );

    app.post(
      '/eerste-beheerder',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary:
            "Invite an organisation's first administrator (its type's administrator role): a one-time password by e-mail; refused when it has an active administrator",
          body: z.object({
            organisatieId: z.uuid(),
            email: z.string().min(3).max(320),
            naam: z.string().min(1).max(200),
          }),
          response: {
            201: z.object({
              id: z.string(),
              email: z.string(),
              rol: z.enum(ROLLEN),
              uitnodigingVerstuurd: z.boolean(),
              eenmaligWachtwoord: z
                .string()
                .optional()
                .describe('Only when the invitation mail could not be sent: hand it over another way'),
            }),
          },
        },
      },
      async (req, reply) => {
        const u = await ctx.accounts.nodigEersteBeheerderUit(identiteit(req).actor, req.body);
        return geheim(reply).status(201).send(u);
      },
    );

    app.post(
      '/:id/deblokkeren',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Lift the lock-out after too many failed logins',
          params: Id,
          response: { 200: z.object({ gedeblokkeerd: z.literal(true) }) },
        },
      },
      async (req) => {
        if (!(await ctx.accounts.deblokkeer(identiteit(req).actor, req.params.id))) throw notFound();
        return { gedeblokkeerd: true as const };
      },
    );

    app.post(
      '/:id/totp-reset',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'New TOTP secret (the old one stops working); all sessions of the user end',
          params: Id,
          response: { 200: z.object(Totp) },
        },
      },
      async (req, reply) => geheim(reply).send(await ctx.accounts.totpReset(identiteit(req).actor, req.params.id)),
    );

    app.post(
      '/:id/herstelcodes',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: '10 new recovery codes; the old ones stop working',
          params: Id,
          response: { 200: z.object({ herstelcodes: z.array(z.string()) }) },
        },
      },
      async (req, reply) =>
        geheim(reply).send({
          herstelcodes: await ctx.accounts.nieuweHerstelcodes(identiteit(req).actor, req.params.id),
        }),
    );

    for (const [pad, actief] of [
      ['deactiveren', false],
      ['activeren', true],
    ] as const) {
      app.post(
        `/:id/${pad}`,
        {
          config: BEHEER,
          schema: {
            tags: TAG,
            summary: actief
              ? 'Activate a deactivated user again'
              : 'Deactivate a user: login refused, all sessions end at once',
            params: Id,
            response: { 200: z.object({ actief: z.boolean(), sessiesBeeindigd: z.number() }) },
          },
        },
        async (req) => {
          const actor = identiteit(req).actor;
          if (!actief && actor.soort === 'gebruiker' && actor.id === req.params.id) {
            throw new AppError(
              409,
              'eigen_account',
              'U kunt uw eigen account niet deactiveren. Vraag een andere beheerder.',
            );
          }
          return ctx.accounts.zetActief(actor, req.params.id, actief);
        },
      );
    }
  };
