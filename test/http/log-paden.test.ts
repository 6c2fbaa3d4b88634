import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { zoekInLogregel } from '../helpers/privacy-scanner.ts';
import { buildApp } from '../../src/http/app.ts';
import { createLogger, veiligPad } from '../../src/shared/logger.ts';

const BSN = '111222333';

describe('veiligPad', () => {
  it('removes number runs from the path (also percent-encoded) and the whole query string', () => {
    expect(veiligPad(`/api/vish/controle/${BSN}`)).toBe('/api/vish/controle/[verwijderd]');
    expect(veiligPad('/api/x/%31%31%31%32%32%32%33%33%33/y')).toBe('/api/x/[verwijderd]/y');
    expect(veiligPad(`/api/x?bsn=${BSN}`)).toBe('/api/x?[verwijderd]');
    expect(veiligPad('/api/x/%zz1112223334')).toBe('/api/x/%zz[verwijderd]');
    expect(veiligPad('/assets/index-4f2a.js')).toBe('/assets/index-4f2a.js');
  });
});

/**
 * A BSN a caller puts in a URL never reaches the log: the request log names the route pattern, or for a wildcard
 * route or an unknown path the path without its number runs. Every line is run through the same privacy scanner as
 * the whole test run's logs (test/helpers/globale-opzet.ts).
 */
for (const kind of await databases()) {
  describe(`No BSN from a URL in the log on ${kind}`, () => {
    let t: TestOmgeving;
    let app: FastifyInstance;
    const log: string[] = [];
    const wie: Record<string, { headers: Record<string, string>; cookies?: Record<string, string> }> = {};
    beforeAll(async () => {
      t = await testOmgeving(kind);
      app = await buildApp({ ...t.ctx, log: createLogger('debug', { write: (r: string) => void log.push(r) }) });
      await app.ready();
      const dw = await t.organisatie('Deurwaarder Log', 'gerechtsdeurwaarder');
      const shv = await t.organisatie('Kredietbank Log', 'schuldhulpverlener');
      wie.dw = { headers: dw.headers };
      wie.shv = { headers: shv.headers };
      wie.anoniem = { headers: {} };
      wie.persoon = await sessieVoor(t, dw, 'deurwaarder');
    });
    afterAll(async () => {
      await app?.close();
      await t?.sluit();
    });

    it('GET/POST with a BSN in the path or query string, known or unknown route, any caller: no BSN logged', async () => {
      const urls = [
        `/api/vish/controle/${BSN}`,
        `/api/vish/leveringen/${BSN}`,
        `/api/vish/leveringen?bsn=${BSN}`,
        `/api/trajecten/${BSN}/ddas`,
        '/api/vish/controle/%31%31%31%32%32%32%33%33%33',
        `/${BSN}`,
        `/api/bestaat/${BSN}/niet`,
      ];
      for (const url of urls)
        for (const method of ['GET', 'POST', 'DELETE'] as const)
          for (const w of Object.values(wie))
            await app.inject({
              method,
              url,
              headers: w.headers,
              ...(w.cookies ? { cookies: w.cookies } : {}),
              ...(method === 'POST' ? { payload: { bsn: BSN } } : {}),
            });
      await app.weigeringen.wacht();
      const verzoeken = log.filter((r) => r.includes('"incoming request"'));
      expect(verzoeken.length).toBe(urls.length * 3 * Object.keys(wie).length);
      expect(log.filter((r) => r.includes(BSN))).toEqual([]);
      expect(log.flatMap((r) => zoekInLogregel(r))).toEqual([]);
      // The route pattern where there is one.
      expect(verzoeken.some((r) => r.includes('"url":"/api/vish/leveringen/:id"'))).toBe(true);
      expect(verzoeken.some((r) => r.includes('"url":"/api/vish/controle/[verwijderd]"'))).toBe(true);
      // The same through the suite's own logger, whose file the end-of-run privacy scan reads.
      for (const url of urls) await t.app.inject({ method: 'GET', url, headers: wie.dw!.headers });
    });
  });
}
