import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { gemeenteOrg, laadGemeenten, type Org } from '../helpers/fixtures/vroegsignalering.ts';
import {
  importeerPostcodes,
  routeer,
  REDEN_POSTCODE_ONBEKEND,
  REDEN_TWEE_GEMEENTEN,
} from '../../src/modules/gemeenten/gemeenten.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';

for (const kind of await databases()) {
  describe(`Gemeenten en postcodes on ${kind}`, () => {
    let t: TestOmgeving;
    let beheer: Org;
    let utrecht: Org;
    let partner: Org;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      const r = await laadGemeenten(t);
      expect(r).toMatchObject({ rijen: 4092, pc4: 4072 });
      expect(r.gesplitst).toHaveLength(20);
      expect(r.gesplitst).toContain('4062');
      beheer = await t.organisatie('Beheer', 'beheerder');
      utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
      partner = await t.organisatie('Energie BV', 'signaalpartner');
    });
    afterAll(async () => t?.sluit());

    const route = (postcode: string, huisnummer = '1', org = partner) =>
      t.app.inject({
        method: 'GET',
        url: `/api/gemeenten/route?postcode=${encodeURIComponent(postcode)}&huisnummer=${huisnummer}`,
        headers: org.headers,
      });

    it('imports the real CBS files: 342 municipalities, spot checks route right', async () => {
      const n = await t.ctx.db.kysely
        .selectFrom('gemeenten')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      expect(n.n).toBe(342);
      const r = await routeer(t.ctx.db.kysely, [
        { pc6: '3511AB', huisnummer: 1 },
        { pc6: '1011AA', huisnummer: 5 },
        { pc6: '2511CV', huisnummer: 2 },
        { pc6: '1381AB', huisnummer: 3 },
      ]);
      expect(r.map((x) => x.gemeentecode)).toEqual(['GM0344', 'GM0363', 'GM0518', 'GM0363']);
    });

    it('a PC4 in two municipalities is not routed, unknown PC4 neither', async () => {
      const [split, onbekend] = await routeer(t.ctx.db.kysely, [
        { pc6: '4062AB', huisnummer: 1 },
        { pc6: '1000AA', huisnummer: 1 },
      ]);
      expect(split).toEqual({ reden: REDEN_TWEE_GEMEENTEN, kandidaten: ['GM0281', 'GM1960'] });
      expect(onbekend).toEqual({ reden: REDEN_POSTCODE_ONBEKEND });
      const h = await route('4062 AB');
      expect(h.json()).toMatchObject({ gemeentecode: null, reden: REDEN_TWEE_GEMEENTEN });
    });

    it('a PC6 exception resolves a split PC4; a PC6 + house number exception wins over it', async () => {
      const zet = (payload: object) =>
        t.app.inject({
          method: 'POST',
          url: '/api/gemeenten/postcode-uitzonderingen',
          headers: beheer.headers,
          payload,
        });
      expect((await zet({ postcode: '4062 ab', gemeentecode: 'GM0281' })).statusCode).toBe(201);
      expect((await zet({ postcode: '4062AB', huisnummer: 7, gemeentecode: 'GM1960' })).statusCode).toBe(201);
      expect((await route('4062AB', '1')).json()).toMatchObject({
        gemeentecode: 'GM0281',
        gemeentenaam: 'Tiel',
        reden: null,
      });
      expect((await route('4062AB', '7')).json()).toMatchObject({
        gemeentecode: 'GM1960',
        gemeentenaam: 'West Betuwe',
      });
      expect((await route('4062AC', '7')).json()).toMatchObject({ gemeentecode: null, reden: REDEN_TWEE_GEMEENTEN });
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/gemeenten/postcode-uitzonderingen',
        headers: utrecht.headers,
        payload: { postcode: '4062AB', gemeentecode: 'GM0344' },
      });
      expect(r.statusCode).toBe(403);
    });

    it('invalid postcodes are refused by the route lookup', async () => {
      for (const pc of ['0123AB', '1234SA', '1234SD', '1234SS', '12345A', 'ABCD12'])
        expect((await route(pc)).statusCode).toBe(400);
    });

    it("a municipality switches its own participation; not another one's; a partner not at all", async () => {
      const put = (code: string, org: Org, doetMee = true) =>
        t.app.inject({
          method: 'PUT',
          url: `/api/gemeenten/${code}/deelname`,
          headers: org.headers,
          payload: { doetMee },
        });
      expect((await put('GM0344', utrecht)).statusCode).toBe(200);
      expect((await put('GM0363', utrecht)).statusCode).toBe(404);
      expect((await put('GM0344', partner)).statusCode).toBe(403);
      // The operator: only once an organisation with an active user handles Amsterdam's signals.
      expect((await put('GM0363', beheer)).json().code).toBe('geen_behandelaar');
      const amsterdam = await gemeenteOrg(t, 'Gemeente Amsterdam', 'GM0363');
      await t.ctx.accounts.maakGebruiker(SYSTEEM, {
        organisatieId: amsterdam.id,
        email: 'medewerker@amsterdam.test',
        naam: 'Test medewerker',
        rol: 'gemeente-medewerker',
      });
      expect((await put('GM0363', beheer)).statusCode).toBe(200);
      const lijst = (
        await t.app.inject({ method: 'GET', url: '/api/gemeenten', headers: partner.headers })
      ).json() as Array<{ gemeentecode: string; doetMeeVroegsignalering: boolean }>;
      expect(
        lijst
          .filter((g) => g.doetMeeVroegsignalering)
          .map((g) => g.gemeentecode)
          .sort(),
      ).toEqual(['GM0344', 'GM0363']);
      expect((await route('3511AB')).json()).toMatchObject({ gemeentecode: 'GM0344', doetMeeVroegsignalering: true });
    });

    it('a postcode file with an error imports nothing (old table stays)', async () => {
      const bad = 'pc4;gemeentecode;gemeentenaam\n3511;GM0344;Utrecht\n0999;GM0344;Utrecht\n3512;XX0344;Utrecht\n';
      await expect(importeerPostcodes(t.ctx, SYSTEEM, Readable.from([Buffer.from(bad)]))).rejects.toMatchObject({
        status: 400,
        details: {
          fouten: [
            { regel: 3, reden: expect.stringContaining('PC4') },
            { regel: 4, reden: expect.stringContaining('Gemeentecode') },
          ],
        },
      });
      const n = await t.ctx.db.kysely
        .selectFrom('postcodes_pc4')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      expect(n.n).toBe(4092);
    });
  });
}
