import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { valideer } from '../../src/modules/ddas/validatie.ts';
import { ddasTestdata, DEMO_BSN, PERIODE, VOLLEDIG_TRAJECT } from '../helpers/ddas-data.ts';
import { DEMO_ORGANISATIES, laadDemoData } from '../../src/cli/demo.ts';
import { DEMO_DDAS_CLIENT } from '../../src/modules/ddas/demo.ts';

const q = `startdatum=${PERIODE.startdatum}&einddatum=${PERIODE.einddatum}`;

for (const kind of await databases()) {
  describe(`DDAS export files [${kind}]`, () => {
    let t: TestOmgeving;
    let d: Awaited<ReturnType<typeof ddasTestdata>>;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      d = await ddasTestdata(t);
    }, 180_000); // generous: the machine may be busy
    afterAll(async () => t?.sluit());

    const vs = () =>
      t.app.inject({ method: 'GET', url: `/api/ddas/vroegsignalering?${q}`, headers: d.utrecht.headers });

    it('municipality: the DDAS Vroegsignalering file validates and fills every part of the model', async () => {
      await t.app.inject({
        method: 'PUT',
        url: '/api/ddas/aanleverinstellingen',
        headers: d.utrecht.headers,
        payload: {
          kvkNummer: '76543210',
          contactpersoon: {
            naam: 'M. Monitor',
            telefoonnummer: '030 286 00 00',
            email: 'monitor@utrecht.example',
            functietitel: 'Coördinator',
          },
        },
      });
      const r = await vs();
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-disposition']).toBe(
        `attachment; filename="ddas-vs-GM0344-${PERIODE.startdatum}-${PERIODE.einddatum}.json"`,
      );
      const bestand = r.json();
      expect(valideer('vs', bestand).fouten).toEqual([]);
      expect(bestand).toMatchObject({
        ...{ startdatumLevering: PERIODE.startdatum, einddatumLevering: PERIODE.einddatum },
        codeGegevensleverancier: 'SCHULDENRUST',
      });
      expect(bestand.leveringen).toHaveLength(1);
      const l = bestand.leveringen[0];
      expect(l).toMatchObject({
        teller: 1,
        gemeentecode: '0344',
        aanleverende_organisatie: {
          naam: 'Gemeente Utrecht',
          'kvk-nummer': '76543210',
          contactpersoonen: [{ naam: 'M. Monitor', email: 'monitor@utrecht.example' }],
        },
      });
      // Only Utrecht's cases: two, with their three signals.
      expect(l.vroegsignaalzaken).toHaveLength(2);
      expect(l.vroegsignalen).toHaveLength(3);
      const z1 = l.vroegsignaalzaken.find((z: any) => z.resultaat);
      expect(z1).toEqual({
        resultaat: 'Inwoner hoeft geen hulp vanuit vroegsignalering',
        matchingsdatum: '2026-02-03',
        startdatum_matchtingperiode: '2026-02-01',
        datum_opgepakt: '2026-02-05',
        einddatum_matchingperiode: '2026-02-28',
        vroegsignalen: expect.any(Array),
        contactpogingen: [
          { soort: 'Telefoon', bereikt: false, datum: '2026-02-05', dagdeel: 'Ochtend' },
          { soort: 'Huisbezoek', bereikt: true, datum: '2026-02-09', dagdeel: 'Middag' },
        ],
      });
      expect(z1.vroegsignalen).toHaveLength(2);
      const ids = z1.vroegsignalen.map((v: any) => v.ID);
      const s = l.vroegsignalen.find((x: any) => ids.includes(x.ID) && x.crisissignaal);
      expect(s).toEqual({
        ID: expect.any(String),
        crisissignaal: true,
        warmeOverdracht: true,
        bedrag: 451,
        ontstaansdatum: '2025-12-10',
        signaaldatum: '2026-02-02',
        signaalpartner: { type: 'Energie' },
        client: {
          Straatnaam: 'Oudegracht',
          Postcode: '3511AB',
          Huisnummer: '10',
          Huisnummertoevoeging: 'BIS', // normalised as in the debt-help file
          Plaatsnaam: 'Utrecht',
        },
      });
      expect(l.vroegsignalen.map((x: any) => x.status)).toContain('Nog niet opgepakt');
    });

    it('data minimisation: no names (and never a BSN) in the early-signal file by default', async () => {
      const tekst = (await vs()).body;
      expect(tekst).not.toContain('Dijk');
      expect(tekst).not.toContain('Achternaam');
      expect(tekst).not.toContain('Burgerservicenummer');
    });

    it('the municipality only gets its own municipality; other organisation types are refused', async () => {
      const a = (
        await t.app.inject({ method: 'GET', url: `/api/ddas/vroegsignalering?${q}`, headers: d.amsterdam.headers })
      ).json();
      expect(a.leveringen[0].gemeentecode).toBe('0363');
      expect(a.leveringen[0].vroegsignaalzaken).toHaveLength(1);
      expect(JSON.stringify(a)).not.toContain(d.zaken.z1);
      for (const h of [d.kredietbank.headers, d.partner.headers]) {
        expect(
          (await t.app.inject({ method: 'GET', url: `/api/ddas/vroegsignalering?${q}`, headers: h })).statusCode,
        ).toBe(403);
      }
      expect((await t.app.inject({ method: 'GET', url: `/api/ddas/vroegsignalering?${q}` })).statusCode).toBe(401);
    });

    it('a period after the cases gives a valid file without cases; a reversed period is refused', async () => {
      const r = await t.app.inject({
        method: 'GET',
        url: '/api/ddas/vroegsignalering?startdatum=2027-01-01&einddatum=2027-03-31',
        headers: d.utrecht.headers,
      });
      // Open cases stay in every later period until closed; the closed one (10 March 2026) does not.
      expect(r.json().leveringen[0].vroegsignaalzaken).toHaveLength(1);
      expect(valideer('vs', r.json()).geldig).toBe(true);
      const leeg = await t.app.inject({
        method: 'GET',
        url: '/api/ddas/vroegsignalering?startdatum=2025-01-01&einddatum=2025-12-31',
        headers: d.utrecht.headers,
      });
      expect(leeg.json().leveringen[0].vroegsignaalzaken).toEqual([]);
      expect(valideer('vs', leeg.json()).geldig).toBe(true);
      const fout = await t.app.inject({
        method: 'GET',
        url: '/api/ddas/vroegsignalering?startdatum=2026-06-01&einddatum=2026-01-01',
        headers: d.utrecht.headers,
      });
      expect(fout.statusCode).toBe(400);
      expect(fout.headers['content-type']).toContain('application/problem+json');
    });

    it('debt-help organisation: the DDAS Schuldhulpverlening file validates and carries every part', async () => {
      // The whole year: the full trajectory ends on 31 December, so every part is in this period.
      const r = await t.app.inject({
        method: 'GET',
        url: '/api/ddas/schuldhulpverlening?startdatum=2026-01-01&einddatum=2026-12-31',
        headers: d.kredietbank.headers,
      });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-disposition']).toContain('ddas-shv-kredietbank-utrecht-2026-01-01-2026-12-31.json');
      const bestand = r.json();
      expect(valideer('shv', bestand).fouten).toEqual([]);
      const l = bestand.leveringen[0];
      expect(l.aanleverende_organisatie).toEqual({ '(Statutaire) Naam': 'Kredietbank Utrecht' });
      // Two of the three trajectories ran in the period; the one of the other organisation is not here.
      expect(l.schuldhulptrajecten).toHaveLength(2);
      const vol = l.schuldhulptrajecten.find((x: any) => x.planVanAanpak);
      expect(vol).toEqual({
        ...VOLLEDIG_TRAJECT,
        startdatum: '2026-01-05',
        einddatum: '2026-12-31',
        gemeentecode: '0344',
        client: [{ Burgerservicenummer: DEMO_BSN, Postcode: '3511AB', Huisnummer: '10', Huisnummertoevoeging: 'A' }],
      });
    });

    it('a delivery describes its period: what happened after its end is not in it (early signals)', async () => {
      const bestand = async (eind: string) =>
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/ddas/vroegsignalering?startdatum=2026-02-01&einddatum=${eind}`,
            headers: d.utrecht.headers,
          })
        ).json();
      // Case z1: picked up and called on 5 February, home visit on 9 February, closed on 10 March.
      const tot6 = await bestand('2026-02-06');
      expect(valideer('vs', tot6).fouten).toEqual([]);
      const z1 = tot6.leveringen[0].vroegsignaalzaken.find((z: any) => z.contactpogingen.length > 0);
      expect(z1.resultaat).toBeUndefined();
      expect(z1.datum_opgepakt).toBe('2026-02-05');
      expect(z1.contactpogingen).toEqual([
        { soort: 'Telefoon', bereikt: false, datum: '2026-02-05', dagdeel: 'Ochtend' },
      ]);
      const ids = z1.vroegsignalen.map((v: any) => v.ID);
      for (const s of tot6.leveringen[0].vroegsignalen.filter((x: any) => ids.includes(x.ID)))
        expect(s.status).toBeUndefined(); // picked up by then, not closed
      // Before the pick-up: not picked up, no attempts, and its signals are "Nog niet opgepakt".
      const tot4 = await bestand('2026-02-04');
      const vroeg = tot4.leveringen[0].vroegsignaalzaken.find((z: any) =>
        z.vroegsignalen.some((v: any) => ids.includes(v.ID)),
      );
      expect(vroeg).not.toHaveProperty('datum_opgepakt');
      expect(vroeg.contactpogingen).toEqual([]);
      for (const s of tot4.leveringen[0].vroegsignalen.filter((x: any) => ids.includes(x.ID)))
        expect(s.status).toBe('Nog niet opgepakt');
      expect(valideer('vs', tot4).fouten).toEqual([]);
    });

    it('a delivery describes its period: a trajectory as it stood at the end (debt help)', async () => {
      const r = await t.app.inject({
        method: 'GET',
        url: `/api/ddas/schuldhulpverlening?${q}`,
        headers: d.kredietbank.headers,
      });
      const bestand = r.json();
      expect(valideer('shv', bestand).fouten).toEqual([]);
      const vol = bestand.leveringen[0].schuldhulptrajecten.find((x: any) => x.planVanAanpak);
      // Ends 31 December and is in aftercare from 1 November: on 30 June neither had happened.
      expect(vol).not.toHaveProperty('einddatum');
      expect(vol).not.toHaveProperty('uitstroom');
      expect(vol).not.toHaveProperty('nazorg');
      expect(vol.oplossing).toEqual({ soort: 'Saneringskrediet', startdatum: '2026-05-01', vtlb: 1450 });
      expect(vol.moratoria[0]).not.toHaveProperty('einddatum'); // still running on 30 June
      expect(vol.begeleiding).toEqual([{ soort: 'Budgetbeheer', startdatum: '2026-01-27' }]);
      expect(vol.stabilisatie).toEqual(VOLLEDIG_TRAJECT.stabilisatie);
      expect(vol.schuldregeling).toEqual(VOLLEDIG_TRAJECT.schuldregeling);
    });

    it('SHV: only own trajectories; a municipality without its own gets an empty, valid file; others are refused', async () => {
      const g = (
        await t.app.inject({ method: 'GET', url: `/api/ddas/schuldhulpverlening?${q}`, headers: d.utrecht.headers })
      ).json();
      expect(g.leveringen).toHaveLength(1);
      expect(g.leveringen[0]).toMatchObject({
        teller: 1,
        schuldhulptrajecten: [],
        aanleverende_organisatie: {
          '(Statutaire) Naam': 'Gemeente Utrecht',
          'KvK-nummer': '76543210',
          gemeentecode: '0344',
          contactpersonen: [{ naam: 'M. Monitor' }],
        },
      });
      expect(valideer('shv', g).geldig).toBe(true);
      const e = (
        await t.app.inject({ method: 'GET', url: `/api/ddas/schuldhulpverlening?${q}`, headers: d.andereShv.headers })
      ).json();
      expect(e.leveringen[0].schuldhulptrajecten).toHaveLength(1);
      expect(JSON.stringify(e)).not.toContain(DEMO_BSN);
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/ddas/schuldhulpverlening?${q}`, headers: d.partner.headers }))
          .statusCode,
      ).toBe(403);
    });

    it('every exported record is audited, with record ids and never a BSN or name', async () => {
      const rows = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actie', 'onderwerp', 'details', 'organisatie_id'])
        .where('actie', 'in', ['ddas.vs.export', 'ddas.shv.export'])
        .execute();
      expect(
        rows.some(
          (r) => r.actie === 'ddas.vs.export' && r.onderwerp === d.zaken.z1 && r.organisatie_id === d.utrecht.id,
        ),
      ).toBe(true);
      expect(rows.filter((r) => r.actie === 'ddas.shv.export').length).toBeGreaterThan(0);
      const alles = JSON.stringify(rows);
      expect(alles).not.toContain(DEMO_BSN);
      expect(alles).not.toContain('Dijk');
    });

    it('settings: KvK number is checked; a signal partner cannot set them', async () => {
      const fout = await t.app.inject({
        method: 'PUT',
        url: '/api/ddas/aanleverinstellingen',
        headers: d.kredietbank.headers,
        payload: { kvkNummer: '123' },
      });
      expect(fout.statusCode).toBe(400);
      const p = await t.app.inject({
        method: 'PUT',
        url: '/api/ddas/aanleverinstellingen',
        headers: d.partner.headers,
        payload: {},
      });
      expect(p.statusCode).toBe(403);
      const g = await t.app.inject({
        method: 'GET',
        url: '/api/ddas/aanleverinstellingen',
        headers: d.utrecht.headers,
      });
      expect(g.json()).toMatchObject({ kvkNummer: '76543210', contactpersoon: { naam: 'M. Monitor' } });
    });

    it('a JSON route sent as text/plain answers 415 in one sentence, not with the request stream internals', async () => {
      const r = await t.app.inject({
        method: 'PUT',
        url: '/api/ddas/aanleverinstellingen',
        headers: { ...d.utrecht.headers, 'content-type': 'text/plain' },
        payload: '{"kvkNummer":"12345678"}',
      });
      expect(r.statusCode).toBe(415);
      expect(r.json()).toMatchObject({ status: 415, code: 'verkeerd_inhoudstype' });
      expect(r.body).not.toMatch(/_readableState|socket|fouten/);
    });

    it('with DDAS_VS_PERSOONSGEGEVENS=aan the names are delivered, and the file still validates', async () => {
      await t.herstart({ DDAS_VS_PERSOONSGEGEVENS: 'aan' });
      try {
        const bestand = (await vs()).json();
        expect(valideer('vs', bestand).fouten).toEqual([]);
        expect(bestand.leveringen[0].vroegsignalen[0].client).toMatchObject({
          Voorletters: 'A.',
          Achternaam: 'van Dijk',
          Postcode: '3511AB',
        });
      } finally {
        await t.herstart({ DDAS_VS_PERSOONSGEGEVENS: 'uit' });
      }
    });
  });
}

for (const kind of await databases()) {
  describe(`DDAS with the demo data (README walkthrough) [${kind}]`, () => {
    let t: TestOmgeving;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadDemoData(t.ctx);
    }, 180_000); // generous: the machine may be busy
    afterAll(async () => t?.sluit());

    it('Utrecht downloads both files; they validate and name the organisation as the demo configured it', async () => {
      const gemeente = DEMO_ORGANISATIES.find((o) => o.naam === 'Gemeente Utrecht')!.sleutel;
      const kredietbank = DEMO_ORGANISATIES.find((o) => o.naam === 'Kredietbank Utrecht')!.sleutel;
      const jaar = new Date().getFullYear();
      const periode = `startdatum=${jaar}-01-01&einddatum=${jaar}-12-31`;
      const vs = (
        await t.app.inject({
          method: 'GET',
          url: `/api/ddas/vroegsignalering?${periode}`,
          headers: { 'x-api-key': gemeente },
        })
      ).json();
      expect(valideer('vs', vs).fouten).toEqual([]);
      expect(vs.leveringen[0]).toMatchObject({
        gemeentecode: '0344',
        aanleverende_organisatie: { naam: 'Gemeente Utrecht', 'kvk-nummer': '99990344' },
      });
      // The demo signal file went through the real intake, which grouped the signals into cases.
      expect(vs.leveringen[0].vroegsignaalzaken.length).toBeGreaterThan(0);
      const shv = (
        await t.app.inject({
          method: 'GET',
          url: `/api/ddas/schuldhulpverlening?${periode}`,
          headers: { 'x-api-key': kredietbank },
        })
      ).json();
      expect(valideer('shv', shv).fouten).toEqual([]);
      expect(shv.leveringen[0].aanleverende_organisatie).toMatchObject({
        '(Statutaire) Naam': 'Kredietbank Utrecht',
        'KvK-nummer': '99990003',
      });
    });

    it('the demo CBS client gets a token with the documented secret', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/ddas/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: DEMO_DDAS_CLIENT.id,
          client_secret: DEMO_DDAS_CLIENT.geheim,
        }).toString(),
      });
      expect(r.json()).toMatchObject({ token_type: 'Bearer', scope: 'ddas-vs ddas-shv' });
    });
  });
}
