import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { leesReferentie } from '../../src/modules/audit/referentie.ts';
import { vandaag } from '../../src/shared/datum.ts';

const BSN = '111222333';

// The operator's readable audit log: who by name, Dutch actions and results, filters by choice, a proof reference.
for (const kind of await databases()) {
  describe(`Readable audit log on ${kind}`, () => {
    let t: TestOmgeving;
    let dw: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    let shv: typeof dw;
    let beheer: typeof dw;
    let beheerder: Awaited<ReturnType<typeof sessieVoor>>;
    let fgDw: typeof beheerder;
    let controleRef = 0;
    const lees = (s: { cookies: Record<string, string> }, q: string) =>
      t.app.inject({ method: 'GET', url: `/api/audit${q}`, cookies: s.cookies });
    type Item = {
      id: number;
      volgnr: number | null;
      actie: string;
      wie: string;
      organisatie: string | null;
      organisatie_id: string | null;
      actieTekst: string;
      resultaatTekst: string;
      resultaat: string;
    };

    beforeAll(async () => {
      t = await testOmgeving(kind);
      dw = await t.organisatie('Deurwaarder Leesbaar', 'gerechtsdeurwaarder');
      shv = await t.organisatie('Kredietbank Leesbaar', 'schuldhulpverlener');
      beheer = await t.organisatie('Beheer Leesbaar', 'beheerder');
      beheerder = await sessieVoor(t, beheer, 'beheerder');
      fgDw = await sessieVoor(t, dw, 'functionaris-gegevensbescherming');
      const lever = await t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen/json',
        headers: shv.headers,
        payload: { personen: [{ bsn: BSN, contactnaam: 'Team A', telefoon: '0301234567' }] },
      });
      expect(lever.statusCode).toBe(201);
      for (let i = 0; i < 3; i++)
        expect(
          (
            await t.app.inject({
              method: 'POST',
              url: '/api/vish/controle',
              headers: dw.headers,
              payload: { bsn: BSN },
            })
          ).statusCode,
        ).toBe(200);
      controleRef = (
        await t.ctx.audit.schrijf({
          actor: { organisatieId: dw.id, soort: 'api-sleutel', id: dw.sleutel.split('_')[1] ?? null },
          actie: 'vish.controle',
          onderwerp: 'ref-x',
          resultaat: 'geen-match',
        })
      ).volgnr;
      await t.ctx.audit.schrijf({ actor: SYSTEEM, actie: 'test.onbekend', resultaat: 'iets-anders' });
    });
    afterAll(async () => t?.sluit());

    it('names who acted, the organisation, the action and the result in Dutch; unknown codes as the code; never a BSN', async () => {
      const r = await lees(beheerder, '?aantal=500');
      expect(r.statusCode).toBe(200);
      expect(r.body).not.toContain(BSN);
      const items = r.json().items as Item[];
      const controle = items.find((i) => i.actie === 'vish.controle' && i.resultaat === 'match')!;
      expect(controle).toMatchObject({
        organisatie: 'Deurwaarder Leesbaar',
        actieTekst: 'VISH-controle',
        resultaatTekst: 'Gevonden in VISH',
      });
      expect(controle.wie).toBe('API-sleutel test'); // the key's description (the test key is called 'test')
      const onbekend = items.find((i) => i.actie === 'test.onbekend')!;
      expect(onbekend).toMatchObject({ wie: 'Systeem', actieTekst: 'test.onbekend', resultaatTekst: 'iets-anders' });
      // The operator's own reading of the log is by a person, by name.
      await lees(beheerder, '?aantal=1');
      const lezen = ((await lees(beheerder, '?actie=audit.lezen&aantal=1')).json().items as Item[])[0]!;
      expect(lezen).toMatchObject({ actieTekst: 'Auditlog ingezien', organisatie: 'Beheer Leesbaar' });
      expect(lezen.wie).toMatch(/^Gebruiker \d+$/);
    });

    it('filters by organisation, action group, result and Amsterdam days; pages with the cursor', async () => {
      const van = (q: string) => lees(beheerder, q).then((r) => r.json().items as Item[]);
      const dwItems = await van(`?organisatie=${dw.id}&aantal=500`);
      expect(dwItems.length).toBeGreaterThan(0);
      expect(dwItems.every((i) => i.organisatie_id === dw.id)).toBe(true);
      const geen = await van(`?organisatie=${dw.id}&actie=vish.&resultaat=geen-match`);
      expect(geen.map((i) => i.volgnr)).toEqual([controleRef]);
      const vandaagNl = vandaag();
      expect((await van(`?vanDag=${vandaagNl}&totDag=${vandaagNl}&aantal=500`)).length).toBeGreaterThan(0);
      const morgen = new Date(Date.parse(`${vandaagNl}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      expect(await van(`?vanDag=${morgen}`)).toEqual([]);
      const p1 = (await lees(beheerder, '?actie=vish.controle&aantal=2')).json();
      expect(p1.items).toHaveLength(2);
      const p2 = (await lees(beheerder, `?actie=vish.controle&aantal=2&voor=${p1.volgende}`)).json();
      expect(p2.items.length).toBeGreaterThan(0);
      expect(p2.items[0].id).toBeLessThan(p1.items[1].id);
    });

    it("finds an entry by its proof reference ('A-123' or '123'); refuses a reference that is none", async () => {
      for (const ref of [`A-${controleRef}`, `${controleRef}`, ` a ${controleRef} `]) {
        const r = await lees(beheerder, `?referentie=${encodeURIComponent(ref)}`);
        expect(
          (r.json().items as Item[]).map((i) => i.volgnr),
          ref,
        ).toEqual([controleRef]);
      }
      // The entry shows the same reference people type (and a proof of check prints).
      expect((await lees(beheerder, `?referentie=${controleRef}`)).json().items[0].referentie).toBe(`A-${controleRef}`);
      expect((await lees(beheerder, '?referentie=B-12')).statusCode).toBe(400);
      expect(leesReferentie('A-0')).toBeNull();
    });

    it("a privacy officer sees only the own organisation, also when asking for another's", async () => {
      const r = await lees(fgDw, `?organisatie=${shv.id}&aantal=500`);
      expect(r.statusCode).toBe(200);
      const items = r.json().items as Item[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((i) => i.organisatie_id === dw.id)).toBe(true);
    });

    it('lists the Dutch labels for the filters, with the action groups', async () => {
      const r = await lees(beheerder, '/acties');
      expect(r.statusCode).toBe(200);
      expect(r.json().acties).toContainEqual({ code: 'vish.controle', label: 'VISH-controle' });
      expect(r.json().groepen).toContainEqual({ code: 'vish.', label: 'Alle VISH-acties' });
      expect((await t.app.inject({ method: 'GET', url: '/api/audit/acties', headers: dw.headers })).statusCode).toBe(
        403,
      );
    });
  });
}
