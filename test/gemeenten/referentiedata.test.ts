import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { DEMO_ORGANISATIES, laadDemoData } from '../../src/cli/demo.ts';
import { REDEN_POSTCODE_ONBEKEND, REDEN_TWEE_GEMEENTEN } from '../../src/modules/gemeenten/gemeenten.ts';

const regels = (f: string) =>
  readFileSync(new URL(`../../data/${f}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((r) => r.split(';'));

// The reference data in data/ (data/README.md) that the demo, the tests and the benchmark read.
describe('Reference data in data/', () => {
  it('the national PC4 table: 4,092 rows, 4,072 PC4s, 20 in two municipalities, all municipalities known', () => {
    const pc4 = regels('pc4-gemeente.csv');
    const gemeenten = new Map(regels('gemeenten.csv').map(([code, naam]) => [code!, naam!]));
    expect(pc4).toHaveLength(4092);
    expect(new Set(pc4.map(([p]) => p)).size).toBe(4072);
    expect(gemeenten.size).toBe(342);
    for (const [p, code, naam] of pc4) {
      expect(p).toMatch(/^[1-9][0-9]{3}$/);
      expect(gemeenten.get(code!), `${p} ${code}`).toBe(naam);
    }
    const spot = new Map(pc4.map(([p, code]) => [p, code]));
    expect(spot.get('9711')).toBe('GM0014');
    expect(spot.get('2511')).toBe('GM0518');
    expect(spot.get('1381')).toBe('GM0363');
    expect(spot.has('1000')).toBe(false);
  });
});

for (const kind of await databases()) {
  // `npm start` loads this demo: a real postcode routes as it does in production.
  describe(`Demo data (npm start) on ${kind}: the national PC4 table`, () => {
    let t: TestOmgeving;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      expect(await laadDemoData(t.ctx)).toBe(true);
    });
    afterAll(async () => t?.sluit());

    const route = async (postcode: string) => {
      const partner = DEMO_ORGANISATIES.find((o) => o.type === 'signaalpartner')!;
      const r = await t.app.inject({
        method: 'GET',
        url: `/api/gemeenten/route?postcode=${postcode}&huisnummer=1`,
        headers: { 'x-api-key': partner.sleutel },
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { gemeentecode: string | null; gemeentenaam: string | null; reden: string | null };
    };

    it('9711 routes to Groningen, 2511 to The Hague, 3511 to Utrecht, 1381 (Weesp) to Amsterdam', async () => {
      expect(await route('9711AB')).toMatchObject({ gemeentecode: 'GM0014', gemeentenaam: 'Groningen', reden: null });
      expect(await route('2511CV')).toMatchObject({ gemeentecode: 'GM0518', gemeentenaam: "'s-Gravenhage" });
      expect(await route('3511AB')).toMatchObject({ gemeentecode: 'GM0344', gemeentenaam: 'Utrecht' });
      expect(await route('1381AB')).toMatchObject({ gemeentecode: 'GM0363', gemeentenaam: 'Amsterdam' });
    });

    it('a PO-box-only PC4 is unknown; a split PC4 needs an exception', async () => {
      expect(await route('1000AA')).toMatchObject({ gemeentecode: null, reden: REDEN_POSTCODE_ONBEKEND });
      expect(await route('4062AB')).toMatchObject({ gemeentecode: null, reden: REDEN_TWEE_GEMEENTEN });
      const n = await t.ctx.db.kysely
        .selectFrom('postcodes_pc4')
        .select((e) => e.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(4092);
    });
  });
}
