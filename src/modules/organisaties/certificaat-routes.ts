import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { beheerhandeling, identiteit } from '../../http/auth.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { ensureCa, type Ca } from './ca.ts';
import { listCertificates, registerCertificate, revokeCertificate, vindCertificaat } from './certificaten.ts';
import { vindOrganisatie } from './organisaties.ts';

/** Operator acts: the operator organisation, and of its people the operator role (not its privacy officer). */
const BEHEER = beheerhandeling('beheerder');
const TAG = ['Beheer: certificaten'];

const Certificaat = z.object({
  serienummer: z.string(),
  organisatieId: z.string(),
  onderwerp: z.string(),
  geldigVanaf: z.date(),
  geldigTot: z.date(),
  ingetrokkenOp: z.date().nullable(),
  status: z.enum(['geldig', 'ingetrokken', 'verlopen', 'nog-niet-geldig']),
  test: z.boolean(),
});

/**
 * Client certificates for mutual TLS (the same functions as `npm run cli -- certificaat ...`). The private key
 * of an issued certificate is in the one answer that issues it: never stored, never logged.
 * Registered inside the operator routes (prefix /api/beheer).
 */
export const certificaatRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    let ca: Promise<Ca> | undefined;
    const platformCa = () =>
      (ca ??= ensureCa(ctx.config.DATA_DIR).catch((e: unknown) => {
        ca = undefined;
        throw e;
      }));

    app.get(
      '/certificaten',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Client certificates, optionally of one organisation: serial, subject, validity, revocation',
          querystring: z.object({ organisatieId: z.uuid().optional() }),
          response: { 200: z.array(Certificaat) },
        },
      },
      async (req) => {
        const nu = Date.now();
        return (await listCertificates(ctx.db, req.query.organisatieId)).map((c) => {
          const vanaf = new Date(c.geldig_vanaf);
          const tot = new Date(c.geldig_tot);
          const status = c.ingetrokken_op
            ? ('ingetrokken' as const)
            : tot.getTime() < nu
              ? ('verlopen' as const)
              : vanaf.getTime() > nu
                ? ('nog-niet-geldig' as const)
                : ('geldig' as const);
          return {
            serienummer: c.serienummer,
            organisatieId: c.organisatie_id,
            onderwerp: c.onderwerp,
            geldigVanaf: vanaf,
            geldigTot: tot,
            ingetrokkenOp: c.ingetrokken_op ? new Date(c.ingetrokken_op) : null,
            status,
            test: c.test,
          };
        });
      },
    );

    app.post(
      '/organisaties/:id/certificaten',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Issue a client certificate; the private key is only in this answer (not stored)',
          params: z.object({ id: z.uuid() }),
          body: z.object({
            dagen: z.number().int().min(1).max(3650).default(365),
            test: z.boolean().default(false).describe('A test certificate: VISH test data only'),
          }),
          response: {
            201: z.object({
              serienummer: z.string(),
              vingerafdruk: z.string(),
              onderwerp: z.string(),
              geldigVanaf: z.date(),
              geldigTot: z.date(),
              certificaatPem: z.string(),
              privesleutelPem: z.string(),
              caPem: z.string(),
            }),
          },
        },
      },
      async (req, reply) => {
        const org = await vindOrganisatie(ctx.db.kysely, req.params.id);
        if (!org) throw notFound();
        const platform = await platformCa();
        const c = await registerCertificate(ctx.db, org, platform, req.body.dagen, undefined, { test: req.body.test });
        await ctx.audit.schrijf({
          actor: identiteit(req).actor,
          actie: 'certificaat.uitgeven',
          onderwerp: c.serienummer,
          resultaat: 'ok',
          details: { organisatieId: org.id, dagen: req.body.dagen, ...(req.body.test ? { test: true } : {}) },
        });
        return reply.header('cache-control', 'no-store').status(201).send({
          serienummer: c.serienummer,
          vingerafdruk: c.vingerafdruk,
          onderwerp: c.onderwerp,
          geldigVanaf: c.geldigVanaf,
          geldigTot: c.geldigTot,
          certificaatPem: c.certPem,
          privesleutelPem: c.keyPem,
          caPem: platform.certPem,
        });
      },
    );

    app.post(
      '/certificaten/:serienummer/intrekken',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Revoke a client certificate (refused on the next connection)',
          params: z.object({ serienummer: z.string().regex(/^[0-9a-fA-F]{1,64}$/) }),
          response: { 200: z.object({ ingetrokken: z.literal(true) }) },
        },
      },
      async (req) => {
        const c = await vindCertificaat(ctx.db, req.params.serienummer);
        if (!c) throw notFound();
        if (c.ingetrokken_op || !(await revokeCertificate(ctx.db, c.serienummer)))
          throw new AppError(409, 'al_ingetrokken', 'Dit certificaat is al ingetrokken.');
        ctx.certificaten.vergeet(c.vingerafdruk);
        await ctx.audit.schrijf({
          actor: identiteit(req).actor,
          actie: 'certificaat.intrekken',
          onderwerp: c.serienummer,
          resultaat: 'ok',
          details: { organisatieId: c.organisatie_id },
        });
        return { ingetrokken: true as const };
      },
    );
  };
