import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import {
  aanmelding,
  csv,
  gemeenteOrg,
  KOP,
  laadGemeenten,
  partnerMetConvenanten,
  rij,
  type Org,
} from '../helpers/fixtures/vroegsignalering.ts';

for (const kind of await databases()) {
  describe(`Vroegsignalen intrekken on ${kind}`, () => {
    let t: TestOmgeving;
    let a: Org;
    let b: Org;
    const ids = new Map<string, string>();
    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadGemeenten(t, ['GM0344']);
      const utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
      a = await t.organisatie('Energie A', 'signaalpartner');
      b = await t.organisatie('Energie B', 'signaalpartner');
      await partnerMetConvenanten(t, a, aanmelding(['GM0344']), [utrecht]);
      await partnerMetConvenanten(t, b, aanmelding(['GM0344']), [utrecht]);
      const kop = `${KOP};Klantnummer`;
      const rows = ['K1', 'K2', 'K3', 'K4', 'K5', 'K6'].map((k, i) => [
        ...rij(`Naam${i}`, '3511AB', String(i + 1), i === 5 ? { toev: 'A' } : {}),
        k,
      ]);
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vroegsignalen/leveringen',
        headers: { ...a.headers, 'content-type': 'text/csv' },
        payload: csv(rows, kop),
      });
      expect(r.json().geaccepteerd).toBe(6);
      for (const s of await t.ctx.db.kysely.selectFrom('vroegsignalen').select(['id', 'klantnummer']).execute())
        ids.set(s.klantnummer!, s.id);
      // The municipality has picked up K2, K4 and K6 (its work queue is a later issue).
      await t.ctx.db.kysely
        .updateTable('vroegsignalen')
        .set({ status: 'in-behandeling' })
        .where('klantnummer', 'in', ['K2', 'K4', 'K6'])
        .execute();
    });
    afterAll(async () => t?.sluit());

    const intrek = (id: string, org = a) =>
      t.app.inject({ method: 'DELETE', url: `/api/vroegsignalen/signalen/${id}`, headers: org.headers });
    const status = async (k: string) =>
      (
        await t.ctx.db.kysely
          .selectFrom('vroegsignalen')
          .select('status')
          .where('klantnummer', '=', k)
          .executeTakeFirst()
      )?.status ?? 'weg';

    it('not yet picked up: deleted', async () => {
      const r = await intrek(ids.get('K1')!);
      expect(r.json()).toEqual({ id: ids.get('K1'), resultaat: 'ingetrokken' });
      expect(await status('K1')).toBe('weg');
      expect((await intrek(ids.get('K1')!)).statusCode).toBe(404);
    });

    it('being worked: the municipality is asked to stop (intrekking-gevraagd)', async () => {
      const r = await intrek(ids.get('K2')!);
      // The same answer as a deletion: the partner must not learn whether the municipality was working on it.
      expect(r.json()).toEqual({ id: ids.get('K2'), resultaat: 'ingetrokken' });
      expect(await status('K2')).toBe('intrekking-gevraagd');
      const eigen = await t.app.inject({
        method: 'GET',
        url: `/api/vroegsignalen/signalen/${ids.get('K2')}`,
        headers: a.headers,
      });
      expect(eigen.statusCode).toBe(404);
    });

    it('another partner cannot withdraw (404, nothing changes)', async () => {
      expect((await intrek(ids.get('K3')!, b)).statusCode).toBe(404);
      expect(await status('K3')).toBe('nieuw');
    });

    it('bulk by customer number', async () => {
      const body = 'Klantnummer\r\nK3\r\nK4\r\nONBEKEND\r\n';
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vroegsignalen/intrekkingen',
        headers: { ...a.headers, 'content-type': 'text/csv' },
        payload: body,
      });
      expect(r.json()).toEqual({ regels: 3, ingetrokken: 2, nietGevonden: [4], afgewezen: [] });
      expect([await status('K3'), await status('K4')]).toEqual(['weg', 'intrekking-gevraagd']);
    });

    it("bulk by postcode + house number (+ addition); another partner's signals are not found", async () => {
      const doe = (org: Org, body: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/vroegsignalen/intrekkingen',
          headers: { ...org.headers, 'content-type': 'text/csv' },
          payload: body,
        });
      const body = 'Postcode;Huisnummer;Huisnummer toevoeging\r\n3511 AB;5;\r\n3511AB;6;a\r\n3511AB;x;\r\n';
      expect((await doe(b, body)).json()).toMatchObject({ ingetrokken: 0, nietGevonden: [2, 3] });
      expect(await status('K5')).toBe('nieuw');
      expect((await doe(a, body)).json()).toEqual({
        regels: 3,
        ingetrokken: 2,
        nietGevonden: [],
        afgewezen: [{ regel: 4, reden: 'Klantnummer of een geldige postcode met huisnummer is verplicht' }],
      });
      expect([await status('K5'), await status('K6')]).toEqual(['weg', 'intrekking-gevraagd']);
      // Extra columns are refused here too.
      expect((await doe(a, 'Klantnummer;Achternaam\r\nK5;X\r\n')).statusCode).toBe(400);
    });

    it('a new report for a withdrawn address is a new signal, not a repeat', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vroegsignalen/leveringen',
        headers: { ...a.headers, 'content-type': 'text/csv' },
        payload: csv([rij('Naam1', '3511AB', '2')]),
      });
      expect(r.json()).toMatchObject({ nieuw: 1, herhaling: 0 });
    });
  });
}
