import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestOmgeving } from '../helpers/omgeving.ts';
import {
  CHROMIUM,
  inloggen,
  nieuwePagina,
  paginaFouten,
  schermafdruk,
  startDemoOmgeving,
  toegankelijk,
} from './browser.ts';

// The counsellor's trajectory list and page, the operator's readable audit log and jobs table, end to end
// (the real server with the demo data, the built app, headless Chromium on PGlite).
describe.skipIf(!existsSync(CHROMIUM) && process.env.E2E !== 'verplicht')('Counsellor and operator screens', () => {
  let t: TestOmgeving;
  let browser: Browser;
  let basis: string;
  const paginas: Page[] = [];
  const pagina = async () => {
    const p = await nieuwePagina(browser, basis);
    paginas.push(p);
    return p;
  };
  const menu = async (page: Page, naam: string) => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: naam, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: naam }).waitFor();
    await page.getByText('Bezig met laden…').waitFor({ state: 'detached' });
  };

  beforeAll(async () => {
    ({ t, basis, browser } = await startDemoOmgeving());
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.sluit();
    for (const p of paginas) expect(paginaFouten(p)).toEqual([]);
  });

  it('the counsellor searches, opens a trajectory, sees its timeline, relapse signal and pause', async () => {
    const page = await pagina();
    await inloggen(page, 'schuldhulp@kredietbank.example');
    await menu(page, 'Trajecten');
    const tabel = page.getByRole('table', { name: /^Trajecten/ });
    await page.getByLabel('Toon').selectOption('alle');
    await page.getByLabel('Zoeken in trajecten').fill('vries');
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.getByText('1 traject gevonden; u ziet 1 tot en met 1.').waitFor();
    expect(await tabel.getByRole('row').count()).toBe(2);
    expect(await tabel.textContent()).toContain('KB-2025-117');
    await toegankelijk(page);
    await schermafdruk(page, 'h17-trajecten-zoeken');

    await tabel.getByRole('link', { name: 'Openen: KB-2025-117' }).click();
    await page.getByRole('heading', { level: 1, name: 'Traject KB-2025-117' }).waitFor();
    const tijdlijn = page.getByRole('region', { name: 'Fasen van het traject' }).getByRole('listitem');
    await expect.poll(() => tijdlijn.count()).toBe(10);
    expect(await tijdlijn.nth(4).textContent()).toMatch(/^Stabilisatiebereikt: \d{1,2} \w+\.? \d{4}$/);
    expect(await tijdlijn.last().textContent()).toMatch(/^Uitstroomhuidige fase: /);
    // Closed two months ago at the address of the demo signal: that signal came back to this counsellor.
    const terugval = page.getByRole('table', { name: 'Terugvalsignalen' });
    expect(await terugval.textContent()).toContain('adres, achternaam en voorletters');
    expect(await page.getByRole('region', { name: 'Verwijsindex (VISH)' }).textContent()).toContain(
      'Het traject is afgesloten.',
    );
    // Closed: no actions any more.
    expect(await page.getByRole('button', { name: 'Fase opslaan' }).count()).toBe(0);
    await toegankelijk(page);
    await schermafdruk(page, 'h17-traject-pagina');

    // A trajectory with a pause: read through the schuldenrust API.
    await page.goto('/trajecten');
    await page.getByLabel('Zoeken in trajecten').fill('KB-2026-090');
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.getByText('1 traject gevonden; u ziet 1 tot en met 1.').waitFor();
    await page.getByRole('link', { name: 'Openen: KB-2026-090' }).click();
    await page.getByRole('heading', { level: 1, name: 'Traject KB-2026-090' }).waitFor();
    await expect
      .poll(() => page.getByRole('region', { name: 'Schuldenrust' }).textContent())
      .toMatch(/Schuldenrust actief van/);
    expect(await page.getByRole('region', { name: 'Verwijsindex (VISH)' }).textContent()).toMatch(
      /staat in de levering aan de Verwijsindex, sinds \d/,
    );
  });

  it('a phase change with a wrong date shows the error at the field (aria-invalid, described, focused)', async () => {
    const page = paginas[0]!;
    await page.goto('/trajecten');
    await page.getByLabel('Zoeken in trajecten').fill('amrani');
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.getByText('1 traject gevonden; u ziet 1 tot en met 1.').waitFor();
    await page.getByRole('link', { name: 'Openen: KB-2026-214' }).click();
    await page.getByRole('heading', { level: 1, name: 'Traject KB-2026-214' }).waitFor();
    const datum = page.getByLabel('Datum begin fase');
    await datum.fill('2020-01-01'); // before the trajectory's start
    await page.getByRole('button', { name: 'Fase opslaan' }).click();
    await expect.poll(() => datum.getAttribute('aria-invalid')).toBe('true');
    const beschreven = (await datum.getAttribute('aria-describedby'))!.split(' ');
    const meldingen = await Promise.all(beschreven.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(meldingen).toContain('De datum ligt voor de startdatum van het traject.');
    expect(await datum.evaluate((el) => el === document.activeElement)).toBe(true);
    await toegankelijk(page);
    await schermafdruk(page, 'h17-fase-fout');
    // Nothing was changed.
    expect(await page.getByRole('region', { name: 'Inwoner' }).textContent()).toContain('Lopend – Aanmelding');
    // Corrected: saved, the timeline moves on.
    await datum.fill(
      await page.evaluate(() => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' })),
    );
    await page.getByLabel('Nieuwe fase').selectOption('intake');
    await page.getByRole('button', { name: 'Fase opslaan' }).click();
    await page.getByText('De fase is bijgewerkt.').waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Inwoner' }).textContent()).toContain('Lopend – Intake');
  });

  it('the new-trajectory form puts each error at its field and focuses the first', async () => {
    const page = paginas[0]!;
    await page.goto('/trajecten');
    await page.getByRole('heading', { level: 2, name: 'Nieuw traject vastleggen' }).waitFor();
    await page.getByLabel('Burgerservicenummer (BSN)').fill('123456789');
    await page.getByLabel('Postcode').fill('35');
    await page.getByRole('button', { name: 'Traject opslaan' }).click();
    const bsn = page.getByLabel('Burgerservicenummer (BSN)');
    await expect.poll(() => bsn.getAttribute('aria-invalid')).toBe('true');
    expect(await bsn.evaluate((el) => el === document.activeElement)).toBe(true);
    for (const label of ['Achternaam', 'Postcode', 'Huisnummer']) {
      expect(await page.getByLabel(label, { exact: true }).getAttribute('aria-invalid'), label).toBe('true');
    }
    expect(await page.getByLabel('Dossiernummer').getAttribute('aria-invalid')).toBeNull();
    await page.getByText('Vul een postcode in als 1234 AB.').waitFor();
    await toegankelijk(page);
  });

  it('the operator filters the audit log by action and organisation, pages, and finds an entry by reference', async () => {
    // The counsellor reads the list a few more times: each read of each trajectory is logged (more than one page).
    await paginas[0]!.evaluate(async () => {
      for (let i = 0; i < 15; i++) await fetch('/api/trajecten?perPagina=100', { credentials: 'same-origin' });
    });
    const page = await pagina();
    await inloggen(page, 'beheer@schuldenrust.example');
    await menu(page, 'Auditlog');
    const tabel = page.getByRole('table', { name: 'Auditlog' });
    await page.getByLabel('Organisatie', { exact: true }).selectOption({ label: 'Kredietbank Utrecht' });
    await page.getByLabel('Actie', { exact: true }).selectOption({ label: 'Alle trajectacties' });
    await page.getByRole('button', { name: 'Filters toepassen' }).click();
    await expect.poll(() => tabel.getByRole('row').count()).toBe(51); // a full page of 50
    const rijen = await tabel.getByRole('row').allTextContents();
    expect(rijen.slice(1).every((r) => r.includes('Kredietbank Utrecht'))).toBe(true);
    expect(rijen.slice(1).some((r) => r.includes('Traject ingezien'))).toBe(true);
    // Who by name: the counsellor's name, no raw ids or codes.
    const wie = await tabel.getByRole('row').nth(1).getByRole('cell').nth(2).textContent();
    expect(wie).not.toMatch(/gebruiker|[0-9a-f]{8}-/);
    expect(rijen.join('\n')).not.toContain('traject.lezen');
    await toegankelijk(page);
    await schermafdruk(page, 'h17-auditlog');

    const eerste = await tabel.getByRole('row').nth(1).getByRole('cell').nth(1).textContent();
    await page.getByRole('button', { name: 'Volgende pagina' }).click();
    await page.getByText('Pagina 2.', { exact: false }).waitFor();
    await expect.poll(() => tabel.getByRole('row').nth(1).getByRole('cell').nth(1).textContent()).not.toBe(eerste);
    const ref = (await tabel.getByRole('row').nth(1).getByRole('cell').nth(1).textContent())!;
    expect(ref).toMatch(/^A-\d+$/);
    await page.getByRole('button', { name: 'Vorige pagina' }).click();
    await page.getByText('Pagina 1.', { exact: false }).waitFor();
    await expect.poll(() => tabel.getByRole('row').nth(1).getByRole('cell').nth(1).textContent()).toBe(eerste);

    // A bailiff's proof of check shows a reference: it finds exactly that entry.
    await page.getByRole('button', { name: 'Filters wissen' }).click();
    const veld = page.getByLabel('Controle-referentie');
    await veld.fill('B12');
    await page.getByRole('button', { name: 'Filters toepassen' }).click();
    await expect.poll(() => veld.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Een controle-referentie ziet eruit als A-123 of 123.').waitFor();
    await veld.fill(ref.toLowerCase());
    await page.getByRole('button', { name: 'Filters toepassen' }).click();
    await expect.poll(() => tabel.getByRole('row').count()).toBe(2);
    expect(await tabel.getByRole('row').nth(1).getByRole('cell').nth(1).textContent()).toBe(ref);
    await toegankelijk(page);
  });

  it('the operator sees the jobs as a table with Dutch names, results and readable details, filtered by job', async () => {
    const nu = Date.now();
    await t.ctx.db.kysely
      .insertInto('job_runs')
      .values([
        {
          job: 'bewaartermijnen',
          gestart_op: new Date(nu - 60_000),
          beeindigd_op: new Date(nu - 55_000),
          resultaat: 'ok',
          details: JSON.stringify({ geanonimiseerd: 3, verwijderd: 12 }),
        },
        {
          job: 'trajecten-vish-feed',
          gestart_op: new Date(nu - 30_000),
          beeindigd_op: new Date(nu - 29_000),
          resultaat: 'fout',
          details: JSON.stringify({ melding: 'database niet bereikbaar' }),
        },
      ])
      .execute();
    const page = paginas[paginas.length - 1]!;
    await menu(page, 'Taken');
    const tabel = page.getByRole('table', { name: 'Taken' });
    await expect.poll(() => tabel.textContent()).toContain('Bewaartermijnen toepassen');
    const tekst = (await tabel.textContent())!;
    expect(tekst).toContain('VISH-levering uit trajecten');
    expect(tekst).toContain('Mislukt');
    expect(tekst).toContain('Geanonimiseerd3');
    expect(tekst).not.toContain('{');
    await toegankelijk(page);
    await schermafdruk(page, 'h17-taken');
    await page.getByLabel('Taak', { exact: true }).selectOption({ label: 'Bewaartermijnen toepassen' });
    await page.getByRole('button', { name: 'Tonen' }).click();
    await expect.poll(() => tabel.textContent()).not.toContain('VISH-levering uit trajecten');
    const rij = tabel.getByRole('row').filter({ hasText: 'Geanonimiseerd' });
    expect(await rij.textContent()).toContain('Gelukt');
    expect(await rij.getByRole('cell').nth(2).textContent()).toBe('5 s');
    expect(await rij.getByRole('cell').nth(5).textContent()).not.toBe('–'); // the next planned run
  });
});
