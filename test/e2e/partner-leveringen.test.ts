import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** The README's screenshot of the delivery history (docs/screenshots/). */
const DOCS = join(process.cwd(), 'docs', 'screenshots');

const KOP =
  'Achternaam;Voorletters;Straatnaam;Huisnummer;Huisnummer toevoeging;Postcode;Woonplaats;Telefoonnummer 1;E-mailadres;Aantal maanden achterstand;Bedrag achterstand;Klantnummer;Herinnering verstuurd;Contact gezocht;Schuldhulp genoemd;Gegevensoverdracht aangeboden';
/** One good row and four with mistakes partners make: an amount in words, two postcodes, too short an arrears. */
const GEMENGD = [
  KOP,
  'Geheimnaam1;P.;Oudegracht;212;;3511 AB;Utrecht;0612345678;;2;1.250,00;K-2001;ja;ja;ja;ja',
  'Geheimnaam2;M.;Oudegracht;214;;3511 AB;Utrecht;;;2;honderd;K-2002;ja;ja;ja;ja',
  'Geheimnaam3;J.;Oudegracht;216;;3511 SA;Utrecht;;;2;100,00;K-2003;ja;ja;ja;ja',
  'Geheimnaam4;A.;Oudegracht;218;;0123 AB;Utrecht;;;2;100,00;K-2004;ja;ja;ja;ja',
  'Geheimnaam5;K.;Oudegracht;220;;3511 AB;Utrecht;;;0,5;100,00;K-2005;ja;ja;ja;ja',
].join('\r\n');

describe.skipIf(!existsSync(CHROMIUM) && process.env.E2E !== 'verplicht')('Signal partner: delivery history', () => {
  let t: TestOmgeving;
  let browser: Browser;
  let partner: Page;

  beforeAll(async () => {
    mkdirSync(DOCS, { recursive: true });
    let basis: string;
    ({ t, basis, browser } = await startDemoOmgeving());
    partner = await nieuwePagina(browser, basis);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.sluit();
    if (partner) expect(paginaFouten(partner)).toEqual([]);
  });

  it('uploads a mixed file, finds it in the history, reads the grouped reasons and downloads the rejected rows', async () => {
    await inloggen(partner, 'incasso@domstad.example');
    const menu = partner.getByRole('navigation', { name: 'Hoofdmenu' });
    await menu.getByRole('link', { name: 'Signalen aanleveren' }).click();
    await partner
      .getByLabel('Bestand')
      .setInputFiles({ name: 'gemengd.csv', mimeType: 'text/csv', buffer: Buffer.from(GEMENGD) });
    await partner.getByRole('button', { name: 'Uploaden' }).click();
    await partner.getByRole('heading', { name: 'Afgewezen regels per reden' }).waitFor();

    // The history: newest first, with channel, file name, counts and status.
    await menu.getByRole('link', { name: 'Leveringen', exact: true }).click();
    await partner.getByRole('heading', { level: 1, name: 'Leveringen' }).waitFor();
    const tabel = partner.getByRole('table', { name: 'Leveringen' });
    const eerste = tabel.getByRole('row').nth(1);
    await expect.poll(() => eerste.textContent()).toContain('gemengd.csv');
    const cellen = await eerste.getByRole('cell').allTextContents();
    expect(cellen.slice(1)).toEqual(['Website', 'gemengd.csv', '5', '1', '4', 'Deels afgewezen']);
    await toegankelijk(partner);
    await schermafdruk(partner, 'signaalpartner-leveringen');
    await partner.screenshot({ path: join(DOCS, 'signaalpartner-leveringen.png'), fullPage: true });

    // The status filter is applied by the server.
    await partner.getByLabel('Status').selectOption({ label: 'Alles geaccepteerd' });
    await partner.getByRole('button', { name: 'Tonen' }).click();
    await expect.poll(() => partner.locator('main').textContent()).not.toContain('gemengd.csv');
    await partner.getByLabel('Status').selectOption({ label: 'Deels afgewezen' });
    await partner.getByRole('button', { name: 'Tonen' }).click();
    await expect.poll(() => eerste.textContent()).toContain('gemengd.csv');

    // The kept report: reasons grouped, with the lines and how to fix them.
    await eerste.getByRole('link').click();
    await partner.getByRole('heading', { level: 1, name: 'Verwerkingsrapport van een levering' }).waitFor();
    const redenen = partner.getByRole('region', { name: 'Afgewezen regels per reden' });
    await expect.poll(() => redenen.textContent()).toContain('Postcode onjuist geschreven: 2 regels');
    const tekst = (await redenen.textContent()) ?? '';
    expect(tekst).toContain('Regel 4, 5.');
    expect(tekst).toContain('Bedrag achterstand is geen getal: 1 regel');
    expect(tekst).toContain('Regel 3.');
    expect(tekst).toContain('Zo lost u het op: Schrijf het bedrag in cijfers');
    expect(tekst).toContain('Achterstand te kort of te lang voor de sector: 1 regel');
    expect(await partner.locator('main').textContent()).not.toContain('Geheimnaam');
    await toegankelijk(partner);
    await schermafdruk(partner, 'signaalpartner-leveringrapport');

    const download = partner.waitForEvent('download');
    await partner.getByRole('link', { name: 'Afgewezen regels downloaden (CSV)' }).click();
    const csv = readFileSync((await (await download).path())!, 'utf8');
    const regels = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(regels[0]).toBe('Regel;Klantnummer;Reden;Soort fout;Zo lost u het op');
    expect(regels.map((r) => r.split(';').slice(0, 2).join(';'))).toEqual([
      'Regel;Klantnummer',
      '3;K-2002',
      '4;K-2003',
      '5;K-2004',
      '6;K-2005',
    ]);
    expect(csv).not.toContain('Geheimnaam');
  });
});
