import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestOmgeving } from '../helpers/omgeving.ts';
import { DEMO_TOTP_GEHEIM, DEMO_WACHTWOORD } from '../../src/modules/accounts/demo.ts';
import { CHROMIUM, inloggen, nieuwePagina, paginaFouten, startDemoOmgeving, toegankelijk } from './browser.ts';

/** The README's screenshots of the queue and the case (docs/screenshots/). */
const DOCS = join(process.cwd(), 'docs', 'screenshots');

/** WCAG relative luminance and contrast ratio of two CSS colours ("rgb(r, g, b)" or "rgba(...)"). */
function luminantie(kleur: string): number {
  const [r, g, b] = (kleur.match(/[\d.]+/g) ?? []).slice(0, 3).map((x) => {
    const c = Number(x) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
export const contrast = (a: string, b: string) => {
  const [l1, l2] = [luminantie(a), luminantie(b)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
};

/** Logs in on the page that is open (the login form shows on any path); `later` uses the next TOTP step. */
async function meldAan(page: Page, email: string, later = false) {
  await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(DEMO_WACHTWOORD);
  const epoch = Math.floor(Date.now() / 1000) + (later ? 30 : 0);
  await page.getByLabel('Code uit de authenticator-app').fill(await generate({ secret: DEMO_TOTP_GEHEIM, epoch }));
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

/** Presses Tab until the focused element's accessible text matches (keyboard only); fails after 120 presses. */
async function tabNaar(page: Page, naam: RegExp | string, terug = false) {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press(terug ? 'Shift+Tab' : 'Tab');
    const tekst = await page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      if (!e || e === document.body || e.tagName === 'MAIN') return '';
      const label = e.id ? document.querySelector(`label[for="${e.id}"]`)?.textContent : '';
      return `${e.getAttribute('aria-label') ?? ''} ${label ?? ''} ${e.textContent ?? ''}`.trim();
    });
    if (typeof naam === 'string' ? tekst.includes(naam) : naam.test(tekst)) return;
  }
  throw new Error(`Geen focus op ${naam} na 120 keer Tab`);
}

describe.skipIf(!existsSync(CHROMIUM) && process.env.E2E !== 'verplicht')('Daily work in Chromium (issue 17)', () => {
  let t: TestOmgeving;
  let browser: Browser;
  let basis: string;
  const paginas: Page[] = [];
  const pagina = async (opties: Parameters<Browser['newContext']>[0] = {}) => {
    const p = await nieuwePagina(browser, basis);
    if (Object.keys(opties).length) {
      // A context with its own options (time zone), set up like nieuwePagina's.
      await p.context().close();
      const c = await browser.newContext({ baseURL: basis, bypassCSP: true, locale: 'nl-NL', ...opties });
      const q = await c.newPage();
      const fouten: string[] = [];
      q.on('pageerror', (e) => fouten.push(e.message));
      Object.assign(q, { fouten });
      paginas.push(q);
      return q;
    }
    paginas.push(p);
    return p;
  };

  beforeAll(async () => {
    mkdirSync(DOCS, { recursive: true });
    ({ t, basis, browser } = await startDemoOmgeving());
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.sluit();
    for (const p of paginas) expect(paginaFouten(p)).toEqual([]);
  });

  let medewerker: Page;
  it('a first visit shows the login page without "session expired"; the code field opens a numeric keypad', async () => {
    medewerker = await pagina();
    await medewerker.goto('/zaken');
    await medewerker.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    expect(await medewerker.getByRole('main').textContent()).not.toContain('verlopen');
    const code = medewerker.getByLabel('Code uit de authenticator-app');
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    // A recovery code has letters: then the ordinary keyboard.
    await medewerker.getByLabel(/Ik gebruik een herstelcode/).check();
    expect(await code.getAttribute('inputmode')).toBe('text');
    await medewerker.getByLabel(/Ik gebruik een herstelcode/).uncheck();
    await toegankelijk(medewerker);
  });

  it('after login the page asked for opens (not Start)', async () => {
    await meldAan(medewerker, 'medewerker@utrecht.example');
    await medewerker.getByRole('heading', { level: 1, name: 'Werkvoorraad' }).waitFor();
    expect(new URL(medewerker.url()).pathname).toBe('/zaken');
  });

  it('focus in the dark header is clearly visible (contrast of the focus style at least 3:1)', async () => {
    const page = medewerker;
    await tabNaar(page, /^Werkvoorraad$/);
    const stijl = await page.evaluate(() => {
      const e = document.activeElement as HTMLElement;
      const s = getComputedStyle(e);
      const menu = getComputedStyle(e.closest('nav') as HTMLElement);
      return {
        nav: !!e.closest('nav'),
        zichtbaar: e.matches(':focus-visible'),
        kleur: s.color,
        achtergrond: s.backgroundColor,
        omlijning: s.outlineColor,
        omlijningBreedte: Number.parseFloat(s.outlineWidth),
        menu: menu.backgroundColor,
      };
    });
    expect(stijl.nav && stijl.zichtbaar).toBe(true);
    // Text on the focus background, and the focus indicator against the navy menu bar.
    expect(contrast(stijl.kleur, stijl.achtergrond)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(stijl.achtergrond, stijl.menu)).toBeGreaterThanOrEqual(3);
    expect(stijl.omlijningBreedte).toBeGreaterThanOrEqual(2);
    expect(contrast(stijl.omlijning, stijl.menu)).toBeGreaterThanOrEqual(3);
  });

  it('the queue: columns, search, sort, filters, count cards as filters and the "mine" view', async () => {
    const page = medewerker;
    const tabel = page.getByRole('table', { name: 'Werkvoorraad' });
    await tabel.waitFor();
    const koppen = await tabel.getByRole('columnheader').allTextContents();
    expect(koppen.join('|')).toMatch(/Naam.*\|Adres.*\|Bedrag en sector.*\|Dagen over.*\|Status\|Behandelaar/);
    // Name, street in Dutch order, amount and sector, days left in words, owner.
    const jansen = tabel.getByRole('row').filter({ hasText: 'P. Jansen' });
    await expect.poll(() => jansen.textContent()).toMatch(/Oudegracht 12, 3511 AB Utrecht/);
    expect(await jansen.textContent()).toMatch(/€\s?1\.250,00.*Huur.*nog \d+ dag.*Nieuw.*Nog niemand/);
    await toegankelijk(page);
    await page.screenshot({ path: join(DOCS, 'gemeente-werkvoorraad.png'), fullPage: true });

    // Search.
    await page.getByLabel('Zoeken', { exact: true }).fill('biltstraat');
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'gevonden' }).textContent())
      .toBe('1 zaak gevonden.');
    expect(await tabel.textContent()).toContain('M. De Vries');
    expect(await tabel.textContent()).not.toContain('Jansen');
    await page.getByRole('button', { name: 'Filters wissen' }).click();
    await expect.poll(() => tabel.getByRole('row').count()).toBeGreaterThan(2);

    // Sort on name: ascending, then descending (aria-sort tells which).
    await tabel.getByRole('button', { name: /^Naam/ }).click();
    const naamKop = tabel.getByRole('columnheader', { name: /^Naam/ });
    await expect.poll(() => naamKop.getAttribute('aria-sort')).toBe('ascending');
    const eerste = async () => (await tabel.getByRole('row').nth(1).getByRole('link').textContent())?.trim();
    await expect.poll(eerste).toBe('M. De Vries');
    await tabel.getByRole('button', { name: /^Naam/ }).click();
    await expect.poll(() => naamKop.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(eerste).toBe('P. Jansen');

    // Filters: sector, then the "mine" view (nothing assigned to me yet).
    await page.getByLabel('Sector').selectOption('energie');
    await expect.poll(() => page.getByRole('main').textContent()).toContain('Geen zaken gevonden met deze filters.');
    await page.getByLabel('Sector').selectOption('');
    await page.getByLabel('Behandelaar').selectOption('ik');
    await expect.poll(() => page.getByRole('main').textContent()).toContain('Geen zaken gevonden met deze filters.');
    await page.getByLabel('Behandelaar').selectOption('');

    // A count card is a filter toggle.
    const kaart = page.getByRole('button', { name: /Mogelijke terugval/ });
    await kaart.click();
    await expect.poll(() => kaart.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByLabel('Alleen mogelijke terugval').isChecked()).toBe(true);
    await kaart.click();
    await expect.poll(() => kaart.getAttribute('aria-pressed')).toBe('false');
    await toegankelijk(page);
  });

  it('the case: Dutch address, next step, a timeline in words, notes; help accepted only after a reached contact', async () => {
    const page = medewerker;
    await page.getByRole('table', { name: 'Werkvoorraad' }).getByRole('link', { name: 'P. Jansen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Signaalzaak: Oudegracht 12, 3511 AB Utrecht' }).waitFor();
    const stap = page.getByRole('region', { name: 'Volgende stap' });
    await expect.poll(() => stap.textContent()).toMatch(/Pak de zaak op\.\s*Uiterlijk .+ \(nog \d+ dagen?\)\./);
    // No "help accepted" before contact: the button is not there, the reason is.
    expect(await page.getByRole('button', { name: 'Hulp geaccepteerd vastleggen' }).count()).toBe(0);
    await page.getByText(/zodra er een contactpoging is vastgelegd waarbij de inwoner is bereikt/).waitFor();

    await page.getByRole('button', { name: 'Zaak oppakken' }).click();
    const opgepakt = page.getByText('De zaak is opgepakt.');
    await opgepakt.waitFor();
    // The message appears where the worker acted and takes the focus (the button is gone).
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('De zaak is opgepakt.');
    await expect.poll(() => stap.textContent()).toContain('Neem contact op met de inwoner.');

    // A contact attempt that reached the resident; "bereikt" is cleared for the next attempt.
    await page.getByLabel('Soort contact').selectOption('Telefoon');
    await page.getByLabel('De inwoner is bereikt').check();
    await page.getByRole('button', { name: 'Contactpoging vastleggen' }).click();
    await page.getByText('De contactpoging is vastgelegd.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('De contactpoging is vastgelegd.');
    await expect.poll(() => page.getByLabel('De inwoner is bereikt').isChecked()).toBe(false);

    // A note.
    await page.getByLabel('Notitie voor collega’s').fill('Inwoner belt zelf terug na het weekend.');
    await page.getByRole('button', { name: 'Notitie opslaan' }).click();
    await page.getByText('De notitie is opgeslagen.').waitFor();
    expect(await page.getByLabel('Notitie voor collega’s').inputValue()).toBe('');

    // The timeline: who did what, in words; no raw codes.
    const tijdlijn = page.getByRole('list', { name: 'Tijdlijn' });
    await expect.poll(() => tijdlijn.textContent()).toContain('Inwoner belt zelf terug na het weekend.');
    const tekst = (await tijdlijn.textContent()) ?? '';
    expect(tekst).toMatch(/Contactpoging.*Demo Gemeentemedewerker.*Telefoon op .+: inwoner bereikt\./);
    expect(tekst).toMatch(/Zaak opgepakt.*Demo Gemeentemedewerker/);
    expect(tekst).toContain('Zaak aangemaakt uit een signaal');
    expect(tekst).not.toMatch(/→|contactpoging\b|hulp-geaccepteerd|opgepakt →/);

    // Help accepted asks first; cancelling does nothing.
    page.once('dialog', (d) => void d.dismiss());
    await page.getByRole('button', { name: 'Hulp geaccepteerd vastleggen' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Hulp geaccepteerd vastleggen' }).count()).toBe(1);
    let vraag = '';
    page.once('dialog', (d) => {
      vraag = d.message();
      void d.accept();
    });
    await page.getByRole('button', { name: 'Hulp geaccepteerd vastleggen' }).click();
    await page.getByText(/Vastgelegd: de inwoner heeft hulp geaccepteerd/).waitFor();
    expect(vraag).toContain('Dit kunt u niet ongedaan maken.');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('hulp geaccepteerd');
    await expect.poll(() => tijdlijn.textContent()).toContain('Hulp geaccepteerd');
    await toegankelijk(page);
    await page.screenshot({ path: join(DOCS, 'gemeente-signaalzaak.png'), fullPage: true });
  });

  it("another role's page says 'Geen toegang' and who to ask; an unknown page still does not exist", async () => {
    const page = medewerker;
    await page.goto('/beheer/organisaties');
    await page.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('Vraag dan de beheerder van uw organisatie');
    await toegankelijk(page);
    await page.goto('/bestaat-niet');
    await page.getByRole('heading', { level: 1, name: 'Deze pagina bestaat niet.' }).waitFor();
  });

  it('after a session expiry the login page says so, and logging in returns to the same page', async () => {
    const page = medewerker;
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: /^Welkom, / }).waitFor();
    // The start page's own requests first: one answered 401 after the cookies went would show the login page before
    // the click (seen once in CI on a loaded machine), and the click would wait for a menu that is gone.
    await page.waitForLoadState('networkidle');
    await page.context().clearCookies();
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Werkvoorraad' }).click();
    await page.getByText('Uw sessie is verlopen. Log opnieuw in.').waitFor();
    await meldAan(page, 'medewerker@utrecht.example', true);
    await page.getByRole('heading', { level: 1, name: 'Werkvoorraad' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/zaken');
  });

  it('keyboard only: login -> queue -> case -> contact -> help accepted', async () => {
    const page = await pagina();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await tabNaar(page, 'E-mailadres');
    await page.keyboard.type('coordinator@utrecht.example');
    await tabNaar(page, 'Wachtwoord');
    await page.keyboard.type(DEMO_WACHTWOORD);
    await tabNaar(page, 'Code uit de authenticator-app');
    await page.keyboard.type(await generate({ secret: DEMO_TOTP_GEHEIM }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Welkom, / }).waitFor();
    await tabNaar(page, /^Werkvoorraad$/);
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: 'Werkvoorraad' }).waitFor();
    await tabNaar(page, 'Zoeken');
    await page.keyboard.type('De Vries');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'gevonden' }).textContent())
      .toBe('1 zaak gevonden.');
    await tabNaar(page, /^M\. De Vries/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Signaalzaak: Biltstraat 40 bis, 3572 BD Utrecht' }).waitFor();
    await tabNaar(page, 'Zaak oppakken');
    await page.keyboard.press('Enter');
    await page.getByText('De zaak is opgepakt.').waitFor();
    await tabNaar(page, 'De inwoner is bereikt');
    await page.keyboard.press('Space');
    await tabNaar(page, 'Contactpoging vastleggen');
    await page.keyboard.press('Enter');
    await page.getByText('De contactpoging is vastgelegd.').waitFor();
    page.once('dialog', (d) => void d.accept());
    await tabNaar(page, 'Hulp geaccepteerd vastleggen');
    await page.keyboard.press('Enter');
    await page.getByText(/Vastgelegd: de inwoner heeft hulp geaccepteerd/).waitFor();
    await toegankelijk(page);
  });

  it('default dates are Amsterdam dates: at 00:27 on 1 January the forms say 1 January, months by name', async () => {
    // 23:27 UTC on 31 December is 00:27 on 1 January in Amsterdam; the browser itself runs in UTC.
    const page = await pagina({ timezoneId: 'UTC' });
    await page.clock.setFixedTime(new Date('2026-12-31T23:27:00Z'));
    await page.goto('/rapportages');
    await meldAan(page, 'coordinator@utrecht.example', true);
    await page.getByRole('heading', { level: 1, name: 'Rapportages' }).waitFor();
    // The report's default period ends with the last full month: December 2026 in Amsterdam (UTC would say November).
    expect(await page.getByLabel('Tot en met maand').inputValue()).toBe('2026-12');
    await expect.poll(() => page.getByRole('main').textContent()).toContain('december 2026');
    expect(await page.getByRole('main').textContent()).not.toMatch(/\b2026-1[12]\b/);
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'DDAS-bestanden' }).click();
    await expect.poll(() => page.getByLabel('Tot en met').inputValue()).toBe('2027-01-01');
  });

  it('the privacy officer has a working home page and menu (the audit log)', async () => {
    const page = await pagina();
    await inloggen(page, 'privacy@utrecht.example');
    await expect.poll(() => page.getByRole('main').textContent()).toContain('functionaris gegevensbescherming');
    expect(await page.getByRole('alert').count()).toBe(0);
    const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
    expect(await menu.getByRole('link').allTextContents()).toEqual(['Start', 'Auditlog', 'Mijn account']);
    await menu.getByRole('link', { name: 'Auditlog' }).click();
    await page.getByRole('table', { name: 'Auditlog' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await toegankelijk(page);
  });

  it("the bailiff's result disappears as soon as the BSN changes", async () => {
    const page = await pagina();
    await inloggen(page, 'deurwaarder@vandijk.example');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'BSN controleren' }).click();
    await page.getByLabel('Burgerservicenummer (BSN)').fill('111222333');
    await page.getByRole('button', { name: 'Controleren' }).click();
    await page
      .getByText(/^Match — in schuldhulp bij /)
      .first()
      .waitFor();
    await page.getByLabel('Burgerservicenummer (BSN)').fill('123456782');
    expect(await page.getByText(/^Match — in schuldhulp bij /).count()).toBe(0);
    expect(await page.getByRole('table').count()).toBe(0);
  });

  it('suspending an organisation asks first and says afterwards what happened', async () => {
    const page = await pagina();
    await inloggen(page, 'beheer@schuldenrust.example');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Organisaties' }).click();
    const rij = page.getByRole('row').filter({ hasText: 'Woningcorporatie Domstad' });
    await expect.poll(() => rij.textContent()).toContain('actief');
    page.once('dialog', (d) => void d.dismiss());
    await rij.getByRole('button', { name: 'Schorsen: Woningcorporatie Domstad' }).click();
    await expect.poll(() => rij.textContent()).toContain('actief');
    page.once('dialog', (d) => void d.accept());
    await rij.getByRole('button', { name: 'Schorsen: Woningcorporatie Domstad' }).click();
    await page
      .getByText('Woningcorporatie Domstad is geschorst. U kunt de organisatie later weer activeren.')
      .waitFor();
    await rij.getByRole('button', { name: 'Activeren: Woningcorporatie Domstad' }).click();
    await page.getByText('Woningcorporatie Domstad is weer actief.').waitFor();
  });
});
