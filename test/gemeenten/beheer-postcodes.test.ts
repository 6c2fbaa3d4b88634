import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { REDEN_TWEE_GEMEENTEN } from '../../src/modules/gemeenten/gemeenten.ts';

type Org = Awaited<ReturnType<TestOmgeving['organisatie']>>;
type Wie = { cookies?: Record<string, string>; headers: Record<string, string> };

// The national PC4 table the demo loads (data/README.md): 4,092 rows, 4,072 PC4s, 20 of them in two municipalities.
const DEMO = readFileSync('data/pc4-gemeente.csv', 'utf8');
const GESPLITST_LANDELIJK =
  '1261 1271 1724 4062 4197 5091 5383 6574 6924 7011 7351 7693 7694 7933 7963 7964 8191 9207 9417 9423';
const GESPLITST =
  'PC4;Gemeentecode;Gemeentenaam;Adressen\n3511;GM0344;Utrecht;1200\n4062;GM0281;Tiel;300\n4062;GM1960;West Betuwe;40\n';

// The operator's postcode import over the API (screen: web/src/schermen/beheer/Postcodes.tsx).
for (const kind of await databases()) {
  describe(`Operator: postcode table import on ${kind}`, () => {
    let t: TestOmgeving;
    let beheerOrg: Org;
    let beheer: Wie & { gebruikerId: string };
    beforeAll(async () => {
      t = await testOmgeving(kind, { LOGIN_MAX_PER_IP: 200 });
      beheerOrg = await t.organisatie('Platformbeheer', 'beheerder');
      beheer = await sessieVoor(t, beheerOrg, 'beheerder');
    });
    afterAll(async () => t?.sluit());

    const importeer = (csv: string | Buffer, wie: Wie = beheer, type = 'text/csv') =>
      t.app.inject({
        method: 'POST',
        url: '/api/gemeenten/postcodes/import',
        ...wie,
        headers: { ...wie.headers, 'content-type': type },
        payload: csv,
      });
    const overzicht = async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/gemeenten/postcodes', cookies: beheer.cookies! });
      expect(r.statusCode).toBe(200);
      return r.json() as {
        rijen: number;
        pc4: number;
        gemeenten: number;
        gesplitst: string[];
        uitzonderingen: Array<{ pc6: string; huisnummer: number | null; gemeentecode: string; gemeentenaam: string }>;
      };
    };
    const route = async (postcode: string, huisnummer = '1') =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/gemeenten/route?postcode=${postcode}&huisnummer=${huisnummer}`,
          cookies: beheer.cookies!,
        })
      ).json() as { gemeentecode: string | null; reden: string | null };

    it('imports the PC4 file (the CLI format) with a summary; routing uses it; audited with the operator as actor', async () => {
      const r = await importeer(DEMO);
      expect(r.statusCode, r.body).toBe(200);
      const regels = DEMO.trim().split('\n').length - 1;
      const gesplitst = GESPLITST_LANDELIJK.split(' ');
      expect(regels).toBe(4092);
      expect(r.json()).toEqual({ formaat: 'pc4', rijen: regels, pc4: 4072, gesplitst, vorigeRijen: 0 });
      expect(await overzicht()).toMatchObject({
        rijen: regels,
        pc4: 4072,
        gemeenten: 342,
        gesplitst,
        uitzonderingen: [],
      });
      expect(await route('3511AB')).toMatchObject({ gemeentecode: 'GM0344' });
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['actor_soort', 'actor_id'])
        .where('actie', '=', 'postcodes.importeren')
        .execute();
      expect(audit).toEqual([{ actor_soort: 'gebruiker', actor_id: beheer.gebruikerId }]);
    });

    it('a bad file is refused whole with a Dutch message per row; nothing changes', async () => {
      const voor = await overzicht();
      const fout = await importeer(
        'pc4;gemeentecode;gemeentenaam\n1000;GM0999;Nieuwdorp\n0999;GM0344;Utrecht\n3512;XX0344;Utrecht\n',
      );
      expect(fout.statusCode).toBe(400);
      expect(fout.json().title).toBe('Het bestand bevat 2 fouten; er is niets geïmporteerd.');
      expect(fout.json().details.fouten).toEqual([
        { regel: 3, reden: 'PC4 moet uit 4 cijfers bestaan (niet beginnend met 0)' },
        { regel: 4, reden: 'Gemeentecode moet GM + 4 cijfers zijn' },
      ]);
      const geenKolom = await importeer('postcode4;gemeente\n3511;GM0344\n');
      expect(geenKolom.statusCode).toBe(400);
      expect(geenKolom.json().title).toMatch(/kolom/i);
      const leeg = await importeer('pc4;gemeentecode\n');
      expect(leeg.statusCode).toBe(400);
      expect(leeg.json().title).toBe('Het bestand bevat geen postcodes; er is niets geïmporteerd.');
      const onbekend = await importeer('pc4;gemeentecode\n9999;GM0999\n');
      expect(onbekend.statusCode).toBe(400);
      expect(onbekend.json().title).toContain('Onbekende gemeentecodes zonder naam: GM0999');
      const binair = await importeer(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 2, 3, 0, 0, 0]));
      expect(binair.statusCode).toBe(400);
      expect(binair.json().title).toContain('geen CSV-bestand');
      expect((await importeer('{"pc4":"3511"}', beheer, 'application/json')).statusCode).toBe(415);
      expect(await overzicht()).toEqual(voor);
      // 1000 (PO boxes only) is not in the national table; the refused file would have added it.
      expect(await route('1000AA')).toMatchObject({ gemeentecode: null });
    });

    it('a file over the size limit is refused with 413: over 1 GB before it is read, a PC4 table over 20 MB', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/gemeenten/postcodes/import',
        ...beheer,
        headers: { ...beheer.headers, 'content-type': 'text/csv', 'content-length': String(1024 * 1024 * 1024 + 1) },
        payload: 'pc4;gemeentecode\n3511;GM0344\n',
      });
      expect(r.statusCode).toBe(413);
      expect(r.json().title).toBe('Het bestand is te groot: maximaal 1024 MB.');
      // The PC4 table has its own limit, applied once the header shows the format.
      const regel = `3511;GM0344;${'x'.repeat(1000)}\n`;
      const groot = `pc4;gemeentecode;opmerking\n${regel.repeat(Math.ceil((20 * 1024 * 1024) / regel.length) + 10)}`;
      const pc4 = await importeer(groot);
      expect(pc4.statusCode).toBe(413);
      expect(pc4.json().title).toBe('Het bestand is te groot: de grens is 20 MB.');
    });

    it('reports PC4s in two municipalities; an exception (PC6, PC6 + house number) routes them', async () => {
      const r = await importeer(GESPLITST);
      expect(r.json()).toEqual({
        formaat: 'pc4',
        rijen: 3,
        pc4: 2,
        gesplitst: ['4062'],
        vorigeRijen: DEMO.trim().split('\n').length - 1,
      });
      expect(await route('4062AB')).toMatchObject({ gemeentecode: null, reden: REDEN_TWEE_GEMEENTEN });
      const zet = (payload: object, wie: Wie = beheer) =>
        t.app.inject({ method: 'POST', url: '/api/gemeenten/postcode-uitzonderingen', ...wie, payload });
      expect((await zet({ postcode: '4062 ab', gemeentecode: 'GM0281' })).statusCode).toBe(201);
      expect((await zet({ postcode: '4062AB', huisnummer: 7, gemeentecode: 'GM1960' })).statusCode).toBe(201);
      expect((await zet({ postcode: '4062', gemeentecode: 'GM1960' })).json().title).toBe(
        'Postcode heeft geen geldig formaat (1234 AB).',
      );
      expect((await zet({ postcode: '4062AC', gemeentecode: 'GM0001' })).json().title).toBe('Onbekende gemeentecode.');
      expect(await route('4062AB', '1')).toMatchObject({ gemeentecode: 'GM0281' });
      expect(await route('4062AB', '7')).toMatchObject({ gemeentecode: 'GM1960' });
      const o = await overzicht();
      expect(o).toMatchObject({ rijen: 3, pc4: 2, gemeenten: 3, gesplitst: ['4062'] });
      expect(o.uitzonderingen.map((u) => [u.pc6, u.huisnummer, u.gemeentecode, u.gemeentenaam])).toEqual([
        ['4062AB', 7, 'GM1960', 'West Betuwe'],
        ['4062AB', null, 'GM0281', 'Tiel'],
      ]);
    });

    it('no other role gets in: a municipality worker and coordinator, a signal partner (person and API key), a municipality API key: 403, nothing changes', async () => {
      const gemeente = await t.organisatie('Gemeente Test', 'gemeente');
      const partner = await t.organisatie('Energie Test', 'signaalpartner');
      const voor = await overzicht();
      const mensen = [
        await sessieVoor(t, gemeente, 'gemeente-medewerker'),
        await sessieVoor(t, gemeente, 'gemeente-coordinator'),
        await sessieVoor(t, partner, 'signaalpartner-beheerder'),
      ];
      for (const w of [...mensen, { headers: gemeente.headers }, { headers: partner.headers }] as Wie[]) {
        expect((await t.app.inject({ method: 'GET', url: '/api/gemeenten/postcodes', ...w })).statusCode).toBe(403);
        expect((await importeer(DEMO, w)).statusCode).toBe(403);
        expect(
          (
            await t.app.inject({
              method: 'POST',
              url: '/api/gemeenten/postcode-uitzonderingen',
              ...w,
              payload: { postcode: '4062AC', gemeentecode: 'GM0281' },
            })
          ).statusCode,
        ).toBe(403);
      }
      expect(await overzicht()).toEqual(voor);
    });
  });
}
