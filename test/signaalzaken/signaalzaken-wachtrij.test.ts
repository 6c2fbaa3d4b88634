import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { lever, opzet, rij, sessie, vraag, zaakVan, type Opzet } from '../helpers/signaalzaken-opzet.ts';
import { vandaag } from '../../src/shared/datum.ts';
import { plusDagen } from '../../src/shared/werkdagen.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';

interface Rij {
  id: string;
  naam: string | null;
  straatnaam: string | null;
  woonplaats: string | null;
  bedragAchterstand: number;
  dagenOver: number;
  behandelaarNaam: string | null;
  sectoren: string[];
}
interface Antwoord {
  totaal: number;
  zaken: Rij[];
}

for (const kind of await databases()) {
  describe(`Signaalzaken: the queue's search, filters, sorting and paging on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    // One session per person: a TOTP code is accepted once.
    let medewerker: Awaited<ReturnType<typeof sessie>>;
    let collega: Awaited<ReturnType<typeof sessie>>;
    let coordinator: Awaited<ReturnType<typeof sessie>>;
    const lijst = async (query: string, wie: Parameters<typeof vraag>[1] = medewerker) => {
      const r = await vraag(t, wie, 'GET', `/api/signaalzaken/zaken?${query}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as Antwoord;
    };
    const namen = (a: Antwoord) => a.zaken.map((z) => z.naam);

    beforeAll(async () => {
      t = await testOmgeving(kind);
      o = await opzet(t);
      await lever(t, o.energie, [
        rij('Aalbers', '3512AA', '1', { bedrag: '100,00' }),
        rij('Bakker', '3513BB', '2', { bedrag: '900,00' }),
        rij('Molenaar', '1012AB', '3'), // Amsterdam: never in Utrecht's queue
      ]);
      await lever(t, o.water, [rij('Zwart', '3514CC', '4', { bedrag: '250,00' })]);
      medewerker = await sessie(t, o.medewerker);
      collega = await sessie(t, o.collega);
      coordinator = await sessie(t, o.coordinator);
    });
    afterAll(async () => t?.sluit());

    it('shows name, street, amount, sector and days left, and counts all matching cases for paging', async () => {
      const alle = await lijst('limit=500');
      expect(alle.totaal).toBe(3);
      const bakker = alle.zaken.find((z) => z.naam === 'Bakker')!;
      expect(bakker).toMatchObject({
        straatnaam: 'Straat',
        woonplaats: 'Plaats',
        bedragAchterstand: 900,
        sectoren: ['energie'],
        behandelaarNaam: null,
      });
      expect(bakker.dagenOver).toBe(28);
      // Pages of 2: the total tells there is more; pages never overlap.
      const p1 = await lijst('limit=2&offset=0');
      const p2 = await lijst('limit=2&offset=2');
      expect([p1.totaal, p1.zaken.length, p2.zaken.length]).toEqual([3, 2, 1]);
      expect(new Set([...p1.zaken, ...p2.zaken].map((z) => z.id)).size).toBe(3);
    });

    it('searches surname, street or postcode (any case, spaces ignored), only within the own municipality', async () => {
      expect(namen(await lijst('zoek=bak'))).toEqual(['Bakker']);
      expect(namen(await lijst(`zoek=${encodeURIComponent('3513 bb')}`))).toEqual(['Bakker']);
      expect((await lijst('zoek=molenaar')).totaal).toBe(0);
      expect((await lijst('zoek=%25')).totaal).toBe(0); // a wildcard is a literal character
    });

    it('sorts on name, amount and deadline, both ways', async () => {
      expect(namen(await lijst('sorteer=naam'))).toEqual(['Aalbers', 'Bakker', 'Zwart']);
      expect(namen(await lijst('sorteer=naam&aflopend=true'))).toEqual(['Zwart', 'Bakker', 'Aalbers']);
      expect(namen(await lijst('sorteer=bedrag&aflopend=true'))).toEqual(['Bakker', 'Zwart', 'Aalbers']);
      expect((await vraag(t, medewerker, 'GET', '/api/signaalzaken/zaken?sorteer=bsn')).statusCode).toBe(400);
    });

    it('filters on sector, owner ("mine", unassigned), crisis and deadline (the count cards)', async () => {
      expect(namen(await lijst('sector=drinkwater'))).toEqual(['Zwart']);
      // An unknown sector is an error with the field named, not an empty list that looks like "no cases".
      const onbekend = await vraag(t, medewerker, 'GET', '/api/signaalzaken/zaken?sector=water');
      expect(onbekend.statusCode).toBe(400);
      expect(onbekend.body).toContain('sector');
      const bakker = await zaakVan(t, '3513BB|2|');
      expect((await vraag(t, medewerker, 'POST', `/api/signaalzaken/zaken/${bakker.id}/oppakken`, {})).statusCode).toBe(
        200,
      );
      const mijn = await lijst('behandelaar=ik');
      expect(namen(mijn)).toEqual(['Bakker']);
      expect(mijn.zaken[0]!.behandelaarNaam).toBe('Test gemeente-medewerker');
      expect(namen(await lijst('behandelaar=niemand&sorteer=naam'))).toEqual(['Aalbers', 'Zwart']);
      expect((await lijst('behandelaar=ik', collega)).totaal).toBe(0);
      expect((await vraag(t, medewerker, 'GET', '/api/signaalzaken/zaken?behandelaar=iemand')).statusCode).toBe(400);

      // Zwart is overdue, Aalbers due today: the cards "te laat" and "vandaag" narrow the list to exactly those.
      const zwart = await zaakVan(t, '3514CC|4|');
      const aalbers = await zaakVan(t, '3512AA|1|');
      await t.ctx.db.kysely
        .updateTable('vroegsignaalzaken')
        .set({ deadline: plusDagen(vandaag(), -2) })
        .where('id', '=', zwart.id)
        .execute();
      await t.ctx.db.kysely
        .updateTable('vroegsignaalzaken')
        .set({ deadline: vandaag(), crisis: true })
        .where('id', '=', aalbers.id)
        .execute();
      expect(namen(await lijst('termijn=te-laat'))).toEqual(['Zwart']);
      expect(namen(await lijst('termijn=vandaag'))).toEqual(['Aalbers']);
      expect(namen(await lijst('termijn=binnen-3-dagen'))).toEqual(['Aalbers']);
      expect(namen(await lijst('crisis=true'))).toEqual(['Aalbers']);
      expect((await lijst('termijn=te-laat')).zaken[0]!.dagenOver).toBe(-2);
      // The default order: deadline first.
      expect(namen(await lijst(''))).toEqual(['Zwart', 'Aalbers', 'Bakker']);
    });

    it('assigns a case: a coordinator to any colleague, a worker only to themselves; the timeline names who', async () => {
      const zwart = await zaakVan(t, '3514CC|4|');
      const url = `/api/signaalzaken/zaken/${zwart.id}`;
      // A worker cannot hand a case to a colleague.
      expect((await vraag(t, medewerker, 'POST', `${url}/toewijzen`, { behandelaarId: o.collega.id })).statusCode).toBe(
        403,
      );
      // Someone of another organisation cannot be the owner.
      expect(
        (await vraag(t, coordinator, 'POST', `${url}/toewijzen`, { behandelaarId: o.consulent.id })).statusCode,
      ).toBe(400);
      // Nor someone of the own municipality who does not work cases (its privacy officer).
      const fg = await t.ctx.accounts.maakGebruiker(SYSTEEM, {
        organisatieId: o.utrecht.id,
        email: 'fg@utrecht.test',
        naam: 'Functionaris Utrecht',
        rol: 'functionaris-gegevensbescherming',
      });
      const nietBehandelaar = await vraag(t, coordinator, 'POST', `${url}/toewijzen`, { behandelaarId: fg.id });
      expect(nietBehandelaar.statusCode).toBe(400);
      expect(nietBehandelaar.json().title).toContain('zaken behandelt');
      const r = await vraag(t, coordinator, 'POST', `${url}/toewijzen`, { behandelaarId: o.collega.id });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().status).toBe('nieuw'); // assigning is not picking up
      expect(namen(await lijst('behandelaar=ik', collega))).toEqual(['Zwart']);
      // A worker takes it over for themselves.
      expect(
        (await vraag(t, medewerker, 'POST', `${url}/toewijzen`, { behandelaarId: o.medewerker.id })).statusCode,
      ).toBe(200);
      const zaak = (await vraag(t, medewerker, 'GET', url)).json();
      expect(zaak.behandelaarNaam).toBe('Test gemeente-medewerker');
      const toewijzingen = zaak.historie.filter((h: { gebeurtenis: string }) => h.gebeurtenis === 'toegewezen');
      const wie = toewijzingen.map((h: { actorNaam: string; details: { behandelaarNaam: string } }) => [
        h.actorNaam,
        h.details.behandelaarNaam,
      ]);
      expect(wie).toEqual([
        ['Test gemeente-coordinator', 'Test gemeente-medewerker'],
        ['Test gemeente-medewerker', 'Test gemeente-medewerker'],
      ]);
    });

    it('pages through more than 500 cases: the total counts them all and the last page is reachable', async () => {
      await lever(
        t,
        o.energie,
        Array.from({ length: 620 }, (_, i) => rij(`Veel${String(i).padStart(3, '0')}`, '3515AA', String(i + 1))),
      );
      const eerste = await lijst('zoek=veel&sorteer=naam&limit=500');
      expect([eerste.totaal, eerste.zaken.length]).toEqual([620, 500]);
      const laatste = await lijst('zoek=veel&sorteer=naam&limit=500&offset=500');
      expect(laatste.zaken.map((z) => z.naam)).toHaveLength(120);
      expect(laatste.zaken.at(-1)!.naam).toBe('Veel619');
    });

    it('keeps notes in the timeline with the writer; a BSN in a note is refused', async () => {
      const bakker = await zaakVan(t, '3513BB|2|');
      const url = `/api/signaalzaken/zaken/${bakker.id}`;
      const r = await vraag(t, medewerker, 'POST', `${url}/notities`, {
        tekst: 'Voicemail ingesproken; morgen opnieuw.',
      });
      expect(r.statusCode, r.body).toBe(201);
      const bsn = await vraag(t, medewerker, 'POST', `${url}/notities`, { tekst: 'BSN 111 222 333 gevonden' });
      expect(bsn.statusCode).toBe(400);
      expect(bsn.json().title).toContain('BSN');
      expect((await vraag(t, medewerker, 'POST', `${url}/notities`, { tekst: '   ' })).statusCode).toBe(400);
      const zaak = (await vraag(t, medewerker, 'GET', url)).json();
      const notities = zaak.historie.filter((h: { gebeurtenis: string }) => h.gebeurtenis === 'notitie');
      expect(notities).toHaveLength(1);
      expect(notities[0]).toMatchObject({
        actorNaam: 'Test gemeente-medewerker',
        details: { tekst: 'Voicemail ingesproken; morgen opnieuw.' },
      });
    });
  });
}
