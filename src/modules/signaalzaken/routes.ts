import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { beheerhandeling, identiteit } from '../../http/auth.ts';
import {
  legBezwaarVast,
  legContactpogingVast,
  legHulpGeaccepteerdVast,
  legNotitieVast,
  markeerCrisis,
  wijsToe,
  legWarmeOverdrachtVast,
  pakOp,
  sluitAf,
} from './acties.ts';
import {
  eigenWerkgebieden,
  leesBeleidsplan,
  lijstWerkgebieden,
  rapport,
  rapportCsv,
  verwijderEigenWerkgebied,
  verwijderWerkgebied,
  voegEigenWerkgebiedToe,
  voegWerkgebiedToe,
  zetBeleidsplan,
} from './rapportage.ts';
import { rapportXlsx } from './rapport-xlsx.ts';
import { LCV_SECTOREN } from '../../db/schema.ts';
import { CONTACTSOORTEN, DAGDELEN, EINDRESULTATEN, ZAAK_STATUSSEN } from './vocabulaire.ts';
import { leesZaak, wachtrij } from './zaken.ts';
import { collegas } from './store.ts';
import { BEHANDELAARROLLEN } from './regels.ts';

const TAG = ['Vroegsignalering: werkvoorraad'];
const WERK = {
  toegang: ['gemeente', 'schuldhulpverlener', 'wijkteam'],
  rollen: BEHANDELAARROLLEN,
} as const;
const GEMEENTE = { toegang: ['gemeente'], rollen: ['gemeente-medewerker', 'gemeente-coordinator'] } as const;
const COORDINATOR = { toegang: ['gemeente'], rollen: ['gemeente-coordinator'] } as const;
const BEHEER = { toegang: ['beheerder'], rollen: ['beheerder'] } as const;
const GEMEENTE_BEHEER = beheerhandeling('gemeente');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const Id = z.object({ id: z.uuid() });
const Datum = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'JJJJ-MM-DD');
const Maand = z.string().regex(/^\d{4}-\d{2}$/, 'JJJJ-MM');
const ZaakKern = {
  id: z.string(),
  gemeentecode: z.string(),
  status: z.enum(ZAAK_STATUSSEN),
  postcode: z.string(),
  huisnummer: z.number(),
  toevoeging: z.string().nullable(),
  ontvangenOp: z.date(),
  deadline: z.string(),
  crisis: z.boolean(),
  warmeOverdracht: z.boolean().nullable().describe('Warm handover (DDAS); null: not recorded yet'),
  teLaat: z.boolean().describe('Not yet acted on and past the deadline'),
  uiterlijkVandaag: z.boolean().describe('Not yet acted on, deadline today'),
  terugval: z.boolean(),
  behandelendeOrganisatieId: z.string().nullable(),
  behandelaarId: z.string().nullable(),
  datumOpgepakt: z.string().nullable(),
  eersteActieOp: z.string().nullable(),
  hulpGeaccepteerdOp: z.string().nullable(),
  opschortingTot: z.string().nullable(),
  resultaat: z.string().nullable(),
  stopVerzocht: z.boolean().describe('The partner withdrew a signal that is being worked: stop the effort'),
};
const Wachtrij = z.object({
  tellingen: z.object({ open: z.number(), teLaat: z.number(), vandaag: z.number(), terugval: z.number() }),
  totaal: z.number().describe('Cases matching the filters (all pages)'),
  zaken: z.array(
    z.object({
      ...ZaakKern,
      aantalSignalen: z.number(),
      sectoren: z.array(z.string()),
      naam: z.string().nullable().describe("The resident's surname (first signal)"),
      voorletters: z.string().nullable(),
      straatnaam: z.string().nullable(),
      woonplaats: z.string().nullable(),
      bedragAchterstand: z.number().describe('Arrears over all signals of the case, in euros'),
      dagenOver: z.number().describe('Days from today to the deadline (negative: overdue)'),
      behandelaarNaam: z.string().nullable(),
    }),
  ),
});
const Zaak = z.object({
  ...ZaakKern,
  behandelaarNaam: z.string().nullable(),
  matchingsdatum: z.string(),
  startdatumMatchingperiode: z.string(),
  einddatumMatchingperiode: z.string(),
  afgeslotenOp: z.date().nullable(),
  terugvalTrajectId: z.string().nullable(),
  terugvalRegel: z.string().nullable(),
  signalen: z.array(
    z.object({
      id: z.string(),
      sector: z.string(),
      signaalpartnerType: z.string(),
      signaalpartner: z
        .object({
          organisatieId: z.string(),
          naam: z.string(),
          opdrachtgever: z.string().nullable().describe('The principal a property manager delivered this signal for'),
          contactpersoon: z
            .object({ naam: z.string(), email: z.string() })
            .nullable()
            .describe('Contact for the warm handover; null when the partner did not agree to share it'),
        })
        .describe('The organisation that delivered the signal'),
      signaalstatus: z.string().nullable(),
      intrekkingGevraagd: z.boolean(),
      intrekkingGevraagdOp: z.date().nullable(),
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
      crisissignaal: z.boolean(),
      warmeOverdracht: z.boolean().nullable(),
      meervoudig: z.boolean(),
      opeenvolgend: z.boolean(),
      herhalingen: z.number(),
      ontvangenOp: z.date(),
    }),
  ),
  contactpogingen: z.array(
    z.object({
      id: z.string(),
      soort: z.string(),
      bereikt: z.boolean(),
      datum: z.string(),
      dagdeel: z.string().nullable(),
      vastgelegdOp: z.date(),
    }),
  ),
  historie: z.array(
    z.object({
      tijdstip: z.date(),
      gebeurtenis: z.string(),
      van: z.string().nullable(),
      naar: z.string().nullable(),
      organisatieId: z.string().nullable(),
      actorSoort: z.string(),
      actorId: z.string().nullable(),
      actorNaam: z.string().nullable().describe("The worker's display name (a person's act)"),
      details: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});
const Overgang = z.object({ id: z.string(), status: z.enum(ZAAK_STATUSSEN) }).loose();
const Cijfers = z.object({
  signalenPerSector: z.record(z.string(), z.number()),
  signalen: z.number().describe('Signals received'),
  zaken: z.number().describe('Cases formed (by receipt of their first signal)'),
  termijnBekend: z.number(),
  binnenTermijn: z.number(),
  aandeelBinnenTermijn: z.number().nullable(),
  hulpGeaccepteerd: z.number(),
  aandeelHulpGeaccepteerd: z.number().nullable(),
  terugval: z.number(),
  bereikt: z.number().describe('Cases where a contact attempt reached the resident'),
  contactuitkomstBekend: z.number().describe('Cases with a settled contact outcome: reached, or closed after attempts'),
  bereikgraad: z.number().nullable().describe('Reach rate %: bereikt / contactuitkomstBekend (one decimal)'),
  doorlooptijdMediaan: z.number().nullable().describe('Median calendar days from receipt to the first contact attempt'),
  doorlooptijdP90: z.number().nullable().describe('90th percentile of the same lead time (calendar days)'),
  teLaat: z.number().describe('Cases past the Wgs deadline: acted on after it, or open and not acted on after it'),
});
const Uitkomst = {
  signalen: z.number(),
  zaken: z.number(),
  bereikt: z.number(),
  contactuitkomstBekend: z.number(),
  bereikgraad: z.number().nullable(),
  hulpGeaccepteerd: z.number(),
};
const Rapport = z.object({
  gemeentecode: z.string(),
  gemeentenaam: z.string(),
  van: z.string(),
  tot: z.string(),
  vorigeVan: z.string().describe('The previous period of the same length, for the trend'),
  vorigeTot: z.string(),
  doorlooptijdEenheid: z.literal('kalenderdagen'),
  maanden: z.array(Cijfers.extend({ maand: z.string() })),
  totaal: Cijfers,
  vorigePeriode: Cijfers,
  trend: z.array(
    z.object({
      kengetal: z.enum([
        'signalen',
        'zaken',
        'bereikt',
        'bereikgraad',
        'hulpGeaccepteerd',
        'doorlooptijdMediaan',
        'teLaat',
      ]),
      huidig: z.number().nullable(),
      vorig: z.number().nullable(),
      verschil: z.number().nullable(),
      procent: z.number().nullable().describe('Relative change in %, null when the previous value was 0 or unknown'),
    }),
  ),
  perPartner: z.array(z.object({ partner: z.string(), ...Uitkomst })),
  perSector: z.array(z.object({ sector: z.string(), sectorNaam: z.string(), ...Uitkomst })),
  perMedewerker: z.array(
    z.object({
      medewerker: z.string().describe("The municipality's own worker (name)"),
      zaken: z.number(),
      bereikt: z.number(),
      contactuitkomstBekend: z.number(),
      bereikgraad: z.number().nullable(),
      hulpGeaccepteerd: z.number(),
      doorlooptijdMediaan: z.number().nullable(),
      doorlooptijdP90: z.number().nullable(),
      teLaat: z.number(),
    }),
  ),
  ddasMonitor: z.object({
    signalen: z.number(),
    meervoudig: z.number(),
    opeenvolgend: z.number(),
    crisissignalen: z.number(),
    warmeOverdracht: z.object({ ja: z.number(), nee: z.number(), onbekend: z.number() }),
    zakenPerEindresultaat: z.array(z.object({ eindresultaat: z.string().nullable(), zaken: z.number() })),
  }),
});
const Werkgebied = z.strictObject({ organisatieId: z.uuid(), gemeentecode: z.string().regex(/^GM\d{4}$/) });

/** The municipality's work queue of signal cases, the status flow, reports, and work areas (operator). */
export const signaalzaakRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/zaken',
      {
        config: WERK,
        schema: {
          tags: TAG,
          summary: 'Work queue: cases sorted by deadline (threatening first among equal), with counts',
          querystring: z.object({
            filter: z.enum(['open', 'afgesloten', 'alle']).default('open'),
            status: z.enum(ZAAK_STATUSSEN).optional(),
            terugval: z.stringbool().optional(),
            crisis: z.stringbool().optional(),
            sector: z.enum(LCV_SECTOREN).optional(),
            behandelaar: z
              .union([z.literal('ik'), z.literal('niemand'), z.uuid()])
              .optional()
              .describe("'ik' (the caller's own cases), 'niemand' (unassigned) or a user id"),
            termijn: z.enum(['te-laat', 'vandaag', 'binnen-3-dagen']).optional(),
            zoek: z.string().max(100).optional().describe('Part of the surname, street, postcode or place'),
            sorteer: z.enum(['deadline', 'naam', 'straat', 'bedrag', 'ontvangen']).default('deadline'),
            aflopend: z.stringbool().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: Wachtrij },
        },
      },
      async (req) => wachtrij(ctx, identiteit(req), req.query),
    );

    app.get(
      '/zaken/:id',
      {
        config: WERK,
        schema: {
          tags: TAG,
          summary: 'One case with its signals, contact attempts and history',
          params: Id,
          response: { 200: Zaak },
        },
      },
      async (req) => leesZaak(ctx, identiteit(req), req.params.id),
    );

    app.post(
      '/zaken/:id/oppakken',
      {
        config: WERK,
        schema: {
          tags: TAG,
          summary: 'Pick up a new case (nieuw -> opgepakt); a coordinator may assign a colleague',
          params: Id,
          body: z.strictObject({ behandelaarId: z.uuid().optional() }).default({}),
          response: { 200: Overgang },
        },
      },
      async (req) => pakOp(ctx, identiteit(req), req.params.id, req.body),
    );

    app.post(
      '/zaken/:id/contactpogingen',
      {
        config: WERK,
        schema: {
          tags: TAG,
          summary: 'Record a contact attempt (DDAS EnumContactsoort, EnumDagdeel)',
          params: Id,
          body: z.strictObject({
            soort: z.enum(CONTACTSOORTEN),
            bereikt: z.boolean(),
            datum: Datum.optional(),
            dagdeel: z.enum(DAGDELEN).optional(),
          }),
          response: { 201: z.object({ id: z.string(), zaakId: z.string(), status: z.enum(ZAAK_STATUSSEN) }) },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await legContactpogingVast(ctx, identiteit(req), req.params.id, req.body)),
    );

    app.post(
      '/zaken/:id/hulp-geaccepteerd',
      {
        config: WERK,
        schema: {
          tags: TAG,
          summary:
            'The resident accepted help (after a contact attempt that reached them); the partner sees this and the suspension end',
          params: Id,
          body: z.strictObject({ datum: Datum.optional() }).default({}),
          response: { 200: z.object({ id: z.string(), hulpGeaccepteerdOp: z.string(), opschortingTot: z.string() }) },
        },
      },
      async (req) => legHulpGeaccepteerdVast(ctx, identiteit(req), req.params.id, req.body),
    );

    app.post(
      '/zaken/:id/toewijzen',
      {
        config: WERK,
        schema: {
          tags: TAG,
          summary:
            'Assign an open case to a worker of the own organisation (a coordinator: any colleague; a worker: themselves)',
          params: Id,
          body: z.strictObject({ behandelaarId: z.uuid() }),
          response: { 200: Overgang },
        },
      },
      async (req) => wijsToe(ctx, identiteit(req), req.params.id, req.body),
    );

    app.post(
      '/zaken/:id/notities',
      {
        config: WERK,
        schema: {
          tags: TAG,
          summary: "A worker's note on the case (shown in its timeline; a BSN is refused)",
          params: Id,
          body: z.strictObject({ tekst: z.string().min(1).max(2000) }),
          response: { 201: Overgang },
        },
      },
      async (req, reply) => reply.status(201).send(await legNotitieVast(ctx, identiteit(req), req.params.id, req.body)),
    );

    app.get(
      '/collegas',
      {
        config: WERK,
        schema: {
          tags: TAG,
          summary: 'The active workers of the own organisation a case can be assigned to',
          response: { 200: z.array(z.object({ id: z.string(), naam: z.string() })) },
        },
      },
      async (req) => collegas(ctx.db.kysely, identiteit(req).organisatieId, WERK.rollen),
    );

    app.post(
      '/zaken/:id/afsluiten',
      {
        config: WERK,
        schema: {
          tags: TAG,
          summary: 'Close the case with a DDAS end result (EnumEindresultaat); forbidden transitions answer 409',
          params: Id,
          body: z.strictObject({ resultaat: z.enum(EINDRESULTATEN) }),
          response: { 200: Overgang },
        },
      },
      async (req) => sluitAf(ctx, identiteit(req), req.params.id, req.body),
    );

    app.post(
      '/zaken/:id/bezwaar',
      {
        config: WERK,
        schema: {
          tags: TAG,
          summary: 'The resident objects: close, not to be acted on, and register the objection',
          params: Id,
          response: { 200: Overgang },
        },
      },
      async (req) => legBezwaarVast(ctx, identiteit(req), req.params.id),
    );

    app.post(
      '/zaken/:id/warme-overdracht',
      {
        config: WERK,
        schema: {
          tags: TAG,
          summary:
            'Record whether the case came as a warm handover (DDAS warmeOverdracht: the partner already had contact and asked to pick the resident up); null = unknown',
          params: Id,
          body: z.strictObject({ warmeOverdracht: z.boolean().nullable() }),
          response: { 200: z.object({ id: z.string(), warmeOverdracht: z.boolean().nullable() }) },
        },
      },
      async (req) => legWarmeOverdrachtVast(ctx, identiteit(req), req.params.id, req.body),
    );

    app.post(
      '/zaken/:id/crisis',
      {
        config: GEMEENTE,
        schema: {
          tags: TAG,
          summary: 'Municipality: mark a threatening situation (deadline 3 working days)',
          params: Id,
          response: { 200: z.object({ id: z.string(), crisis: z.boolean(), deadline: z.string() }) },
        },
      },
      async (req) => markeerCrisis(ctx, identiteit(req), req.params.id),
    );

    const RapportQuery = z.object({ van: Maand.optional(), tot: Maand.optional() });
    app.get(
      '/rapportage',
      {
        config: COORDINATOR,
        schema: {
          tags: TAG,
          summary:
            'Municipality report (JSON): per month and in total, trend against the previous period, breakdowns per partner, sector and own worker, DDAS monitor figures; default the last 12 full months',
          querystring: RapportQuery,
          response: { 200: Rapport },
        },
      },
      async (req) => rapport(ctx, identiteit(req), req.query),
    );

    app.get(
      '/rapportage/csv',
      {
        config: COORDINATOR,
        schema: {
          tags: TAG,
          summary: 'Municipality report per month (CSV, formula-injection safe)',
          querystring: RapportQuery,
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV with ";", a BOM, formula-injection safe') },
        },
      },
      async (req, reply) => {
        const r = await rapport(ctx, identiteit(req), req.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="signaalzaken-${r.gemeentecode}-${r.van}-${r.tot}.csv"`)
          .send(rapportCsv(r));
      },
    );

    app.get(
      '/rapportage/xlsx',
      {
        config: COORDINATOR,
        schema: {
          tags: TAG,
          summary: 'Municipality report as an Excel workbook: one sheet per breakdown, numbers as numbers',
          querystring: RapportQuery,
          produces: [XLSX],
          response: { 200: z.unknown().describe('xlsx workbook') },
        },
      },
      async (req, reply) => {
        const r = await rapport(ctx, identiteit(req), req.query);
        return reply
          .type(XLSX)
          .header('content-disposition', `attachment; filename="signaalzaken-${r.gemeentecode}-${r.van}-${r.tot}.xlsx"`)
          .send(await rapportXlsx(r));
      },
    );

    app.get(
      '/werkgebieden',
      {
        config: BEHEER,
        schema: {
          tags: TAG,
          summary: 'Operator: which debt-help organisations / neighbourhood teams work for which municipality',
          response: {
            200: z.array(
              z.object({
                organisatieId: z.string(),
                organisatienaam: z.string(),
                gemeentecode: z.string(),
                aangemaaktOp: z.date(),
              }),
            ),
          },
        },
      },
      async (req) => lijstWerkgebieden(ctx, identiteit(req)),
    );

    app.post(
      '/werkgebieden',
      {
        config: BEHEER,
        schema: { tags: TAG, summary: 'Operator: add a work area', body: Werkgebied, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await voegWerkgebiedToe(ctx, identiteit(req), req.body);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/werkgebieden/:organisatieId/:gemeentecode',
      {
        config: BEHEER,
        schema: { tags: TAG, summary: 'Operator: remove a work area', params: Werkgebied, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await verwijderWerkgebied(ctx, identiteit(req), req.params);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/eigen-werkgebieden',
      {
        config: GEMEENTE_BEHEER,
        schema: {
          tags: TAG,
          summary:
            "Municipality's administrator: which debt-help organisations / neighbourhood teams pick up its cases, and the ones to choose from",
          response: {
            200: z.object({
              gemeentecode: z.string(),
              werkgebieden: z.array(
                z.object({
                  organisatieId: z.string(),
                  organisatienaam: z.string(),
                  organisatietype: z.string(),
                  aangemaaktOp: z.date(),
                  vish: z
                    .object({ actiefSinds: z.date(), aantal: z.number() })
                    .nullable()
                    .describe("The organisation's active VISH list (production): since when, how many persons"),
                }),
              ),
              organisaties: z.array(
                z.object({
                  organisatieId: z.string(),
                  naam: z.string(),
                  type: z.string(),
                  actieveGebruikers: z.number().describe('An organisation without active users picks up nothing'),
                }),
              ),
            }),
          },
        },
      },
      async (req) => eigenWerkgebieden(ctx, identiteit(req)),
    );

    app.post(
      '/eigen-werkgebieden',
      {
        config: GEMEENTE_BEHEER,
        schema: {
          tags: TAG,
          summary: "Municipality's administrator: a debt-help organisation / neighbourhood team picks up its cases",
          body: z.strictObject({ organisatieId: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await voegEigenWerkgebiedToe(ctx, identiteit(req), req.body.organisatieId);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/eigen-werkgebieden/:organisatieId',
      {
        config: GEMEENTE_BEHEER,
        schema: {
          tags: TAG,
          summary: "Municipality's administrator: remove one of its own work areas",
          params: z.object({ organisatieId: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await verwijderEigenWerkgebied(ctx, identiteit(req), req.params.organisatieId);
        return reply.status(204).send(null);
      },
    );

    const BeleidsplanIn = z.strictObject({
      crisisEerst: z.boolean().describe('Cases with a crisis signal first'),
      sectoren: z.array(z.enum(LCV_SECTOREN)).max(5).describe('Sectors in order of priority; the rest after them'),
      bedragVanaf: z.number().min(0).max(10_000_000).nullable().describe('Total arrears from this amount first'),
    });
    const BeleidsplanUit = BeleidsplanIn.extend({
      gemeentecode: z.string(),
      ingesteld: z.boolean().describe('False: no plan yet, the queue follows the deadlines'),
      bijgewerktOp: z.date().nullable(),
    });
    app.get(
      '/beleidsplan',
      {
        config: GEMEENTE_BEHEER,
        schema: {
          tags: TAG,
          summary: "Municipality's administrator: its policy plan (LCV art. 3.7), which orders its work queue",
          response: { 200: BeleidsplanUit },
        },
      },
      async (req) => leesBeleidsplan(ctx, identiteit(req)),
    );
    app.put(
      '/beleidsplan',
      {
        config: GEMEENTE_BEHEER,
        schema: {
          tags: TAG,
          summary:
            "Municipality's administrator: set its policy plan; the queue then orders by crisis, amount and sector before the deadline",
          body: BeleidsplanIn,
          response: { 200: BeleidsplanUit },
        },
      },
      async (req) => zetBeleidsplan(ctx, identiteit(req), req.body),
    );
  };
