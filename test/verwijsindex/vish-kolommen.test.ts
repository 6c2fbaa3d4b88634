import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { VISH_KOLOMMEN } from '../../src/modules/verwijsindex/validatie.ts';

const A = '111222333';

// A VISH delivery accepts the column titles organisations' own systems export; a refusal lists every accepted title.
for (const kind of await databases()) {
  describe(`VISH delivery column names on ${kind}`, () => {
    let t: TestOmgeving;
    let kb: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    let dw: typeof kb;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      kb = await t.organisatie('Kredietbank', 'schuldhulpverlener');
      dw = await t.organisatie('Deurwaarder', 'gerechtsdeurwaarder');
    });
    afterAll(async () => t?.sluit());

    const lever = (kop: string, rij: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen',
        headers: { ...kb.headers, 'content-type': 'text/csv' },
        payload: `${kop}\r\n${rij}\r\n`,
      });

    for (const [kop, naam] of [
      ['BSN;Naam hulpverlener;Telefoonnummer hulpverlener', 'Naam hulpverlener'],
      ['Burgerservicenummer;Hulpverlener;Tel', 'Hulpverlener'],
      ['BSN cliënt;Contactpersoon;E-mailadres hulpverlener', 'Contactpersoon'],
      ['bsn;naam_behandelaar;telefoon', 'naam_behandelaar'],
    ] as const) {
      it(`accepts "${naam}" as the contact column (${kop})`, async () => {
        const contact = kop.includes('E-mail') ? 'team@kb.example' : '030 123 45 67';
        const r = await lever(kop, `${A};Team ${naam};${contact}`);
        expect(r.statusCode, r.body).toBe(201);
        const c = await t.app.inject({
          method: 'POST',
          url: '/api/vish/controle',
          headers: dw.headers,
          payload: { bsn: A },
        });
        expect(JSON.stringify(c.json())).toContain(`Team ${naam}`);
      });
    }

    it('an unknown column is refused with every accepted title listed', async () => {
      const r = await lever('BSN;Naam medewerker;Telefoon', `${A};Team;030 123 45 67`);
      expect(r.statusCode).toBe(400);
      const b = r.json();
      expect(b.title).toContain("Kolom 'Naam medewerker' is niet toegestaan");
      for (const n of ['Contactnaam', 'Naam hulpverlener', 'Hulpverlener', 'Contactpersoon', 'Burgerservicenummer'])
        expect(b.title).toContain(`'${n}'`);
      expect(b.details.toegestaan.Contactnaam).toEqual(VISH_KOLOMMEN.contactnaam);
      expect(r.body).not.toContain(A);
    });

    it('a missing required column names its accepted titles', async () => {
      const r = await lever('BSN;Telefoon', `${A};030 123 45 67`);
      expect(r.statusCode).toBe(400);
      expect(r.json().title).toMatch(
        /De verplichte kolom 'Contactnaam' \(of: 'Contactpersoon', .*'Naam hulpverlener'.*\) ontbreekt\./,
      );
    });
  });
}
