import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { identiteit } from '../../http/auth.ts';
import { bestandsstroom } from '../../http/bestand.ts';
import { leesCsv } from '../../shared/csv-bron.ts';
import { csvAlsXlsx, leesTabel, XLSX_GRENZEN, XLSX_TYPE } from '../../shared/xlsx.ts';
import { forbidden, notFound } from '../../shared/errors.ts';
import { controleer, controleerBatch, BATCH_KOLOMMEN, type BatchReferentie, type RustOpzoeker } from './controle.ts';
import { controleReferentie } from './resultaat.ts';
import { metChecksum, type BronRegel } from './levering.ts';
import type { VishOmgeving } from './omgeving.ts';
import * as store from './store.ts';
import { VISH_KOLOMMEN, VISH_VERPLICHT } from './validatie.ts';

const LEVERAARS = ['schuldhulpverlener', 'wijkteam', 'gemeente'] as const;
const BEVRAGERS = ['gerechtsdeurwaarder', 'gemeente'] as const;
const TAG = ['Verwijsindex (VISH)'];

const Omgeving = z
  .enum(['productie', 'test'])
  .describe('test: a test delivery (organisation in its test step, or a test credential); answers test checks only');
const Ontvangstbewijs = z.object({
  leveringId: z.string(),
  status: z.literal('actief'),
  omgeving: Omgeving,
  regelsGeaccepteerd: z.number(),
  duurMs: z.number(),
  checksum: z.string().describe('SHA-256 (hex) of the delivered bytes (CSV) or of the JSON body'),
  verlooptOp: z.string(),
  vervangtLevering: z.string().nullable(),
});
const Contact = z.object({
  organisatie: z.string(),
  naam: z.string(),
  telefoon: z.string().nullable(),
  email: z.string().nullable(),
});
const JsonPersoon = z.object({
  bsn: z.string().optional(),
  contactnaam: z.string().optional(),
  telefoon: z.string().optional(),
  email: z.string().optional(),
  fase: z.string().optional(),
  startdatum: z.string().optional(),
});

const Bewijs = z
  .object({
    tijdstip: z.string().describe('Time of the check (ISO 8601, UTC), as stored in the audit trail'),
    referentie: z
      .string()
      .describe("Audit reference 'A-<volgnr>': the check's entry in the hash-chained audit trail (volgnr)"),
    resultaat: z.string().describe('The result in Dutch, e.g. "Geen match — niet bekend in de verwijsindex"'),
    organisatie: z.string().describe('The checking organisation'),
    bsn: z.string().describe('The BSN masked to its last 3 digits ("****.**.333")'),
    test: z.boolean().describe('A check against test data'),
  })
  .describe('Proof of check for the dossier');

/** Production or test data for this caller, as set by the VISH access hook (http/vish-toegang.ts). */
const omgevingVan = (req: FastifyRequest): VishOmgeving => {
  if (!req.vishOmgeving) throw forbidden(); // never guess: no decision means no VISH data
  return req.vishOmgeving;
};

/** `rust`: the active collection pauses (schuldenrust), wired by the composition root; without it no pause shows. */
export const vishRoutes =
  (ctx: Context, opties: { rust?: RustOpzoeker } = {}): FastifyPluginAsyncZod =>
  async (app) => {
    const { config } = ctx;
    // An Excel upload is streamed untouched like a CSV (Windows browsers label a .csv as application/vnd.ms-excel).
    app.addContentTypeParser([XLSX_TYPE, 'application/vnd.ms-excel'], (_req, payload, done) => done(null, payload));
    const orgNaam = async (id: string) =>
      await ctx.db.kysely
        .selectFrom('organisaties')
        .select(['id', 'naam'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    app.post(
      '/leveringen',
      {
        config: { toegang: LEVERAARS },
        schema: {
          tags: TAG,
          summary: 'Deliver the full current VISH list as CSV (replaces the previous delivery)',
          description:
            'Body: CSV (`;` or `,`; UTF-8 with/without BOM or Windows-1252) with columns BSN, Contactnaam, Telefoon, E-mail, Fase, Startdatum. A file with any error is refused as a whole (422, per-row report) and the previous delivery stays active. Two lists at once: the one sent last wins; an earlier one that finishes later is not activated (409 `levering_achterhaald`). A lost database connection: 503, the previous delivery stays active.',
          consumes: ['text/csv'],
          response: { 201: Ontvangstbewijs },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        const { stroom, checksum } = metChecksum(bestandsstroom(req));
        const regels = leesCsv(stroom, {
          maxBytes: config.VISH_MAX_BYTES,
          kolommen: VISH_KOLOMMEN,
          synoniemenInMelding: true,
          verplicht: VISH_VERPLICHT,
          onbekendeKolom: 'weigeren',
        });
        const bewijs = await ctx.vishLevering.lever(
          id.actor,
          await orgNaam(id.organisatieId),
          'csv',
          regels as AsyncIterable<BronRegel>,
          checksum,
          omgevingVan(req),
        );
        return reply.status(201).send(bewijs);
      },
    );

    app.post(
      '/leveringen/json',
      {
        config: { toegang: LEVERAARS },
        schema: {
          tags: TAG,
          summary: 'Deliver the full current VISH list as JSON (replaces the previous delivery)',
          body: z.object({ personen: z.array(JsonPersoon) }),
          response: { 201: Ontvangstbewijs },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        const digest = createHash('sha256').update(JSON.stringify(req.body)).digest('hex');
        async function* regels(): AsyncGenerator<BronRegel> {
          let i = 0;
          for (const p of req.body.personen) yield { regel: ++i, velden: p };
        }
        const bewijs = await ctx.vishLevering.lever(
          id.actor,
          await orgNaam(id.organisatieId),
          'json',
          regels(),
          () => digest,
          omgevingVan(req),
        );
        return reply.status(201).send(bewijs);
      },
    );

    app.get(
      '/leveringen',
      {
        config: { toegang: LEVERAARS },
        schema: {
          tags: TAG,
          summary: 'Own deliveries (newest first) and deliveries in progress',
          response: {
            200: z.object({
              bezig: z.array(
                z.object({
                  leveringId: z.string(),
                  omgeving: Omgeving,
                  regels: z.number(),
                  regelsPerSeconde: z.number(),
                  gestartOp: z.date(),
                }),
              ),
              leveringen: z.array(
                z.object({
                  id: z.string(),
                  status: z.string(),
                  omgeving: Omgeving,
                  bron: z.string(),
                  aantal: z.number(),
                  checksum: z.string().nullable(),
                  gestart_op: z.date(),
                  afgerond_op: z.date().nullable(),
                  geactiveerd_op: z.date().nullable(),
                  verloopt_op: z.date().nullable(),
                  fouten: z.unknown(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return {
          bezig: ctx.vishLevering.voortgang(id.organisatieId),
          leveringen: await store.leveringenVan(ctx.db.kysely, id.organisatieId),
        };
      },
    );

    app.get(
      '/leveringen/:id',
      {
        config: { toegang: LEVERAARS },
        schema: {
          tags: TAG,
          summary: 'One own delivery with its error report',
          params: z.object({ id: z.uuid() }),
          response: {
            200: z.object({
              id: z.string(),
              status: z.string(),
              bron: z.string(),
              aantal: z.number().nullable(),
              checksum: z.string().nullable(),
              gestart_op: z.date(),
              afgerond_op: z.date().nullable(),
              geactiveerd_op: z.date().nullable(),
              verloopt_op: z.date().nullable(),
              fouten: z.unknown(),
            }),
          },
        },
      },
      async (req) => {
        const id = identiteit(req);
        const l = await store.leveringVan(ctx.db.kysely, id.organisatieId, req.params.id);
        if (!l) throw notFound(); // another organisation's delivery is "not found", never "forbidden"
        return l;
      },
    );

    app.post(
      '/controle',
      {
        config: { toegang: BEVRAGERS },
        schema: {
          tags: TAG,
          summary: 'Check one BSN: match with the helper contact(s), or no match; and an active collection pause',
          body: z.object({ bsn: z.string().max(20) }),
          response: {
            200: z.object({
              match: z.boolean(),
              contacten: z.array(Contact),
              schuldenrustTot: z
                .string()
                .nullable()
                .describe(
                  'End date (JJJJ-MM-DD) of an active collection pause (schuldenrust); creditors are not named',
                ),
              schuldenrust: z.string().nullable().describe('The same in Dutch: "schuldenrust tot 1 april 2027"'),
              bewijs: Bewijs,
            }),
          },
        },
      },
      async (req) => {
        const id = identiteit(req);
        // The organisation's name comes from the access cache the request was just authorised with: no query.
        const [r, org] = await Promise.all([
          controleer(ctx, id.actor, req.body.bsn, omgevingVan(req), opties.rust),
          ctx.organisatieToegang.staat(id.organisatieId),
        ]);
        return { ...r, bewijs: { ...r.bewijs, organisatie: org?.naam ?? '' } };
      },
    );

    app.post(
      '/controle/batch',
      {
        config: { toegang: BEVRAGERS },
        schema: {
          tags: TAG,
          summary: 'Check a batch of up to 1,000,000 BSNs (CSV or xlsx in, CSV or xlsx out, streamed)',
          description: `Body: CSV or .xlsx (first sheet; told apart by content) with a header row, column \`BSN\` and optional \`Kenmerk\` (your reference); spaces, dots and dashes in a BSN are ignored. An xlsx may be at most ${XLSX_GRENZEN.maxBytes / 1024 / 1024} MB and ${XLSX_GRENZEN.maxCellen.toLocaleString('en')} cells; a zip bomb is refused (400). Answer: CSV \`regel;kenmerk;resultaat;organisatie;contactnaam;telefoon;email;schuldenrust_tot;resultaat_omschrijving\`, or the same as .xlsx when \`Accept\` asks for ${XLSX_TYPE}; resultaat is match, geen-match or ongeldig-bsn (stable codes); schuldenrust_tot is the end date of an active collection pause (empty when none); resultaat_omschrijving is the result in Dutch. The BSN is not repeated in the answer. Header \`X-Controle-Referentie\` ('A-<volgnr>'): the batch's first entry in the audit trail (absent when no BSN was valid).`,
          consumes: ['text/csv', XLSX_TYPE],
          produces: ['text/csv', XLSX_TYPE],
          // A stream (not serialised): the schema only documents the answer.
          response: { 200: z.unknown().describe('CSV, streamed') },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        const regels = (await leesTabel(bestandsstroom(req), {
          maxBytes: config.VISH_BATCH_MAX * 64,
          maxRows: config.VISH_BATCH_MAX,
          kolommen: BATCH_KOLOMMEN,
          verplicht: ['bsn'],
          onbekendeKolom: 'negeren',
        })) as AsyncIterable<BronRegel>;
        const referentie: BatchReferentie = {};
        const uit = controleerBatch(ctx, id.actor, regels, omgevingVan(req), opties.rust, referentie);
        // Pull the header line and the first block of results (audited and stored) before the status line
        // goes out, so a bad header, or a database failure in a batch of up to one block, is an error status
        // and not a broken stream.
        const vooraf: string[] = [];
        for (let n = await uit.next(); !n.done; n = await uit.next()) {
          vooraf.push(n.value);
          if (vooraf.length > 1 && n.value) break;
        }
        async function* alles() {
          yield* vooraf;
          yield* uit;
        }
        if (referentie.eerste !== undefined)
          reply.header('x-controle-referentie', controleReferentie(referentie.eerste));
        const alsXlsx = req.headers.accept?.includes(XLSX_TYPE) ?? false;
        const stroom = alsXlsx ? csvAlsXlsx(alles()) : Readable.from(alles());
        stroom.on('error', (err) => req.log.warn({ err }, 'batch check aborted'));
        return reply.type(alsXlsx ? XLSX_TYPE : 'text/csv; charset=utf-8').send(stroom);
      },
    );
  };
