import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { gemeenteOrg, laadGemeenten, type Org } from '../helpers/fixtures/vroegsignalering.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';

/**
 * The operator switches a municipality's participation on only when an organisation with an active user handles its
 * signals; a participating municipality without one is listed for the operator's home page.
 */
for (const kind of await databases()) {
  describe(`participation needs an organisation to handle the signals on ${kind}`, () => {
    let t: TestOmgeving;
    let beheer: Org;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadGemeenten(t, ['GM0344']); // switched on directly: participating, nobody handles it
      beheer = await t.organisatie('Beheer', 'beheerder');
    });
    afterAll(async () => t?.sluit());

    const zet = (code: string, doetMee: boolean, wie: Org = beheer) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/gemeenten/${code}/deelname`,
        headers: wie.headers,
        payload: { doetMee },
      });
    const zonder = async () => {
      const r = await t.app.inject({
        method: 'GET',
        url: '/api/gemeenten/zonder-behandelaar',
        headers: beheer.headers,
      });
      expect(r.statusCode).toBe(200);
      return (r.json() as Array<{ gemeentecode: string }>).map((g) => g.gemeentecode);
    };
    const gebruiker = (org: Org, rol: 'gemeente-medewerker' | 'schuldhulpverlener', email: string) =>
      t.ctx.accounts.maakGebruiker(SYSTEEM, { organisatieId: org.id, email, naam: 'Test', rol });

    it('refused (409, Dutch reason) without any organisation; the municipality stays off', async () => {
      const r = await zet('GM0363', true);
      expect(r.statusCode).toBe(409);
      expect(r.json()).toMatchObject({ code: 'geen_behandelaar' });
      expect(r.json().title).toMatch(/geen organisatie met een actieve gebruiker/);
      const g = await t.ctx.db.kysely
        .selectFrom('gemeenten')
        .select('doet_mee_vroegsignalering')
        .where('gemeentecode', '=', 'GM0363')
        .executeTakeFirstOrThrow();
      expect(g.doet_mee_vroegsignalering).toBe(false);
      // Switching off never needs one; an unknown municipality is not found.
      expect((await zet('GM0363', false)).statusCode).toBe(200);
      expect((await zet('GM9999', true)).statusCode).toBe(404);
    });

    it('an organisation without an active user does not count; one with a user does', async () => {
      const amsterdam = await gemeenteOrg(t, 'Gemeente Amsterdam', 'GM0363');
      expect((await zet('GM0363', true)).statusCode).toBe(409);
      const u = await gebruiker(amsterdam, 'gemeente-medewerker', 'mw@amsterdam.test');
      await t.ctx.db.kysely.updateTable('gebruikers').set({ actief: false }).where('id', '=', u.id).execute();
      expect((await zet('GM0363', true)).statusCode).toBe(409);
      await t.ctx.db.kysely.updateTable('gebruikers').set({ actief: true }).where('id', '=', u.id).execute();
      expect((await zet('GM0363', true)).statusCode).toBe(200);
    });

    it('a debt-help organisation with a work area and an active user counts too', async () => {
      const kb = await t.organisatie('Kredietbank Rotterdam', 'schuldhulpverlener');
      await gebruiker(kb, 'schuldhulpverlener', 'c@kb-rotterdam.test');
      expect((await zet('GM0599', true)).statusCode).toBe(409);
      await t.ctx.db.kysely
        .insertInto('werkgebieden')
        .values({ organisatie_id: kb.id, gemeentecode: 'GM0599' })
        .execute();
      expect((await zet('GM0599', true)).statusCode).toBe(200);
    });

    it('the operator sees participating municipalities that nobody handles', async () => {
      expect(await zonder()).toEqual(['GM0344']);
      const utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
      await gebruiker(utrecht, 'gemeente-medewerker', 'mw@utrecht.test');
      expect(await zonder()).toEqual([]);
      // Only the operator may see the list.
      const r = await t.app.inject({
        method: 'GET',
        url: '/api/gemeenten/zonder-behandelaar',
        headers: utrecht.headers,
      });
      expect(r.statusCode).toBe(403);
    });
  });
}
