import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';

/** The bailiff's check as a dossier needs it: forgiving BSN input, a traceable proof, Dutch labels, xlsx portfolios. */
const A = '111222333';
const B = '123456782';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const GEEN = 'Geen match — niet bekend in de verwijsindex';

async function werkboek(rows: unknown[][], titels: unknown[] = ['BSN', 'Kenmerk']): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Portefeuille');
  ws.addRow(titels);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

for (const kind of await databases()) {
  describe(`Bailiff's check and proof on ${kind}`, () => {
    let t: TestOmgeving;
    let dw: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      const kb = await t.organisatie('Kredietbank', 'schuldhulpverlener');
      dw = await t.organisatie('Deurwaarderskantoor Noord', 'gerechtsdeurwaarder');
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen',
        headers: { ...kb.headers, 'content-type': 'text/csv' },
        payload: `BSN;Contactnaam;Telefoon\r\n${A};Team schuldhulp;030 123 45 67\r\n`,
      });
      expect(r.statusCode).toBe(201);
    });
    afterAll(async () => t?.sluit());

    const check = async (bsn: string) => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vish/controle',
        headers: dw.headers,
        payload: { bsn },
      });
      return { status: r.statusCode, body: r.json() };
    };
    const batch = (payload: string | Buffer, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/vish/controle/batch',
        headers: { ...dw.headers, 'content-type': 'text/csv', ...headers },
        payload,
      });
    const auditRond = async (van: string, actie: string) => {
      const beheer = await t.organisatie('Beheer', 'beheerder');
      const bh = await sessieVoor(t, beheer, 'beheerder');
      const tot = new Date(new Date(van).getTime() + 1).toISOString();
      const r = await t.app.inject({
        method: 'GET',
        url: `/api/audit?actie=${actie}&van=${encodeURIComponent(van)}&tot=${encodeURIComponent(tot)}`,
        headers: bh.headers,
        cookies: bh.cookies,
      });
      expect(r.statusCode).toBe(200);
      return r.json().items as Array<{ volgnr: number; organisatie_id: string; resultaat: string; actie: string }>;
    };

    it('a BSN typed with spaces, dots or dashes is checked; letters and a failed 11-test are refused in Dutch', async () => {
      for (const getypt of ['1112 22 333', '111.222.333', '111-222-333', ' 1112.22.333 ']) {
        const r = await check(getypt);
        expect(r.status).toBe(200);
        expect(r.body.match).toBe(true);
      }
      expect(await check('1112 22 33a')).toMatchObject({
        status: 400,
        body: { title: 'Een BSN bestaat uit 9 cijfers.' },
      });
      expect(await check('1112 22 334')).toMatchObject({
        status: 400,
        body: { title: 'Het BSN voldoet niet aan de elfproef.' },
      });
      const r = await batch(`BSN;Kenmerk\n1112 22 333;K1\n111.222.333;K2\n111.222.33x;K3\n`);
      expect(r.statusCode).toBe(200);
      const regels = r.body.trim().split('\r\n');
      expect(regels[1]).toMatch(/^2;K1;match;Kredietbank;/);
      expect(regels[2]).toMatch(/^3;K2;match;Kredietbank;/);
      expect(regels[3]).toBe('4;K3;ongeldig-bsn;;;;;;Ongeldig BSN');
    });

    it('the proof of a check names time, result in Dutch and checker, masks the BSN, and its reference finds the audit entry', async () => {
      const { body } = await check('1112 22 333');
      expect(body.bewijs).toEqual({
        tijdstip: expect.stringMatching(/Z$/),
        referentie: expect.stringMatching(/^A-\d+$/),
        resultaat: 'Match — in schuldhulp bij Kredietbank',
        organisatie: 'Deurwaarderskantoor Noord',
        bsn: '****.**.333',
        test: false,
      });
      expect(JSON.stringify(body)).not.toContain(A);
      const volgnr = Number(body.bewijs.referentie.slice(2));
      const items = await auditRond(body.bewijs.tijdstip, 'vish.controle');
      expect(items.filter((i) => i.volgnr === volgnr)).toEqual([
        expect.objectContaining({ organisatie_id: dw.id, resultaat: 'match', actie: 'vish.controle' }),
      ]);
      expect((await check(B)).body.bewijs.resultaat).toBe(GEEN);
      // The bailiff itself cannot read the audit trail: the reference is for the operator.
      const eigen = await t.app.inject({ method: 'GET', url: '/api/audit', headers: dw.headers });
      expect(eigen.statusCode).toBe(403);
    });

    it('a batch answer carries the reference of its first audit entry, and keeps the machine codes next to Dutch', async () => {
      const r = await batch(`BSN;Kenmerk\n${A};K1\n${B};K2\n`);
      expect(r.statusCode).toBe(200);
      const ref = r.headers['x-controle-referentie'];
      expect(ref).toMatch(/^A-\d+$/);
      const regels = r.body.trim().split('\r\n');
      expect(regels[1]).toBe(
        '2;K1;match;Kredietbank;Team schuldhulp;030 123 45 67;;;Match — in schuldhulp bij Kredietbank',
      );
      expect(regels[2]).toBe(`3;K2;geen-match;;;;;;${GEEN}`);
      // The reference is the batch's block entry in the chain; its persons are the block's lines, in order.
      const volgnr = Number(String(ref).slice(2));
      const blok = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actie', 'organisatie_id', 'resultaat', 'details'])
        .where('volgnr', '=', volgnr)
        .executeTakeFirstOrThrow();
      expect([blok.actie, blok.organisatie_id, blok.resultaat]).toEqual(['vish.batchcontrole', dw.id, 'blok']);
      expect(blok.details).toMatchObject({ batchregels: { aantal: 2 } });
      const lijnen = await t.ctx.db.kysely
        .selectFrom('audit_batchregels')
        .select(['nr', 'resultaat'])
        .where('volgnr', '=', volgnr)
        .orderBy('nr')
        .execute();
      expect(lijnen).toEqual([
        { nr: 1, resultaat: 'match' },
        { nr: 2, resultaat: 'geen-match' },
      ]);
      // Nothing valid, nothing audited: no reference either.
      expect((await batch('BSN\nabc\n')).headers['x-controle-referentie']).toBeUndefined();
    });

    it('an xlsx portfolio is read by its content (whatever the content type) and answered as CSV, or as xlsx on Accept', async () => {
      // A BSN as a number cell (Excel's habit) and one typed with spaces.
      const buf = await werkboek([
        [Number(A), 'D-1'],
        ['1234 56 782', 'D-2'],
      ]);
      for (const type of [XLSX, 'application/octet-stream', 'text/csv']) {
        const r = await batch(buf, { 'content-type': type });
        expect(r.statusCode).toBe(200);
        expect(r.headers['content-type']).toMatch(/^text\/csv/);
        const regels = r.body.trim().split('\r\n');
        expect(regels[1]).toMatch(/^2;D-1;match;Kredietbank;/);
        expect(regels[2]).toBe(`3;D-2;geen-match;;;;;;${GEEN}`);
      }
      const x = await batch(buf, { 'content-type': XLSX, accept: XLSX });
      expect(x.statusCode).toBe(200);
      expect(x.headers['content-type']).toBe(XLSX);
      expect(x.headers['x-controle-referentie']).toMatch(/^A-\d+$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
      const rijen = wb.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
      expect(rijen[0]!.slice(1)).toEqual([
        'regel',
        'kenmerk',
        'resultaat',
        'organisatie',
        'contactnaam',
        'telefoon',
        'email',
        'schuldenrust_tot',
        'resultaat_omschrijving',
      ]);
      expect(rijen[1]!.slice(1, 4)).toEqual([2, 'D-1', 'match']);
      expect(rijen[2]![9]).toBe(GEEN);
      expect(x.rawPayload.includes(Buffer.from(A))).toBe(false);
    });

    it('a hostile xlsx (zip bomb, too many columns, broken zip) is refused in Dutch before anything is checked', async () => {
      const voor = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('actie', '=', 'vish.batchcontrole')
        .executeTakeFirstOrThrow();
      const bom = await werkboek([[A, 'B'.repeat(4 * 1024 * 1024)]]);
      expect(bom.length).toBeLessThan(200 * 1024);
      const r = await batch(bom, { 'content-type': XLSX });
      expect(r.statusCode).toBe(400);
      expect(r.json().title).toBe('Dit Excel-bestand pakt uit tot een onredelijk grote omvang en is geweigerd.');
      const breed = await werkboek(
        [[A, ...Array.from({ length: 120 }, () => 'x')]],
        ['BSN', ...Array.from({ length: 120 }, (_, i) => `K${i}`)],
      );
      const r2 = await batch(breed, { 'content-type': XLSX });
      expect(r2.statusCode).toBe(400);
      expect(r2.json().title).toBe('Het Excel-bestand heeft meer dan 100 kolommen.');
      const r3 = await batch(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(3000, 7)]), {
        'content-type': XLSX,
      });
      expect(r3.statusCode).toBe(400);
      expect(r3.json().title).toMatch(/^Dit Excel-bestand kan niet worden gelezen/);
      const na = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('actie', '=', 'vish.batchcontrole')
        .executeTakeFirstOrThrow();
      expect(Number(na.n)).toBe(Number(voor.n));
    });
  });
}
