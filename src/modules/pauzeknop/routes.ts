import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.ts';
import { identiteit } from '../../http/auth.ts';
import * as svc from './service.ts';
import type { RustOpzoeker } from '../verwijsindex/index.ts';
import { AANMELDING_STATUSSEN, CONTACTSOORTEN, DREIGINGEN, TOESTEMMING } from './vocabulaire.ts';

/** The resident's session cookie (separate from staff sessions) and the cookie that binds a login to its browser. */
export const INWONER_COOKIE = 'sr_inwoner';
const INLOG_COOKIE = 'sr_inwoner_inlog';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A resident's route: only a resident session (never a staff session or machine credential). */
    inwoner?: boolean;
  }
  interface FastifyRequest {
    inwoner?: svc.Inwoner;
  }
}

const TAG_INWONER = ['Pauzeknop: inwoner'];
const TAG_GEMEENTE = ['Pauzeknop: gemeente'];
const INWONER = { toegang: 'publiek', inwoner: true } as const;
const GEMEENTE = {
  toegang: ['gemeente'],
  rollen: ['gemeente-medewerker', 'gemeente-coordinator', 'schuldhulpverlener'],
} as const;
const VEILIG = new Set(['GET', 'HEAD', 'OPTIONS']);

const Id = z.object({ id: z.uuid() });
const InwonerAanvraag = z.object({
  id: z.string(),
  status: z.enum(AANMELDING_STATUSSEN),
  gemeentenaam: z.string(),
  ontvangenOp: z.date(),
  deadline: z.string().describe('The municipality makes contact by this day (Wgs)'),
  opgepaktOp: z.date().nullable(),
  contactOp: z.date().nullable(),
});
const Aanmelding = z.object({
  id: z.string(),
  status: z.enum(AANMELDING_STATUSSEN),
  postcode: z.string(),
  huisnummer: z.number(),
  telefoon: z.string().nullable(),
  email: z.string().nullable(),
  schuldeisers: z.array(z.object({ naam: z.string(), kenmerk: z.string().nullable() })),
  dreigingen: z.array(z.string()),
  dreigend: z.boolean(),
  ontvangenOp: z.date(),
  deadline: z.string(),
  teLaat: z.boolean(),
  toestemmingVersie: z.string(),
  behandelaarId: z.string().nullable(),
  opgepaktOp: z.date().nullable(),
  contactOp: z.date().nullable(),
  contactSoort: z.string().nullable(),
});

/**
 * The Pauzeknop (issue 16, phase 1). Residents: login with OpenID Connect, their session, the municipality for a
 * postcode, their request and its state. Municipality staff: the registrations of their municipality, pick up, contact.
 */
export const pauzeknopRoutes =
  (ctx: Context, deps: { rust?: RustOpzoeker } = {}): FastifyPluginAsyncZod =>
  async (app) => {
    const secure = (req: FastifyRequest) => req.protocol === 'https' || ctx.config.NODE_ENV === 'production';
    // Resident routes: no staff session or machine credential (the platform's hook already identified those), and
    // a live resident session; unsafe methods carry its CSRF token. Before validation, like the platform's access check.
    app.addHook('preValidation', async (req) => {
      if (!req.routeOptions.config.inwoner) return;
      if (req.identiteit) throw svc.alleenInwoners();
      req.inwoner = await svc.inwonerVan(
        ctx,
        req.cookies[INWONER_COOKIE],
        VEILIG.has(req.method),
        req.headers['x-csrf-token'],
      );
    });
    const inwoner = (req: FastifyRequest) => {
      if (!req.inwoner) throw svc.niet_ingelogd();
      return req.inwoner;
    };
    const geenMedewerker = (req: FastifyRequest) => {
      if (req.identiteit) throw svc.alleenInwoners();
    };
    const naarPagina = (reply: FastifyReply, pad: string) =>
      reply.header('cache-control', 'no-store').redirect(pad, 302);

    app.get(
      '/inloggen',
      {
        config: { toegang: 'publiek' },
        schema: {
          tags: TAG_INWONER,
          summary: "Start a resident's login: redirects to the OpenID Connect provider (code flow, PKCE, state, nonce)",
        },
      },
      async (req, reply) => {
        geenMedewerker(req);
        const { url, browser } = await svc.beginInlog(ctx);
        reply.setCookie(INLOG_COOKIE, browser, {
          httpOnly: true,
          sameSite: 'lax', // sent back on the provider's top-level redirect
          path: '/api/pauzeknop/inloggen',
          maxAge: 600,
          secure: secure(req),
        });
        return naarPagina(reply, url);
      },
    );

    app.get(
      '/inloggen/terug',
      {
        config: { toegang: 'publiek' },
        schema: {
          tags: TAG_INWONER,
          summary:
            'Redirect URL of the OpenID Connect provider: checks state (and its browser), nonce and PKCE, starts a resident session, back to /pauzeknop',
        },
      },
      async (req, reply) => {
        geenMedewerker(req);
        const terug = new URL(req.url, 'http://lokaal');
        const r = await svc.voltooiInlog(ctx, terug, req.cookies[INLOG_COOKIE]);
        reply.clearCookie(INLOG_COOKIE, { path: '/api/pauzeknop/inloggen' });
        if (!r.token) return naarPagina(reply, '/pauzeknop?inloggen=mislukt');
        reply.setCookie(INWONER_COOKIE, r.token, {
          httpOnly: true,
          sameSite: 'lax',
          path: '/api/pauzeknop',
          maxAge: ctx.config.PAUZEKNOP_SESSIE_MINUTEN * 60,
          secure: secure(req),
        });
        return naarPagina(reply, '/pauzeknop');
      },
    );

    app.get(
      '/sessie',
      {
        config: INWONER,
        schema: {
          tags: TAG_INWONER,
          summary: "The resident's session: CSRF token, end, and the consent text to show",
          response: {
            200: z.object({
              csrfToken: z.string(),
              verlooptOp: z.date(),
              toestemming: z.object({ versie: z.string(), tekst: z.array(z.string()) }),
            }),
          },
        },
      },
      async (req) => {
        const i = inwoner(req);
        return {
          csrfToken: svc.csrfToken(req.cookies[INWONER_COOKIE]!),
          verlooptOp: i.verlooptOp,
          toestemming: { versie: TOESTEMMING.versie, tekst: [...TOESTEMMING.tekst] },
        };
      },
    );

    app.post(
      '/uitloggen',
      {
        config: INWONER,
        schema: { tags: TAG_INWONER, summary: "Ends the resident's session", response: { 204: z.null() } },
      },
      async (req, reply) => {
        await svc.uitloggen(ctx, inwoner(req));
        reply.clearCookie(INWONER_COOKIE, { path: '/api/pauzeknop' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/gemeente',
      {
        config: INWONER,
        schema: {
          tags: TAG_INWONER,
          summary: 'The municipality of a postcode and house number (to show before sending)',
          querystring: z.object({
            postcode: z.string().max(10),
            huisnummer: z.coerce.number().int().min(1).max(99999),
          }),
          response: { 200: z.object({ postcode: z.string(), gemeentecode: z.string(), gemeentenaam: z.string() }) },
        },
      },
      async (req) => svc.gemeenteBijAdres(ctx, req.query.postcode, req.query.huisnummer),
    );

    app.post(
      '/aanvragen',
      {
        config: INWONER,
        schema: {
          tags: TAG_INWONER,
          summary:
            "The resident asks for debt help and a pause: lands as a registration in the municipality's queue with the Wgs deadline",
          body: z.object({
            postcode: z.string().max(10),
            huisnummer: z.number().int().min(1).max(99999),
            telefoon: z
              .string()
              .max(20)
              .regex(/^[0-9 +()-]*$/, 'Alleen cijfers, spaties en + ( ) -')
              .optional(),
            email: z.union([z.email().max(200), z.literal('')]).optional(),
            schuldeisers: z
              .array(z.object({ naam: z.string().max(200), kenmerk: z.string().max(100).optional() }))
              .max(50)
              .default([]),
            dreigingen: z.array(z.enum(DREIGINGEN)).max(DREIGINGEN.length).default([]),
            toestemming: z.boolean(),
            toestemmingVersie: z.string().max(40).optional(),
          }),
          response: { 201: InwonerAanvraag },
        },
      },
      async (req, reply) => reply.status(201).send(await svc.dienAanvraagIn(ctx, inwoner(req), req.body)),
    );

    app.get(
      '/aanvragen',
      {
        config: INWONER,
        schema: {
          tags: TAG_INWONER,
          summary:
            "The resident's own requests and their state (received, picked up, contact made), and the end of their active pause (schuldenrust), if any",
          response: {
            200: z.object({
              aanvragen: z.array(InwonerAanvraag),
              pauzeTot: z.string().nullable().describe('Last day (YYYY-MM-DD) of the active pause, or null'),
            }),
          },
        },
      },
      async (req) => {
        const wie = inwoner(req);
        // Only a pseudonym under the current key can be looked up; an older session simply shows no pause.
        let pauzeTot: string | null = null;
        if (deps.rust && wie.sleutelId === ctx.pseudo.huidigeSleutel) {
          await deps.rust.vers();
          pauzeTot = deps.rust.tot(Buffer.from(wie.pseudoniem));
        }
        return { aanvragen: await svc.eigenAanvragen(ctx, wie), pauzeTot };
      },
    );

    app.get(
      '/aanmeldingen',
      {
        config: GEMEENTE,
        schema: {
          tags: TAG_GEMEENTE,
          summary: "The municipality's Pauzeknop registrations, by deadline",
          response: { 200: z.object({ aanmeldingen: z.array(Aanmelding) }) },
        },
      },
      async (req) => ({ aanmeldingen: await svc.lijstVoorGemeente(ctx, identiteit(req)) }),
    );

    app.post(
      '/aanmeldingen/:id/oppakken',
      {
        config: GEMEENTE,
        schema: {
          tags: TAG_GEMEENTE,
          summary: 'Pick up a registration (the resident sees "opgepakt")',
          params: Id,
          response: { 200: Aanmelding },
        },
      },
      async (req) => svc.pakOp(ctx, identiteit(req), req.params.id),
    );

    app.post(
      '/aanmeldingen/:id/contact',
      {
        config: GEMEENTE,
        schema: {
          tags: TAG_GEMEENTE,
          summary: 'Record that contact with the resident was made (the resident sees "contact")',
          params: Id,
          body: z.object({ soort: z.enum(CONTACTSOORTEN) }),
          response: { 200: Aanmelding },
        },
      },
      async (req) => svc.legContactVast(ctx, identiteit(req), req.params.id, req.body.soort),
    );
  };
