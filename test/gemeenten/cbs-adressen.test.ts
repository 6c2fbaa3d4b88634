import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, TEST_SLEUTELS, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { laadGemeenten, type Org } from '../helpers/fixtures/vroegsignalering.ts';
import {
  AdresAfleiding,
  cbsGemeentecode,
  MAX_UITZONDERINGEN,
  TeVeelUitzonderingen,
} from '../../src/modules/gemeenten/cbs-adressen.ts';
import { REDEN_POSTCODE_ONBEKEND, routeer } from '../../src/modules/gemeenten/gemeenten.ts';

// CBS's yearly address file "Buurt, wijk en gemeente <jaar> voor postcode huisnummer" (docs/postcodes.md).
const BESTAND = 'test/helpers/fixtures/cbs-pc6hnr-klein.csv';
const KLEIN = readFileSync(BESTAND, 'utf8');

type Adres = { pc6: string; huisnummer: number; gemeentecode: string };
/** The rows of a pc6hnr file as addresses with their municipality (GM code). */
const adressenIn = (csv: string): Adres[] =>
  csv
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((r) => {
      const [pc6, nr, , , gm] = r.split(';');
      return { pc6: pc6!, huisnummer: Number(nr), gemeentecode: `GM${gm!.padStart(4, '0')}` };
    });

const VERWACHTE_UITZONDERINGEN = [
  { pc6: '4062PB', huisnummer: null, gemeentecode: 'GM1960' },
  { pc6: '4062PC', huisnummer: 41, gemeentecode: 'GM1960' },
  { pc6: '4062PC', huisnummer: 43, gemeentecode: 'GM1960' },
  { pc6: '5383NA', huisnummer: null, gemeentecode: 'GM1721' },
  // 5383NB starts with Bernheze rows: the PC6 goes to Bernheze, its 's-Hertogenbosch numbers get their own exception.
  { pc6: '5383NB', huisnummer: null, gemeentecode: 'GM1721' },
  ...[10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30].map((huisnummer) => ({
    pc6: '5383NB',
    huisnummer,
    gemeentecode: 'GM0796',
  })),
];

describe('CBS address file: deriving PC4 -> municipality and the exceptions', () => {
  const afleiden = (adressen: Adres[]) => {
    const a = new AdresAfleiding();
    for (const x of adressen)
      expect(
        a.voegToe({ pc6: x.pc6, huisnummer: String(x.huisnummer), gemeente: x.gemeentecode.replace(/^GM0*/, '') }),
      ).toBeUndefined();
    return a.resultaat();
  };

  it('the test file: each PC4 to its majority municipality, exceptions only in the two split PC4s', () => {
    const r = afleiden(adressenIn(KLEIN));
    expect(r.adressen).toBe(287);
    expect(r.pc4).toEqual([
      { pc4: '3511', gemeentecode: 'GM0344' },
      { pc4: '4062', gemeentecode: 'GM0281' },
      { pc4: '5383', gemeentecode: 'GM0796' },
      { pc4: '9711', gemeentecode: 'GM0014' },
    ]);
    expect(r.gesplitst).toEqual(['4062', '5383']);
    expect(r.uitzonderingen).toEqual(VERWACHTE_UITZONDERINGEN);
  });

  it('a tie goes to the lowest municipality code, whatever the row order', () => {
    const rijen = [
      { pc6: '7011AA', huisnummer: 1, gemeentecode: 'GM1955' },
      { pc6: '7011AB', huisnummer: 1, gemeentecode: 'GM0222' },
    ];
    expect(afleiden(rijen).pc4).toEqual([{ pc4: '7011', gemeentecode: 'GM0222' }]);
    expect(afleiden([...rijen].reverse()).pc4).toEqual([{ pc4: '7011', gemeentecode: 'GM0222' }]);
  });

  it('bad rows are reported and not counted', () => {
    const a = new AdresAfleiding();
    expect(a.voegToe({ pc6: '0123AB', huisnummer: '1', gemeente: '344' })).toMatch(/PC6/);
    expect(a.voegToe({ pc6: '3511SA', huisnummer: '1', gemeente: '344' })).toMatch(/PC6/);
    expect(a.voegToe({ pc6: '3511AB', huisnummer: '0', gemeente: '344' })).toMatch(/Huisnummer/);
    expect(a.voegToe({ pc6: '3511AB', huisnummer: '12a', gemeente: '344' })).toMatch(/Huisnummer/);
    expect(a.voegToe({ pc6: '3511AB', huisnummer: '1', gemeente: '' })).toMatch(/Gemeente/);
    expect(a.voegToe({ pc6: '3511AB', huisnummer: '1', gemeente: '12345' })).toMatch(/Gemeente/);
    expect(a.resultaat().adressen).toBe(0);
    expect([cbsGemeentecode('344'), cbsGemeentecode('0344'), cbsGemeentecode('gm0344'), cbsGemeentecode('0')]).toEqual([
      'GM0344',
      'GM0344',
      'GM0344',
      null,
    ]);
  });

  it(`a file yielding more than ${MAX_UITZONDERINGEN} exceptions is refused (bounded memory for a hostile file)`, () => {
    const a = new AdresAfleiding();
    expect(() => {
      for (let i = 0; i <= 2 * MAX_UITZONDERINGEN + 2; i++) {
        const pc6 = `${1000 + Math.floor(i / 20000)}AA`;
        a.voegToe({ pc6, huisnummer: String((i % 20000) + 1), gemeente: i % 2 === 0 ? '344' : '363' });
      }
    }).toThrow(TeVeelUitzonderingen);
  });
});

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function willekeur(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random file: PC4s in one, two or three municipalities, PC6s wholly in one of them or mixed per house
 * number, repeated house numbers (additions), rows shuffled (no order assumed), header of another year.
 */
function willekeurigBestand(seed: number): { csv: string; adressen: Adres[] } {
  const r = willekeur(seed);
  const plan: Array<[string, number[]]> = [
    ['3512', [344]],
    ['4197', [1960, 281]],
    ['5091', [796, 1721]],
    ['7011', [344, 363, 518]],
  ];
  const rijen: Adres[] = [];
  for (const [pc4, gms] of plan) {
    for (let l = 0; l < 12; l++) {
      const pc6 = `${pc4}${'ABCDEFGHJKLM'[l]}${'ABCDEFGHJKLMNPRTVWXZ'[Math.floor(r() * 20)]}`;
      const gemengd = gms.length > 1 && r() < 0.4;
      const eigen = gms[Math.floor(r() * gms.length)]!;
      for (let nr = 1; nr <= 5 + Math.floor(r() * 40); nr++) {
        const gm = gemengd ? gms[Math.floor(r() * gms.length)]! : eigen;
        const keer = r() < 0.1 ? 2 : 1;
        for (let k = 0; k < keer; k++)
          rijen.push({ pc6, huisnummer: nr, gemeentecode: `GM${String(gm).padStart(4, '0')}` });
      }
    }
  }
  for (let i = rijen.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rijen[i], rijen[j]] = [rijen[j]!, rijen[i]!];
  }
  const csv = `PC6;Huisnummer;Buurt2025;Wijk2025;Gemeente2025\n${rijen
    .map((a) => `${a.pc6};${a.huisnummer};BU00000000;WK000000;${Number(a.gemeentecode.slice(2))}`)
    .join('\n')}\n`;
  return { csv, adressen: rijen };
}

for (const kind of await databases()) {
  describe(`CBS address file import on ${kind}: API and CLI`, () => {
    let t: TestOmgeving;
    let beheer: Org;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadGemeenten(t);
      beheer = await t.organisatie('Beheer', 'beheerder');
    });
    afterAll(async () => t?.sluit());

    const importeer = (csv: string, org: Org = beheer) =>
      t.app.inject({
        method: 'POST',
        url: '/api/gemeenten/postcodes/import',
        headers: { ...org.headers, 'content-type': 'text/csv' },
        payload: csv,
      });
    const tabellen = async () => ({
      pc4: await t.ctx.db.kysely
        .selectFrom('postcodes_pc4')
        .selectAll()
        .orderBy('pc4')
        .orderBy('gemeentecode')
        .execute(),
      uitzonderingen: (
        await t.ctx.db.kysely
          .selectFrom('postcode_uitzonderingen')
          .select(['pc6', 'huisnummer', 'gemeentecode'])
          .execute()
      ).sort((a, b) => a.pc6.localeCompare(b.pc6) || (a.huisnummer ?? 0) - (b.huisnummer ?? 0)),
    });
    /** Routes every address of the file; returns the ones that do not reach their municipality. */
    const verkeerd = async (adressen: Adres[]) => {
      const routes = await routeer(t.ctx.db.kysely, adressen);
      return adressen
        .map((a, i) => ({ ...a, kreeg: routes[i]!.gemeentecode ?? routes[i]!.reden }))
        .filter((a) => a.kreeg !== a.gemeentecode);
    };

    it('API: the operator uploads the CBS file; every address in it routes to its municipality', async () => {
      // Before: the national PC4 table (4062 and 5383 need exceptions) and one hand-made exception.
      await t.app.inject({
        method: 'POST',
        url: '/api/gemeenten/postcode-uitzonderingen',
        headers: beheer.headers,
        payload: { postcode: '4197AA', gemeentecode: 'GM0232' },
      });
      const r = await importeer(KLEIN);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({
        formaat: 'cbs-pc6hnr',
        rijen: 287,
        pc4: 4,
        gesplitst: ['4062', '5383'],
        uitzonderingen: VERWACHTE_UITZONDERINGEN.length,
        vorigeRijen: 4092,
      });
      const na = await tabellen();
      expect(na.pc4.map((p) => `${p.pc4}:${p.gemeentecode}`)).toEqual([
        '3511:GM0344',
        '4062:GM0281',
        '5383:GM0796',
        '9711:GM0014',
      ]);
      // The file replaces every exception: the hand-made one for 4197 is gone.
      expect(na.uitzonderingen).toEqual(VERWACHTE_UITZONDERINGEN);
      expect(await verkeerd(adressenIn(KLEIN))).toEqual([]);
      // An address the file does not list routes by PC4 (the majority), a PC4 it does not list is unknown.
      const [nieuw, weg] = await routeer(t.ctx.db.kysely, [
        { pc6: '4062ZZ', huisnummer: 1 },
        { pc6: '2511CV', huisnummer: 1 },
      ]);
      expect(nieuw).toEqual({ gemeentecode: 'GM0281' });
      expect(weg).toEqual({ reden: REDEN_POSTCODE_ONBEKEND });
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['details'])
        .where('actie', '=', 'postcodes.importeren')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(audit.details).toMatchObject({ formaat: 'cbs-pc6hnr', rijen: 287, pc4: 4, uitzonderingen: 16 });
    });

    it('property: for random files (any row order, three-way splits, mixed PC6s) every address routes right', async () => {
      for (const seed of [1, 2, 3]) {
        const { csv, adressen } = willekeurigBestand(seed);
        // Leave out house numbers the file puts in two municipalities: routing (PC6 + number) cannot tell them apart.
        const per = new Map<string, Set<string>>();
        for (const a of adressen)
          (
            per.get(`${a.pc6}|${a.huisnummer}`) ??
            per.set(`${a.pc6}|${a.huisnummer}`, new Set()).get(`${a.pc6}|${a.huisnummer}`)!
          ).add(a.gemeentecode);
        const te = adressen.filter((a) => per.get(`${a.pc6}|${a.huisnummer}`)!.size === 1);
        expect(te.length).toBeGreaterThan(adressen.length * 0.8);
        const r = await importeer(csv);
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json()).toMatchObject({ formaat: 'cbs-pc6hnr', rijen: adressen.length, pc4: 4 });
        expect(r.json().gesplitst).toEqual(['4197', '5091', '7011']);
        expect(await verkeerd(te), `seed ${seed}`).toEqual([]);
      }
    });

    it('bad rows: the whole file is refused with a Dutch reason per row; nothing changes', async () => {
      await importeer(KLEIN);
      const voor = await tabellen();
      const fout = await importeer(
        'PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\r\n' +
          '3511AB;1;BU03440001;WK034400;344\r\n' +
          '3511 A;1;BU03440001;WK034400;344\r\n' +
          '3511AB;;BU03440001;WK034400;344\r\n' +
          '3511AB;2;BU03440001;WK034400;GM03440\r\n' +
          '3511AB;3\r\n',
      );
      expect(fout.statusCode).toBe(400);
      expect(fout.json().title).toBe('Het bestand bevat 4 fouten; er is niets geïmporteerd.');
      expect(fout.json().details.fouten).toEqual([
        { regel: 3, reden: 'PC6 moet een postcode zijn als 3511AB' },
        { regel: 4, reden: 'Huisnummer moet een getal van 1 tot en met 99999 zijn' },
        { regel: 5, reden: 'Gemeente moet een CBS-gemeentenummer zijn (bijvoorbeeld 344)' },
        { regel: 6, reden: 'Gemeente moet een CBS-gemeentenummer zijn (bijvoorbeeld 344)' },
      ]);
      // A municipality number the platform does not know: import that year's municipalities first.
      const onbekend = await importeer('PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\n3511AB;1;B;W;9998\n');
      expect(onbekend.statusCode).toBe(400);
      expect(onbekend.json().title).toContain('Onbekende gemeentecodes: GM9998. Importeer eerst de gemeenten');
      const kop = await importeer('PC6;Buurt2024;Wijk2024;Gemeente2024\n3511AB;B;W;344\n');
      expect(kop.statusCode).toBe(400);
      expect(kop.json().title).toContain("de kolom 'Huisnummer' ontbreekt");
      const leeg = await importeer('PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\r\n');
      expect(leeg.json().title).toBe('Het bestand bevat geen adressen; er is niets geïmporteerd.');
      const vreemd = await importeer('postcode4;gemeente\n3511;GM0344\n');
      expect(vreemd.statusCode).toBe(400);
      expect(vreemd.json().title).toContain('Gemeente<jaar>');
      expect(await tabellen()).toEqual(voor);
    });

    it('the first 1,000 bad rows are reported, all are counted', async () => {
      const rijen = Array.from({ length: 1500 }, (_, i) => `3511AB;${i + 1};B;W;nul`).join('\n');
      const r = await importeer(`PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\n${rijen}\n`);
      expect(r.statusCode).toBe(400);
      expect(r.json().title).toBe('Het bestand bevat 1500 fouten; er is niets geïmporteerd.');
      expect(r.json().details.fouten).toHaveLength(1000);
    });

    it('only the operator: a municipality and a signal partner get 403', async () => {
      for (const type of ['gemeente', 'signaalpartner'] as const) {
        const org = await t.organisatie(`Andere ${type}`, type);
        expect((await importeer(KLEIN, org)).statusCode).toBe(403);
      }
    });

    it('CLI: postcodes importeren reads the CBS file from disk (as a stream) with the same result', async () => {
      await importeer('pc4;gemeentecode\n3511;GM0344\n');
      let uitvoer = '';
      let code: number | null = null;
      await t.herstart({}, async () => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'src/cli/index.ts', 'postcodes', 'importeren', BESTAND],
          {
            env: {
              ...process.env,
              DATABASE_URL: t.config.DATABASE_URL ?? '',
              DATA_DIR: t.config.DATA_DIR,
              PSEUDONIEM_SLEUTELS: TEST_SLEUTELS,
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        child.stdout.on('data', (d) => (uitvoer += d));
        child.stderr.on('data', (d) => (uitvoer += d));
        code = await new Promise<number | null>((resolve, reject) => {
          child.on('exit', resolve);
          child.on('error', reject);
        });
      });
      expect(uitvoer).toContain('CBS-bestand: 287 adressen, 4 PC4');
      expect(uitvoer).toContain("16 uitzonderingen voor de 2 PC4's in meer dan één gemeente: 4062, 5383.");
      expect(code).toBe(0);
      expect((await tabellen()).uitzonderingen).toEqual(VERWACHTE_UITZONDERINGEN);
      expect(await verkeerd(adressenIn(KLEIN))).toEqual([]);
    });
  });
}
