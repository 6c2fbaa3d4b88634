import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { lever, opzet, rij, sessie, vraag, zaakVan, type Opzet } from '../helpers/signaalzaken-opzet.ts';
import type { Org } from '../helpers/fixtures/vroegsignalering.ts';

interface Geval {
  partner: Org;
  postcode?: string;
  ontvangen: string;
  deadline: string;
  pogingen?: [datum: string, bereikt: boolean][];
  eersteActie?: string;
  resultaat?: string;
  hulp?: string;
  behandelaar?: string;
  status?: 'nieuw' | 'opgepakt' | 'contact' | 'afgesloten';
}

// The report's fixture over several months; every figure below is worked out by hand from it.
for (const kind of await databases()) {
  describe(`Signaalzaken: the municipality's report on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    let nr = 500;
    const NAAM = 'Geheimnaam';

    /** One signal → one case at a new address, then dated and worked as the case says (straight in the tables). */
    async function geval(g: Geval) {
      const postcode = g.postcode ?? '3511AB';
      const huisnummer = String(nr++);
      await lever(t, g.partner, [rij(NAAM, postcode, huisnummer)]);
      const z = await zaakVan(t, `${postcode}|${huisnummer}|`);
      const db = t.ctx.db.kysely;
      await db
        .updateTable('vroegsignalen')
        .set({ ontvangen_op: new Date(g.ontvangen) })
        .where('zaak_id', '=', z.id)
        .execute();
      await db
        .updateTable('vroegsignaalzaken')
        .set({
          ontvangen_op: new Date(g.ontvangen),
          deadline: g.deadline,
          status: g.status ?? (g.pogingen?.length ? 'contact' : 'nieuw'),
          eerste_actie_op: g.eersteActie ?? g.pogingen?.[0]?.[0] ?? null,
          resultaat: g.resultaat ?? null,
          afgesloten_op: g.status === 'afgesloten' ? new Date(g.ontvangen) : null,
          hulp_geaccepteerd_op: g.hulp ?? null,
          behandelaar_id: g.behandelaar ?? null,
        })
        .where('id', '=', z.id)
        .execute();
      for (const [datum, bereikt] of g.pogingen ?? [])
        await db
          .insertInto('vroegsignaalzaak_contactpogingen')
          .values({ zaak_id: z.id, soort: 'Telefoon', bereikt, datum })
          .execute();
      return z.id;
    }

    beforeAll(async () => {
      t = await testOmgeving(kind);
      o = await opzet(t);
      const db = t.ctx.db.kysely;
      await db.updateTable('gebruikers').set({ naam: 'Mia Medewerker' }).where('id', '=', o.medewerker.id).execute();
      await db.updateTable('gebruikers').set({ naam: 'Cor Collega' }).where('id', '=', o.collega.id).execute();
      // March 2026: A reached (lead 2 days, help accepted), C closed without an attempt (deceased), D tried and still
      // open (lead 41, acted on after its deadline), G closed after an attempt that did not reach (lead 1).
      const a = await geval({
        partner: o.energie,
        ontvangen: '2026-03-02T09:00:00Z',
        deadline: '2026-03-30',
        pogingen: [
          ['2026-03-04', false],
          ['2026-03-06', true],
        ],
        hulp: '2026-03-06',
        behandelaar: o.medewerker.id,
      });
      await geval({
        partner: o.water,
        ontvangen: '2026-03-15T12:00:00Z',
        deadline: '2026-04-12',
        eersteActie: '2026-03-20',
        status: 'afgesloten',
        resultaat: 'Inwoner is overleden',
      });
      await geval({
        partner: o.water,
        ontvangen: '2026-03-20T12:00:00Z',
        deadline: '2026-04-17',
        pogingen: [['2026-04-30', false]],
        behandelaar: o.consulent.id, // a debt-help organisation's worker: not in the per-worker breakdown
      });
      const g = await geval({
        partner: o.energie,
        ontvangen: '2026-03-25T12:00:00Z',
        deadline: '2026-04-22',
        pogingen: [['2026-03-26', false]],
        status: 'afgesloten',
        resultaat: 'Definitief geen contact kunnen krijgen',
      });
      // 22:30 UTC on 31 March is 00:30 on 1 April in Amsterdam: an April case (lead 10 days from 1 April).
      await geval({
        partner: o.energie,
        ontvangen: '2026-03-31T22:30:00Z',
        deadline: '2026-04-29',
        pogingen: [['2026-04-11', false]],
        status: 'afgesloten',
        resultaat: 'Definitief geen contact kunnen krijgen',
        behandelaar: o.collega.id,
      });
      // April: E open without any attempt, its deadline long past.
      await geval({
        partner: o.energie,
        ontvangen: '2026-04-10T08:00:00Z',
        deadline: '2026-05-08',
        behandelaar: o.medewerker.id,
      });
      // The previous period (Dec 2025 – Feb 2026): F reached the next day.
      await geval({
        partner: o.energie,
        ontvangen: '2026-01-15T12:00:00Z',
        deadline: '2026-02-12',
        pogingen: [['2026-01-16', true]],
      });
      // Another municipality's case in March: never in Utrecht's figures.
      await geval({
        partner: o.energie,
        postcode: '1011AB',
        ontvangen: '2026-03-05T12:00:00Z',
        deadline: '2026-04-02',
        pogingen: [['2026-03-06', true]],
      });
      // The monitor marks as the intake would have stored them.
      await db
        .updateTable('vroegsignalen')
        .set({ opeenvolgend: true, crisissignaal: true, warme_overdracht: true })
        .where('zaak_id', '=', a)
        .execute();
      await db.updateTable('vroegsignalen').set({ warme_overdracht: false }).where('zaak_id', '=', g).execute();
    }, 120_000);
    afterAll(async () => t?.sluit());

    const leeg = { energie: 0, warmte: 0, drinkwater: 0, zorgverzekering: 0, huur: 0, overig: 0 };

    it('per month (Amsterdam month bounds), totals, reach rate, median and p90 lead time, overdue, trend', async () => {
      const r = await vraag(t, o.utrecht, 'GET', '/api/signaalzaken/rapportage?van=2026-03&tot=2026-05');
      expect(r.statusCode).toBe(200);
      const b = r.json();
      expect(b).toMatchObject({
        van: '2026-03',
        tot: '2026-05',
        vorigeVan: '2025-12',
        vorigeTot: '2026-02',
        doorlooptijdEenheid: 'kalenderdagen',
      });
      expect(b.maanden).toEqual([
        {
          maand: '2026-03',
          signalenPerSector: { ...leeg, energie: 2, drinkwater: 2 },
          signalen: 4,
          zaken: 4,
          termijnBekend: 4,
          binnenTermijn: 3,
          aandeelBinnenTermijn: 75,
          hulpGeaccepteerd: 1,
          aandeelHulpGeaccepteerd: 25,
          terugval: 0,
          bereikt: 1,
          contactuitkomstBekend: 2, // A reached, G given up; C had no outreach, D is still being tried
          bereikgraad: 50,
          doorlooptijdMediaan: 2, // lead times 1, 2, 41
          doorlooptijdP90: 33.2, // 2 + 0.8 × (41 − 2)
          teLaat: 1,
        },
        {
          maand: '2026-04',
          signalenPerSector: { ...leeg, energie: 2 },
          signalen: 2,
          zaken: 2,
          termijnBekend: 2,
          binnenTermijn: 1,
          aandeelBinnenTermijn: 50,
          hulpGeaccepteerd: 0,
          aandeelHulpGeaccepteerd: 0,
          terugval: 0,
          bereikt: 0,
          contactuitkomstBekend: 1,
          bereikgraad: 0,
          doorlooptijdMediaan: 10,
          doorlooptijdP90: 10,
          teLaat: 1,
        },
        {
          maand: '2026-05',
          signalenPerSector: leeg,
          signalen: 0,
          zaken: 0,
          termijnBekend: 0,
          binnenTermijn: 0,
          aandeelBinnenTermijn: null,
          hulpGeaccepteerd: 0,
          aandeelHulpGeaccepteerd: null,
          terugval: 0,
          bereikt: 0,
          contactuitkomstBekend: 0,
          bereikgraad: null,
          doorlooptijdMediaan: null,
          doorlooptijdP90: null,
          teLaat: 0,
        },
      ]);
      // Totals are computed over the period, not summed per month: the median of 1, 2, 10, 41 is 6.
      expect(b.totaal).toMatchObject({
        signalen: 6,
        zaken: 6,
        bereikt: 1,
        contactuitkomstBekend: 3,
        bereikgraad: 33.3,
        hulpGeaccepteerd: 1,
        doorlooptijdMediaan: 6,
        doorlooptijdP90: 31.7,
        teLaat: 2,
      });
      expect(b.vorigePeriode).toMatchObject({ signalen: 1, zaken: 1, bereikt: 1, bereikgraad: 100, teLaat: 0 });
      expect(b.trend).toEqual([
        { kengetal: 'signalen', huidig: 6, vorig: 1, verschil: 5, procent: 500 },
        { kengetal: 'zaken', huidig: 6, vorig: 1, verschil: 5, procent: 500 },
        { kengetal: 'bereikt', huidig: 1, vorig: 1, verschil: 0, procent: 0 },
        { kengetal: 'bereikgraad', huidig: 33.3, vorig: 100, verschil: -66.7, procent: -67 },
        { kengetal: 'hulpGeaccepteerd', huidig: 1, vorig: 0, verschil: 1, procent: null },
        { kengetal: 'doorlooptijdMediaan', huidig: 6, vorig: 1, verschil: 5, procent: 500 },
        { kengetal: 'teLaat', huidig: 2, vorig: 0, verschil: 2, procent: null },
      ]);
    });

    it('breakdowns per partner, sector (Dutch label) and own worker; the DDAS monitor figures', async () => {
      const b = (await vraag(t, o.utrecht, 'GET', '/api/signaalzaken/rapportage?van=2026-03&tot=2026-05')).json();
      expect(b.perPartner).toEqual([
        {
          partner: 'Energie A',
          signalen: 4,
          zaken: 4,
          bereikt: 1,
          contactuitkomstBekend: 3,
          bereikgraad: 33.3,
          hulpGeaccepteerd: 1,
        },
        {
          partner: 'Water B',
          signalen: 2,
          zaken: 2,
          bereikt: 0,
          contactuitkomstBekend: 0,
          bereikgraad: null,
          hulpGeaccepteerd: 0,
        },
      ]);
      expect(b.perSector).toEqual([
        {
          sector: 'drinkwater',
          sectorNaam: 'Drinkwater',
          signalen: 2,
          zaken: 2,
          bereikt: 0,
          contactuitkomstBekend: 0,
          bereikgraad: null,
          hulpGeaccepteerd: 0,
        },
        {
          sector: 'energie',
          sectorNaam: 'Energie',
          signalen: 4,
          zaken: 4,
          bereikt: 1,
          contactuitkomstBekend: 3,
          bereikgraad: 33.3,
          hulpGeaccepteerd: 1,
        },
      ]);
      // Only the municipality's own workers: the Kredietbank's counsellor (case D) is not listed.
      expect(b.perMedewerker).toEqual([
        {
          medewerker: 'Cor Collega',
          zaken: 1,
          bereikt: 0,
          contactuitkomstBekend: 1,
          bereikgraad: 0,
          hulpGeaccepteerd: 0,
          doorlooptijdMediaan: 10,
          doorlooptijdP90: 10,
          teLaat: 0,
        },
        {
          medewerker: 'Mia Medewerker',
          zaken: 2,
          bereikt: 1,
          contactuitkomstBekend: 1,
          bereikgraad: 100,
          hulpGeaccepteerd: 1,
          doorlooptijdMediaan: 2,
          doorlooptijdP90: 2,
          teLaat: 1,
        },
      ]);
      expect(b.ddasMonitor).toEqual({
        signalen: 6,
        meervoudig: 0,
        opeenvolgend: 1,
        crisissignalen: 1,
        warmeOverdracht: { ja: 1, nee: 1, onbekend: 4 },
        zakenPerEindresultaat: [
          { eindresultaat: null, zaken: 3 },
          { eindresultaat: 'Definitief geen contact kunnen krijgen', zaken: 2 },
          { eindresultaat: 'Inwoner is overleden', zaken: 1 },
        ],
      });
    });

    it('a municipality sees only its own figures; other organisations and workers get 403', async () => {
      const ams = (await vraag(t, o.amsterdam, 'GET', '/api/signaalzaken/rapportage?van=2026-03&tot=2026-05')).json();
      expect(ams).toMatchObject({ gemeentecode: 'GM0363', totaal: { signalen: 1, zaken: 1, bereikt: 1 } });
      expect(ams.perPartner).toEqual([expect.objectContaining({ partner: 'Energie A', signalen: 1 })]);
      expect(ams.perMedewerker).toEqual([]);
      // Utrecht's figures above (6 signals, Energie A 4) do not hold Amsterdam's case; nor does the query string move it.
      const ut = (
        await vraag(t, o.utrecht, 'GET', '/api/signaalzaken/rapportage?van=2026-03&tot=2026-05&gemeentecode=GM0363')
      ).json();
      expect(ut.gemeentecode).toBe('GM0344');
      expect(ut.totaal.signalen).toBe(6);
      const mw = await sessie(t, o.medewerker);
      for (const pad of ['', '/csv', '/xlsx']) {
        expect((await vraag(t, o.kredietbank, 'GET', `/api/signaalzaken/rapportage${pad}`)).statusCode).toBe(403);
        expect((await vraag(t, o.energie, 'GET', `/api/signaalzaken/rapportage${pad}`)).statusCode).toBe(403);
        expect((await vraag(t, mw, 'GET', `/api/signaalzaken/rapportage${pad}`)).statusCode).toBe(403);
      }
      expect(
        (await vraag(t, o.utrecht, 'GET', '/api/signaalzaken/rapportage?van=2026-05&tot=2026-03')).statusCode,
      ).toBe(400);
    });

    it('the default period is the last 12 full months (Dutch time)', async () => {
      const { rapport } = await import('../../src/modules/signaalzaken/rapportage.ts');
      const id = {
        organisatieId: o.utrecht.id,
        organisatieType: 'gemeente' as const,
        actor: { soort: 'systeem' as const, id: 'test' },
      };
      // 23:30 UTC on 31 May 2026 is already 1 June in Amsterdam: May is the last full month.
      const r = await rapport(t.ctx, id as never, {}, new Date('2026-05-31T23:30:00Z'));
      expect([r.van, r.tot, r.maanden.length]).toEqual(['2025-06', '2026-05', 12]);
      expect(r.totaal.signalen).toBe(7);
    });

    it('xlsx: one sheet per breakdown, Dutch headers, numbers as numbers, months as dates; no resident in any export', async () => {
      const x = await vraag(t, o.utrecht, 'GET', '/api/signaalzaken/rapportage/xlsx?van=2026-03&tot=2026-05');
      expect(x.statusCode).toBe(200);
      expect(x.headers['content-type']).toContain('spreadsheetml');
      expect(x.headers['content-disposition']).toContain('signaalzaken-GM0344-2026-03-2026-05.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        'Per maand',
        'Trend',
        'Per partner',
        'Per sector',
        'Per medewerker',
        'DDAS-monitor',
        'Periode',
      ]);
      const rij = (blad: string, n: number) => (wb.getWorksheet(blad)!.getRow(n).values as unknown[]).slice(1);
      const maand = wb.getWorksheet('Per maand')!;
      expect(rij('Per maand', 1).slice(0, 2)).toEqual(['Maand', 'Signalen energie']);
      expect(maand.getCell('A2').value).toEqual(new Date('2026-03-01T00:00:00Z'));
      expect(maand.getCell('A2').numFmt).toBe('mmmm yyyy');
      const kop = rij('Per maand', 1) as string[];
      const kolom = (naam: string) => kop.indexOf(naam);
      const maart = rij('Per maand', 2);
      expect([
        maart[kolom('Signalen totaal')],
        maart[kolom('Bereikgraad (%)')],
        maart[kolom('Doorlooptijd p90 (kalenderdagen)')],
      ]).toEqual([4, 50, 33.2]);
      const totaal = rij('Per maand', 5);
      expect([totaal[0], totaal[kolom('Zaken')], totaal[kolom('Doorlooptijd mediaan (kalenderdagen)')]]).toEqual([
        'Totaal',
        6,
        6,
      ]);
      expect(rij('Per partner', 1)).toEqual([
        'Signaalpartner',
        'Signalen',
        'Zaken',
        'Bereikt',
        'Contactuitkomst bekend',
        'Bereikgraad (%)',
        'Hulp geaccepteerd',
      ]);
      expect(rij('Per partner', 2)).toEqual(['Energie A', 4, 4, 1, 3, 33.3, 1]);
      expect(rij('Per sector', 3)).toEqual(['Energie', 4, 4, 1, 3, 33.3, 1]);
      expect(rij('Per medewerker', 3).slice(0, 3)).toEqual(['Mia Medewerker', 2, 1]);
      expect(rij('Trend', 2)).toEqual(['Signalen', 6, 1, 5, 500]);

      // Privacy: neither export holds a resident's name, address or a BSN-like number (workers' names may be in it).
      const cellen: string[] = [];
      wb.eachSheet((ws) => ws.eachRow((r) => r.eachCell((c) => cellen.push(String(c.value)))));
      const csv = (await vraag(t, o.utrecht, 'GET', '/api/signaalzaken/rapportage/csv?van=2026-03&tot=2026-05')).body;
      for (const tekst of [cellen.join('\n'), csv]) {
        expect(tekst).not.toContain(NAAM);
        expect(tekst).not.toMatch(/3511\s?AB|1011\s?AB|Straat/);
        expect(tekst).not.toMatch(/\b\d{9}\b/);
      }
      expect(cellen).toContain('Mia Medewerker');
    });
  });
}
