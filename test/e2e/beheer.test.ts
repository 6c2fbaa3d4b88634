import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
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

// The operator's screens for users, certificates, the postcode table and joining steps, end to end:
// the real server with the demo data, the built app, headless Chromium (PGlite; the API is tested on both databases).
describe.skipIf(!existsSync(CHROMIUM) && process.env.E2E !== 'verplicht')('Operator screens in Chromium', () => {
  let t: TestOmgeving;
  let browser: Browser;
  let basis: string;
  let beheer: Page;
  const paginas: Page[] = [];
  const map = mkdtempSync(join(tmpdir(), 'sr-e2e-beheer-'));

  beforeAll(async () => {
    ({ t, basis, browser } = await startDemoOmgeving());
    beheer = await nieuwePagina(browser, basis);
    paginas.push(beheer);
    await inloggen(beheer, 'beheer@schuldenrust.example');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.sluit();
    rmSync(map, { recursive: true, force: true });
    for (const p of paginas) expect(paginaFouten(p)).toEqual([]);
  });

  const naar = async (naam: string) => {
    await beheer.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: naam, exact: true }).click();
    await beheer.getByRole('heading', { level: 1, name: naam }).waitFor();
    await beheer.getByText('Bezig met laden…').waitFor({ state: 'detached' });
  };
  const download = async (knop: string) => {
    const d = beheer.waitForEvent('download');
    await beheer.getByRole('button', { name: knop, exact: true }).click();
    const bestand = await d;
    return { naam: bestand.suggestedFilename(), inhoud: readFileSync((await bestand.path())!, 'utf8') };
  };

  it('creates a user, sees the one-time secrets with a warning, and the user logs in with them; then deactivates it', async () => {
    await naar('Gebruikers');
    await toegankelijk(beheer);
    await expect
      .poll(() => beheer.getByRole('table', { name: 'Gebruikers' }).textContent())
      .toContain('medewerker@utrecht.example');
    await beheer.getByLabel('Organisatie', { exact: true }).selectOption({ label: 'Gemeente Utrecht' });
    await beheer.getByLabel('Naam', { exact: true }).fill('Nieuwe Coördinator');
    await beheer.getByLabel('E-mailadres', { exact: true }).fill('nieuw@utrecht.example');
    await beheer.getByLabel('Rol', { exact: true }).selectOption({ label: 'Coördinator gemeente' });
    await beheer.getByRole('button', { name: 'Gebruiker aanmaken' }).click();
    await beheer.getByText('De gebruiker nieuw@utrecht.example is aangemaakt.').waitFor();
    await beheer.getByText(/Let op: deze gegevens worden maar één keer getoond/).waitFor();
    const geheimen = beheer.locator('.sr-eenmalig dd');
    const [email, wachtwoord, totpGeheim, totpUri] = await Promise.all(
      [0, 1, 2, 3].map((i) => geheimen.nth(i).textContent()),
    );
    expect(email).toBe('nieuw@utrecht.example');
    expect(totpUri).toContain(`secret=${totpGeheim}`);
    expect(await beheer.locator('.sr-codes li').count()).toBe(10);
    await toegankelijk(beheer);
    await schermafdruk(beheer, '20-beheer-gebruiker-aangemaakt');

    // The new user logs in with exactly what the screen showed.
    const nieuw = await nieuwePagina(browser, basis);
    paginas.push(nieuw);
    await nieuw.goto('/');
    await nieuw.getByLabel('E-mailadres').fill(email!);
    await nieuw.getByLabel('Wachtwoord').fill(wachtwoord!);
    await nieuw.getByLabel('Code uit de authenticator-app').fill(await generate({ secret: totpGeheim! }));
    await nieuw.getByRole('button', { name: 'Inloggen' }).click();
    await nieuw.getByRole('heading', { level: 1, name: 'Welkom, Nieuwe Coördinator' }).waitFor();

    // Closing the message removes the secrets from the screen for good.
    await beheer.getByRole('button', { name: 'Ik heb de gegevens veilig doorgegeven' }).click();
    expect(await beheer.locator('.sr-eenmalig').count()).toBe(0);
    expect(await beheer.content()).not.toContain(wachtwoord!);
    const rij = beheer.getByRole('row').filter({ hasText: 'nieuw@utrecht.example' });
    await expect.poll(() => rij.textContent()).toContain('Coördinator gemeente');

    beheer.once('dialog', (d) => void d.accept());
    await rij.getByRole('button', { name: 'Deactiveren: nieuw@utrecht.example' }).click();
    await beheer.getByText('De gebruiker is gedeactiveerd; 1 sessie beëindigd.').waitFor();
    await expect.poll(() => rij.textContent()).toContain('Gedeactiveerd');
    expect(await nieuw.evaluate(async () => (await fetch('/api/sessie/ik')).status)).toBe(401);
  });

  it('issues a client certificate (certificate and key downloaded as files, once) and revokes it', async () => {
    await naar('Certificaten');
    await toegankelijk(beheer);
    await beheer.getByLabel('Organisatie', { exact: true }).selectOption({ label: 'Gerechtsdeurwaarders Van Dijk' });
    await beheer.getByLabel('Geldigheid in dagen').fill('90');
    await beheer.getByRole('button', { name: 'Certificaat uitgeven', exact: true }).click();
    await beheer.getByText(/de privésleutel wordt maar één keer getoond en nergens bewaard/).waitFor();
    const cert = await download('Certificaat downloaden');
    const sleutel = await download('Privésleutel downloaden');
    const ca = await download('Platform-CA downloaden');
    expect(cert.inhoud.startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
    expect(sleutel.inhoud.startsWith('-----BEGIN PRIVATE KEY-----')).toBe(true);
    const x = new X509Certificate(cert.inhoud);
    expect(x.checkPrivateKey(createPrivateKey(sleutel.inhoud))).toBe(true);
    expect(x.checkIssued(new X509Certificate(ca.inhoud))).toBe(true);
    const serienummer = cert.naam.replace('.crt.pem', '');
    expect(sleutel.naam).toBe(`${serienummer}.key.pem`);
    await toegankelijk(beheer);
    await schermafdruk(beheer, '21-beheer-certificaat-uitgegeven');
    await beheer.getByRole('button', { name: 'Ik heb de bestanden opgeslagen' }).click();
    expect(await beheer.content()).not.toContain('PRIVATE KEY');

    const rij = beheer.getByRole('row').filter({ hasText: serienummer });
    await expect.poll(() => rij.textContent()).toContain('Geldig');
    beheer.once('dialog', (d) => void d.accept());
    await rij.getByRole('button', { name: `Intrekken: ${serienummer}` }).click();
    await beheer.getByText('Het certificaat is ingetrokken.').waitFor();
    await expect.poll(() => rij.textContent()).toContain('Ingetrokken');
    await toegankelijk(beheer);
  });

  it('imports a postcode file: a bad file is refused with its rows, a good one replaces the table; adds an exception', async () => {
    await naar('Postcodetabel');
    await toegankelijk(beheer);
    const fout = join(map, 'postcodes-fout.csv');
    writeFileSync(fout, 'pc4;gemeentecode;gemeentenaam\n3511;GM0344;Utrecht\n0999;GM0344;Utrecht\n');
    await beheer.getByLabel('Bestand').setInputFiles(fout);
    await beheer.getByRole('button', { name: 'Uploaden' }).click();
    await beheer.getByText(/Het bestand bevat 1 fout; er is niets geïmporteerd\./).waitFor();
    await expect
      .poll(() => beheer.getByRole('table', { name: 'Fouten in het bestand' }).textContent())
      .toContain('PC4 moet uit 4 cijfers bestaan');
    await toegankelijk(beheer);

    const goed = join(map, 'postcodes.csv');
    writeFileSync(
      goed,
      'PC4;Gemeentecode;Gemeentenaam\n3511;GM0344;Utrecht\n3512;GM0344;Utrecht\n1011;GM0363;Amsterdam\n4062;GM0281;Tiel\n4062;GM1960;West Betuwe\n',
    );
    await beheer.getByLabel('Bestand').setInputFiles(goed);
    await beheer.getByRole('button', { name: 'Uploaden' }).click();
    await beheer
      .getByText(/Geïmporteerd: 5 regels, 4 postcodegebieden\. De vorige tabel \(\d+ regels\) is vervangen\./)
      .waitFor();
    await beheer.getByRole('heading', { level: 2, name: 'Postcodegebieden in twee gemeenten' }).waitFor();

    await beheer.getByLabel('Postcode', { exact: true }).fill('4062 AB');
    await beheer.getByLabel('Gemeentecode').fill('GM0281');
    await beheer.getByRole('button', { name: 'Uitzondering toevoegen' }).click();
    await beheer.getByText('Uitzondering vastgelegd: 4062AB hoort bij GM0281.').waitFor();
    await expect
      .poll(() => beheer.getByRole('table', { name: 'Uitzonderingen' }).textContent())
      .toContain('Tiel (GM0281)');
    await toegankelijk(beheer);
    await schermafdruk(beheer, '22-beheer-postcodetabel');
    const route = await beheer.evaluate(async () =>
      (await fetch('/api/gemeenten/route?postcode=4062AB&huisnummer=1')).json(),
    );
    expect(route).toMatchObject({ gemeentecode: 'GM0281' });

    // CBS's yearly address file: recognised by its header; it replaces the table and every exception.
    await beheer.getByLabel('Bestand').setInputFiles('test/helpers/fixtures/cbs-pc6hnr-klein.csv');
    await beheer.getByRole('button', { name: 'Uploaden' }).click();
    await beheer
      .getByText(/CBS-bestand geïmporteerd: 287 adressen, 4 postcodegebieden, .* en 16 uitzonderingen/)
      .waitFor();
    await expect
      .poll(() => beheer.getByRole('table', { name: 'Uitzonderingen' }).textContent())
      .toContain('Bernheze (GM1721)');
    await toegankelijk(beheer);
  });

  it('records the next joining step of a new organisation and shows status, date and who', async () => {
    await naar('Organisaties');
    await beheer.getByLabel('Naam', { exact: true }).fill('Waterbedrijf Midden');
    await beheer.getByLabel('Type').selectOption({ label: 'Signaalpartner' });
    await beheer.getByRole('button', { name: 'Organisatie toevoegen' }).click();
    await beheer.getByText('De organisatie is toegevoegd.').waitFor();

    await naar('Aansluiting');
    await beheer.getByLabel('Organisatie', { exact: true }).selectOption({ label: 'Waterbedrijf Midden' });
    await beheer.getByText('Huidige fase: Intake.').waitFor();
    await toegankelijk(beheer);
    expect(await beheer.getByLabel('Stap', { exact: true }).inputValue()).toBe('overeenkomst');
    await beheer.getByLabel('Toelichting (optioneel)').fill('Verwerkersovereenkomst getekend');
    await beheer.getByRole('button', { name: 'Stap vastleggen' }).click();
    await beheer.getByText('Vastgelegd: Overeenkomst.').waitFor();
    await beheer.getByText('Huidige fase: Overeenkomst.').waitFor();
    const stappen = beheer.getByRole('table', { name: 'Aansluitstappen' });
    await expect
      .poll(() => stappen.getByRole('row').filter({ hasText: 'Overeenkomst' }).textContent())
      .toContain('Huidige fase');
    expect(await stappen.getByRole('row').filter({ hasText: 'Technische inrichting' }).textContent()).toContain(
      'Volgende stap',
    );
    const geschiedenis = await beheer.getByRole('table', { name: 'Geschiedenis' }).textContent();
    expect(geschiedenis).toContain('Verwerkersovereenkomst getekend');
    expect(geschiedenis).toContain('Demo Beheerder');
    // Skipping a step is not offered; the API would refuse it too.
    expect(await beheer.getByLabel('Stap', { exact: true }).locator('option').allTextContents()).toEqual([
      'Intake',
      'Overeenkomst',
      'Technische inrichting',
    ]);
    await toegankelijk(beheer);
    await schermafdruk(beheer, '23-beheer-aansluiting');
  });

  it('another role does not get these screens, and the API refuses it', async () => {
    const page = await nieuwePagina(browser, basis);
    paginas.push(page);
    await inloggen(page, 'medewerker@utrecht.example');
    for (const pad of ['/beheer/gebruikers', '/beheer/certificaten', '/beheer/postcodes', '/beheer/aansluiting']) {
      await page.goto(pad);
      await page.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
    }
    const status = await page.evaluate(async () =>
      Promise.all(
        ['/api/beheer/gebruikers', '/api/beheer/certificaten', '/api/gemeenten/postcodes'].map(
          async (u) => (await fetch(u)).status,
        ),
      ),
    );
    expect(status).toEqual([403, 403, 403]);
  });
});
