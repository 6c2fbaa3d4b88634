import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { generate } from 'otplib';
import { expect } from 'vitest';
import type { AddressInfo } from 'node:net';
import { DEMO_TOTP_GEHEIM, DEMO_WACHTWOORD } from '../../src/modules/accounts/demo.ts';
import { laadDemoData } from '../../src/cli/demo.ts';
import { bouwWeb } from '../../web/bouw.ts';
import { testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import type { Config } from '../../src/config.ts';

/** Headless Debian Chromium (the system package; the test tool's own browser download does not work here). */
export const CHROMIUM = process.env.CHROMIUM_PAD ?? '/usr/bin/chromium';
export const SCHERMAFDRUKKEN = join(process.cwd(), 'test-artifacts', 'screenshots');

export async function startBrowser(): Promise<Browser> {
  mkdirSync(SCHERMAFDRUKKEN, { recursive: true });
  // launch() gives every run a fresh, temporary user-data-dir.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A separate browser context (own cookies) per person. CSP is bypassed only so axe can be injected. */
export async function nieuwePagina(browser: Browser, basis: string, opties: { csp?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: basis,
    bypassCSP: !opties.csp,
    locale: 'nl-NL',
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const fouten: string[] = [];
  page.on('pageerror', (e) => fouten.push(e.message));
  // Console errors count too (a Content-Security-Policy violation, a failed script), except answers the test provokes.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) fouten.push(m.text());
  });
  Object.assign(page, { fouten, csp: !!opties.csp });
  return page;
}

export const paginaFouten = (page: Page) => (page as Page & { fouten?: string[] }).fouten ?? [];

/** Logs in as a demo user the way a person does: e-mail, password, then the authenticator code. */
export async function inloggen(page: Page, email: string) {
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(DEMO_WACHTWOORD);
  await page.getByLabel('Code uit de authenticator-app').fill(await generate({ secret: DEMO_TOTP_GEHEIM }));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('heading', { level: 1, name: /^Welkom, / }).waitFor();
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.0/2.1 A and AA) on the current page and fails with a readable list of violations. */
export async function toegankelijk(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    // Under the real CSP an injected inline script is (rightly) refused; evaluate it over the DevTools protocol instead.
    if ((page as Page & { csp?: boolean }).csp) await page.evaluate(AXE);
    else await page.addScriptTag({ content: AXE });
  }
  const schendingen = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            c: Document,
            o: object,
          ) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }> }>;
        };
      }
    ).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
  });
  expect(schendingen, `axe op ${page.url()}`).toEqual([]);
}

export async function schermafdruk(page: Page, naam: string) {
  await page.screenshot({ path: join(SCHERMAFDRUKKEN, `${naam}.png`), fullPage: true });
}

/** The real server with the demo data and the built app on a free port, and a headless Chromium (PGlite). */
export async function startDemoOmgeving(
  instellingen: Partial<Config> = {},
): Promise<{ t: TestOmgeving; basis: string; browser: Browser }> {
  await bouwWeb({ alleenAlsNodig: true });
  const t = await testOmgeving('pglite', instellingen);
  await laadDemoData(t.ctx);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const basis = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  return { t, basis, browser: await startBrowser() };
}
