import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

type CookieApi = {
  parseCookie(s: string): Record<string, string>;
  stringifySetCookie(c: Record<string, unknown>): string;
};
type Lock = { packages: Record<string, { version?: string; engines?: { node?: string } }> };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lock;
const ENGINES = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;

// `npm install` on the oldest Node that package.json's engines allows gives no EBADENGINE warning.
describe('the dependency tree runs on the Node versions package.json promises', () => {
  it('every locked package accepts the lowest Node in engines (and this Node is one engines allows)', () => {
    const laagste = semver.minVersion(ENGINES)!.version;
    expect(semver.major(laagste)).toBe(20);
    expect(semver.satisfies(process.version, ENGINES)).toBe(true);
    const weigert = Object.entries(lock.packages)
      .filter(([pad, p]) => pad !== '' && p.engines?.node && !semver.satisfies(laagste, p.engines.node))
      .map(([pad, p]) => `${pad}@${p.version} wants node ${p.engines!.node}`);
    expect(weigert).toEqual([]);
  });

  it('cookie and content-disposition are the CommonJS releases with the API their users call', () => {
    // @fastify/cookie and light-my-request call parseCookie/stringifySetCookie; @fastify/static 10 calls create().
    // cookie 2 and content-disposition 3 are ESM-only and ask for Node 22: package.json overrides pin these.
    const vanuit = (pkg: string) => createRequire(`${process.cwd()}/node_modules/${pkg}/package.json`);
    for (const gebruiker of ['@fastify/cookie', 'light-my-request']) {
      const cookie = vanuit(gebruiker)('cookie') as CookieApi;
      expect(cookie.parseCookie('a=1; b=%C3%A9')).toEqual({ a: '1', b: 'é' });
      expect(cookie.stringifySetCookie({ name: 'sr', value: 'x y', httpOnly: true, sameSite: 'strict' })).toBe(
        'sr=x%20y; HttpOnly; SameSite=Strict',
      );
    }
    const cd = vanuit('@fastify/static')('content-disposition') as { create(f: string): string };
    expect(cd.create('rapport é.csv')).toBe(
      `attachment; filename="rapport ?.csv"; filename*=UTF-8''rapport%20%C3%A9.csv`,
    );
  });
});
