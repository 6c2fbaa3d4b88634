import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestOmgeving } from '../helpers/omgeving.ts';
import { CHROMIUM, inloggen, nieuwePagina, paginaFouten, startDemoOmgeving, toegankelijk } from './browser.ts';

/** The README's screenshot of the proof of check (docs/screenshots/). */
const DOCS = join(process.cwd(), 'docs', 'screenshots');

// The bailiff's check as the dossier needs it: a BSN typed with spaces, a Dutch label, a printable proof with the audit
// reference; a changed BSN takes the old result and its proof away; a portfolio as an Excel file.
describe.skipIf(!existsSync(CHROMIUM) && process.env.E2E !== 'verplicht')("The bailiff's check in Chromium", () => {
  let t: TestOmgeving;
  let browser: Browser;
  let basis: string;
  let page: Page;

  beforeAll(async () => {
    ({ t, basis, browser } = await startDemoOmgeving());
    page = await nieuwePagina(browser, basis, { csp: true });
    await inloggen(page, 'deurwaarder@vandijk.example');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.sluit();
    if (page) expect(paginaFouten(page)).toEqual([]);
  });

  const bsnVeld = () => page.getByLabel('Burgerservicenummer (BSN)');

  it('a BSN typed with spaces matches with a Dutch label and a proof of check with its audit reference', async () => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'BSN controleren' }).click();
    await bsnVeld().fill('1112 22 333');
    await page.getByRole('button', { name: 'Controleren' }).click();
    const label = page.getByRole('strong').filter({ hasText: /^Match — in schuldhulp bij Kredietbank Utrecht$/ });
    await label.waitFor();
    const bewijs = page.getByRole('region', { name: 'Bewijs van controle' });
    await bewijs.waitFor();
    const tekst = (await bewijs.textContent()) ?? '';
    const ref = /Controle-referentieA-(\d+)/.exec(tekst);
    expect(ref).not.toBeNull();
    expect(tekst).toContain('****.**.333');
    expect(tekst).toContain('Kredietbank Utrecht, team schuldhulp');
    expect(tekst).toContain('Gecontroleerd door');
    expect(tekst).not.toContain('111222333');
    expect(await page.getByRole('main').textContent()).not.toContain('geen-match');
    // The time is shown in Europe/Amsterdam, as stored in the audit entry the reference points to.
    const entry = await t.ctx.db.kysely
      .selectFrom('audit_log')
      .select(['actie', 'tijdstip'])
      .where('volgnr', '=', Number(ref![1]))
      .executeTakeFirstOrThrow();
    expect(entry.actie).toBe('vish.controle');
    const verwacht = new Intl.DateTimeFormat('nl-NL', {
      dateStyle: 'long',
      timeStyle: 'medium',
      timeZone: 'Europe/Amsterdam',
    }).format(entry.tijdstip);
    expect(tekst).toContain(verwacht);
    await toegankelijk(page);
    await page.screenshot({ path: join(DOCS, 'deurwaarder-bewijs.png'), fullPage: true });
  });

  it('the print view shows only the proof, on one page, without the print button or the menu', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('region', { name: 'Bewijs van controle' }).isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).isVisible()).toBe(false);
    expect(await bsnVeld().isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Bewijs afdrukken' }).isVisible()).toBe(false);
    // page.pdf() prints with print media unless screen is emulated: back to the default first.
    await page.emulateMedia({ media: null });
    const pdf = await PDFDocument.load(await page.pdf({ format: 'A4' }));
    expect(pdf.getPageCount()).toBe(1);
    expect(await page.getByRole('button', { name: 'Bewijs afdrukken' }).isVisible()).toBe(true);
  });

  it('changing the BSN takes the old result and its proof away; an invalid BSN is marked at the field', async () => {
    await bsnVeld().fill('111.222.334');
    expect(await page.getByText(/^Match — in schuldhulp bij /).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Bewijs van controle' }).count()).toBe(0);
    expect(await page.getByRole('table').count()).toBe(0);
    await page.getByRole('button', { name: 'Controleren' }).click();
    await page.getByRole('alert').filter({ hasText: 'Ongeldig BSN: Het BSN voldoet niet aan de elfproef.' }).waitFor();
    expect(await bsnVeld().getAttribute('aria-invalid')).toBe('true');
    const beschreven = (await bsnVeld().getAttribute('aria-describedby')) ?? '';
    const ids = beschreven.split(/\s+/).filter(Boolean);
    const teksten = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(teksten.join(' ')).toContain('Ongeldig BSN');
    await toegankelijk(page);
    await bsnVeld().fill('123456782');
    expect(await bsnVeld().getAttribute('aria-invalid')).not.toBe('true');
    await page.getByRole('button', { name: 'Controleren' }).click();
    await page
      .getByRole('strong')
      .filter({ hasText: /^Geen match — niet bekend in de verwijsindex$/ })
      .waitFor();
  });

  it('a portfolio as an Excel file is checked; the screen says which files it takes and that the answer is CSV', async () => {
    await page
      .getByRole('navigation', { name: 'Hoofdmenu' })
      .getByRole('link', { name: 'Portefeuille controleren' })
      .click();
    const uitleg = (await page.getByRole('main').textContent()) ?? '';
    expect(uitleg).toContain('.xlsx');
    expect(uitleg).toContain('als CSV-bestand');
    expect(await page.getByLabel('Bestand').getAttribute('accept')).toBe('.csv,.txt,.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Portefeuille');
    ws.addRow(['BSN', 'Kenmerk']);
    ws.addRow(['111.222.333', 'DOSSIER-1']);
    ws.addRow([123456782, 'DOSSIER-2']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    await page.getByLabel('Bestand').setInputFiles({
      name: 'portefeuille.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await page.getByRole('button', { name: 'Uploaden' }).click();
    await page.getByText(/Klaar: 2 regels gecontroleerd, 1 treffer\./).waitFor();
    await page.getByText(/^Controle-referentie A-\d+: /).waitFor();
    const tabel = page.getByRole('table', { name: 'Eerste regels van het resultaat' });
    const inhoud = (await tabel.textContent()) ?? '';
    expect(inhoud).toContain('Match — in schuldhulp bij Kredietbank Utrecht');
    expect(inhoud).toContain('Geen match — niet bekend in de verwijsindex');
    expect(inhoud).not.toContain('geen-match');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Resultaat downloaden (CSV)' }).click();
    const bestand = readFileSync((await (await download).path())!, 'utf8');
    expect(bestand).toContain('resultaat_omschrijving');
    expect(bestand).toContain('DOSSIER-2;geen-match');
    expect(bestand).not.toContain('111222333');
    await toegankelijk(page);
  });

  it('after a match the bailiff sends its claim (asked to confirm, errors at the field) and sees it under Vorderingen', async () => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'BSN controleren' }).click();
    await bsnVeld().fill('111 222 333');
    await page.getByRole('button', { name: 'Controleren' }).click();
    const formulier = page.getByRole('region', { name: 'Vordering sturen naar de hulpverlener' });
    await formulier.waitFor();
    await formulier.getByRole('button', { name: 'Vordering sturen' }).click();
    expect(await formulier.getByLabel('Schuldeiser (opdrachtgever)').getAttribute('aria-invalid')).toBe('true');
    expect(await formulier.getByLabel('Hoofdsom in euro').getAttribute('aria-invalid')).toBe('true');
    await toegankelijk(page);
    await formulier.getByLabel('Schuldeiser (opdrachtgever)').fill('Zorgverzekeraar Demo');
    await formulier.getByLabel('Uw kenmerk').fill('DW-2026-17');
    await formulier.getByLabel('Hoofdsom in euro').fill('1.250,50');
    // Declining the confirmation sends nothing (one row under Vorderingen at the end, not two).
    page.once('dialog', (d) => void d.dismiss());
    await formulier.getByRole('button', { name: 'Vordering sturen' }).click();
    expect(await page.getByText(/^De vordering is verstuurd/).count()).toBe(0);
    let vraag = '';
    page.once('dialog', (d) => {
      vraag = d.message();
      void d.accept();
    });
    await formulier.getByRole('button', { name: 'Vordering sturen' }).click();
    await page
      .getByText('De vordering is verstuurd naar Kredietbank Utrecht. U vindt haar onder Vorderingen.')
      .waitFor();
    expect(vraag).toContain('Kredietbank Utrecht');
    expect(vraag).toMatch(/1\.250,50/);
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vorderingen' }).click();
    const tabel = page.getByRole('table', { name: 'Verstuurde vorderingen' });
    await tabel.waitFor();
    const rijen = tabel.getByRole('row').filter({ hasText: 'DW-2026-17' });
    expect(await rijen.count()).toBe(1);
    const rij = (await rijen.textContent()) ?? '';
    expect(rij).toContain('Zorgverzekeraar Demo');
    expect(rij).toMatch(/1\.250,50/);
    expect(rij).toMatch(/Ontvangen door de hulpverlener|Schuldenrust/);
    expect(rij).not.toMatch(/verstuurd|gepauzeerd/); // Dutch, not the API's codes
    expect((await page.getByRole('main').textContent()) ?? '').not.toContain('111222333');
    await toegankelijk(page);
  });
});
