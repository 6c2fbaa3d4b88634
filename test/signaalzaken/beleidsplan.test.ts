import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { lever, opzet, rij, sessie, vraag, type Opzet } from '../helpers/signaalzaken-opzet.ts';

/** The policy plan (LCV art. 3.7) set by the municipality's administrator orders its work queue. */
for (const kind of await databases()) {
  describe(`Signaalzaken: the policy plan orders the queue on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    let coordinator: Awaited<ReturnType<typeof sessie>>;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      o = await opzet(t);
      coordinator = await sessie(t, o.coordinator);
      await lever(t, o.energie, [rij('Laag', '3511AB', '501', { bedrag: '150,00' })]);
      await lever(t, o.energie, [rij('Hoog', '3511AB', '502', { bedrag: '1.500,00' })]);
      await lever(t, o.water, [rij('Water', '3511AB', '503', { bedrag: '150,00' })]);
    });
    afterAll(async () => t?.sluit());

    const volgorde = async () =>
      ((await vraag(t, o.utrecht, 'GET', '/api/signaalzaken/zaken')).json().zaken as Array<{ huisnummer: number }>).map(
        (z) => z.huisnummer,
      );

    it('no plan: the deadline order; with a plan: amount first, then sector order, then the deadline', async () => {
      const leeg = await vraag(t, coordinator, 'GET', '/api/signaalzaken/beleidsplan');
      expect(leeg.json()).toMatchObject({ gemeentecode: 'GM0344', ingesteld: false, sectoren: [], bedragVanaf: null });
      const zonder = await volgorde();
      expect([...zonder].sort()).toEqual([501, 502, 503]);

      const r = await vraag(t, coordinator, 'PUT', '/api/signaalzaken/beleidsplan', {
        crisisEerst: true,
        sectoren: ['drinkwater', 'energie'],
        bedragVanaf: 1000,
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ ingesteld: true, sectoren: ['drinkwater', 'energie'], bedragVanaf: 1000 });
      expect(await volgorde()).toEqual([502, 503, 501]);

      // Energy before water, no amount rule: the energy cases first.
      await vraag(t, coordinator, 'PUT', '/api/signaalzaken/beleidsplan', {
        crisisEerst: true,
        sectoren: ['energie', 'drinkwater'],
        bedragVanaf: null,
      });
      const nu = await volgorde();
      expect(nu[2]).toBe(503);
      expect(nu.slice(0, 2).sort()).toEqual([501, 502]);

      // A plan that ranks nothing: back to exactly the order without a plan.
      await vraag(t, coordinator, 'PUT', '/api/signaalzaken/beleidsplan', {
        crisisEerst: false,
        sectoren: [],
        bedragVanaf: null,
      });
      expect(await volgorde()).toEqual(zonder);
    });

    it('refused: a worker, a repeated or unknown sector; only its own plan', async () => {
      const medewerker = await sessie(t, o.medewerker);
      const plan = { crisisEerst: false, sectoren: ['huur'], bedragVanaf: null };
      expect((await vraag(t, medewerker, 'PUT', '/api/signaalzaken/beleidsplan', plan)).statusCode).toBe(403);
      expect((await vraag(t, medewerker, 'GET', '/api/signaalzaken/beleidsplan')).statusCode).toBe(403);
      expect((await vraag(t, o.energie, 'GET', '/api/signaalzaken/beleidsplan')).statusCode).toBe(403);
      const dubbel = await vraag(t, coordinator, 'PUT', '/api/signaalzaken/beleidsplan', {
        ...plan,
        sectoren: ['huur', 'huur'],
      });
      expect([dubbel.statusCode, dubbel.json().title]).toEqual([400, 'Noem elke sector maar één keer.']);
      const onbekend = await vraag(t, coordinator, 'PUT', '/api/signaalzaken/beleidsplan', {
        ...plan,
        sectoren: ['gas'],
      });
      expect(onbekend.json().fouten[0].veld).toBe('sectoren[0]');
      // Amsterdam's plan is its own.
      await vraag(t, o.amsterdam, 'PUT', '/api/signaalzaken/beleidsplan', plan);
      // (Utrecht's plan, left empty by the test before, is not Amsterdam's ['huur'].)
      expect((await vraag(t, coordinator, 'GET', '/api/signaalzaken/beleidsplan')).json().sectoren).toEqual([]);
      expect((await vraag(t, o.amsterdam, 'GET', '/api/signaalzaken/beleidsplan')).json()).toMatchObject({
        gemeentecode: 'GM0363',
        sectoren: ['huur'],
      });
    });
  });
}
