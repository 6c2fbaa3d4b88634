import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';

// Malformed requests get a 4xx with a Dutch message, never a 500.
for (const kind of await databases()) {
  describe(`malformed input on ${kind}`, () => {
    let t: TestOmgeving;
    const h: Record<string, Record<string, string>> = {};
    beforeAll(async () => {
      t = await testOmgeving(kind);
      h.shv = (await t.organisatie('Kredietbank', 'schuldhulpverlener')).headers;
      h.dw = (await t.organisatie('Deurwaarder', 'gerechtsdeurwaarder')).headers;
      h.partner = (await t.organisatie('Partner', 'signaalpartner')).headers;
    });
    afterAll(async () => t?.sluit());

    it('a JSON body on a file-upload route is refused with 415', async () => {
      for (const [url, wie] of [
        ['/api/vish/leveringen', 'shv'],
        ['/api/vish/controle/batch', 'dw'],
        ['/api/trajecten/import', 'shv'],
        ['/api/vroegsignalen/intrekkingen', 'partner'],
      ] as const) {
        const r = await t.app.inject({
          method: 'POST',
          url,
          headers: { ...h[wie], 'content-type': 'application/json' },
          payload: { bsn: '111222333' },
        });
        expect([url, r.statusCode, r.json().code]).toEqual([url, 415, 'geen_bestand']);
      }
    });

    it('a token request without grant_type is a 400, not a 500', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/ddas/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'scope=ddas-vs',
      });
      expect(r.statusCode).toBe(400);
      const onbekend = await t.app.inject({
        method: 'POST',
        url: '/api/ddas/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=client_credentials&client_id=x&client_secret=y',
      });
      expect([onbekend.statusCode, onbekend.json().error]).toEqual([401, 'invalid_client']);
    });
  });
}
