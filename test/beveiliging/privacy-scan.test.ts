import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { zoekInTekst } from '../helpers/privacy-scanner.ts';
import { mailbox, webhookOntvanger } from '../helpers/ontvangers.ts';
import { maakBezorger } from '../../src/modules/notificaties/index.ts';
import { DEMO_BSN_GEEN_MATCH, DEMO_BSN_MATCH, DEMO_ORGANISATIES, laadDemoData } from '../../src/cli/demo.ts';
import { inwonerSessie, lokaleProvider } from '../helpers/oidc-inwoner.ts';
import type { LokaleOidc } from '../../src/modules/pauzeknop/index.ts';

/**
 * Privacy scan of the database: after the demo data (VISH delivery, early signals, cases, trajectories,
 * DDAS) and traffic on top of it (checks, reads, audit query, subject access request), no column of any
 * table holds a clear BSN, and a surname of a data subject appears only in the columns meant for it.
 */
const NAAM_TOEGESTAAN = new Set([
  'vroegsignalen.achternaam', // the signal itself (Wgs: name and address of the resident)
  'trajecten.achternaam', // the debt-help file (cleared on anonymisation)
  'trajecten.achternaam_sleutel', // its normalised form for matching (cleared with it)
]);

const sleutel = (naam: string) => ({ 'x-api-key': DEMO_ORGANISATIES.find((o) => o.naam === naam)!.sleutel });

for (const kind of await databases()) {
  describe(`Privacy scan of every table on ${kind}`, () => {
    let t: TestOmgeving;
    let oidc: LokaleOidc;
    beforeAll(async () => {
      const p = await lokaleProvider(); // residents of the Pauzeknop log in at a real local OIDC provider
      oidc = p.oidc;
      t = await testOmgeving(kind, p.instellingen);
      expect(await laadDemoData(t.ctx)).toBe(true);
    });
    afterAll(async () => {
      await t?.sluit();
      await oidc?.sluit();
    });
    const req = (
      method: 'GET' | 'POST',
      url: string,
      headers: Record<string, string>,
      payload?: unknown,
      cookies?: Record<string, string>,
    ) =>
      t.app.inject({
        method,
        url,
        headers,
        ...(payload !== undefined ? { payload: payload as string } : {}),
        ...(cookies ? { cookies } : {}),
      });

    it('traffic on the demo data works (the scan below is not vacuous)', async () => {
      const dw = sleutel('Gerechtsdeurwaarders Van Dijk');
      expect((await req('POST', '/api/vish/controle', dw, { bsn: DEMO_BSN_MATCH })).json().match).toBe(true);
      expect((await req('POST', '/api/vish/controle', dw, { bsn: DEMO_BSN_GEEN_MATCH })).json().match).toBe(false);
      const batch = await req(
        'POST',
        '/api/vish/controle/batch',
        { ...dw, 'content-type': 'text/csv' },
        `BSN;Kenmerk\n${DEMO_BSN_MATCH};D1\n${DEMO_BSN_GEEN_MATCH};D2\n`,
      );
      expect(batch.statusCode).toBe(200);
      // After the match the bailiff sends its claim to the helper (stored without a clear BSN).
      const vordering = await req('POST', '/api/schuldenrust/vorderingen', dw, {
        bsn: DEMO_BSN_MATCH,
        schuldeiser: 'Zorgverzekeraar Demo',
        kenmerk: 'DW-1',
        hoofdsom: 500,
        kosten: 75.5,
      });
      expect(vordering.statusCode, vordering.body).toBe(201);
      expect((await req('GET', '/api/schuldenrust/vorderingen', dw)).body).not.toContain(DEMO_BSN_MATCH);
      const gm = sleutel('Gemeente Utrecht');
      const zaken = await req('GET', '/api/signaalzaken/zaken?filter=alle', gm);
      expect(zaken.statusCode).toBe(200);
      const zaakId = zaken.json().zaken[0].id as string;
      expect((await req('GET', `/api/signaalzaken/zaken/${zaakId}`, gm)).statusCode).toBe(200);
      expect((await req('GET', '/api/vroegsignalen/signalen', sleutel('Woningcorporatie Domstad'))).statusCode).toBe(
        200,
      );
      const kb = sleutel('Kredietbank Utrecht');
      const trajecten = await req('GET', '/api/trajecten', kb);
      expect(trajecten.statusCode).toBe(200);
      expect((await req('GET', `/api/trajecten/${trajecten.json().trajecten[0].id}`, kb)).statusCode).toBe(200);
      // A BSN in a query string is ignored by the route and left out of the request log (see the log scan).
      expect((await req('GET', `/api/trajecten?bsn=${DEMO_BSN_MATCH}`, kb)).statusCode).toBe(200);
      const beheer = await t.ctx.db.kysely
        .selectFrom('organisaties')
        .select(['id'])
        .where('type', '=', 'beheerder')
        .executeTakeFirstOrThrow();
      const bh = await sessieVoor(t, beheer, 'beheerder');
      expect((await req('GET', '/api/audit?actie=vish.&aantal=50', bh.headers, undefined, bh.cookies)).statusCode).toBe(
        200,
      );
      // A resident logs in (OIDC, BSN claim) and presses the Pauzeknop; the municipality reads it.
      const inwoner = await inwonerSessie(t, oidc, 'inwoner-jan');
      const aanvraag = await req(
        'POST',
        '/api/pauzeknop/aanvragen',
        inwoner.headers,
        {
          postcode: '3511 AB',
          huisnummer: 3,
          email: 'jan@voorbeeld.nl',
          schuldeisers: [{ naam: 'Energie Utrecht', kenmerk: 'EU-1' }],
          dreigingen: ['afsluiting-energie'],
          toestemming: true,
          toestemmingVersie: '2026-12-v1',
        },
        inwoner.cookies,
      );
      expect(aanvraag.statusCode).toBe(201);
      expect((await req('GET', '/api/pauzeknop/aanmeldingen', gm)).json().aanmeldingen).toHaveLength(2);
      const inzage = await req('POST', '/api/audit/inzageverzoek', bh.headers, { bsn: DEMO_BSN_MATCH }, bh.cookies);
      expect(inzage.statusCode).toBe(200);
      expect(inzage.body).not.toContain(DEMO_BSN_MATCH);
    });

    it('notifications of the demo data and traffic: no BSN or surname in any e-mail or webhook body', async () => {
      const post = await mailbox();
      const haak = await webhookOntvanger();
      try {
        t.ctx.config.SMTP_URL = post.url;
        const partner = sleutel('Woningcorporatie Domstad');
        const typen = (await req('GET', '/api/webhooks/gebeurtenissen', partner)).json() as { type: string }[];
        const a = await req('POST', '/api/webhooks', partner, {
          url: haak.url,
          gebeurtenissen: typen.map((x) => x.type),
        });
        expect(a.statusCode).toBe(201);
        const crisis = await t.app.inject({
          method: 'POST',
          url: '/api/vroegsignalen/signalen',
          headers: { ...partner, 'idempotency-key': 'privacy-crisis' },
          payload: {
            signalen: [
              {
                achternaam: 'Yılmaz',
                voorletters: 'E.',
                huisnummer: 99,
                postcode: '3511 AB',
                aantalMaandenAchterstand: 2,
                bedragAchterstand: 500,
                crisissignaal: true,
              },
            ],
          },
        });
        expect(crisis.statusCode).toBe(201);
        const gm = sleutel('Gemeente Utrecht');
        const zaken = (await req('GET', '/api/signaalzaken/zaken?filter=open', gm)).json().zaken as Array<{
          id: string;
          terugval: boolean;
        }>;
        const zaak = zaken.find((z) => !z.terugval)!;
        const medewerker = await t.ctx.db.kysely
          .selectFrom('gebruikers')
          .select('id')
          .where('email', '=', 'medewerker@utrecht.example')
          .executeTakeFirstOrThrow();
        for (const [pad, body] of [
          ['oppakken', { behandelaarId: medewerker.id }],
          ['contactpogingen', { soort: 'Huisbezoek', bereikt: true }],
          ['hulp-geaccepteerd', {}],
        ] as const)
          expect((await req('POST', `/api/signaalzaken/zaken/${zaak.id}/${pad}`, gm, body)).statusCode).toBeLessThan(
            300,
          );
        const b = maakBezorger(t.ctx);
        await b.bezorgAlles();
        b.sluit();
        const onderwerpen = post.mails.map((m) => m.onderwerp).join('\n');
        for (const soort of [/crisissignaal/, /Terugval/, /Hulp geaccepteerd/]) expect(onderwerpen).toMatch(soort);
        const webhooktypen = new Set(haak.verzoeken.map((v) => v.headers['schuldenrust-event-type']));
        expect(webhooktypen).toContain('signaal.hulp-geaccepteerd');
        expect(webhooktypen).toContain('levering.verwerkt');
        expect(post.vondsten).toEqual([]);
        expect(haak.vondsten).toEqual([]);
        // The scanner does find a name where there is one (the scan is not vacuous).
        expect(zoekInTekst(JSON.stringify({ achternaam: 'Yılmaz' }))).not.toEqual([]);
      } finally {
        t.ctx.config.SMTP_URL = undefined;
        await post.sluit();
        await haak.sluit();
      }
    });

    it('no table holds a clear BSN; surnames only in the columns meant for them', async () => {
      const tabellen = await sql<{
        table_name: string;
      }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(
        t.ctx.db.kysely,
      );
      const fouten: string[] = [];
      const namenGezien = new Set<string>();
      let rijen = 0;
      for (const { table_name: tabel } of tabellen.rows) {
        const dump = await sql<{
          j: Record<string, unknown>;
        }>`select to_jsonb(t) as j from ${sql.table(tabel)} t`.execute(t.ctx.db.kysely);
        for (const { j } of dump.rows) {
          rijen++;
          const rij = typeof j === 'string' ? (JSON.parse(j) as Record<string, unknown>) : j;
          for (const [kolom, waarde] of Object.entries(rij)) {
            if (waarde === null) continue;
            const plek = `${tabel}.${kolom}`;
            for (const v of zoekInTekst(typeof waarde === 'string' ? waarde : JSON.stringify(waarde))) {
              if (v.soort === 'achternaam' && NAAM_TOEGESTAAN.has(plek)) {
                namenGezien.add(plek);
                continue;
              }
              // Only the place is reported, never the value.
              fouten.push(`${plek}: ${v.soort}`);
            }
          }
        }
      }
      expect([...new Set(fouten)]).toEqual([]);
      expect(rijen).toBeGreaterThan(500);
      // The Pauzeknop's tables took part (a resident's session and request, with the BSN only as a pseudonym).
      for (const tabel of ['pauzeknop_sessies', 'pauzeknop_aanmeldingen'] as const)
        expect((await t.ctx.db.kysely.selectFrom(tabel).select('sleutel_id').execute()).length, tabel).toBeGreaterThan(
          0,
        );
      expect([...namenGezien].sort()).toEqual([...NAAM_TOEGESTAAN].sort());
      // Checks were audited: single checks one entry each, a batch one entry per block with its persons as lines.
      const enkel = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('actie', 'like', 'vish.%controle')
        .where('resultaat', '!=', 'blok')
        .executeTakeFirstOrThrow();
      const inBatch = await t.ctx.db.kysely
        .selectFrom('audit_batchregels')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      expect(enkel.n).toBeGreaterThan(0);
      expect(inBatch.n).toBeGreaterThan(0);
      expect(enkel.n + inBatch.n).toBeGreaterThanOrEqual(4);
    });
  });
}
