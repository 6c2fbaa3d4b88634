import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { CHROMIUM, nieuwePagina, paginaFouten, startBrowser } from './browser.ts';

// The API docs (Swagger UI) work under their real Content-Security-Policy: no violation, no script error.
describe.skipIf(!existsSync(CHROMIUM) && process.env.E2E !== 'verplicht')('API docs in Chromium under the CSP', () => {
  let t: TestOmgeving;
  let browser: Browser;
  let basis: string;
  beforeAll(async () => {
    t = await testOmgeving('pglite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    basis = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await startBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.sluit();
  });

  it('renders the operations of the API without a CSP violation', async () => {
    const page = await nieuwePagina(browser, basis, { csp: true });
    const schendingen: string[] = [];
    await page.exposeFunction('meldSchending', (s: string) => void schendingen.push(s));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { meldSchending: (s: string) => void }).meldSchending(
          `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`,
        ),
      ),
    );
    const r = await page.goto('/api/docs');
    expect(r?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByText('Schuldenrust API').first().waitFor();
    await page.getByText('/api/vish/controle', { exact: true }).first().waitFor();
    expect(schendingen).toEqual([]);
    expect(paginaFouten(page)).toEqual([]);
  });
});
