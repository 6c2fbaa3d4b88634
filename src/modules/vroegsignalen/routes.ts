import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { LCV_SECTOREN } from '../../db/schema.ts';
import { identiteit } from '../../http/auth.ts';
import { bestandsstroom } from '../../http/bestand.ts';
import { invalidInput, notFound } from '../../shared/errors.ts';
import { verwerkApiSignalen, verwerkSignaalbestand } from './intake/verwerk.ts';
import * as store from './store.ts';
import { leesSignaal, lijstSignalen, SIGNAAL_SORTERINGEN, telSignalen, trekSignaalIn } from '../signaalzaken/index.ts';
import { trekInBulk } from './intrekking.ts';
import { MVI_STAPPEN, type MviStap } from './intake/valideren.ts';
import { afgewezenCsv, groepeerRedenen, REGELS_PER_REDEN } from './intake/redenen.ts';

const TAG = ['Vroegsignalering: signalen'];
const LijstFilter = {
  status: z.enum(['ontvangen', 'hulp-geaccepteerd']).optional(),
  gemeentecode: z
    .string()
    .regex(/^GM\d{4}$/)
    .optional(),
  van: z.iso.date().optional(),
  tot: z.iso.date().optional(),
  klantnummer: z.string().max(50).optional(),
};
const PARTNER = ['signaalpartner'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const Rapport = z.object({
  leveringId: z.string(),
  bron: z.string(),
  bestandsnaam: z.string().nullable(),
  ontvangenOp: z.string(),
  regels: z.number(),
  geaccepteerd: z.number(),
  nieuw: z.number(),
  herhaling: z.number().describe('Open signals updated by this report (LCV art. 3.2)'),
  perGemeente: z.array(
    z.object({ gemeentecode: z.string(), gemeentenaam: z.string(), nieuw: z.number(), herhaling: z.number() }),
  ),
  afgewezenAantal: z.number(),
  afgewezen: z
    .array(z.object({ regel: z.number(), reden: z.string(), klantnummer: z.string().optional() }))
    .describe('At most 10,000; the surname is never repeated'),
  redenen: z
    .array(
      z.object({
        code: z.string(),
        label: z.string().describe('Dutch name of the reason'),
        hulp: z.string().describe('How to fix it, in plain Dutch'),
        aantal: z.number().describe('Rejected rows with this reason'),
        regels: z.array(z.number()).describe(`The first ${REGELS_PER_REDEN} line numbers`),
        andere: z.number().describe('Further rows with this reason, not listed'),
      }),
    )
    .describe('The rejected rows (of `afgewezen`) grouped by reason, largest group first'),
});
type RapportData = Omit<z.infer<typeof Rapport>, 'redenen'>;
/** The report as answered: the kept report with its rejected rows grouped by reason. */
const metRedenen = (r: RapportData) => ({ ...r, redenen: groepeerRedenen(r.afgewezen) });
const LeveringFilter = z.object({ status: z.enum(store.LEVERING_STATUSSEN).optional() });
const Tekst = (max: number) => z.string().max(max);
const Getal = z.union([z.number(), z.string().max(20)]);
const JsonSignaal = z.strictObject({
  achternaam: Tekst(200),
  voorletters: Tekst(20).optional(),
  straatnaam: Tekst(200).optional(),
  huisnummer: Getal,
  huisnummerToevoeging: Tekst(10).optional(),
  postcode: Tekst(10),
  woonplaats: Tekst(100).optional(),
  telefoonnummers: z.array(Tekst(20)).max(3).optional(),
  email: Tekst(254).optional(),
  aantalMaandenAchterstand: Getal,
  bedragAchterstand: Getal,
  sector: z.enum(LCV_SECTOREN).optional(),
  vervaldatum: Tekst(10).optional().describe('JJJJ-MM-DD'),
  klantnummer: Tekst(50).optional(),
  opdrachtgever: Tekst(200).optional().describe('Property managers: the investor (must have a mandate)'),
  herinneringVerstuurd: z.boolean().optional(),
  contactGezocht: z.boolean().optional(),
  schuldhulpGenoemd: z.boolean().optional(),
  gegevensoverdrachtAangeboden: z.boolean().optional(),
  crisissignaal: z
    .boolean()
    .optional()
    .describe(
      'Threatening situation (eviction, cut-off, termination of health insurance): the municipality acts within 3 working days',
    ),
});
const Signaal = z.object({
  id: z.string(),
  gemeentecode: z.string(),
  sector: z.string(),
  status: z
    .enum(['ontvangen', 'hulp-geaccepteerd'])
    .describe('The only feedback a partner may get (Wgs): help accepted, or nothing'),
  hulpGeaccepteerdOp: z.string().nullable(),
  opschortingTot: z.string().nullable().describe('End of the 30-day collection suspension'),
  achternaam: z.string(),
  voorletters: z.string().nullable(),
  straatnaam: z.string().nullable(),
  huisnummer: z.number(),
  toevoeging: z.string().nullable(),
  postcode: z.string(),
  woonplaats: z.string().nullable(),
  telefoonnummers: z.array(z.string()),
  email: z.string().nullable(),
  aantalMaandenAchterstand: z.number(),
  bedragAchterstand: z.number(),
  vervaldatum: z.string().nullable(),
  klantnummer: z.string().nullable(),
  herhalingen: z.number(),
  ontvangenOp: z.date(),
  laatsteMeldingOp: z.date(),
});
const Id = z.object({ id: z.uuid() });
/** 'herinnering,contactGezocht' -> the steps; an unknown step is refused. */
function mviStappen(lijst: string): MviStap[] {
  const stappen = [...new Set(lijst.split(','))];
  const onbekend = stappen.filter((s) => !Object.hasOwn(MVI_STAPPEN, s));
  if (onbekend.length > 0)
    throw invalidInput(
      `Onbekende MVI-stap: ${onbekend[0]!.slice(0, 40)}. Mogelijk: ${Object.keys(MVI_STAPPEN).join(', ')}.`,
    );
  return stappen as MviStap[];
}
const jaNee = (b: boolean | undefined) => (b === undefined ? undefined : b ? 'ja' : 'nee');

/** Early signals: delivery (file, API), the partner's own signals, withdrawal. */
export const vroegsignaalRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    // Excel uploads are streamed to the handler like CSV.
    app.addContentTypeParser([XLSX, 'application/vnd.ms-excel'], (_req, payload, done) => done(null, payload));
    /** Another partner's delivery is "not found", like one that does not exist. */
    const eigenRapport = async (id: string, partnerId: string) => {
      const l = await store.levering(ctx.db.kysely, partnerId, id);
      if (!l?.rapport) throw notFound();
      return (typeof l.rapport === 'string' ? JSON.parse(l.rapport) : l.rapport) as RapportData;
    };

    app.post(
      '/leveringen',
      {
        config: { toegang: PARTNER },
        schema: {
          tags: TAG,
          summary: 'Upload a signal file (CSV or xlsx); valid rows are stored, the report lists rejected rows',
          description:
            'Body: CSV (`;`/`,`, UTF-8 or Windows-1252) or an .xlsx (first sheet, first row = titles). Columns: Achternaam*, Voorletters, Straatnaam, Huisnummer*, Huisnummer toevoeging, Postcode*, Woonplaats, Telefoonnummer 1-3, E-mailadres, Aantal maanden achterstand*, Bedrag achterstand*, Sector (required when you deliver for more than one), Vervaldatum, Klantnummer, Opdrachtgever (property managers), Herinnering verstuurd, Contact gezocht, Schuldhulp genoemd, Gegevensoverdracht aangeboden, Crisissignaal (ja/nee: threatening situation). Any other column refuses the whole file (400) and nothing is stored.',
          consumes: ['text/csv', XLSX],
          querystring: z.object({
            bestandsnaam: z.string().max(255).optional(),
            mvi: z
              .string()
              .max(200)
              .regex(/^[A-Za-z]+(,[A-Za-z]+)*$/, 'Stappen gescheiden door komma’s')
              .optional()
              .describe(
                `The MVI steps (socially responsible collection, LCV art. 2.1) the partner attests for every signal in this file, comma-separated: ${Object.keys(MVI_STAPPEN).join(',')}. Required (all four) for small landlords (ad hoc): without it the file is refused (400 mvi_verklaring_ontbreekt). Recorded with the delivery; a row that leaves a step column empty has the step.`,
              ),
          }),
          response: { 201: Rapport },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        const rapport = await verwerkSignaalbestand(
          ctx,
          id.actor,
          id.organisatieId,
          bestandsstroom(req),
          req.query.bestandsnaam ?? null,
          req.query.mvi ? { mvi: mviStappen(req.query.mvi) } : {},
        );
        return reply.status(201).send(metRedenen(rapport));
      },
    );

    app.get(
      '/leveringen',
      {
        config: { toegang: PARTNER },
        schema: {
          tags: TAG,
          summary: 'Own deliveries (upload, SFTP, API), newest first: counts and status; page and filter by status',
          description:
            'Only deliveries that were processed: a file refused as a whole (unknown column, too large) stores nothing. `status`: `verwerkt` (every row accepted), `deels-afgewezen`, `afgewezen` (no row accepted). Totals: GET /leveringen/aantallen.',
          querystring: LeveringFilter.extend({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: {
            200: z.array(
              z.object({
                id: z.string(),
                bron: z.string().describe('upload, sftp or api'),
                bestandsnaam: z.string().nullable(),
                ontvangenOp: z.date(),
                regels: z.number(),
                geaccepteerd: z.number(),
                afgewezen: z.number(),
                status: z.enum(store.LEVERING_STATUSSEN),
              }),
            ),
          },
        },
      },
      async (req) =>
        (await store.leveringen(ctx.db.kysely, identiteit(req).organisatieId, req.query)).map((l) => ({
          id: l.id,
          bron: l.bron,
          bestandsnaam: l.bestandsnaam,
          ontvangenOp: new Date(l.ontvangen_op),
          regels: Number(l.regels),
          geaccepteerd: Number(l.geaccepteerd),
          afgewezen: Number(l.afgewezen),
          status: l.status,
        })),
    );

    app.get(
      '/leveringen/aantallen',
      {
        config: { toegang: PARTNER },
        schema: {
          tags: TAG,
          summary: 'How many own deliveries match the filter, in total and per status (for paging)',
          querystring: LeveringFilter,
          response: {
            200: z.object({
              totaal: z.number(),
              verwerkt: z.number(),
              'deels-afgewezen': z.number(),
              afgewezen: z.number(),
            }),
          },
        },
      },
      async (req) => store.telLeveringen(ctx.db.kysely, identiteit(req).organisatieId, req.query.status),
    );

    app.get(
      '/leveringen/:id',
      {
        config: { toegang: PARTNER },
        schema: {
          tags: TAG,
          summary: 'The kept report of one own delivery, with its rejected rows grouped by reason',
          params: Id,
          response: { 200: Rapport },
        },
      },
      async (req) => metRedenen(await eigenRapport(req.params.id, identiteit(req).organisatieId)),
    );

    app.get(
      '/leveringen/:id/afgewezen',
      {
        config: { toegang: PARTNER },
        schema: {
          tags: TAG,
          summary: "One own delivery's rejected rows as CSV: line, customer number, reason and how to fix it",
          description:
            'To correct the rows in the own file and deliver them again. Holds no names or addresses: the platform does not keep rejected rows.',
          params: Id,
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV with ";", a BOM, formula-injection safe') },
        },
      },
      async (req, reply) => {
        const r = await eigenRapport(req.params.id, identiteit(req).organisatieId);
        const naam = (r.bestandsnaam ?? 'levering')
          .replace(/\.\w+$/, '')
          .replace(/[^\w.-]+/g, '_')
          .slice(0, 100);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${naam}-afgewezen.csv"`)
          .send(afgewezenCsv(r.afgewezen));
      },
    );

    app.post(
      '/signalen',
      {
        config: { toegang: PARTNER },
        schema: {
          tags: TAG,
          summary: 'Deliver one signal or a small batch (max 100) over the API',
          description:
            'Header `Idempotency-Key` (required): a retry with the same key and body returns the first answer (header `Idempotent-Replayed: true`); the same key with another body is refused (422).',
          headers: z.object({ 'idempotency-key': z.string().min(1).max(200) }),
          body: z.strictObject({ signalen: z.array(JsonSignaal).min(1).max(100) }),
          response: { 201: Rapport },
        },
      },
      async (req, reply) => {
        const id = identiteit(req);
        const velden = req.body.signalen.map((s) => ({
          achternaam: s.achternaam,
          voorletters: s.voorletters,
          straatnaam: s.straatnaam,
          huisnummer: String(s.huisnummer),
          toevoeging: s.huisnummerToevoeging,
          postcode: s.postcode,
          woonplaats: s.woonplaats,
          telefoon1: s.telefoonnummers?.[0],
          telefoon2: s.telefoonnummers?.[1],
          telefoon3: s.telefoonnummers?.[2],
          email: s.email,
          maanden: String(s.aantalMaandenAchterstand),
          bedrag: String(s.bedragAchterstand),
          sector: s.sector,
          vervaldatum: s.vervaldatum,
          klantnummer: s.klantnummer,
          opdrachtgever: s.opdrachtgever,
          herinnering: jaNee(s.herinneringVerstuurd),
          contactGezocht: jaNee(s.contactGezocht),
          schuldhulpGenoemd: jaNee(s.schuldhulpGenoemd),
          overdrachtAangeboden: jaNee(s.gegevensoverdrachtAangeboden),
          crisissignaal: jaNee(s.crisissignaal),
        }));
        const { rapport, herhaald } = await verwerkApiSignalen(
          ctx,
          id.actor,
          id.organisatieId,
          velden,
          req.headers['idempotency-key'],
        );
        if (herhaald) reply.header('idempotent-replayed', 'true');
        return reply.status(201).send(metRedenen(rapport));
      },
    );

    app.get(
      '/signalen',
      {
        config: { toegang: PARTNER },
        schema: {
          tags: TAG,
          summary: 'Own signals: filter, sort and page (newest first by default)',
          description:
            'Filters: `status`, `gemeentecode`, `van`/`tot` (first receipt, Europe/Amsterdam days, inclusive), `klantnummer` (matched without regard to case, spaces, dots, dashes and leading zeros). The number of matches: GET /signalen/aantallen with the same filters.',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(500).default(100),
            offset: z.coerce.number().int().min(0).default(0),
            ...LijstFilter,
            sorteer: z.enum(SIGNAAL_SORTERINGEN).default('nieuwste'),
          }),
          response: { 200: z.array(Signaal) },
        },
      },
      async (req) => lijstSignalen(ctx, identiteit(req).actor, identiteit(req).organisatieId, req.query),
    );

    app.get(
      '/signalen/aantallen',
      {
        config: { toegang: PARTNER },
        schema: {
          tags: TAG,
          summary: 'How many own signals match the filters (for paging and counts)',
          querystring: z.object(LijstFilter),
          response: {
            200: z.object({
              totaal: z.number().describe('Matching all filters'),
              ontvangen: z.number().describe('Of the matches without `status`: no help accepted'),
              hulpGeaccepteerd: z.number().describe('Of the matches without `status`: help accepted'),
            }),
          },
        },
      },
      async (req) => telSignalen(ctx, identiteit(req).organisatieId, req.query),
    );

    app.get(
      '/signalen/:id',
      {
        config: { toegang: PARTNER },
        schema: { tags: TAG, summary: 'One own signal', params: Id, response: { 200: Signaal } },
      },
      async (req) => leesSignaal(ctx, identiteit(req).actor, identiteit(req).organisatieId, req.params.id),
    );

    app.delete(
      '/signalen/:id',
      {
        config: { toegang: PARTNER },
        schema: {
          tags: TAG,
          summary:
            'Withdraw a signal: deleted when not yet picked up, else the municipality is asked to stop (one answer for both)',
          params: Id,
          response: { 200: z.object({ id: z.string(), resultaat: z.enum(['ingetrokken']) }) },
        },
      },
      async (req) => trekSignaalIn(ctx, identiteit(req).actor, identiteit(req).organisatieId, req.params.id),
    );

    app.post(
      '/intrekkingen',
      {
        config: { toegang: PARTNER },
        schema: {
          tags: TAG,
          summary: 'Withdraw in bulk: CSV/xlsx with Klantnummer, or Postcode + Huisnummer (+ Huisnummer toevoeging)',
          consumes: ['text/csv', XLSX],
          response: {
            200: z.object({
              regels: z.number(),
              ingetrokken: z.number(),
              nietGevonden: z.array(z.number()).describe('Line numbers without an open signal'),
              afgewezen: z.array(z.object({ regel: z.number(), reden: z.string() })),
            }),
          },
        },
      },
      async (req) => trekInBulk(ctx, identiteit(req).actor, identiteit(req).organisatieId, bestandsstroom(req)),
    );
  };
