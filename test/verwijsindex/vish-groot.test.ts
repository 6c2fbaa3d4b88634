import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { bsnFromSeed } from '../../src/shared/bsn.ts';
import { actieveLeveringen, laadSet } from '../../src/modules/verwijsindex/store.ts';

const csv = (rows: string[][]) =>
  ['BSN;Contactnaam;Telefoon;E-mail;Fase;Startdatum', ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n';
const rij = (bsn: string) => [
  bsn,
  'Kredietbank, team schuldhulp',
  '030 123 45 67',
  'team@kb.example',
  'stabilisatie',
  '2026-09-01',
];

for (const kind of await databases()) {
  describe(`A large VISH delivery on ${kind}`, () => {
    let t: TestOmgeving;
    let kb: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    let dw: typeof kb;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      kb = await t.organisatie('Kredietbank', 'schuldhulpverlener');
      dw = await t.organisatie('Deurwaarder', 'gerechtsdeurwaarder');
    });
    afterAll(async () => t?.sluit());

    const lever = (org: typeof kb, body: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen',
        headers: { ...org.headers, 'content-type': 'text/csv' },
        payload: body,
      });
    const check = async (bsn: string) => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vish/controle',
        headers: dw.headers,
        payload: { bsn },
      });
      return { status: r.statusCode, body: r.json() };
    };

    it('a list of 12,000 rows: a person twice far apart is found, the errors come in file order', async () => {
      // 12,000 persons in blocks of 5,000: row 11,002 repeats row 2's person, row 6,002 has a bad BSN.
      const personen: string[] = [];
      for (let seed = 500_000; personen.length < 12_000; seed++) {
        const b = bsnFromSeed(seed);
        if (b) personen.push(b);
      }
      personen[11_000] = personen[0]!;
      personen[6000] = '111222334';
      const r = await lever(kb, csv(personen.map((b) => rij(b))));
      expect(r.statusCode).toBe(422);
      const fouten = r.json().details.fouten as Array<{ regel: number; veld: string; reden: string }>;
      expect(fouten).toEqual([
        { regel: 6002, veld: 'bsn', reden: 'BSN voldoet niet aan de elfproef' },
        { regel: 11_002, veld: 'bsn', reden: 'Deze persoon staat meer dan eens in het bestand' },
      ]);
      // The same list without those two rows is taken whole: every person is found.
      const goed = personen.filter((_, i) => i !== 11_000 && i !== 6000);
      expect((await lever(kb, csv(goed.map((b) => rij(b))))).json().regelsGeaccepteerd).toBe(11_998);
      for (const i of [0, 4999, 5000, 5001, 9999, 11_997]) expect((await check(goed[i]!)).body.match).toBe(true);
    });
    it('a set loaded from the database (a restart, another node) gives every person their own contact', async () => {
      const personen = [bsnFromSeed(11)!, bsnFromSeed(12)!, bsnFromSeed(13)!].filter(Boolean);
      const regels = personen.map((b, i) => [
        b,
        `Team ${i}`,
        `030 000 00 0${i}`,
        `t${i}@kb.example`,
        'stabilisatie',
        '2026-09-01',
      ]);
      expect((await lever(kb, csv(regels))).statusCode).toBe(201);
      const l = (await actieveLeveringen(t.ctx.db.kysely)).find((x) => x.organisatie_id === kb.id)!;
      const set = await laadSet(t.ctx.db.kysely, l);
      expect(set.personen.size).toBe(personen.length);
      personen.forEach((b, i) => {
        const nr = set.personen.get(t.ctx.pseudo.pseudoniem(b, l.sleutel_id));
        expect(set.contacten[nr!]).toEqual({
          naam: `Team ${i}`,
          telefoon: `030 000 00 0${i}`,
          email: `t${i}@kb.example`,
        });
      });
      expect(set.personen.get(t.ctx.pseudo.pseudoniem(bsnFromSeed(14) ?? '123456782', l.sleutel_id))).toBeUndefined();
    });
  });
}
