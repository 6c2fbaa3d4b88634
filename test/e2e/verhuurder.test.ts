import { existsSync } from 'node:fs';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestOmgeving } from '../helpers/omgeving.ts';
import { mailbox, type Mailbox } from '../helpers/ontvangers.ts';
import { startBezorger } from '../../src/modules/notificaties/index.ts';
import { JOBS } from '../../src/jobs/scheduler.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { plusMaanden, vandaag } from '../../src/shared/datum.ts';
import { plusDagen } from '../../src/shared/werkdagen.ts';
import { CHROMIUM, nieuwePagina, paginaFouten, schermafdruk, startDemoOmgeving, toegankelijk } from './browser.ts';

const EMAIL = 'verhuur@devries.example';
const WACHTWOORD = 'Verhuur-wachtwoord-2026';
const lang = (d: string) =>
  new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeZone: 'Europe/Amsterdam' }).format(
    new Date(`${d}T12:00:00Z`),
  );

// Done-when of issue 14 (agreements): a small landlord signs up by itself, attests the MVI steps and enters one signal;
// its agreement is renewed after the reminder mail from the local SMTP receiver.
describe.skipIf(!existsSync(CHROMIUM) && process.env.E2E !== 'verplicht')('Small landlord in Chromium', () => {
  let t: TestOmgeving;
  let browser: Browser;
  let basis: string;
  let post: Mailbox;
  let stopBezorger: () => Promise<void>;
  let page: Page;
  let geheim: string;
  const menu = (naam: string) =>
    page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: naam, exact: true }).click();

  beforeAll(async () => {
    post = await mailbox();
    ({ t, basis, browser } = await startDemoOmgeving({
      SMTP_URL: post.url,
      NOTIFICATIE_INTERVAL_MS: 200,
      PUBLIEKE_URL: 'http://schuldenrust.test',
    }));
    stopBezorger = startBezorger(t.ctx);
    page = await nieuwePagina(browser, basis);
    // Confirmations (window.confirm) are accepted, as a person clicking OK.
    page.on('dialog', (d) => void d.accept());
  }, 240_000);

  afterAll(async () => {
    await stopBezorger?.();
    await browser?.close();
    await t?.sluit();
    await post?.sluit();
    if (page) expect(paginaFouten(page)).toEqual([]);
    expect(post?.vondsten ?? []).toEqual([]);
  });

  it('signs up from the login page without the operator, and is shown its authenticator secret once', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Kleine verhuurder? Meld u hier aan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanmelden als kleine verhuurder' }).waitFor();
    await toegankelijk(page);
    await page.getByLabel('Naam van uw organisatie (of uw eigen naam)').fill('Verhuur De Vries');
    await page.getByLabel('Uw naam', { exact: true }).fill('J. de Vries');
    await page.getByLabel('Uw e-mailadres (hiermee logt u in)').fill(EMAIL);
    await page.getByLabel('Naam van wie tekent').fill('J. de Vries');
    await page.getByLabel('Functie van wie tekent (bijvoorbeeld eigenaar)').fill('Eigenaar');
    await page.getByLabel('E-mailadres van wie tekent').fill(EMAIL);
    await page.getByLabel('Kies een wachtwoord (minstens 12 tekens)').fill(WACHTWOORD);
    await page.getByLabel('Utrecht', { exact: true }).check();
    const aanmelden = page.getByRole('button', { name: 'Aanmelden' });
    expect(await aanmelden.isDisabled()).toBe(true); // not without accepting the agreement
    await page.getByLabel(/Ik ga akkoord met het convenant/).check();
    await aanmelden.click();
    await page.getByText('U bent aangemeld. Uw convenanten gaan vandaag in.').waitFor();
    geheim = ((await page.getByTestId('totp-geheim').textContent()) ?? '').trim();
    expect(geheim).toMatch(/^[A-Z2-7]{16,}$/);
    await toegankelijk(page);
    await schermafdruk(page, '40-verhuurder-aangemeld');
  });

  it('logs in, attests the MVI steps and enters one signal in the form', async () => {
    await page.getByRole('link', { name: 'Nu inloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await page.getByLabel('E-mailadres').fill(EMAIL);
    await page.getByLabel('Wachtwoord').fill(WACHTWOORD);
    await page.getByLabel('Code uit de authenticator-app').fill(await generate({ secret: geheim }));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { level: 1, name: /^Welkom, / }).waitFor();

    await menu('Signaal invoeren');
    await page.getByRole('heading', { level: 1, name: 'Eén signaal invoeren' }).waitFor();
    await toegankelijk(page);
    await page.getByLabel('Achternaam *').fill('Huurder');
    await page.getByLabel('Huisnummer *').fill('12');
    await page.getByLabel('Postcode *').fill('3511 AB');
    await page.getByLabel('Aantal maanden achterstand *').fill('2');
    await page.getByLabel('Bedrag achterstand in euro *').fill('1450,00');
    const versturen = page.getByRole('button', { name: 'Signaal versturen' });
    expect(await versturen.isDisabled()).toBe(true); // not without the MVI attestation
    await page.getByLabel('Ik heb ten minste één schriftelijke betalingsherinnering gestuurd').check();
    await page.getByLabel('Ik heb geprobeerd persoonlijk contact te krijgen met de huurder').check();
    await page.getByLabel('Ik heb de huurder gewezen op schuldhulp van de gemeente').check();
    await page.getByLabel('Ik heb aangeboden de gegevens aan de gemeente door te geven').check();
    await versturen.click();
    await page.getByText('Het signaal is doorgestuurd naar de gemeente.').waitFor();
    await toegankelijk(page);
    await schermafdruk(page, '41-verhuurder-signaal');
    const s = await t.ctx.db.kysely
      .selectFrom('vroegsignalen as v')
      .innerJoin('signaalpartners as p', 'p.organisatie_id', 'v.partner_id')
      .select(['v.gemeentecode', 'v.schuldhulp_genoemd', 'v.gegevensoverdracht_aangeboden'])
      .where('p.contact_email', '=', EMAIL)
      .execute();
    expect(s).toEqual([{ gemeentecode: 'GM0344', schuldhulp_genoemd: true, gegevensoverdracht_aangeboden: true }]);
  });

  it('gets the reminder mail 14 days before the end and renews the agreement with one action', async () => {
    // Time passes: the agreement now ends in 13 days; the scheduled job sends the reminder.
    const eind = plusDagen(vandaag(), 13);
    await t.ctx.db.kysely
      .updateTable('convenanten')
      .set({ einddatum: eind })
      .where('partner_id', 'in', (q) =>
        q.selectFrom('signaalpartners').select('organisatie_id').where('contact_email', '=', EMAIL),
      )
      .execute();
    await JOBS['convenant-herinneringen'](t.ctx);
    const mail = await post.wacht(EMAIL, /Convenant verloopt over 14 dagen/);
    expect(mail.tekst).toContain('http://schuldenrust.test/convenanten');

    await menu('Convenanten');
    await page.getByRole('heading', { level: 1, name: 'Convenanten' }).waitFor();
    await page.getByText(/Loopt af op .+\. U kunt het nu verlengen\./).waitFor();
    await toegankelijk(page);
    await page.getByRole('button', { name: 'Verlengen' }).click();
    const nieuw = plusMaanden(eind, 12);
    await page.getByText(`Het convenant is verlengd tot ${lang(nieuw)}.`).waitFor();
    await page.getByRole('button', { name: 'Geschiedenis' }).click();
    const tabel = page.getByRole('table', { name: 'Geschiedenis' });
    await expect.poll(() => tabel.textContent()).toContain('Verlengd');
    expect(await tabel.textContent()).toContain('Verhuur De Vries');
    await toegankelijk(page);
    await schermafdruk(page, '42-verhuurder-verlengd');
    // One reminder per threshold: running the job again sends nothing new.
    await JOBS['convenant-herinneringen'](t.ctx);
    expect(post.mails.filter((m) => m.aan.includes(EMAIL) && /verloopt/.test(m.onderwerp))).toHaveLength(1);
  });

  it("a property manager lists, adds and ends its principals' mandates in the web app", async () => {
    const vgm = await t.organisatie('Vastgoedbeheer Centrum', 'signaalpartner');
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/partners/aanmelding',
      headers: vgm.headers,
      payload: {
        type: 'Huur',
        sectoren: ['huur'],
        rol: 'vastgoedmanager',
        contactpersoon: { naam: 'Team Incasso', email: 'incasso@vastgoed.example', delen: true },
        tekenbevoegde: { naam: 'T. Ekenaar', functie: 'Directeur', email: 'directie@vastgoed.example' },
        gemeenten: ['GM0344'],
      },
    });
    expect(r.statusCode).toBe(201);
    const wie = await t.ctx.accounts.maakGebruiker(SYSTEEM, {
      organisatieId: vgm.id,
      email: 'beheer@vastgoed.example',
      naam: 'Beheer Vastgoed',
      rol: 'signaalpartner-beheerder',
    });
    const p = await nieuwePagina(browser, basis);
    p.on('dialog', (d) => void d.accept());
    await p.goto('/');
    await p.getByLabel('E-mailadres').fill(wie.email);
    await p.getByLabel('Wachtwoord').fill(wie.wachtwoord);
    await p.getByLabel('Code uit de authenticator-app').fill(await generate({ secret: wie.totpGeheim }));
    await p.getByRole('button', { name: 'Inloggen' }).click();
    await p.getByRole('heading', { level: 1, name: /^Welkom, / }).waitFor();
    await p.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Opdrachtgevers' }).click();
    await p.getByText('Er zijn nog geen opdrachtgevers vastgelegd.').waitFor();
    await toegankelijk(p);
    await p.getByLabel('Naam opdrachtgever').fill('Belegger Noord B.V.');
    await p.getByRole('button', { name: 'Opdrachtgever toevoegen' }).click();
    await p.getByText('Het mandaat van Belegger Noord B.V. is vastgelegd.').waitFor();
    const tabel = p.getByRole('table', { name: 'Opdrachtgevers' });
    await expect.poll(() => tabel.textContent()).toContain('Belegger Noord B.V.');
    expect(await tabel.textContent()).toContain('Onbepaald');
    await toegankelijk(p);
    await schermafdruk(p, '43-vastgoedmanager-opdrachtgevers');
    await tabel.getByRole('button', { name: 'Mandaat beëindigen: Belegger Noord B.V.' }).click();
    await p.getByText('Het mandaat van Belegger Noord B.V. is beëindigd.').waitFor();
    await expect.poll(() => tabel.getByRole('button').count()).toBe(0);
    const [o] = await t.ctx.db.kysely
      .selectFrom('opdrachtgevers')
      .select('mandaat_tot')
      .where('partner_id', '=', vgm.id)
      .execute();
    expect(o!.mandaat_tot! < vandaag()).toBe(true);
    expect(paginaFouten(p)).toEqual([]);
    await p.close();
  });
});
