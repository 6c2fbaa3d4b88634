import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { laadDemoData } from '../../src/cli/demo.ts';
import { bouwWeb } from '../../web/bouw.ts';
import { startLokaleOidc, type LokaleOidc } from '../../src/modules/pauzeknop/index.ts';
import { CHROMIUM, inloggen, nieuwePagina, paginaFouten, schermafdruk, startBrowser, toegankelijk } from './browser.ts';

const vrijePoort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

// The resident's Pauzeknop end to end: login at a real local OpenID Connect provider, the form, the confirmation, the
// request's state; then the demo municipality worker sees it in the queue, picks it up and records contact.
describe.skipIf(!existsSync(CHROMIUM) && process.env.E2E !== 'verplicht')('Pauzeknop in Chromium', () => {
  let t: TestOmgeving;
  let oidc: LokaleOidc;
  let browser: Browser;
  let basis: string;
  const paginas: Page[] = [];

  beforeAll(async () => {
    await bouwWeb({ alleenAlsNodig: true });
    const poort = await vrijePoort();
    basis = `http://127.0.0.1:${poort}`;
    oidc = await startLokaleOidc({ redirectUris: [`${basis}/api/pauzeknop/inloggen/terug`] });
    t = await testOmgeving('pglite', {
      PAUZEKNOP_OIDC_ISSUER: oidc.issuer,
      PAUZEKNOP_OIDC_CLIENT_ID: oidc.clientId,
      PAUZEKNOP_OIDC_CLIENT_SECRET: oidc.clientSecret,
      PUBLIEKE_URL: basis,
    });
    await laadDemoData(t.ctx);
    await t.app.listen({ host: '127.0.0.1', port: poort });
    browser = await startBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.sluit();
    await oidc?.sluit();
    for (const p of paginas) expect(paginaFouten(p)).toEqual([]);
  });

  let inwoner: Page;
  it('the resident logs in at the OIDC provider, fills in the form, confirms and sees the request received', async () => {
    // Under the real Content-Security-Policy (violations are console errors, checked in afterAll).
    inwoner = await nieuwePagina(browser, basis, { csp: true });
    paginas.push(inwoner);
    const page = inwoner;
    // The provider's development login page loads a web font from the internet: answered empty (offline machine).
    await page.context().route(
      (u) => !u.href.startsWith(basis) && !u.href.startsWith(oidc.issuer),
      (r) => r.fulfill({ status: 200, body: '' }),
    );
    await page.goto('/pauzeknop');
    await page.getByRole('heading', { level: 1, name: /Pauzeknop/ }).waitFor();
    await toegankelijk(page);
    await schermafdruk(page, '30-pauzeknop-start');
    await page.getByRole('link', { name: 'Inloggen met DigiD' }).click();
    // The local provider's development login (a real OpenID Connect provider, not part of the platform).
    await page.locator('input[name="login"]').fill('inwoner-jan');
    await page.locator('input[name="password"]').fill('demo');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 2, name: /Stap 1 van 2/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/pauzeknop');
    await toegankelijk(page);
    await page.getByLabel('Postcode').fill('3511 AB');
    await page.getByLabel('Huisnummer').fill('7');
    await page.getByRole('button', { name: 'Zoek mijn gemeente' }).click();
    await page.getByText('Uw gemeente is Utrecht.').waitFor();
    await page.getByLabel('Telefoonnummer').fill('06 9876 5432');
    await page.getByLabel('Schuldeiser 1: Naam').fill('Energie Utrecht');
    await page.getByLabel('Schuldeiser 1: Kenmerk of klantnummer (als u dat weet)').fill('EU-555');
    await page.getByRole('button', { name: 'Nog een schuldeiser toevoegen' }).click();
    await page.getByLabel('Schuldeiser 2: Naam').fill('Zorgverzekeraar Zeker');
    await page.getByLabel('Mijn gas of stroom wordt misschien afgesloten').check();
    // Without consent it does not go on.
    await page.getByRole('button', { name: 'Controleer mijn aanvraag' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Zet een vinkje bij de toestemming');
    await page.getByLabel('Ik heb de tekst gelezen en ik geef toestemming.').check();
    await toegankelijk(page);
    await schermafdruk(page, '31-pauzeknop-formulier');
    await page.getByRole('button', { name: 'Controleer mijn aanvraag' }).click();
    await page.getByRole('heading', { level: 2, name: /Stap 2 van 2/ }).waitFor();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('Energie Utrecht (EU-555)');
    await toegankelijk(page);
    await schermafdruk(page, '32-pauzeknop-controle');
    // Nothing is sent before the confirmation.
    expect(await t.ctx.db.kysely.selectFrom('pauzeknop_aanmeldingen').select('id').execute()).toHaveLength(1); // demo
    await page.getByRole('button', { name: 'Ja, verstuur mijn aanvraag' }).click();
    await page.getByText(/Gemeente Utrecht heeft uw aanvraag ontvangen/).waitFor();
    await toegankelijk(page);
    await schermafdruk(page, '33-pauzeknop-ontvangen');
  });

  it('the request appears in the municipality queue; the worker picks it up and the resident sees it', async () => {
    const gemeente = await nieuwePagina(browser, basis);
    paginas.push(gemeente);
    await inloggen(gemeente, 'medewerker@utrecht.example');
    await gemeente.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Werkvoorraad' }).click();
    const tabel = gemeente.getByRole('table', { name: 'Aanmeldingen via de Pauzeknop' });
    const rij = tabel.getByRole('row').filter({ hasText: '06 9876 5432' });
    await rij.waitFor();
    await expect.poll(() => rij.textContent()).toContain('Energie Utrecht (EU-555)');
    await expect.poll(() => rij.textContent()).toContain('afgesloten');
    await toegankelijk(gemeente);
    await schermafdruk(gemeente, '34-gemeente-pauzeknop-aanmeldingen');
    await rij.getByRole('button', { name: 'Oppakken' }).click();
    await expect.poll(() => rij.textContent()).toContain('Opgepakt');
    await inwoner.reload();
    await expect
      .poll(() => inwoner.getByRole('listitem').filter({ hasText: 'Een medewerker van de gemeente' }).textContent())
      .toContain('klaar');
  });
});
