import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { aanmelding, gemeenteOrg, laadGemeenten, type Org } from '../helpers/fixtures/vroegsignalering.ts';
import { vandaag, plusMaanden } from '../../src/shared/datum.ts';

for (const kind of await databases()) {
  describe(`Signaalpartners en convenanten on ${kind}`, () => {
    let t: TestOmgeving;
    let utrecht: Org;
    let amsterdam: Org;
    let a: Org;
    let b: Org;
    let conv: Array<{ id: string; gemeentecode: string; status: string }>;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadGemeenten(t, ['GM0344', 'GM0363']);
      utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
      amsterdam = await gemeenteOrg(t, 'Gemeente Amsterdam', 'GM0363');
      a = await t.organisatie('Energie A', 'signaalpartner');
      b = await t.organisatie('Water B', 'signaalpartner');
    });
    afterAll(async () => t?.sluit());

    const post = (url: string, org: Org, payload: object = {}) =>
      t.app.inject({ method: 'POST', url, headers: org.headers, payload });
    const get = (url: string, org: Org) => t.app.inject({ method: 'GET', url, headers: org.headers });

    it('registration creates one agreement per municipality, te-ondertekenen', async () => {
      const r = await post(
        '/api/partners/aanmelding',
        a,
        aanmelding(['GM0344', 'GM0363'], { contactpersoon: { naam: 'C. Geheim', email: 'c@a.example', delen: false } }),
      );
      expect(r.statusCode).toBe(201);
      conv = r.json().convenanten;
      expect(conv.map((c) => [c.gemeentecode, c.status]).sort()).toEqual([
        ['GM0344', 'te-ondertekenen'],
        ['GM0363', 'te-ondertekenen'],
      ]);
      expect(r.json().aanmelding).toMatchObject({
        type: 'Energie',
        sectoren: ['energie'],
        rol: 'eigen-beheer',
        adHoc: false,
      });
      expect((await post('/api/partners/aanmelding', a, aanmelding(['GM0344']))).statusCode).toBe(409);
    });

    it('refuses a sector that does not fit the DDAS partner type, unknown municipalities and extra fields', async () => {
      expect(
        (await post('/api/partners/aanmelding', b, aanmelding(['GM0344'], { type: 'Water', sectoren: ['energie'] })))
          .statusCode,
      ).toBe(400);
      expect(
        (await post('/api/partners/aanmelding', b, aanmelding(['GM9999'], { type: 'Water', sectoren: ['drinkwater'] })))
          .statusCode,
      ).toBe(400);
      expect(
        (
          await post('/api/partners/aanmelding', b, {
            ...aanmelding(['GM0344'], { type: 'Water', sectoren: ['drinkwater'] }),
            kvk: '1',
          })
        ).statusCode,
      ).toBe(400);
      expect(
        (await post('/api/partners/aanmelding', b, aanmelding(['GM0344'], { type: 'Water', sectoren: ['drinkwater'] })))
          .statusCode,
      ).toBe(201);
    });

    it('the partner cannot sign before the municipality made it ready', async () => {
      const c = conv.find((x) => x.gemeentecode === 'GM0344')!;
      const r = await post(`/api/partners/convenanten/${c.id}/ondertekenen`, a, { akkoord: true });
      expect(r.statusCode).toBe(409);
      expect(r.json().title).toContain('nog niet klaargezet');
    });

    it('another municipality cannot make the agreement ready (404), the own one can', async () => {
      const c = conv.find((x) => x.gemeentecode === 'GM0344')!;
      expect((await post(`/api/partners/convenanten/${c.id}/gereed`, amsterdam)).statusCode).toBe(404);
      expect((await post(`/api/partners/convenanten/${c.id}/gereed`, a)).statusCode).toBe(403);
      const r = await post(`/api/partners/convenanten/${c.id}/gereed`, utrecht, { looptijdMaanden: 24 });
      expect(r.json()).toEqual({ id: c.id, status: 'gereed' });
      expect((await post(`/api/partners/convenanten/${c.id}/gereed`, utrecht)).statusCode).toBe(409);
    });

    it('another partner cannot sign it (404); the partner signs with date and end date', async () => {
      const c = conv.find((x) => x.gemeentecode === 'GM0344')!;
      expect((await post(`/api/partners/convenanten/${c.id}/ondertekenen`, b, { akkoord: true })).statusCode).toBe(404);
      expect((await post(`/api/partners/convenanten/${c.id}/ondertekenen`, a, { akkoord: false })).statusCode).toBe(
        400,
      );
      const r = await post(`/api/partners/convenanten/${c.id}/ondertekenen`, a, { akkoord: true });
      expect(r.json()).toEqual({
        id: c.id,
        status: 'ondertekend',
        ondertekendOp: vandaag(),
        einddatum: plusMaanden(vandaag(), 24),
      });
      expect((await post(`/api/partners/convenanten/${c.id}/ondertekenen`, a, { akkoord: true })).statusCode).toBe(409);
    });

    it('each side sees only its own agreements; the contact only when the partner allows it', async () => {
      const vanA = (await get('/api/partners/convenanten', a)).json();
      expect(vanA).toHaveLength(2);
      expect(vanA[0].contactpersoon).toEqual({ naam: 'C. Geheim', email: 'c@a.example' });
      const vanUtrecht = (await get('/api/partners/convenanten', utrecht)).json() as Array<{
        partner: string;
        status: string;
        ondertekendDoor: string | null;
        contactpersoon: unknown;
      }>;
      expect(vanUtrecht.map((c) => c.partner).sort()).toEqual(['Energie A', 'Water B']);
      const metA = vanUtrecht.find((c) => c.partner === 'Energie A')!;
      expect(metA).toMatchObject({ status: 'ondertekend', ondertekendDoor: 'T. Ekenaar', contactpersoon: null });
      expect(vanUtrecht.find((c) => c.partner === 'Water B')!.contactpersoon).toEqual({
        naam: 'C. Ontact',
        email: 'vs@partner.example',
      });
      const vanAmsterdam = (await get('/api/partners/convenanten', amsterdam)).json();
      expect(vanAmsterdam.map((c: { partner: string }) => c.partner)).toEqual(['Energie A']);
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('onderwerp')
        .where('actie', '=', 'convenant.lezen')
        .execute();
      expect(audit.length).toBeGreaterThan(0);
    });

    it('mandates are for property managers only; a manager records and ends them', async () => {
      expect((await get('/api/partners/opdrachtgevers', a)).statusCode).toBe(409);
      const vgm = await t.organisatie('Vastgoedbeheer C', 'signaalpartner');
      expect(
        (
          await post(
            '/api/partners/aanmelding',
            vgm,
            aanmelding(['GM0344'], { type: 'Huur', sectoren: ['huur'], rol: 'vastgoedmanager' }),
          )
        ).statusCode,
      ).toBe(201);
      const o = await post('/api/partners/opdrachtgevers', vgm, { naam: 'Belegger B.V.' });
      expect(o.statusCode).toBe(201);
      expect((await get('/api/partners/opdrachtgevers', vgm)).json()).toEqual([
        { id: o.json().id, naam: 'Belegger B.V.', mandaatTot: null },
      ]);
      expect(
        (
          await t.app.inject({
            method: 'DELETE',
            url: `/api/partners/opdrachtgevers/${o.json().id}`,
            headers: b.headers,
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await t.app.inject({
            method: 'DELETE',
            url: `/api/partners/opdrachtgevers/${o.json().id}`,
            headers: vgm.headers,
          })
        ).statusCode,
      ).toBe(204);
      expect((await get('/api/partners/opdrachtgevers', vgm)).json()[0].mandaatTot < vandaag()).toBe(true);
    });

    it('a municipality cannot register as partner', async () => {
      expect((await post('/api/partners/aanmelding', utrecht, aanmelding(['GM0344']))).statusCode).toBe(403);
    });
  });
}
