import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestOmgeving } from '../helpers/omgeving.ts';
import { SYSTEEM } from '../../src/modules/audit/index.ts';
import { verwerkSignaalbestand } from '../../src/modules/vroegsignalen/index.ts';
import { dezeMaand, plusMaanden } from '../../src/shared/datum.ts';
import { CHROMIUM, inloggen, nieuwePagina, paginaFouten, startDemoOmgeving, toegankelijk } from './browser.ts';

/** The README's screenshot of the report (docs/screenshots/). */
const DOCS = join(process.cwd(), 'docs', 'screenshots');
const maandNaam = new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const naam = (m: string) => maandNaam.format(new Date(`${m}-15T12:00:00Z`));
/** 'YYYY-MM' n months before this month (Dutch time). */
const maandTerug = (n: number) => plusMaanden(`${dezeMaand()}-01`, -n).slice(0, 7);

/**
 * Signals for the report over two years: 6 cases in the last 12 full months, 4 in the 12 before (+50%), each a
 * signal of the demo corporation for a new Utrecht address, dated back; some with contact attempts.
 */
async function vulRapport(t: TestOmgeving) {
  const db = t.ctx.db.kysely;
  const domstad = await db
    .selectFrom('organisaties')
    .select('id')
    .where('naam', '=', 'Woningcorporatie Domstad')
    .executeTakeFirstOrThrow();
  const worker = await db
    .selectFrom('gebruikers')
    .select('id')
    .where('email', '=', 'medewerker@utrecht.example')
    .executeTakeFirstOrThrow();
  const gevallen: [terug: number, bereikt: boolean | null][] = [
    [1, true],
    [1, null],
    [2, true],
    [4, false],
    [4, true],
    [7, true],
    [13, true],
    [15, false],
    [18, null],
    [20, true],
  ];
  const kop =
    'Achternaam;Voorletters;Straatnaam;Huisnummer;Huisnummer toevoeging;Postcode;Woonplaats;Telefoonnummer 1;E-mailadres;Aantal maanden achterstand;Bedrag achterstand;Klantnummer';
  const regels = gevallen.map((_, i) => `Rapport;R.;Neude;${200 + i};;3511 JH;Utrecht;;;2;900,00;R-${i}`);
  await verwerkSignaalbestand(
    t.ctx,
    SYSTEEM,
    domstad.id,
    Readable.from([`${[kop, ...regels].join('\r\n')}\r\n`]),
    'rapport.csv',
  );
  for (const [i, [terug, bereikt]] of gevallen.entries()) {
    const maand = maandTerug(terug);
    const zaak = await db
      .selectFrom('vroegsignaalzaken')
      .select('id')
      .where('adres_sleutel', '=', `3511JH|${200 + i}|`)
      .executeTakeFirstOrThrow();
    const ontvangen = new Date(`${maand}-10T10:00:00Z`);
    await db.updateTable('vroegsignalen').set({ ontvangen_op: ontvangen }).where('zaak_id', '=', zaak.id).execute();
    await db
      .updateTable('vroegsignaalzaken')
      .set({
        ontvangen_op: ontvangen,
        matchingsdatum: `${maand}-10`,
        deadline: `${maand}-28`,
        eerste_actie_op: bereikt === null ? null : `${maand}-${12 + (i % 5)}`,
        status: bereikt === null ? 'nieuw' : bereikt ? 'contact' : 'afgesloten',
        resultaat: bereikt === false ? 'Definitief geen contact kunnen krijgen' : null,
        afgesloten_op: bereikt === false ? new Date(`${maand}-20T10:00:00Z`) : null,
        hulp_geaccepteerd_op: bereikt ? `${maand}-20` : null,
        behandelaar_id: worker.id,
      })
      .where('id', '=', zaak.id)
      .execute();
    if (bereikt !== null)
      await db
        .insertInto('vroegsignaalzaak_contactpogingen')
        .values({ zaak_id: zaak.id, soort: 'Telefoon', bereikt, datum: `${maand}-${12 + (i % 5)}` })
        .execute();
  }
}

describe.skipIf(!existsSync(CHROMIUM) && process.env.E2E !== 'verplicht')('The municipality report in Chromium', () => {
  let t: TestOmgeving;
  let browser: Browser;
  let basis: string;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(DOCS, { recursive: true });
    ({ t, basis, browser } = await startDemoOmgeving());
    await vulRapport(t);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.sluit();
    if (page) expect(paginaFouten(page)).toEqual([]);
  });

  it('the coordinator opens the report: months by name, totals, the trend, an accessible chart; downloads xlsx', async () => {
    page = await nieuwePagina(browser, basis);
    await inloggen(page, 'coordinator@utrecht.example');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Rapportages' }).click();
    const tabel = page.getByRole('table', { name: 'Cijfers per maand' });
    await tabel.waitFor();
    // The last 12 full months, by name; never '2026-01'.
    const rijen = await tabel.getByRole('row').allTextContents();
    expect(rijen).toHaveLength(14); // header, 12 months, total
    expect(rijen[1]).toContain(naam(maandTerug(12)));
    expect(rijen[12]).toContain(naam(maandTerug(1)));
    expect(rijen[13]).toMatch(/^Totaal6/);
    expect(await page.getByRole('main').textContent()).not.toMatch(/\b\d{4}-\d{2}\b/);
    // The trend: 6 signals against 4 in the 12 months before.
    const kern = page.getByRole('table', { name: 'Kerncijfers in deze periode en de trend' });
    const signalen = kern.getByRole('row').filter({ hasText: /^Signalen/ });
    expect(await signalen.textContent()).toContain('↑ +50% t.o.v. vorige periode');
    // The chart is an image with a name, each month a titled group; the table is its text alternative.
    const grafiek = page.getByRole('img', { name: /^Signalen en zaken per maand, .*Utrecht/ });
    expect(await grafiek.locator('g > title').first().textContent()).toBe(
      `${naam(maandTerug(12))}: 0 signalen, 0 zaken`,
    );
    await page.getByRole('table', { name: 'Per signaalpartner' }).getByText('Woningcorporatie Domstad').waitFor();
    await page.getByRole('table', { name: 'Per sector' }).getByText('Huur').waitFor();
    await page
      .getByRole('table', { name: 'Per medewerker van uw gemeente' })
      .getByText('Demo Gemeentemedewerker')
      .waitFor();
    await page.getByRole('table', { name: 'Cijfers voor de DDAS-monitor' }).waitFor();
    await toegankelijk(page);
    await page.screenshot({ path: join(DOCS, 'gemeente-rapportage.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Rapportage downloaden (Excel)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^signaalzaken-GM0344-.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    expect(wb.worksheets.map((w) => w.name)).toContain('Per medewerker');
    const maandblad = wb.getWorksheet('Per maand')!;
    expect(maandblad.getCell('A2').value).toEqual(new Date(`${maandTerug(12)}-01T00:00:00Z`));
    expect(maandblad.getCell('A14').value).toBe('Totaal');
    expect(maandblad.getCell('H14').value).toBe(6);
  });

  it('the period picker: an end before the start is refused at the field; another period shows its months', async () => {
    await page.getByLabel('Vanaf maand').fill(maandTerug(13));
    await page.getByLabel('Tot en met maand').fill(maandTerug(14));
    const tot = page.getByLabel('Tot en met maand');
    await expect.poll(() => tot.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('De begin-maand ligt na de eind-maand.').waitFor();
    await page.getByLabel('Tot en met maand').fill(maandTerug(13));
    await page.getByRole('button', { name: 'Toon rapportage' }).click();
    const tabel = page.getByRole('table', { name: 'Cijfers per maand' });
    await expect.poll(async () => (await tabel.getByRole('row').allTextContents()).length).toBe(3); // header, the month, total
    expect(await tabel.getByRole('row').nth(1).textContent()).toContain(naam(maandTerug(13)));
    await toegankelijk(page);
  });
});
