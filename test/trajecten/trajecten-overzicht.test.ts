import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { bsns, laadDemoPostcodes, maak, traject, type Org } from '../helpers/fixtures/trajecten.ts';

const BSNS = bsns(41_000_000, 8);

// The counsellor's list (search, sort, status, pages) and the trajectory page (phases, VISH state, relapse signals).
for (const kind of await databases()) {
  describe(`Trajectory list and page on ${kind}`, () => {
    let t: TestOmgeving;
    let kb: Org;
    let ander: Org;
    const get = (org: Org, url: string) => t.app.inject({ method: 'GET', url, headers: org.headers });

    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadDemoPostcodes(t);
      kb = await t.organisatie('Kredietbank Lijst', 'schuldhulpverlener');
      ander = await t.organisatie('Schuldhulp Anders', 'schuldhulpverlener');
      const namen = ['Jansen', 'de Vries', 'Bakker', 'Visser', 'Smit'];
      for (const [i, naam] of namen.entries())
        await maak(
          t,
          kb,
          traject(BSNS[i]!, {
            externId: `D-${100 + i}`,
            achternaam: naam,
            postcode: i === 3 ? '3512 CD' : '3511 AB',
            startdatum: `2026-01-0${i + 1}`,
            consulent: { naam: i === 4 ? 'Fatima Consulent' : 'K. Consulent', telefoon: '0301234567' },
          }),
        );
      await maak(t, ander, traject(BSNS[5]!, { externId: 'X-1', achternaam: 'Jansen' }));
    });
    afterAll(async () => t?.sluit());

    it('searches by surname, case number, postcode and counsellor, within the own organisation only', async () => {
      const zoek = async (q: string) =>
        (
          (await get(kb, `/api/trajecten?zoek=${encodeURIComponent(q)}`)).json().trajecten as { externId: string }[]
        ).map((x) => x.externId);
      expect(await zoek('vries')).toEqual(['D-101']);
      expect(await zoek('jans')).toEqual(['D-100']); // the other organisation's Jansen is not found
      expect(await zoek('D-103')).toEqual(['D-103']);
      expect(await zoek('3512 c')).toEqual(['D-103']);
      expect(await zoek('fatima')).toEqual(['D-104']);
      expect(await zoek('%')).toEqual([]); // a wildcard is a character, not "everything"
    });

    it('sorts and pages server-side with the total', async () => {
      const r = await get(kb, '/api/trajecten?sorteer=achternaam&perPagina=2&pagina=1');
      expect(r.json().totaal).toBe(5);
      expect(r.json().trajecten.map((x: { achternaam: string }) => x.achternaam)).toEqual(['Bakker', 'Jansen']);
      const p3 = await get(kb, '/api/trajecten?sorteer=achternaam&perPagina=2&pagina=3');
      // Dutch order: 'de Vries' is sorted under V, after Visser.
      expect(p3.json().trajecten.map((x: { achternaam: string }) => x.achternaam)).toEqual(['de Vries']);
      const af = await get(kb, '/api/trajecten?sorteer=startdatum&richting=aflopend&perPagina=1');
      expect(af.json().trajecten[0].externId).toBe('D-104');
      expect((await get(kb, '/api/trajecten?sorteer=onzin')).statusCode).toBe(400);
    });

    it('the page shows the phase history with dates, the VISH state and no BSN', async () => {
      const lijst = (await get(kb, '/api/trajecten?zoek=D-102')).json().trajecten;
      const id = lijst[0].id as string;
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/trajecten/${id}`,
        headers: kb.headers,
        payload: {
          ddas: {
            intake: {
              startdatum: '2026-01-10',
              beschikkingssoort: 'Toelatingsbeschikking',
              beschikkingsdatum: '2026-01-20',
            },
          },
        },
      });
      expect(patch.statusCode).toBe(200);
      const r = await get(kb, `/api/trajecten/${id}/overzicht`);
      expect(r.statusCode).toBe(200);
      const o = r.json();
      expect(o.traject.bsn).toBeNull();
      expect(r.body).not.toContain(BSNS[2]);
      expect(o.fasen.slice(0, 3)).toEqual([
        { fase: 'aanmelding', datum: '2026-01-03', bereikt: true, huidig: false },
        { fase: 'informatie-en-advies', datum: null, bereikt: true, huidig: false },
        { fase: 'intake', datum: '2026-01-10', bereikt: true, huidig: true },
      ]);
      expect(o.fasen[4]).toMatchObject({ fase: 'stabilisatie', bereikt: false });
      // Admitted: in the feed under the default rule, from the admission decision.
      expect(o.vish).toMatchObject({ opgenomen: true, reden: 'toegelaten', sinds: '2026-01-20' });
      expect(o.terugval).toEqual([]);
      // Not admitted: not in the feed.
      const ander1 = (await get(kb, '/api/trajecten?zoek=D-100')).json().trajecten[0].id;
      expect((await get(kb, `/api/trajecten/${ander1}/overzicht`)).json().vish).toMatchObject({
        opgenomen: false,
        reden: 'niet-toegelaten',
        sinds: null,
      });
    });

    it("another organisation's trajectory page answers 404, and the read is audited as not found", async () => {
      const eigen = (await get(kb, '/api/trajecten?zoek=D-101')).json().trajecten[0].id as string;
      const r = await get(ander, `/api/trajecten/${eigen}/overzicht`);
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('de Vries');
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['resultaat'])
        .where('actie', '=', 'traject.lezen')
        .where('onderwerp', '=', eigen)
        .where('organisatie_id', '=', ander.id)
        .execute();
      expect(audit.map((a) => a.resultaat)).toEqual(['niet-gevonden']);
    });
  });
}
