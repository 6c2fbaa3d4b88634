import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { beheerhandeling, identiteit } from '../../http/auth.ts';
import { bestandsstroom } from '../../http/bestand.ts';
import { notFound } from '../../shared/errors.ts';
import { UITSTROOMREDENEN } from '../../shared/vocabulaire.ts';
import { importeerTrajecten } from './import.ts';
import { ddasVan, leesTraject, lijstTrajecten, maakTraject, sluitTraject, werkTrajectBij } from './service.ts';
import * as store from './store.ts';
import { EMAIL, TELEFOON } from './validatie.ts';
import { bouwVishFeed } from './vish-feed.ts';
import { trajectOverzicht } from './overzicht.ts';
import { SORTERINGEN } from './store.ts';

const TAG = ['Schuldhulptrajecten'];
const TOEGANG = {
  toegang: ['schuldhulpverlener', 'wijkteam', 'gemeente'] as const,
  rollen: ['schuldhulpverlener', 'wijkteam'] as const,
};
const Datum = z.iso.date().describe('JJJJ-MM-DD');
const Id = z.object({ id: z.uuid() });
const Consulent = z.strictObject({
  gebruikerId: z
    .uuid()
    .nullable()
    .optional()
    .describe('User account of the counsellor in your organisation (relapse signals go to them)'),
  naam: z.string().min(1).max(200),
  telefoon: z.string().regex(TELEFOON).nullable().optional(),
  email: z.string().regex(EMAIL).max(254).nullable().optional(),
});
const VishKeuze = z
  .enum(['standaard', 'altijd', 'nooit'])
  .describe('standaard: the organisation rule; altijd/nooit: this trajectory always/never (while open)');
const Ddas = z
  .record(z.string(), z.unknown())
  .describe(
    'Parts of the DDAS-SHV schuldhulptraject (aanmelding, informatieEnAdvies, intake, planVanAanpak, stabilisatie, schuldregeling, oplossing, begeleiding, nazorg, crisisinterventies, moratoria, voorlopigeVoorzieningen, schulden, omschrijving, toekenningsdatum, totaalSchuldbedragBijAanvangSchuld); a part given replaces the stored one, null removes it',
  );
const Nieuw = z.strictObject({
  externId: z.string().min(1).max(100).optional().describe('Case number in your own system'),
  bsn: z.string().max(20),
  partnerBsn: z
    .string()
    .max(20)
    .nullable()
    .optional()
    .describe("BSN of the client's partner (a household of two); only for the DDAS export, null removes it"),
  achternaam: z.string().min(1).max(200),
  voorletters: z.string().max(20).nullable().optional(),
  postcode: z.string().max(10),
  huisnummer: z.number().int(),
  toevoeging: z.string().max(10).nullable().optional(),
  startdatum: Datum,
  consulent: Consulent,
  ondernemer: z.boolean().optional(),
  vishKeuze: VishKeuze.optional(),
  ddas: Ddas.optional(),
});
const Traject = z.object({
  id: z.string(),
  externId: z.string().nullable(),
  bsn: z.string().nullable(),
  partnerBsn: z.string().nullable(),
  achternaam: z.string().nullable(),
  voorletters: z.string().nullable(),
  postcode: z.string().nullable(),
  huisnummer: z.number().nullable(),
  toevoeging: z.string().nullable(),
  gemeentecode: z.string(),
  consulent: z.object({
    gebruikerId: z.string().nullable(),
    naam: z.string().nullable(),
    telefoon: z.string().nullable(),
    email: z.string().nullable(),
  }),
  ondernemer: z.boolean(),
  fase: z.string(),
  startdatum: z.string(),
  einddatum: z.string().nullable(),
  uitstroomreden: z.string().nullable(),
  vishKeuze: z.string(),
  ddas: z.record(z.string(), z.unknown()),
  aangemaaktOp: z.date(),
  bijgewerktOp: z.date(),
  geanonimiseerdOp: z.date().nullable(),
});
const Feed = z.object({
  actief: z.boolean(),
  regel: z.enum(['vanaf-toelating', 'alle-open', 'alleen-gekozen']),
  loket: z.object({ naam: z.string(), telefoon: z.string().nullable(), email: z.string().nullable() }).nullable(),
  laatsteRunOp: z.date().nullable(),
  laatsteResultaat: z.string().nullable(),
  laatsteAantal: z.number().nullable(),
  laatsteLeveringId: z.string().nullable(),
  laatsteMelding: z.string().nullable(),
});

/** Debt-help trajectories of the caller's own organisation, the VISH feed built from them, and CSV import. */
export const trajectRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    const feedStatus = async (organisatieId: string) => {
      const f = await store.feed(ctx.db.kysely, organisatieId);
      return {
        actief: f?.actief ?? true,
        regel: f?.regel ?? 'vanaf-toelating',
        loket: f?.loket_naam ? { naam: f.loket_naam, telefoon: f.loket_telefoon, email: f.loket_email } : null,
        laatsteRunOp: f?.laatste_run_op ?? null,
        laatsteResultaat: f?.laatste_resultaat ?? null,
        laatsteAantal: f?.laatste_aantal ?? null,
        laatsteLeveringId: f?.laatste_levering_id ?? null,
        laatsteMelding: f?.laatste_melding ?? null,
      };
    };

    app.post(
      '/',
      {
        config: TOEGANG,
        schema: { tags: TAG, summary: 'Record a trajectory', body: Nieuw, response: { 201: Traject } },
      },
      async (req, reply) => {
        const id = identiteit(req);
        return reply.status(201).send(await maakTraject(ctx, id.actor, id.organisatieId, req.body));
      },
    );

    app.get(
      '/',
      {
        config: TOEGANG,
        schema: {
          tags: TAG,
          summary: 'Own trajectories, searchable, sorted and paged (no BSN in the list)',
          querystring: z.object({
            pagina: z.coerce.number().int().min(1).default(1),
            perPagina: z.coerce.number().int().min(1).max(500).default(50),
            status: z.enum(['open', 'gesloten']).optional(),
            zoek: z
              .string()
              .max(100)
              .optional()
              .describe(
                "Part of the resident's surname, the case number, the counsellor's name, or the start of the postcode",
              ),
            sorteer: z.enum(SORTERINGEN).default('nieuwste').describe('nieuwste: newest recorded first'),
            richting: z.enum(['oplopend', 'aflopend']).default('oplopend').describe('Not for nieuwste'),
          }),
          response: {
            200: z.object({
              pagina: z.number(),
              perPagina: z.number(),
              totaal: z.number(),
              trajecten: z.array(Traject),
            }),
          },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return lijstTrajecten(ctx, id.actor, id.organisatieId, req.query);
      },
    );

    app.post(
      '/import',
      {
        config: TOEGANG,
        schema: {
          tags: TAG,
          summary: 'Import a CSV export of your case system (upsert by Dossiernummer); per-row report',
          description:
            'Body: CSV (`;`/`,`, UTF-8 or Windows-1252). Required columns: Dossiernummer, BSN, Achternaam, Postcode, Huisnummer, Consulent, Startdatum. Optional: BSN partner, Voorletters, Huisnummer toevoeging, Consulent telefoon, Consulent e-mail, Ondernemer, Datum intake, Beschikking, Beschikkingsdatum, Start stabilisatie, Einde stabilisatie, Datum schuldregeling, Dwangakkoord, Oplossing, Start oplossing, Begeleiding, Start begeleiding, Start nazorg, Einde nazorg, Einddatum, Uitstroomreden, VISH. Any other column refuses the file.',
          consumes: ['text/csv'],
          response: {
            200: z.object({
              regels: z.number(),
              nieuw: z.number(),
              bijgewerkt: z.number(),
              afgewezenAantal: z.number(),
              afgewezen: z.array(z.object({ regel: z.number(), reden: z.string() })),
            }),
          },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return importeerTrajecten(ctx, id.actor, id.organisatieId, bestandsstroom(req));
      },
    );

    app.get(
      '/vish',
      {
        config: TOEGANG,
        schema: {
          tags: TAG,
          summary: 'The VISH feed from your trajectories: settings, last run and how many entries it held',
          response: { 200: Feed },
        },
      },
      async (req) => feedStatus(identiteit(req).organisatieId),
    );

    app.put(
      '/vish/instellingen',
      {
        config: beheerhandeling('schuldhulpverlener', 'wijkteam', 'gemeente'),
        schema: {
          tags: TAG,
          summary: 'Choose whether and which trajectories go to VISH, and the contact bailiffs see',
          description:
            'regel: vanaf-toelating (default: open trajectories from the admission decision or the stabilisation phase on), alle-open, alleen-gekozen (only trajectories with vishKeuze "altijd"). loket: one general contact instead of each counsellor. actief=false: the platform no longer builds your VISH delivery (e.g. you deliver the file yourself).',
          body: z.strictObject({
            actief: z.boolean(),
            regel: z.enum(['vanaf-toelating', 'alle-open', 'alleen-gekozen']),
            loket: z
              .strictObject({
                naam: z.string().min(1).max(200),
                telefoon: z.string().regex(TELEFOON).nullable().optional(),
                email: z.string().regex(EMAIL).max(254).nullable().optional(),
              })
              .refine((l) => !!(l.telefoon || l.email), 'Telefoonnummer of e-mailadres is verplicht')
              .nullable(),
          }),
          response: { 200: Feed },
        },
      },
      async (req) => {
        const id = identiteit(req);
        const { actief, regel, loket } = req.body;
        await store.zetFeed(ctx.db.kysely, id.organisatieId, {
          actief,
          regel,
          loket_naam: loket?.naam ?? null,
          loket_telefoon: loket?.telefoon ?? null,
          loket_email: loket?.email ?? null,
        });
        await ctx.audit.schrijf({
          actor: id.actor,
          actie: 'traject.vish-instellingen',
          onderwerp: id.organisatieId,
          resultaat: 'ok',
          details: { actief, regel },
        });
        return feedStatus(id.organisatieId);
      },
    );

    app.post(
      '/vish/uitvoeren',
      {
        config: TOEGANG,
        schema: {
          tags: TAG,
          summary: 'Build your VISH delivery from your trajectories now (full replace)',
          description:
            'When no trajectory qualifies while your organisation has an active VISH list (for instance a file you uploaded yourself), the run would withdraw that list: it is refused with 409 `bevestiging_nodig` unless the body has `bevestig: true`.',
          body: z.strictObject({ bevestig: z.boolean().optional() }).nullish(),
          response: {
            200: z.object({
              resultaat: z.string(),
              aantal: z.number(),
              overgeslagen: z.number(),
              leveringId: z.string().nullable(),
              melding: z.string().optional(),
            }),
          },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return bouwVishFeed(ctx, id.organisatieId, id.actor, { intrekkenToegestaan: req.body?.bevestig === true });
      },
    );

    app.get(
      '/:id',
      {
        config: TOEGANG,
        schema: {
          tags: TAG,
          summary: 'One own trajectory (with BSN); another organisation\'s is "not found"',
          params: Id,
          response: { 200: Traject },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return leesTraject(ctx, id.actor, id.organisatieId, req.params.id);
      },
    );

    app.get(
      '/:id/overzicht',
      {
        config: TOEGANG,
        schema: {
          tags: TAG,
          summary: "One own trajectory's page: phase history, VISH state, relapse signals (no BSN)",
          description:
            'fasen: every DDAS phase in order with the date it began (from the DDAS parts). vish.reden: gesloten, feed-uit, keuze-nooit, keuze-altijd, alle-open, alleen-gekozen, toegelaten, niet-toegelaten. terugval: early-signal cases routed to this trajectory as a relapse. Another organisation\'s trajectory is "not found".',
          params: Id,
          response: {
            200: z.object({
              traject: Traject,
              fasen: z.array(
                z.object({ fase: z.string(), datum: z.string().nullable(), bereikt: z.boolean(), huidig: z.boolean() }),
              ),
              vish: z.object({
                opgenomen: z.boolean(),
                reden: z.string(),
                sinds: z.string().nullable().describe('JJJJ-MM-DD from which it qualifies for the feed'),
                laatsteLeveringOp: z.date().nullable().describe('Last successful run of the feed while it qualifies'),
              }),
              terugval: z.array(
                z.object({
                  zaakId: z.string(),
                  ontvangenOp: z.date(),
                  regel: z.string().nullable(),
                  status: z.string(),
                  afgeslotenOp: z.date().nullable(),
                  eigen: z.boolean().describe('The case is assigned to your organisation (you can open it)'),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return trajectOverzicht(ctx, id.actor, id.organisatieId, req.params.id);
      },
    );

    app.get(
      '/:id/ddas',
      {
        config: TOEGANG,
        schema: {
          tags: TAG,
          summary: 'One own trajectory as a DDAS-SHV schuldhulptraject',
          params: Id,
          response: {
            200: z
              .record(z.string(), z.unknown())
              .describe('A DDAS-SHV schuldhulptraject (json_schema_Uitwisselmodel)'),
          },
        },
      },
      async (req) => {
        const id = identiteit(req);
        const t = await store.vanOrganisatie(ctx.db.kysely, id.organisatieId, req.params.id);
        await ctx.audit.schrijf({
          actor: id.actor,
          actie: 'traject.ddas',
          onderwerp: req.params.id,
          resultaat: t ? 'ok' : 'niet-gevonden',
        });
        if (!t) throw notFound();
        return ddasVan(ctx, t);
      },
    );

    app.patch(
      '/:id',
      {
        config: TOEGANG,
        schema: {
          tags: TAG,
          summary: 'Change a trajectory: phases with dates (DDAS parts), person, counsellor, VISH choice',
          params: Id,
          body: Nieuw.partial(),
          response: { 200: Traject },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return werkTrajectBij(ctx, id.actor, id.organisatieId, req.params.id, req.body);
      },
    );

    app.post(
      '/:id/afsluiten',
      {
        config: TOEGANG,
        schema: {
          tags: TAG,
          summary: 'Close a trajectory (uitstroom with DDAS reason)',
          params: Id,
          body: z.strictObject({
            datum: Datum,
            reden: z.enum(UITSTROOMREDENEN),
            omschrijving: z.string().max(500).optional(),
            datumBeeindigingsbeschikking: Datum.optional(),
          }),
          response: { 200: Traject },
        },
      },
      async (req) => {
        const id = identiteit(req);
        return sluitTraject(ctx, id.actor, id.organisatieId, req.params.id, req.body);
      },
    );
  };
