import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { beheerhandeling, identiteit, type Identiteit } from '../../http/auth.ts';
import { ORGANISATIE_TYPES } from '../../db/schema.ts';
import { AppError, forbidden, notFound } from '../../shared/errors.ts';
import { ROL_ORGANISATIETYPEN, ROLLEN, type Rol } from './rollen.ts';

/** Every organisation's administrator role (BEHEERROLLEN) manages the people of its own organisation. */
const BEHEER = beheerhandeling(...ORGANISATIE_TYPES);
const TAG = ['Organisatie: gebruikers'];
const Id = z.object({ id: z.uuid() });

const Gebruiker = z.object({
  id: z.string(),
  email: z.string(),
  naam: z.string(),
  rol: z.enum(ROLLEN),
  actief: z.boolean(),
  geblokkeerdTot: z.date().nullable(),
  aangemaaktOp: z.date(),
  laatsteLogin: z.date().nullable(),
});

/** The roles an organisation of this type can give its people. */
export const rollenVoor = (type: Identiteit['organisatieType']): Rol[] =>
  ROLLEN.filter((r) => ROL_ORGANISATIETYPEN[r].includes(type));

/**
 * An organisation's own user management, by its administrator: list, invite (a one-time password by e-mail),
 * deactivate, activate and re-role the people of the administrator's own organisation, within the roles that
 * fit its type. Another organisation's user answers 404; no one changes their own account here.
 */
export const organisatieGebruikerRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    // People are managed by people: an API key or certificate of the organisation gets 403.
    app.addHook('preValidation', async (req) => {
      if (req.identiteit?.actor.soort !== 'gebruiker') throw forbidden();
    });
    /** The user must be in the caller's organisation (404 otherwise: no hint that it exists) and not the caller. */
    const vanEigenOrganisatie = async (id: Identiteit, gebruikerId: string) => {
      if ((await ctx.accounts.organisatieVan(gebruikerId)) !== id.organisatieId) throw notFound();
      if (id.actor.soort === 'gebruiker' && id.actor.id === gebruikerId)
        throw new AppError(
          409,
          'eigen_account',
          'U kunt uw eigen account hier niet wijzigen. Vraag een andere beheerder van uw organisatie.',
        );
    };
    const rolToegestaan = (id: Identiteit, rol: Rol) => {
      if (!rollenVoor(id.organisatieType).includes(rol))
        throw new AppError(
          400,
          'rol_niet_toegestaan',
          `De rol ${rol} kunt u in een organisatie zoals de uwe niet geven. Kies een van: ${rollenVoor(id.organisatieType).join(', ')}.`,
        );
    };

    app.get(
      '/',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: "The people of the caller's organisation and the roles it can give",
          response: { 200: z.object({ gebruikers: z.array(Gebruiker), rollen: z.array(z.enum(ROLLEN)) }) },
        },
      },
      async (req) => {
        const id = identiteit(req);
        const lijst = await ctx.accounts.lijstGebruikers(id.organisatieId);
        return {
          gebruikers: lijst.map(({ organisatieId: _o, organisatieNaam: _n, ...g }) => g),
          rollen: rollenVoor(id.organisatieType),
        };
      },
    );

    app.post(
      '/',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary:
            'Invite a person: the account gets a one-time password by e-mail (changed at first login) and sets up its own authenticator app',
          body: z.object({
            email: z.string().min(3).max(320),
            naam: z.string().min(1).max(200),
            rol: z.enum(ROLLEN),
          }),
          response: {
            201: z.object({
              id: z.string(),
              email: z.string(),
              uitnodigingVerstuurd: z.boolean(),
              eenmaligWachtwoord: z
                .string()
                .optional()
                .describe('Only when the invitation mail could not be sent: hand it over in person'),
            }),
          },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        rolToegestaan(id, req.body.rol);
        const u = await ctx.accounts.nodigUit(id.actor, { ...req.body, organisatieId: id.organisatieId });
        return reply.header('cache-control', 'no-store').status(201).send(u);
      },
    );

    app.put(
      '/:id/rol',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Give a person of the organisation another role (one that fits the organisation)',
          params: Id,
          body: z.object({ rol: z.enum(ROLLEN) }),
          response: { 200: z.object({ rol: z.enum(ROLLEN) }) },
        },
      },
      async (req) => {
        const id = identiteit(req);
        await vanEigenOrganisatie(id, req.params.id);
        rolToegestaan(id, req.body.rol);
        return ctx.accounts.wijzigRol(id.actor, req.params.id, req.body.rol);
      },
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
              ? 'Activate a deactivated person of the organisation again'
              : 'Deactivate a person of the organisation: login refused, all sessions end at once',
            params: Id,
            response: { 200: z.object({ actief: z.boolean(), sessiesBeeindigd: z.number() }) },
          },
        },
        async (req) => {
          const id = identiteit(req);
          await vanEigenOrganisatie(id, req.params.id);
          return ctx.accounts.zetActief(id.actor, req.params.id, actief);
        },
      );
    }
  };
