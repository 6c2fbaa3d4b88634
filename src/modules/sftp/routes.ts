import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { beheerhandeling, identiteit } from '../../http/auth.ts';
import { lijstSleutels, trekSleutelIn, voegSleutelToe } from './sleutels.ts';

const TAG = ['Vroegsignalering: SFTP'];
const PARTNER = ['signaalpartner'] as const;
const Sleutel = z.object({
  id: z.string(),
  type: z.string(),
  vingerafdruk: z.string(),
  omschrijving: z.string(),
  aangemaaktOp: z.date(),
  ingetrokkenOp: z.date().nullable(),
});

/** A signal partner manages its own SFTP public keys. Login: `sftp -i <key> -P <port> <organisation id>@<host>`. */
export const sftpRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/verbinding',
      {
        config: { toegang: PARTNER },
        schema: {
          tags: TAG,
          summary: 'How to connect: user name (= own organisation id), port, folder',
          response: {
            200: z.object({ gebruikersnaam: z.string(), poort: z.number(), map: z.string(), voorbeeld: z.string() }),
          },
        },
      },
      async (req) => {
        const org = identiteit(req).organisatieId;
        const poort = ctx.config.SFTP_PORT;
        return {
          gebruikersnaam: org,
          poort,
          map: 'upload',
          voorbeeld: `sftp -i <privésleutel> -P ${poort} ${org}@<host>`,
        };
      },
    );

    app.get(
      '/sleutels',
      {
        config: { toegang: PARTNER },
        schema: { tags: TAG, summary: 'Own SFTP public keys (also revoked ones)', response: { 200: z.array(Sleutel) } },
      },
      async (req) => lijstSleutels(ctx, identiteit(req).organisatieId),
    );

    app.post(
      '/sleutels',
      {
        config: beheerhandeling('signaalpartner'),
        schema: {
          tags: TAG,
          summary: 'Register an SFTP public key (OpenSSH format: ed25519, ECDSA or RSA >= 3072 bits)',
          description:
            'Log in with username = your organisation id. Drop .csv/.xlsx files in `upload/`; the result appears next to it as `<name>.resultaat.csv`.',
          body: z.strictObject({
            publiekeSleutel: z.string().min(1).max(16_384),
            omschrijving: z.string().min(1).max(200),
          }),
          response: { 201: Sleutel },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        return reply.status(201).send(await voegSleutelToe(ctx, id.actor, id.organisatieId, req.body));
      },
    );

    app.delete(
      '/sleutels/:id',
      {
        config: beheerhandeling('signaalpartner'),
        schema: {
          tags: TAG,
          summary: 'Revoke an own SFTP key; new logins with it are refused at once',
          params: z.object({ id: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        await trekSleutelIn(ctx, id.actor, id.organisatieId, req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
