import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { aanmelding, partnerMetConvenanten, type Org } from '../helpers/fixtures/vroegsignalering.ts';
import { KOP, lever, opzet, rij, vraag, zaakVan, type Opzet } from '../helpers/signaalzaken-opzet.ts';
import { vandaag } from '../../src/shared/datum.ts';
import { plusDagen } from '../../src/shared/werkdagen.ts';

/**
 * One address, two partners, two surnames: the household's case joins their signals, but "help accepted" is fed back
 * only for a partner's own signal, and only when the acceptance happened after that signal arrived.
 */
for (const kind of await databases()) {
  describe(`Signaalzaken: help accepted within a household on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    let huur: Org;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      o = await opzet(t);
      huur = await t.organisatie('Woningcorporatie C', 'signaalpartner');
      await partnerMetConvenanten(
        t,
        huur,
        aanmelding(['GM0344'], {
          type: 'Huur',
          sectoren: ['huur'],
          contactpersoon: { naam: 'G. Eheim', email: 'geheim@huur.example', delen: false },
        }),
        [o.utrecht],
      );
    });
    afterAll(async () => t?.sluit());

    const doe = async (id: string, actie: string, body: object = {}) =>
      expect(
        (await vraag(t, o.utrecht, 'POST', `/api/signaalzaken/zaken/${id}/${actie}`, body)).statusCode,
      ).toBeLessThan(300);
    const eigen = async (wie: Org, klant: string) => {
      const r = await vraag(t, wie, 'GET', '/api/vroegsignalen/signalen?limit=500');
      expect(r.statusCode).toBe(200);
      return (r.json() as Array<{ klantnummer: string; status: string; hulpGeaccepteerdOp: string | null }>).find(
        (s) => s.klantnummer === klant,
      )!;
    };
    async function hulpOpHuur(huisnummer: string) {
      await lever(t, huur, [[...rij('Jansen', '3511AB', huisnummer), 'H1']], `${KOP};Klantnummer`);
      const z = (await zaakVan(t, `3511AB|${huisnummer}|`)).id;
      await doe(z, 'oppakken', { behandelaarId: o.medewerker.id });
      await doe(z, 'contactpogingen', { soort: 'Telefoon', bereikt: true });
      await doe(z, 'hulp-geaccepteerd');
      return z;
    }

    it('an energy signal for another surname delivered after help was accepted on a rent signal: no "help accepted"', async () => {
      const z = await hulpOpHuur('90');
      await lever(t, o.energie, [[...rij('Pietersen', '3511AB', '90'), 'E1']], `${KOP};Klantnummer`);
      // The energy signal joined the same household case, which has help accepted.
      const signalen = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .select(['zaak_id', 'partner_id'])
        .where('adres_sleutel', '=', '3511AB|90|')
        .execute();
      expect(signalen).toHaveLength(2);
      expect(new Set(signalen.map((s) => s.zaak_id))).toEqual(new Set([z]));

      const energie = await eigen(o.energie, 'E1');
      expect(energie).toMatchObject({ status: 'ontvangen', hulpGeaccepteerdOp: null, opschortingTot: null });
      const detail = await vraag(
        t,
        o.energie,
        'GET',
        `/api/vroegsignalen/signalen/${(energie as unknown as { id: string }).id}`,
      );
      expect(detail.json()).toMatchObject({ status: 'ontvangen', hulpGeaccepteerdOp: null });
      // The landlord, whose signal the help was accepted on, does see it with the date.
      expect(await eigen(huur, 'H1')).toMatchObject({
        status: 'hulp-geaccepteerd',
        hulpGeaccepteerdOp: vandaag(),
        opschortingTot: plusDagen(vandaag(), 30),
      });
    });

    it('a signal that was in the case before the acceptance sees it (both partners)', async () => {
      await lever(t, o.energie, [[...rij('Pietersen', '3511AB', '91'), 'E2']], `${KOP};Klantnummer`);
      await hulpOpHuur('91');
      expect(await eigen(o.energie, 'E2')).toMatchObject({
        status: 'hulp-geaccepteerd',
        hulpGeaccepteerdOp: vandaag(),
      });
      expect(await eigen(huur, 'H1')).toMatchObject({ status: 'hulp-geaccepteerd' });
    });

    it('an acceptance dated before the signal arrived does not count for it', async () => {
      await lever(t, o.energie, [[...rij('Pietersen', '3511AB', '92'), 'E3']], `${KOP};Klantnummer`);
      const z = (await zaakVan(t, '3511AB|92|')).id;
      await doe(z, 'oppakken', { behandelaarId: o.medewerker.id });
      await doe(z, 'contactpogingen', { soort: 'Telefoon', bereikt: true });
      await doe(z, 'hulp-geaccepteerd', { datum: plusDagen(vandaag(), -3) });
      expect(await eigen(o.energie, 'E3')).toMatchObject({ status: 'ontvangen', hulpGeaccepteerdOp: null });
    });

    it('the municipality sees which organisation delivered each signal, with its shared contact person only', async () => {
      await lever(t, o.energie, [[...rij('Pietersen', '3511AB', '93'), 'E4']], `${KOP};Klantnummer`);
      await lever(t, huur, [[...rij('Jansen', '3511AB', '93'), 'H4']], `${KOP};Klantnummer`);
      const z = (await zaakVan(t, '3511AB|93|')).id;
      const r = await vraag(t, o.utrecht, 'GET', `/api/signaalzaken/zaken/${z}`);
      expect(r.statusCode).toBe(200);
      const per = new Map(
        (r.json().signalen as Array<{ achternaam: string; signaalpartner: unknown }>).map((s) => [
          s.achternaam,
          s.signaalpartner,
        ]),
      );
      expect(per.get('Pietersen')).toEqual({
        organisatieId: o.energie.id,
        naam: 'Energie A',
        opdrachtgever: null,
        contactpersoon: { naam: 'C. Ontact', email: 'vs@partner.example' },
      });
      // The landlord did not agree to share its contact person: name only.
      expect(per.get('Jansen')).toEqual({
        organisatieId: huur.id,
        naam: 'Woningcorporatie C',
        opdrachtgever: null,
        contactpersoon: null,
      });
      expect(r.body).not.toContain('geheim@huur.example');
    });

    it('a case whose only signal was withdrawn is not found (404) for reading and for actions; one with a signal left stays', async () => {
      await lever(t, o.energie, [[...rij('Pietersen', '3511AB', '94'), 'E5']], `${KOP};Klantnummer`);
      const z = (await zaakVan(t, '3511AB|94|')).id;
      expect((await vraag(t, o.utrecht, 'GET', `/api/signaalzaken/zaken/${z}`)).statusCode).toBe(200);
      const e5 = (await eigen(o.energie, 'E5')) as unknown as { id: string };
      expect((await vraag(t, o.energie, 'DELETE', `/api/vroegsignalen/signalen/${e5.id}`)).statusCode).toBe(200);
      const weg = await vraag(t, o.utrecht, 'GET', `/api/signaalzaken/zaken/${z}`);
      expect(weg.statusCode).toBe(404);
      expect(weg.json()).toMatchObject({ status: 404 });
      const actie = await vraag(t, o.utrecht, 'POST', `/api/signaalzaken/zaken/${z}/oppakken`, {
        behandelaarId: o.medewerker.id,
      });
      expect(actie.statusCode).toBe(404);
      // Two signals, one withdrawn: the case is still there with the other.
      await lever(t, o.energie, [[...rij('Pietersen', '3511AB', '95'), 'E6']], `${KOP};Klantnummer`);
      await lever(t, huur, [[...rij('Jansen', '3511AB', '95'), 'H6']], `${KOP};Klantnummer`);
      const z2 = (await zaakVan(t, '3511AB|95|')).id;
      const e6 = (await eigen(o.energie, 'E6')) as unknown as { id: string };
      expect((await vraag(t, o.energie, 'DELETE', `/api/vroegsignalen/signalen/${e6.id}`)).statusCode).toBe(200);
      const over = await vraag(t, o.utrecht, 'GET', `/api/signaalzaken/zaken/${z2}`);
      expect(over.statusCode).toBe(200);
      expect(over.json().signalen).toHaveLength(1);
    });
  });
}
