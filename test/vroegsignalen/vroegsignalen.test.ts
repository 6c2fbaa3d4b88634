import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import {
  aanmelding,
  csv,
  dagenGeleden,
  gemeenteOrg,
  KOP,
  laadGemeenten,
  partnerMetConvenanten,
  rij,
  type Org,
} from '../helpers/fixtures/vroegsignalering.ts';

type Rapport = {
  leveringId: string;
  regels: number;
  geaccepteerd: number;
  nieuw: number;
  herhaling: number;
  perGemeente: { gemeentecode: string; gemeentenaam: string; nieuw: number; herhaling: number }[];
  afgewezenAantal: number;
  afgewezen: { regel: number; reden: string; klantnummer?: string }[];
};

for (const kind of await databases()) {
  describe(`Vroegsignalen intake on ${kind}`, () => {
    let t: TestOmgeving;
    let utrecht: Org;
    let amsterdam: Org;
    let tiel: Org;
    let a: Org;
    let b: Org;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      // Den Haag takes part but has no signed agreement with A; Groningen does not take part.
      await laadGemeenten(t, ['GM0344', 'GM0363', 'GM0281', 'GM0518']);
      utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
      amsterdam = await gemeenteOrg(t, 'Gemeente Amsterdam', 'GM0363');
      tiel = await gemeenteOrg(t, 'Gemeente Tiel', 'GM0281');
      a = await t.organisatie('Energie A', 'signaalpartner');
      b = await t.organisatie('Energie B', 'signaalpartner');
      await partnerMetConvenanten(t, a, aanmelding(['GM0344', 'GM0363', 'GM0281', 'GM0518', 'GM0014']), [
        utrecht,
        amsterdam,
        tiel,
      ]);
      await partnerMetConvenanten(t, b, aanmelding(['GM0344']), [utrecht]);
    });
    afterAll(async () => t?.sluit());

    const upload = (org: Org, body: string | Buffer, type = 'text/csv') =>
      t.app.inject({
        method: 'POST',
        url: '/api/vroegsignalen/leveringen?bestandsnaam=test.csv',
        headers: { ...org.headers, 'content-type': type },
        payload: body,
      });
    const aantal = async (tabel: 'vroegsignalen' | 'vroegsignaal_leveringen') =>
      (await t.ctx.db.kysely.selectFrom(tabel).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n;

    it('an unknown column refuses the whole file and nothing is stored', async () => {
      const r = await upload(
        a,
        csv([rij('Jansen', '3511AB', '1', { bedrag: '12' }).concat('1985-01-01')], `${KOP};Geboortedatum`),
      );
      expect(r.statusCode).toBe(400);
      expect(r.json().title).toContain("Kolom 'Geboortedatum' is niet toegestaan");
      expect(await aantal('vroegsignalen')).toBe(0);
      expect(await aantal('vroegsignaal_leveringen')).toBe(0);
      // A missing required column likewise.
      expect((await upload(a, 'Achternaam;Huisnummer;Postcode\r\nJansen;1;3511AB\r\n')).statusCode).toBe(400);
    });

    it('routes rows to their municipality, stores the valid ones and reports every rejection without surnames', async () => {
      const rows = [
        rij('Jansen', '3511AB', '1'), // 2 Utrecht
        rij('de Vries', '1011 ab', '2', { toev: 'bis', bedrag: '1.234,56' }), // 3 Amsterdam
        rij('Pietersen', '3511AB', '3'), // 4 Utrecht
        rij('', '3511AB', '4'), // 5 no surname
        rij('Geheimnaam1', '0123AB', '5'), // 6 postcode starts with 0
        rij('Geheimnaam2', '3511SA', '6'), // 7 SA
        rij('Geheimnaam3', '3511AB', '7', { bedrag: '0' }), // 8 amount 0
        rij('Geheimnaam4', '3511AB', '12a'), // 9 house number
        rij('Geheimnaam5', '3511AB', '8', { maanden: '1' }), // 10 30 days < 50 for energy
        rij('Geheimnaam6', '3511AB', '9', { maanden: '4' }), // 11 120 days > 100
        rij('Geheimnaam7', '9711AB', '10'), // 12 Groningen: does not take part
        rij('Geheimnaam8', '2511CV', '11'), // 13 Den Haag: agreement not signed
        rij('Geheimnaam9', '4062AB', '12'), // 14 split PC4
        rij('Geheimnaam10', '1000AA', '13'), // 15 unknown PC4
        rij('Geheimnaam11', '3511AB', '1'), // 16 same address again
        ['Geheimnaam12', 'A.', 'Straat', '14', '', '3511AB'], // 17 too few fields
        rij('=HYPERLINK("x")', '3511AB', '15'), // 18 formula in a name
        rij('Geheimnaam13', '3511AB', '16', { bedrag: 'veel' }), // 19 not an amount
      ];
      const r = await upload(a, csv(rows));
      expect(r.statusCode).toBe(201);
      const rap = r.json() as Rapport;
      expect(rap).toMatchObject({ regels: 18, geaccepteerd: 3, nieuw: 3, herhaling: 0, afgewezenAantal: 15 });
      expect(rap.perGemeente).toEqual([
        { gemeentecode: 'GM0363', gemeentenaam: 'Amsterdam', nieuw: 1, herhaling: 0 },
        { gemeentecode: 'GM0344', gemeentenaam: 'Utrecht', nieuw: 2, herhaling: 0 },
      ]);
      const reden = (regel: number) => rap.afgewezen.find((x) => x.regel === regel)?.reden ?? '';
      expect(reden(5)).toBe('Achternaam ontbreekt');
      expect(reden(6)).toContain('Postcode heeft geen geldig formaat');
      expect(reden(7)).toContain('Postcode heeft geen geldig formaat');
      expect(reden(8)).toContain('groter dan 0');
      expect(reden(9)).toContain('Huisnummer heeft geen geldig formaat');
      expect(reden(10)).toBe(
        'Achterstand van 1 maand (gerekend als 30 dagen) valt buiten de termijn voor energie (50–100 dagen)',
      );
      expect(reden(11)).toContain('4 maanden (gerekend als 120 dagen) valt buiten de termijn');
      expect(reden(12)).toBe('Gemeente doet niet mee aan vroegsignalering (Groningen)');
      expect(reden(13)).toBe("Geen ondertekende, geldige overeenkomst met deze gemeente ('s-Gravenhage)");
      expect(reden(14)).toBe('Postcode ligt in twee gemeenten');
      expect(reden(15)).toContain('Postcode onbekend');
      expect(reden(16)).toContain('al eerder in dit bestand');
      expect(reden(17)).toContain('velden');
      expect(reden(18)).toContain('mag niet beginnen met =');
      expect(reden(19)).toBe('Bedrag achterstand is geen getal: schrijf het bedrag in cijfers, zoals 123,45');
      expect(r.body).not.toMatch(/Geheimnaam|Jansen|HYPERLINK/);
      const opgeslagen = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .select(['gemeentecode', 'bedrag_achterstand', 'toevoeging', 'postcode', 'status'])
        .where('partner_id', '=', a.id)
        .orderBy('huisnummer')
        .execute();
      expect(
        opgeslagen.map((s) => [s.gemeentecode, Number(s.bedrag_achterstand), s.postcode, s.toevoeging, s.status]),
      ).toEqual([
        ['GM0344', 150, '3511AB', null, 'nieuw'],
        ['GM0363', 1234.56, '1011AB', 'BIS', 'nieuw'],
        ['GM0344', 150, '3511AB', null, 'nieuw'],
      ]);
      // The report is kept and can be fetched again; each stored signal has an audit entry (record id, no name).
      const terug = await t.app.inject({
        method: 'GET',
        url: `/api/vroegsignalen/leveringen/${rap.leveringId}`,
        headers: a.headers,
      });
      expect(terug.json()).toEqual(rap);
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['onderwerp', 'details'])
        .where('actie', '=', 'vroegsignaal.ontvangen')
        .execute();
      expect(audit).toHaveLength(3);
      expect(JSON.stringify(audit)).not.toMatch(/Jansen|Vries|Pietersen/);
    });

    it('a file of more than one block: every signal has its audit entry, in block order, before the delivery entry', async () => {
      // Two blocks of the store step (5,000 valid rows each); the entries of a stored block are written while the
      // next block is stored, and must all be in before the delivery's own entry and the commit.
      const c = await t.organisatie('Energie C', 'signaalpartner');
      await partnerMetConvenanten(t, c, aanmelding(['GM0344']), [utrecht]);
      const rows = Array.from({ length: 5003 }, (_, i) => rij(`Blok${i}`, '3512XY', String(i + 1)));
      const r = await upload(c, csv(rows));
      expect(r.statusCode).toBe(201);
      const rap = r.json() as Rapport;
      expect(rap).toMatchObject({ regels: 5003, geaccepteerd: 5003, nieuw: 5003 });
      const entries = await t.ctx.db.kysely
        .selectFrom('audit_log as a')
        .innerJoin('vroegsignalen as v', (j) => j.on(sql`v.id::text`, '=', sql.ref('a.onderwerp')))
        .select(['a.id', 'v.huisnummer'])
        .where('a.actie', '=', 'vroegsignaal.ontvangen')
        .where('v.levering_id', '=', rap.leveringId)
        .execute();
      expect(entries).toHaveLength(5003);
      expect(new Set(entries.map((e) => e.huisnummer)).size).toBe(5003);
      const id = (e: { id: number | string | bigint }) => Number(e.id);
      const eersteBlok = entries.filter((e) => e.huisnummer <= 5000).map(id);
      const tweedeBlok = entries.filter((e) => e.huisnummer > 5000).map(id);
      expect(Math.max(...eersteBlok)).toBeLessThan(Math.min(...tweedeBlok));
      const levering = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('id')
        .where('actie', '=', 'vroegsignaal.levering')
        .where('onderwerp', '=', rap.leveringId)
        .executeTakeFirstOrThrow();
      expect(Math.max(...tweedeBlok)).toBeLessThan(id(levering));
    }, 120_000);

    it('Windows-1252 with ; and a due date: the window counts from the due date', async () => {
      const kop = `${KOP};Vervaldatum;Klantnummer`;
      const body = iconv.encode(
        csv(
          [
            [...rij('Özdemir-Béké', '3512AB', '1', { maanden: '9' }), dagenGeleden(60), 'K-1'],
            [...rij('Müller', '3512AB', '2'), dagenGeleden(120), 'K-2'],
            [...rij('Çelik', '3512AB', '3'), '31-02-2026', 'K-3'],
          ],
          kop,
        ),
        'win1252',
      );
      const rap = (await upload(a, body)).json() as Rapport;
      expect(rap.geaccepteerd).toBe(1);
      expect(rap.afgewezen).toEqual([
        {
          regel: 3,
          reden: `Achterstand van 2 maanden volgens het bestand, maar de vervaldatum ${dagenGeleden(120)} is 120 dagen geleden (termijn voor energie: 50–100 dagen na de vervaldatum)`,
          klantnummer: 'K-2',
        },
        { regel: 4, reden: 'Vervaldatum moet JJJJ-MM-DD of DD-MM-JJJJ zijn', klantnummer: 'K-3' },
      ]);
      const s = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .select(['achternaam', 'vervaldatum'])
        .where('klantnummer', '=', 'K-1')
        .executeTakeFirstOrThrow();
      expect(s).toEqual({ achternaam: 'Özdemir-Béké', vervaldatum: dagenGeleden(60) });
    });

    it('a repeat for the same partner + address + sector updates the open signal instead of duplicating it', async () => {
      const rap = (
        await upload(a, csv([rij('Jansen', '3511 ab', '1', { maanden: '3', bedrag: '450' })]))
      ).json() as Rapport;
      expect(rap).toMatchObject({
        geaccepteerd: 1,
        nieuw: 0,
        herhaling: 1,
        perGemeente: [{ gemeentecode: 'GM0344', nieuw: 0, herhaling: 1 }],
      });
      const rows = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .select(['bedrag_achterstand', 'maanden_achterstand', 'herhalingen'])
        .where('partner_id', '=', a.id)
        .where('adres_sleutel', '=', '3511AB|1|')
        .execute();
      expect(rows.map((r) => [Number(r.bedrag_achterstand), Number(r.maanden_achterstand), r.herhalingen])).toEqual([
        [450, 3, 1],
      ]);
      // Another partner at the same address is a separate signal.
      expect(((await upload(b, csv([rij('Jansen', '3511AB', '1')]))).json() as Rapport).nieuw).toBe(1);
    });

    it('a resident who objected to the municipality: the new signal lands as niet-oppakken (bezwaar), the partner is not told', async () => {
      const bezwaar = (org: Org, payload: object) =>
        t.app.inject({ method: 'POST', url: '/api/vroegsignalen/bezwaren', headers: org.headers, payload });
      expect((await bezwaar(amsterdam, { postcode: '3513AB', huisnummer: 5, achternaam: 'van Dam' })).statusCode).toBe(
        400,
      ); // not in Amsterdam
      expect((await bezwaar(a, { postcode: '3513AB', huisnummer: 5, achternaam: 'van Dam' })).statusCode).toBe(403);
      expect((await bezwaar(utrecht, { postcode: '3513 ab', huisnummer: '5', achternaam: 'Van Dam' })).statusCode).toBe(
        201,
      );
      const rap = (
        await upload(a, csv([rij('van Dam', '3513AB', '5'), rij('Anders', '3513AB', '5', { toev: 'A' })]))
      ).json() as Rapport;
      expect(rap).toMatchObject({ geaccepteerd: 2, afgewezenAantal: 0 });
      const rows = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .select(['achternaam', 'status', 'status_reden'])
        .where('postcode', '=', '3513AB')
        .orderBy('achternaam')
        .execute();
      expect(rows).toEqual([
        { achternaam: 'Anders', status: 'nieuw', status_reden: null },
        { achternaam: 'van Dam', status: 'niet-oppakken', status_reden: 'bezwaar' },
      ]);
      const eigen = (
        await t.app.inject({ method: 'GET', url: '/api/vroegsignalen/signalen', headers: a.headers })
      ).json() as Array<{ achternaam: string; status: string }>;
      expect(eigen.find((s) => s.achternaam === 'van Dam')!.status).toBe('ontvangen');
      const lijst = (
        await t.app.inject({ method: 'GET', url: '/api/vroegsignalen/bezwaren', headers: utrecht.headers })
      ).json();
      expect(lijst).toEqual([expect.objectContaining({ postcode: '3513AB', huisnummer: 5, toevoeging: null })]);
      expect(JSON.stringify(lijst)).not.toMatch(/dam/i);
      expect(
        (
          await t.app.inject({
            method: 'DELETE',
            url: `/api/vroegsignalen/bezwaren/${lijst[0].id}`,
            headers: amsterdam.headers,
          })
        ).statusCode,
      ).toBe(404);
    });

    it("partners see only their own signals: another partner's signal is 404, a municipality may not upload", async () => {
      const vanA = (
        await t.app.inject({ method: 'GET', url: '/api/vroegsignalen/signalen', headers: a.headers })
      ).json() as Array<{ id: string }>;
      const vanB = (
        await t.app.inject({ method: 'GET', url: '/api/vroegsignalen/signalen', headers: b.headers })
      ).json() as Array<{ id: string }>;
      expect(vanB).toHaveLength(1);
      expect(vanA.map((s) => s.id)).not.toContain(vanB[0]!.id);
      const id = vanA[0]!.id;
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/vroegsignalen/signalen/${id}`, headers: a.headers }))
          .statusCode,
      ).toBe(200);
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/vroegsignalen/signalen/${id}`, headers: b.headers }))
          .statusCode,
      ).toBe(404);
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/api/vroegsignalen/signalen/${id}`, headers: b.headers }))
          .statusCode,
      ).toBe(404);
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/vroegsignalen/leveringen`, headers: b.headers })).json(),
      ).toHaveLength(1);
      expect((await upload(utrecht, csv([rij('X', '3511AB')]))).statusCode).toBe(403);
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/vroegsignalen/signalen', headers: utrecht.headers }))
          .statusCode,
      ).toBe(403);
    });

    it('REST API: single signal with Idempotency-Key; a retry replays, another body with the same key is refused', async () => {
      const signaal = {
        achternaam: 'Bakker',
        huisnummer: 20,
        postcode: '1012AB',
        aantalMaandenAchterstand: 2,
        bedragAchterstand: 99.5,
        klantnummer: 'API-1',
        herinneringVerstuurd: true,
      };
      const post = (body: object, key?: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/vroegsignalen/signalen',
          headers: { ...a.headers, ...(key ? { 'idempotency-key': key } : {}) },
          payload: body,
        });
      const eerste = await post({ signalen: [signaal] }, 'sleutel-1');
      expect(eerste.statusCode).toBe(201);
      expect(eerste.json()).toMatchObject({ geaccepteerd: 1, nieuw: 1, perGemeente: [{ gemeentecode: 'GM0363' }] });
      const opnieuw = await post({ signalen: [signaal] }, 'sleutel-1');
      expect(opnieuw.statusCode).toBe(201);
      expect(opnieuw.headers['idempotent-replayed']).toBe('true');
      expect(opnieuw.json()).toEqual(eerste.json());
      expect(
        (
          await t.ctx.db.kysely
            .selectFrom('vroegsignalen')
            .select('herhalingen')
            .where('klantnummer', '=', 'API-1')
            .executeTakeFirstOrThrow()
        ).herhalingen,
      ).toBe(0);
      const ander = await post({ signalen: [{ ...signaal, bedragAchterstand: 100 }] }, 'sleutel-1');
      expect(ander.statusCode).toBe(422);
      expect(ander.json().code).toBe('idempotentie_conflict');
      expect((await post({ signalen: [signaal] })).statusCode).toBe(400);
      expect((await post({ signalen: [{ ...signaal, bsn: '111222333' }] }, 'sleutel-2')).statusCode).toBe(400);
      // LCV attestation "no" is a rejection reason.
      const nee = await post(
        { signalen: [{ ...signaal, huisnummer: 21, gegevensoverdrachtAangeboden: false }] },
        'sleutel-3',
      );
      expect(nee.json().afgewezen).toEqual([
        {
          regel: 1,
          reden: "Maatschappelijk verantwoorde incasso niet doorlopen: 'Gegevensoverdracht aangeboden' is nee",
          klantnummer: 'API-1',
        },
      ]);
    });

    it('a property manager reports only for investors with a mandate', async () => {
      const vgm = await t.organisatie('Vastgoedbeheer C', 'signaalpartner');
      await partnerMetConvenanten(
        t,
        vgm,
        aanmelding(['GM0344'], { type: 'Huur', sectoren: ['huur'], rol: 'vastgoedmanager' }),
        [utrecht],
      );
      await t.app.inject({
        method: 'POST',
        url: '/api/partners/opdrachtgevers',
        headers: vgm.headers,
        payload: { naam: 'Belegger B.V.' },
      });
      await t.app.inject({
        method: 'POST',
        url: '/api/partners/opdrachtgevers',
        headers: vgm.headers,
        payload: { naam: 'Oud Fonds', mandaatTot: dagenGeleden(1) },
      });
      // Without the Opdrachtgever column the file is refused.
      expect((await upload(vgm, csv([rij('Huurder', '3511AB', '30')]))).statusCode).toBe(400);
      const kop = `${KOP};Opdrachtgever`;
      const rap = (
        await upload(
          vgm,
          csv(
            [
              [...rij('Huurder', '3511AB', '30'), 'belegger bv'],
              [...rij('Huurder', '3511AB', '31'), 'Ander Fonds'],
              [...rij('Huurder', '3511AB', '32'), 'Oud Fonds'],
              [...rij('Huurder', '3511AB', '33'), ''],
              [...rij('Huurder', '3511AB', '34', { maanden: '12' }), 'Belegger B.V.'],
            ],
            kop,
          ),
        )
      ).json() as Rapport;
      expect(rap.geaccepteerd).toBe(2); // rent has no upper bound: 12 months is fine
      expect(rap.afgewezen.map((x) => [x.regel, x.reden])).toEqual([
        [3, 'Geen (geldig) mandaat van deze opdrachtgever'],
        [4, 'Geen (geldig) mandaat van deze opdrachtgever'],
        [5, 'Opdrachtgever ontbreekt'],
      ]);
    });

    it('a partner with several sectors must give the Sector column; a small landlord gets an agreement at its first report', async () => {
      const multi = await t.organisatie('Energie en Warmte D', 'signaalpartner');
      await partnerMetConvenanten(t, multi, aanmelding(['GM0344'], { sectoren: ['energie', 'warmte'] }), [utrecht]);
      expect((await upload(multi, csv([rij('X', '3511AB')]))).statusCode).toBe(400);
      const rap = (
        await upload(
          multi,
          csv(
            [
              [...rij('X', '3511AB', '40'), 'warmte'],
              [...rij('Y', '3511AB', '40'), 'energie'],
              [...rij('Z', '3511AB', '41'), 'huur'],
            ],
            `${KOP};Sector`,
          ),
        )
      ).json() as Rapport;
      expect(rap.geaccepteerd).toBe(2);
      expect(rap.afgewezen).toEqual([{ regel: 4, reden: "Sector 'huur' hoort niet bij uw aanmelding" }]);

      const klein = await t.organisatie('Kleine Verhuurder', 'signaalpartner');
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/partners/aanmelding',
        headers: klein.headers,
        payload: aanmelding([], { type: 'Huur', sectoren: ['huur'], adHoc: true }),
      });
      expect(r.statusCode).toBe(201);
      const rap2 = (
        await t.app.inject({
          method: 'POST',
          url: '/api/vroegsignalen/leveringen?mvi=herinnering,contactGezocht,schuldhulpGenoemd,overdrachtAangeboden',
          headers: { ...klein.headers, 'content-type': 'text/csv' },
          payload: csv([rij('Huurder', '3511AB', '50'), rij('Huurder', '9711AB', '51')]),
        })
      ).json() as Rapport;
      expect(rap2.geaccepteerd).toBe(1);
      expect(rap2.afgewezen[0]!.reden).toContain('doet niet mee');
      const conv = (
        await t.app.inject({ method: 'GET', url: '/api/partners/convenanten', headers: klein.headers })
      ).json();
      expect(conv).toEqual([
        expect.objectContaining({ gemeentecode: 'GM0344', soort: 'ad-hoc', status: 'ondertekend' }),
      ]);
    });

    it('an expired agreement no longer allows delivery', async () => {
      await t.ctx.db.kysely
        .updateTable('convenanten')
        .set({ einddatum: dagenGeleden(1) })
        .where('partner_id', '=', b.id)
        .execute();
      const rap = (await upload(b, csv([rij('Nieuw', '3511AB', '60')]))).json() as Rapport;
      expect(rap.afgewezen[0]!.reden).toMatch(/is verlopen op .+ Verleng het convenant onder Convenanten/);
    });

    it('an unregistered partner cannot deliver', async () => {
      const los = await t.organisatie('Niet Aangemeld', 'signaalpartner');
      const r = await upload(los, csv([rij('X', '3511AB')]));
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('niet_aangemeld');
    });
  });
}
