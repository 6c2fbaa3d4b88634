import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestOmgeving } from '../helpers/omgeving.ts';
import { mailbox, type Mailbox } from '../helpers/ontvangers.ts';
import {
  CHROMIUM,
  inloggen,
  nieuwePagina,
  paginaFouten,
  schermafdruk,
  startDemoOmgeving,
  toegankelijk,
} from './browser.ts';

const WACHTWOORD = /eenmalige wachtwoord: (\S+)/;
const HERSTELLINK = /(\/wachtwoord-herstellen#[A-Za-z0-9_-]{43})/;

// Issue 14, people and accounts, end to end: the operator invites a new municipality's first administrator; the
// administrator logs in with the one-time password from the mail, chooses a password, sets up the authenticator app
// from the QR code, and invites a colleague, who logs in with the mail received by the local SMTP receiver.
describe.skipIf(!existsSync(CHROMIUM) && process.env.E2E !== 'verplicht')('Self-service accounts in Chromium', () => {
  let t: TestOmgeving;
  let browser: Browser;
  let basis: string;
  let post: Mailbox;
  const paginas: Page[] = [];

  beforeAll(async () => {
    post = await mailbox();
    ({ t, basis, browser } = await startDemoOmgeving({ SMTP_URL: post.url }));
    await t.organisatie('Gemeente Nieuwdorp', 'gemeente');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.sluit();
    await post?.sluit();
    for (const p of paginas) expect(paginaFouten(p)).toEqual([]);
    expect(post?.vondsten ?? []).toEqual([]);
  });

  const pagina = async () => {
    const p = await nieuwePagina(browser, basis);
    p.on('dialog', (d) => void d.accept());
    paginas.push(p);
    return p;
  };
  /** First login with the one-time password from the invitation mail (no code yet). */
  const eersteKeer = async (p: Page, email: string, wachtwoord: string) => {
    await p.goto('/');
    await p.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await p.getByLabel('E-mailadres').fill(email);
    await p.getByLabel('Wachtwoord').fill(wachtwoord);
    await p.getByRole('button', { name: 'Inloggen' }).click();
    await p.getByRole('heading', { level: 1, name: 'Uw account instellen' }).waitFor();
  };
  const kiesWachtwoord = async (p: Page, eenmalig: string, nieuw: string) => {
    await p.getByRole('heading', { level: 2, name: 'Kies een eigen wachtwoord' }).waitFor();
    await p.getByLabel('Eenmalig wachtwoord uit de e-mail').fill(eenmalig);
    await p.getByLabel('Nieuw wachtwoord', { exact: true }).fill(nieuw);
    await p.getByLabel('Nieuw wachtwoord nog een keer').fill(nieuw);
    await p.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await p.getByRole('heading', { level: 2, name: 'Authenticator-app instellen' }).waitFor();
  };

  it('the operator invites the first administrator, who sets up the account and invites a colleague', async () => {
    // The operator.
    const beheer = await pagina();
    await inloggen(beheer, 'beheer@schuldenrust.example');
    await beheer
      .getByRole('navigation', { name: 'Hoofdmenu' })
      .getByRole('link', { name: 'Gebruikers', exact: true })
      .click();
    await beheer.getByRole('heading', { level: 2, name: 'Eerste beheerder van een organisatie uitnodigen' }).waitFor();
    await beheer.getByLabel('Organisatie van de beheerder').selectOption({ label: 'Gemeente Nieuwdorp' });
    await beheer.getByLabel('Naam van de beheerder').fill('Bea Beheer');
    await beheer.getByLabel('E-mailadres van de beheerder').fill('beheer@nieuwdorp.example');
    await beheer.getByRole('button', { name: 'Beheerder uitnodigen' }).click();
    await beheer.getByText('De uitnodiging is verstuurd naar beheer@nieuwdorp.example.').waitFor();
    await toegankelijk(beheer);

    // The administrator: one-time password from the mail, own password, authenticator app from the QR code.
    const mail = await post.wacht('beheer@nieuwdorp.example', /nieuwe account/);
    const eenmalig = WACHTWOORD.exec(mail.tekst)![1]!;
    const p = await pagina();
    await eersteKeer(p, 'beheer@nieuwdorp.example', eenmalig);
    await toegankelijk(p);
    // Nothing else is reachable yet: no menu.
    expect(await p.getByRole('navigation', { name: 'Hoofdmenu' }).count()).toBe(0);
    await kiesWachtwoord(p, eenmalig, 'Nieuwdorp-beheer-2026!');
    await p.getByRole('button', { name: 'Begin met instellen' }).click();
    await p.getByRole('img', { name: 'QR-code om de authenticator-app in te stellen' }).waitFor();
    const qr = await p.getByRole('img', { name: 'QR-code om de authenticator-app in te stellen' }).getAttribute('src');
    expect(qr).toMatch(/^data:image\/svg\+xml;base64,/);
    const geheim = (await p.getByTestId('totp-geheim').textContent())!.trim();
    expect(geheim).toMatch(/^[A-Z2-7]{16,}$/);
    await toegankelijk(p);
    await schermafdruk(p, '60-account-totp-instellen');
    await p.getByLabel('Code uit de authenticator-app').fill(await generate({ secret: geheim }));
    await p.getByRole('button', { name: 'Code bevestigen' }).click();
    await p.getByRole('heading', { level: 3, name: 'Uw herstelcodes' }).waitFor();
    expect(await p.locator('.sr-herstelcodes li').count()).toBe(10);
    await toegankelijk(p);
    await p.getByRole('button', { name: 'Ik heb de codes bewaard, ga verder' }).click();
    await p.getByRole('heading', { level: 1, name: /^Welkom, / }).waitFor();

    // The administrator invites a colleague.
    await p
      .getByRole('navigation', { name: 'Hoofdmenu' })
      .getByRole('link', { name: 'Gebruikers', exact: true })
      .click();
    await p.getByRole('heading', { level: 1, name: 'Gebruikers van uw organisatie' }).waitFor();
    await p.getByLabel('Naam', { exact: true }).fill('Cor Collega');
    await p.getByLabel('E-mailadres', { exact: true }).fill('collega@nieuwdorp.example');
    await p.getByLabel('Rol', { exact: true }).selectOption({ label: 'Gemeentemedewerker' });
    await p.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    await p.getByText('De uitnodiging is verstuurd naar collega@nieuwdorp.example.').waitFor();
    await expect
      .poll(() => p.getByRole('table', { name: 'Gebruikers' }).textContent())
      .toContain('collega@nieuwdorp.example');
    await toegankelijk(p);
    await schermafdruk(p, '61-account-organisatie-gebruikers');

    // The colleague logs in with the invitation mail from the local SMTP receiver.
    const uitnodiging = await post.wacht('collega@nieuwdorp.example', /nieuwe account/);
    expect(uitnodiging.tekst).toContain('Gemeente Nieuwdorp heeft een account voor u gemaakt');
    const c = await pagina();
    const eenmaligCollega = WACHTWOORD.exec(uitnodiging.tekst)![1]!;
    await eersteKeer(c, 'collega@nieuwdorp.example', eenmaligCollega);
    await kiesWachtwoord(c, eenmaligCollega, 'Collega-wachtwoord-2026');
  });

  it('a forgotten password: the link from the mail sets a new one', async () => {
    const p = await pagina();
    await p.goto('/');
    await p.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
    await p.getByRole('heading', { level: 1, name: 'Wachtwoord vergeten' }).waitFor();
    await toegankelijk(p);
    await p.getByLabel('E-mailadres').fill('beheer@nieuwdorp.example');
    await p.getByRole('button', { name: 'Stuur mij een link' }).click();
    await p.getByText(/Als er een account is met dit e-mailadres/).waitFor();
    const mail = await post.wacht('beheer@nieuwdorp.example', /nieuw wachtwoord/);
    await p.goto(HERSTELLINK.exec(mail.tekst)![1]!);
    await p.getByRole('heading', { level: 1, name: 'Kies een nieuw wachtwoord' }).waitFor();
    await p.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Hersteld-wachtwoord-2026');
    await p.getByLabel('Nieuw wachtwoord nog een keer').fill('Hersteld-wachtwoord-2026');
    await p.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await p.getByText(/Uw nieuwe wachtwoord is opgeslagen/).waitFor();
    await toegankelijk(p);
  });
});
