import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { verloopVish } from '../../src/modules/verwijsindex/onderhoud.ts';
import { gemisteLeveringen } from '../../src/modules/verwijsindex/store.ts';
import { bsnFromSeed } from '../../src/shared/bsn.ts';

const A = '111222333';
const B = '123456782';
const C = bsnFromSeed(31_415_926)!;
const csv = (rows: string[][]) =>
  ['BSN;Contactnaam;Telefoon;E-mail;Fase;Startdatum', ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n';
const rij = (bsn: string, naam = 'Kredietbank, team schuldhulp') => [
  bsn,
  naam,
  '030 123 45 67',
  'team@kb.example',
  'stabilisatie',
  '2026-09-01',
];

for (const kind of await databases()) {
  describe(`Verwijsindex on ${kind}`, () => {
    let t: TestOmgeving;
    let kb: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    let wijk: typeof kb;
    let dw: typeof kb;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      kb = await t.organisatie('Kredietbank', 'schuldhulpverlener');
      wijk = await t.organisatie('Wijkteam Oost', 'wijkteam');
      dw = await t.organisatie('Deurwaarder', 'gerechtsdeurwaarder');
    });
    afterAll(async () => t?.sluit());

    const lever = (org: typeof kb, body: string | Buffer) =>
      t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen',
        headers: { ...org.headers, 'content-type': 'text/csv' },
        payload: body,
      });
    const check = async (bsn: string, org = dw) => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vish/controle',
        headers: org.headers,
        payload: { bsn },
      });
      return { status: r.statusCode, body: r.json() };
    };

    it('a delivery is accepted with a receipt, and a bailiff gets match + helper contact', async () => {
      const r = await lever(kb, csv([rij(A), rij(C)]));
      expect(r.statusCode).toBe(201);
      const bewijs = r.json();
      expect(bewijs.regelsGeaccepteerd).toBe(2);
      expect(bewijs.checksum).toMatch(/^[0-9a-f]{64}$/);
      const hit = await check(A);
      expect(hit).toEqual({
        status: 200,
        body: {
          match: true,
          contacten: [
            {
              organisatie: 'Kredietbank',
              naam: 'Kredietbank, team schuldhulp',
              telefoon: '030 123 45 67',
              email: 'team@kb.example',
            },
          ],
          schuldenrustTot: null,
          schuldenrust: null,
          bewijs: {
            tijdstip: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
            referentie: expect.stringMatching(/^A-\d+$/),
            resultaat: 'Match — in schuldhulp bij Kredietbank',
            organisatie: 'Deurwaarder',
            bsn: '****.**.333',
            test: false,
          },
        },
      });
      expect((await check(B)).body).toEqual({
        match: false,
        contacten: [],
        schuldenrustTot: null,
        schuldenrust: null,
        bewijs: expect.objectContaining({
          resultaat: 'Geen match — niet bekend in de verwijsindex',
          bsn: '****.**.782',
        }),
      });
    });

    it('a person with two organisations gets both contacts', async () => {
      // Windows-1252 with ',' delimiter and an accented contact name.
      const body = iconv.encode(
        `bsn,contactnaam,telefoon\r\n${A},Buurtteam Oost (mevr. Özdemir-Béké),030 999 99 99\r\n`,
        'win1252',
      );
      expect((await lever(wijk, body)).statusCode).toBe(201);
      const { body: res } = await check(A);
      expect(res.contacten.map((c: { organisatie: string }) => c.organisatie).sort()).toEqual([
        'Kredietbank',
        'Wijkteam Oost',
      ]);
      expect(res.contacten.find((c: { organisatie: string }) => c.organisatie === 'Wijkteam Oost').naam).toBe(
        'Buurtteam Oost (mevr. Özdemir-Béké)',
      );
    });

    it('a new delivery replaces the old one entirely', async () => {
      expect((await lever(kb, '\uFEFF' + csv([rij(B)]))).statusCode).toBe(201);
      expect((await check(B)).body.match).toBe(true);
      expect((await check(C)).body.match).toBe(false);
      // A is still with the wijkteam only.
      expect((await check(A)).body.contacten).toHaveLength(1);
      await t.ctx.vishLevering.wachtOpOpruimen();
      const rows = await t.ctx.db.kysely
        .selectFrom('vish_personen')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      expect(rows.n).toBe(2); // old rows of the replaced delivery are gone
    });

    it('a file with errors is refused as a whole, with a per-row report without BSNs, and the old set stays', async () => {
      const bad = csv([
        rij(C),
        rij('111222334'),
        ['', 'X', '', '', '', ''],
        rij(C),
        [C, 'Y', 'geen-telefoon!', 'x@', 'fout', '31-02-2026'],
      ]);
      const r = await lever(kb, bad);
      expect(r.statusCode).toBe(422);
      const body = r.json();
      expect(body.code).toBe('levering_verworpen');
      const fouten = body.details.fouten as Array<{ regel: number; veld: string; reden: string }>;
      expect(fouten).toContainEqual({ regel: 3, veld: 'bsn', reden: 'BSN voldoet niet aan de elfproef' });
      expect(fouten).toContainEqual({ regel: 4, veld: 'bsn', reden: 'BSN ontbreekt' });
      expect(fouten).toContainEqual({
        regel: 5,
        veld: 'bsn',
        reden: 'Deze persoon staat meer dan eens in het bestand',
      });
      expect(fouten.filter((f) => f.regel === 6).map((f) => f.veld)).toEqual(
        expect.arrayContaining(['telefoon', 'email', 'fase', 'startdatum']),
      );
      expect(r.body).not.toContain(C);
      expect(r.body).not.toContain('111222334');
      expect((await check(B)).body.match).toBe(true);
      expect((await check(C)).body.match).toBe(false);
    });

    it('unknown columns and missing required columns refuse the file', async () => {
      const r = await lever(kb, `BSN;Contactnaam;Telefoon;Geboortedatum\r\n${A};X;0301234567;01-01-1980\r\n`);
      expect(r.statusCode).toBe(400);
      expect(r.json().title).toContain('Geboortedatum');
      const r2 = await lever(kb, `BSN;Telefoon\r\n${A};0301234567\r\n`);
      expect(r2.statusCode).toBe(400);
      expect((await check(B)).body.match).toBe(true);
    });

    it('an invalid BSN in a check is a 400 with a clear message', async () => {
      const r = await check('111222334');
      expect(r.status).toBe(400);
      expect(r.body.title).toBe('Het BSN voldoet niet aan de elfproef.');
      expect((await check('abc')).body.title).toBe('Een BSN bestaat uit 9 cijfers.');
    });

    it('refuses the wrong role, no credential, a tampered or revoked key, and a suspended organisation', async () => {
      expect((await lever(dw, csv([rij(A)]))).statusCode).toBe(403);
      expect((await check(A, kb)).status).toBe(403);
      expect((await t.app.inject({ method: 'POST', url: '/api/vish/controle', payload: { bsn: A } })).statusCode).toBe(
        401,
      );
      const tampered = dw.sleutel.slice(0, -1) + (dw.sleutel.endsWith('A') ? 'B' : 'A');
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/vish/controle',
            headers: { 'x-api-key': tampered },
            payload: { bsn: A },
          })
        ).statusCode,
      ).toBe(401);
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/beheer/organisaties', headers: dw.headers })).statusCode,
      ).toBe(403);
      const dw2 = await t.organisatie('Deurwaarder 2', 'gerechtsdeurwaarder');
      expect((await check(A, dw2)).status).toBe(200);
      await t.ctx.db.kysely
        .updateTable('api_sleutels')
        .set({ ingetrokken_op: new Date() })
        .where('organisatie_id', '=', dw2.id)
        .execute();
      expect((await check(A, dw2)).status).toBe(401);
      const dw3 = await t.organisatie('Deurwaarder 3', 'gerechtsdeurwaarder');
      await t.ctx.db.kysely.updateTable('organisaties').set({ status: 'geschorst' }).where('id', '=', dw3.id).execute();
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vish/controle',
        headers: dw3.headers,
        payload: { bsn: A },
      });
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('organisatie_geschorst');
    });

    it("an organisation cannot see another organisation's delivery", async () => {
      const own = (await t.app.inject({ method: 'GET', url: '/api/vish/leveringen', headers: kb.headers })).json();
      const id = own.leveringen[0].id;
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/vish/leveringen/${id}`, headers: kb.headers })).statusCode,
      ).toBe(200);
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/vish/leveringen/${id}`, headers: wijk.headers })).statusCode,
      ).toBe(404);
    });

    it('a batch check streams results per line, never repeats the BSN, and audits every BSN', async () => {
      // One chained entry per block, one line per checked BSN in audit_batchregels.
      const geaudit = () =>
        t.ctx.db.kysely
          .selectFrom('audit_batchregels as b')
          .innerJoin('audit_log as a', 'a.volgnr', 'b.volgnr')
          .select(sql<number>`count(*)`.as('n'))
          .where('a.actie', '=', 'vish.batchcontrole')
          .executeTakeFirstOrThrow();
      const before = await geaudit();
      const body = `BSN;Kenmerk\n${A};K1\n${B};K2\n${C};K3\n12345;K4\n`;
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vish/controle/batch',
        headers: { ...dw.headers, 'content-type': 'text/csv' },
        payload: body,
      });
      expect(r.statusCode).toBe(200);
      const lines = r.body.trim().split('\r\n');
      expect(lines[0]).toBe(
        'regel;kenmerk;resultaat;organisatie;contactnaam;telefoon;email;schuldenrust_tot;resultaat_omschrijving',
      );
      expect(lines.filter((l) => l.startsWith('2;K1;match'))).toHaveLength(1); // A: with the wijkteam only now
      expect(lines.some((l) => l.startsWith('3;K2;match;Kredietbank'))).toBe(true);
      expect(lines).toContain('4;K3;geen-match;;;;;;Geen match — niet bekend in de verwijsindex');
      expect(lines).toContain('5;K4;ongeldig-bsn;;;;;;Ongeldig BSN');
      expect(r.headers['x-controle-referentie']).toMatch(/^A-\d+$/);
      for (const b of [A, B, C]) expect(r.body).not.toContain(b);
      const after = await geaudit();
      expect(Number(after.n) - Number(before.n)).toBe(3);
    });

    it('a batch larger than a block (pseudonyms on a worker thread) answers every line in order, with the same results', async () => {
      // 12,001 lines: blocks of 5,000 cross a worker round trip; every 1,000th line is a known person or invalid.
      const bsnVan = (i: number) =>
        i % 3000 === 0 ? A : i % 3000 === 1000 ? C : i % 3000 === 2000 ? '12345' : bsnFromSeed(i + 77)!;
      const n = 12_001;
      const regels = Array.from({ length: n }, (_, i) => `${bsnVan(i)};K${i}`);
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vish/controle/batch',
        headers: { ...dw.headers, 'content-type': 'text/csv' },
        payload: `BSN;Kenmerk\n${regels.join('\n')}\n`,
      });
      expect(r.statusCode).toBe(200);
      const lines = r.body.trim().split('\r\n').slice(1);
      const perRegel = new Map<number, string[]>();
      for (const l of lines) {
        const [regel, kenmerk, resultaat] = l.split(';');
        expect(kenmerk).toBe(`K${Number(regel) - 2}`);
        perRegel.set(Number(regel), [...(perRegel.get(Number(regel)) ?? []), resultaat!]);
      }
      expect([...perRegel.keys()]).toEqual(Array.from({ length: n }, (_, i) => i + 2)); // every line, in order
      const enkel = async (bsn: string) => ((await check(bsn)).body.match ? 'match' : 'geen-match');
      for (const i of [0, 1000, 2000, 3000, 5000, 6000, 12_000, 4999, 5001, 11_999]) {
        const bsn = bsnVan(i);
        const verwacht = bsn === '12345' ? 'ongeldig-bsn' : await enkel(bsn);
        expect(perRegel.get(i + 2)?.[0]).toBe(verwacht);
      }
    });

    it('a batch without a BSN column is refused before any result', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vish/controle/batch',
        headers: { ...dw.headers, 'content-type': 'text/csv' },
        payload: 'Kenmerk\nK1\n',
      });
      expect(r.statusCode).toBe(400);
    });

    it('every check is audited with a pseudonym reference, and no table holds a clear BSN', async () => {
      const rows = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actie', 'onderwerp', 'resultaat', 'organisatie_id'])
        .where('actie', '=', 'vish.controle')
        .execute();
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.every((r) => /^t1:[0-9a-f]{32}$/.test(r.onderwerp ?? ''))).toBe(true);
      expect(rows.some((r) => r.organisatie_id === dw.id && r.resultaat === 'match')).toBe(true);
      const tables = await sql<{
        table_name: string;
      }>`select table_name from information_schema.tables where table_schema = 'public'`.execute(t.ctx.db.kysely);
      for (const { table_name } of tables.rows) {
        const dump = await sql<{ t: string }>`select t::text as t from ${sql.table(table_name)} t`.execute(
          t.ctx.db.kysely,
        );
        const text = dump.rows.map((r) => r.t).join('\n');
        for (const b of [A, B, C, '111222334']) expect(text, `${table_name} holds a BSN`).not.toContain(b);
      }
    });

    it('entries expire after 7 days unless replaced, and a delivery older than a day is flagged as missed', async () => {
      const dag = 86_400_000;
      expect(await verloopVish(t.ctx.db, t.ctx.vishIndex, new Date(Date.now() + 6 * dag))).toMatchObject({
        verlopen: 0,
      });
      expect((await check(B)).body.match).toBe(true);
      const gemist = await gemisteLeveringen(t.ctx.db.kysely, new Date(Date.now() + dag + 1000));
      expect(gemist.map((g) => g.naam)).toContain('Kredietbank');
      expect((await gemisteLeveringen(t.ctx.db.kysely, new Date(Date.now() - dag))).map((g) => g.naam)).not.toContain(
        'Kredietbank',
      );
      const r = await verloopVish(t.ctx.db, t.ctx.vishIndex, new Date(Date.now() + 8 * dag));
      expect(r.verlopen).toBe(2);
      expect((await check(B)).body.match).toBe(false);
      expect((await check(A)).body.match).toBe(false);
      const left = await t.ctx.db.kysely
        .selectFrom('vish_personen')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      expect(left.n).toBe(0);
    });
  });
}
