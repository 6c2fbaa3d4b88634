import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { bsns, controle, laadDemoPostcodes, maak, traject, type Org } from '../helpers/fixtures/trajecten.ts';

const [A, B] = bsns(51_000_000, 2) as [string, string];
const TOELATING = {
  intake: { startdatum: '2026-01-12', beschikkingssoort: 'Toelatingsbeschikking', beschikkingsdatum: '2026-01-30' },
};

for (const kind of await databases()) {
  describe(`VISH feed from trajectories, one person twice, on ${kind}`, () => {
    let t: TestOmgeving;
    let kb: Org;
    let dw: Org;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadDemoPostcodes(t);
      kb = await t.organisatie('Kredietbank Dubbel', 'schuldhulpverlener');
      dw = await t.organisatie('Deurwaarder Dubbel', 'gerechtsdeurwaarder');
    });
    afterAll(async () => t?.sluit());

    it('two trajectories of one person give one row: the second is skipped, not a rejected delivery', async () => {
      await maak(t, kb, traject(A, { ddas: TOELATING }));
      await maak(t, kb, traject(A, { ddas: TOELATING, consulent: { naam: 'T. Wee', email: 'twee@kb.example' } }));
      await maak(t, kb, traject(B, { ddas: TOELATING }));
      const r = await t.app.inject({ method: 'POST', url: '/api/trajecten/vish/uitvoeren', headers: kb.headers });
      expect(r.json()).toMatchObject({ resultaat: 'geleverd', aantal: 2, overgeslagen: 1 });
      const a = await controle(t, dw, A);
      expect(a.contacten).toHaveLength(1);
      expect(a.contacten[0]).toMatchObject({ organisatie: 'Kredietbank Dubbel' });
      expect((await controle(t, dw, B)).match).toBe(true);
    });
  });
}
