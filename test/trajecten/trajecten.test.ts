import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { bsns, laadDemoPostcodes, maak, sessie, traject, type Org } from '../helpers/fixtures/trajecten.ts';
import { valideer } from '../../src/modules/ddas/validatie.ts';

const [A, B, C, D, E, F] = bsns(40_000_000, 6) as [string, string, string, string, string, string];

/** Every part of the DDAS-SHV schuldhulptraject, filled. */
const ALLE_DELEN = {
  omschrijving: 'Minnelijk traject',
  toekenningsdatum: '2026-02-01',
  totaalSchuldbedragBijAanvangSchuld: 12000,
  aanmelding: { crisisinterventie: true, startdatum: '2026-01-05', einddatum: '2026-01-10' },
  informatieEnAdvies: { startdatum: '2026-01-06', einddatum: '2026-01-09' },
  intake: {
    startdatum: '2026-01-12',
    einddatum: '2026-01-30',
    beschikkingssoort: 'Toelatingsbeschikking',
    beschikkingsdatum: '2026-01-30',
  },
  planVanAanpak: { datumAfronding: '2026-02-10' },
  stabilisatie: { startdatum: '2026-02-01', einddatum: '2026-05-01' },
  schuldregeling: {
    datum: '2026-05-10',
    toegekend: '2026-06-01',
    dwangakkoord: true,
    datumVerzoekDwangakkoord: '2026-05-20',
  },
  oplossing: { soort: 'Saneringskrediet', startdatum: '2026-06-01', vtlb: 1450 },
  begeleiding: [
    { soort: 'Budgetbeheer', startdatum: '2026-02-01' },
    { soort: 'Beschermingsbewind', startdatum: '2026-03-01' },
  ],
  nazorg: { startdatum: '2026-07-01' },
  crisisinterventies: [{ startdatum: '2026-01-05', einddatum: '2026-01-07' }],
  moratoria: [
    { datumAanvraag: '2026-01-06', datumGoedkeuring: '2026-01-08', startdatum: '2026-01-08', einddatum: '2026-07-08' },
  ],
  voorlopigeVoorzieningen: [{ startdatum: '2026-01-08', einddatum: '2026-02-08' }],
  schulden: [
    {
      bedrag: 8000,
      peildatum: '2026-01-12',
      schuldsoort: 'Publiek',
      zakelijkeSchuld: false,
      schuldeiser: { naam: 'Belastingdienst', privepersoon: false },
    },
    {
      bedrag: 4000,
      peildatum: '2026-01-12',
      schuldsoort: 'Zorg',
      schuldeiser: { naam: 'Zorgverzekeraar', kvknummer: '12345678', postcode: '3511AB' },
    },
  ],
};

for (const kind of await databases()) {
  describe(`Trajectories on ${kind}`, () => {
    let t: TestOmgeving;
    let kb: Org;
    let ander: Org;
    let gemeente: Org;
    let dw: Org;
    let partner: Org;
    const antwoorden: string[] = [];
    const req = async (
      org: { headers: Record<string, string>; cookies?: Record<string, string> },
      method: 'GET' | 'POST' | 'PATCH' | 'PUT',
      url: string,
      payload?: unknown,
      extra: Record<string, string> = {},
    ) => {
      const r = await t.app.inject({
        method,
        url,
        headers: { ...org.headers, ...extra },
        ...(org.cookies ? { cookies: org.cookies } : {}),
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
      antwoorden.push(r.body);
      return r;
    };

    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadDemoPostcodes(t);
      kb = await t.organisatie('Kredietbank Test', 'schuldhulpverlener');
      ander = await t.organisatie('Schuldhulp Elders', 'schuldhulpverlener');
      gemeente = await t.organisatie('Gemeente Test', 'gemeente');
      dw = await t.organisatie('Deurwaarder Test', 'gerechtsdeurwaarder');
      partner = await t.organisatie('Energie Test', 'signaalpartner');
    });
    afterAll(async () => t?.sluit());

    it('records a trajectory: routed to its municipality, phase from the DDAS parts, BSN only in the single read', async () => {
      const r = await req(kb, 'POST', '/api/trajecten', traject(A, { externId: 'D-1', toevoeging: 'bis' }));
      expect(r.statusCode).toBe(201);
      const tr = r.json();
      expect(tr).toMatchObject({
        gemeentecode: 'GM0344',
        fase: 'aanmelding',
        postcode: '3511AB',
        bsn: null,
        einddatum: null,
        vishKeuze: 'standaard',
      });
      expect(tr.ddas).toEqual({ aanmelding: { startdatum: '2026-01-05' } });
      const een = await req(kb, 'GET', `/api/trajecten/${tr.id}`);
      expect(een.json().bsn).toBe(A);
      const lijst = await req(kb, 'GET', '/api/trajecten?perPagina=10');
      expect(lijst.json()).toMatchObject({ totaal: 1, pagina: 1 });
      expect(lijst.body).not.toContain(A);
    });

    it('refuses an invalid BSN, an unknown postcode, bad DDAS parts and a counsellor of another organisation', async () => {
      expect((await req(kb, 'POST', '/api/trajecten', traject('123456789'))).statusCode).toBe(400);
      const pc = await req(kb, 'POST', '/api/trajecten', traject(B, { postcode: '1000 AA' }));
      expect(pc.statusCode).toBe(400);
      expect(pc.json().title).toContain('gemeente');
      expect(
        (await req(kb, 'POST', '/api/trajecten', traject(B, { ddas: { intake: { beschikkingssoort: 'Toewijzing' } } })))
          .statusCode,
      ).toBe(400);
      expect(
        (await req(kb, 'POST', '/api/trajecten', traject(B, { ddas: { geboortedatum: '1980-01-01' } }))).statusCode,
      ).toBe(400);
      expect(
        (await req(kb, 'POST', '/api/trajecten', traject(B, { ddas: { stabilisatie: { startdatum: '2026-02-30' } } })))
          .statusCode,
      ).toBe(400);
      const vreemd = await t.ctx.accounts.maakGebruiker(
        { organisatieId: null, soort: 'systeem', id: null },
        { organisatieId: ander.id, email: 'c@elders.example', naam: 'C', rol: 'schuldhulpverlener' },
      );
      const c = await req(
        kb,
        'POST',
        '/api/trajecten',
        traject(B, { consulent: { naam: 'C', telefoon: '0301234567', gebruikerId: vreemd.id } }),
      );
      expect(c.statusCode).toBe(400);
      expect(c.json().title).toBe('De consulent is geen gebruiker van uw organisatie.');
      expect(
        (await req(kb, 'POST', '/api/trajecten', traject(B, { consulent: { naam: 'C', telefoon: 'bel me' } })))
          .statusCode,
      ).toBe(400);
    });

    it('phase changes with dates: intake with admission decision, stabilisation, then closure with a DDAS reason', async () => {
      const tr = await maak(t, kb, traject(B, { externId: 'D-2' }));
      let r = await req(kb, 'PATCH', `/api/trajecten/${tr.id}`, {
        ddas: {
          intake: {
            startdatum: '2026-01-12',
            beschikkingssoort: 'Toelatingsbeschikking',
            beschikkingsdatum: '2026-01-30',
          },
        },
      });
      expect(r.statusCode).toBe(200);
      expect(r.json().fase).toBe('intake');
      r = await req(kb, 'PATCH', `/api/trajecten/${tr.id}`, {
        ddas: { stabilisatie: { startdatum: '2026-02-01' } },
        huisnummer: 14,
      });
      expect(r.json()).toMatchObject({ fase: 'stabilisatie', huisnummer: 14 });
      expect(r.json().ddas.intake.beschikkingssoort).toBe('Toelatingsbeschikking');
      expect(
        (await req(kb, 'POST', `/api/trajecten/${tr.id}/afsluiten`, { datum: '2026-03-01', reden: 'Klaar' }))
          .statusCode,
      ).toBe(400);
      expect(
        (await req(kb, 'POST', `/api/trajecten/${tr.id}/afsluiten`, { datum: '2025-12-01', reden: 'Afgerond' }))
          .statusCode,
      ).toBe(400);
      r = await req(kb, 'POST', `/api/trajecten/${tr.id}/afsluiten`, { datum: '2026-03-01', reden: 'Afgerond' });
      expect(r.json()).toMatchObject({ fase: 'uitstroom', einddatum: '2026-03-01', uitstroomreden: 'Afgerond' });
      const gesloten = await req(kb, 'GET', '/api/trajecten?status=gesloten');
      expect(gesloten.json().trajecten.map((x: { id: string }) => x.id)).toEqual([tr.id]);
    });

    it("another organisation's trajectory is not found; other organisation types and roles are refused", async () => {
      const tr = await maak(t, kb, traject(C));
      for (const [m, url, body] of [
        ['GET', `/api/trajecten/${tr.id}`, undefined],
        ['PATCH', `/api/trajecten/${tr.id}`, { huisnummer: 3 }],
        ['POST', `/api/trajecten/${tr.id}/afsluiten`, { datum: '2026-03-01', reden: 'Afgerond' }],
        ['GET', `/api/trajecten/${tr.id}/ddas`, undefined],
      ] as const) {
        const r = await req(ander, m, url, body);
        expect(r.statusCode, `${m} ${url}`).toBe(404);
        expect(r.json().title).toBe('Niet gevonden.');
      }
      expect((await req(ander, 'GET', '/api/trajecten')).json().totaal).toBe(0);
      expect((await req(kb, 'GET', `/api/trajecten/${tr.id}`)).json().huisnummer).toBe(12);
      for (const org of [dw, partner]) expect((await req(org, 'GET', '/api/trajecten')).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: '/api/trajecten' })).statusCode).toBe(401);
      // A municipality runs debt help: its debt counsellor may, its early-signal worker may not.
      const shv = await sessie(t, gemeente, 'schuldhulpverlener', 'shv@gemeente.example');
      const mw = await sessie(t, gemeente, 'gemeente-medewerker', 'mw@gemeente.example');
      expect(
        (await req(shv, 'POST', '/api/trajecten', traject(D, { postcode: '1012JS', huisnummer: 1 }))).statusCode,
      ).toBe(201);
      expect((await req(mw, 'GET', '/api/trajecten')).statusCode).toBe(403);
      expect((await req(mw, 'POST', '/api/trajecten', traject(E))).statusCode).toBe(403);
      // The session's CSRF token is required for writes.
      expect((await req({ headers: {}, cookies: shv.cookies }, 'POST', '/api/trajecten', traject(E))).statusCode).toBe(
        403,
      );
    });

    it('the DDAS export of a trajectory with every part filled validates against the official schema', async () => {
      const tr = await maak(t, kb, traject(E, { ddas: ALLE_DELEN, ondernemer: true }));
      await req(kb, 'POST', `/api/trajecten/${tr.id}/afsluiten`, {
        datum: '2026-08-01',
        reden: 'Afgerond',
        omschrijving: 'Schuldenvrij',
      });
      const r = await req(kb, 'GET', `/api/trajecten/${tr.id}/ddas`);
      const traj = r.json();
      expect(traj).toMatchObject({
        startdatum: '2026-01-05',
        einddatum: '2026-08-01',
        gemeentecode: 'GM0344',
        client: [{ Burgerservicenummer: E, Postcode: '3511AB', Huisnummer: '12' }],
      });
      const levering = {
        startdatumLevering: '2026-01-01',
        einddatumLevering: '2026-12-31',
        aanleverdatumEnTijd: '2026-12-31T23:59:59Z',
        codeGegevensleverancier: 'SR',
        leveringen: [
          {
            teller: 1,
            aanleverende_organisatie: { '(Statutaire) Naam': 'Kredietbank Test' },
            schuldhulptrajecten: [traj],
          },
        ],
      };
      expect(valideer('shv', levering)).toMatchObject({ geldig: true, fouten: [] });
      expect(
        valideer('shv', {
          ...levering,
          leveringen: [{ ...levering.leveringen[0], schuldhulptrajecten: [{ ...traj, fase: 'x' }] }],
        }).geldig,
      ).toBe(false);
    });

    it('imports a case-system CSV (Windows-1252, comma) with a per-row report, and upserts by Dossiernummer', async () => {
      const kop =
        'Dossiernummer,BSN,Achternaam,Voorletters,Postcode,Huisnummer,Huisnummer toevoeging,Consulent,Consulent telefoon,Startdatum,Beschikking,Beschikkingsdatum,Start stabilisatie,Einddatum,Uitstroomreden,VISH';
      const rijen = [
        `Z-1,${F},Özdemir-Béké,A.,3572 BD,40,bis,Mevr. Ünal,030 111 22 33,01-02-2026,Toelatingsbeschikking,15-02-2026,01-03-2026,,,`,
        'Z-2,123456789,Smit,K.,3511AB,1,,X,0301112233,2026-01-01,,,,,,',
        `Z-3,${F},Smit,K.,3511AB,1,,X,0301112233,2026-01-01,Toewijzing,,,,,`,
        `Z-4,${F},Smit,K.,3511AB,1,,X,0301112233,2026-01-01,,,,2026-05-01,,`,
        `Z-1,${F},Dubbel,K.,3511AB,1,,X,0301112233,2026-01-01,,,,,,`,
      ];
      const body = iconv.encode(`${kop}\r\n${rijen.join('\r\n')}\r\n`, 'win1252');
      const r = await req(kb, 'POST', '/api/trajecten/import', body, { 'content-type': 'text/csv' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ regels: 5, nieuw: 1, bijgewerkt: 0, afgewezenAantal: 4 });
      expect(r.json().afgewezen.map((a: { regel: number }) => a.regel)).toEqual([3, 4, 5, 6]);
      expect(r.json().afgewezen[1].reden).toContain('Beschikking');
      expect(r.body).not.toContain(F);
      expect(r.body).not.toContain('Smit');
      // Again, now closed: the same case is updated, not duplicated.
      const tweede = iconv.encode(
        `${kop}\r\nZ-1,${F},Özdemir-Béké,A.,3572 BD,40,bis,Mevr. Ünal,030 111 22 33,01-02-2026,,,,01-06-2026,Afgerond,ja\r\n`,
        'win1252',
      );
      expect(
        (await req(kb, 'POST', '/api/trajecten/import', tweede, { 'content-type': 'text/csv' })).json(),
      ).toMatchObject({ nieuw: 0, bijgewerkt: 1 });
      const rij = await t.ctx.db.kysely
        .selectFrom('trajecten')
        .select(['achternaam', 'fase', 'einddatum', 'vish_keuze', 'ddas'])
        .where('extern_id', '=', 'Z-1')
        .execute();
      expect(rij).toHaveLength(1);
      expect(rij[0]).toMatchObject({
        achternaam: 'Özdemir-Béké',
        fase: 'uitstroom',
        einddatum: '2026-06-01',
        vish_keuze: 'altijd',
      });
      expect((rij[0]!.ddas as { intake: unknown }).intake).toEqual({
        beschikkingssoort: 'Toelatingsbeschikking',
        beschikkingsdatum: '2026-02-15',
      });
      // An unknown column refuses the whole file.
      const fout = await req(kb, 'POST', '/api/trajecten/import', `${kop},Geboortedatum\r\n`, {
        'content-type': 'text/csv',
      });
      expect(fout.statusCode).toBe(400);
    });

    it('every read and write is audited with the trajectory id, and no table or answer holds a clear BSN', async () => {
      const acties = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actie', 'onderwerp', 'resultaat'])
        .where('actie', 'like', 'traject.%')
        .execute();
      const soorten = new Set(acties.map((a) => `${a.actie}:${a.resultaat}`));
      for (const s of [
        'traject.aanmaken:ok',
        'traject.lezen:ok',
        'traject.wijzigen:ok',
        'traject.afsluiten:ok',
        'traject.lezen:niet-gevonden',
        'traject.importeren:ok',
        'traject.ddas:ok',
      ])
        expect(soorten).toContain(s);
      const tables = await sql<{
        table_name: string;
      }>`select table_name from information_schema.tables where table_schema = 'public'`.execute(t.ctx.db.kysely);
      for (const { table_name } of tables.rows) {
        const dump = await sql<{ t: string }>`select t::text as t from ${sql.table(table_name)} t`.execute(
          t.ctx.db.kysely,
        );
        const text = dump.rows.map((r) => r.t).join('\n');
        for (const b of [A, B, C, D, E, F]) expect(text, `${table_name} holds a BSN`).not.toContain(b);
      }
      // Only the single read (and the DDAS export) answered with a BSN.
      const metBsn = antwoorden.filter((a) => [A, B, C, D, E, F].some((b) => a.includes(b)));
      expect(metBsn.every((a) => a.includes('"bsn":"') || a.includes('"Burgerservicenummer"'))).toBe(true);
    });
  });
}
