import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zoekInLogregel, zoekInTekst } from '../helpers/privacy-scanner.ts';
import { scanLogmap } from '../helpers/globale-opzet.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { destination } from 'pino';

describe('Privacy scanner', () => {
  it('finds a clear BSN and a surname in a log line, wherever they sit', () => {
    expect(zoekInLogregel('{"level":30,"msg":"controle 111222333 klaar"}')).toEqual([
      { soort: 'bsn', waarde: '111222333' },
    ]);
    expect(zoekInLogregel('{"req":{"url":"/api/x?bsn=123456782"}}')).toEqual([{ soort: 'bsn', waarde: '123456782' }]);
    expect(zoekInLogregel('{"waarde":123456782}')).toEqual([{ soort: 'bsn', waarde: '123456782' }]);
    expect(zoekInLogregel('{"err":{"message":"kapot","stack":"Error: BSN 810000040 bestaat al"}}')).toHaveLength(1);
    expect(zoekInLogregel('{"msg":"signaal van mevrouw de vries"}')).toEqual([
      { soort: 'achternaam', waarde: 'de vries' },
    ]);
    expect(zoekInLogregel('{"msg":"Özdemir-Béké"}').map((v) => v.soort)).toEqual(['achternaam']);
    expect(
      zoekInTekst('geen json: Jansen, 111222333')
        .map((v) => v.soort)
        .sort(),
    ).toEqual(['achternaam', 'bsn']);
  });

  it('does not report numbers that cannot be a BSN, nor digits inside ids, hashes or keys', () => {
    const regel = JSON.stringify({
      level: 30,
      time: 1779000000123,
      pid: 4242,
      responseTime: 12.123456782,
      reqId: 'req-1',
      id: '1a2b3c4d-0000-4000-8000-123456782000',
      hash: 'ab123456782cd',
      sleutel: 'srk_0123456789ab_x-123456782_y',
      msg: 'request completed 111222334 (fails the 11-test) 1234567821 (10 digits) Bosweg Smitshoek',
    });
    expect(zoekInLogregel(regel)).toEqual([]);
  });

  it('the end-of-run scan reports the file and line, and reads what the real logger writes', () => {
    const map = mkdtempSync(join(tmpdir(), 'sr-scan-'));
    const log = createLogger('debug', destination({ dest: join(map, 'w.log'), sync: true }));
    log.info({ req: { method: 'GET', url: '/api/trajecten?bsn=111222333&naam=Jansen' } }, 'incoming request'); // query string dropped
    log.info({ bsn: '111222333', persoon: { achternaam: 'Jansen' } }, 'redacted by the logger');
    log.error({ err: new Error('BSN 111222333 onbekend') }, 'request failed');
    writeFileSync(join(map, 'x.log'), 'platte tekst met Visser\n');
    const r = scanLogmap(map);
    expect(r.regels).toBe(4);
    expect(r.vondsten).toEqual([
      { bestand: 'w.log', regel: 3, soorten: ['bsn'] },
      { bestand: 'x.log', regel: 1, soorten: ['achternaam'] },
    ]);
  });
});
