import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestOmgeving } from '../helpers/omgeving.ts';
import { mailbox, webhookOntvanger, type Mailbox, type WebhookOntvanger } from '../helpers/ontvangers.ts';
import { controleerHandtekening, startBezorger } from '../../src/modules/notificaties/index.ts';
import { DEMO_ORGANISATIES } from '../../src/cli/demo.ts';
import {
  CHROMIUM,
  inloggen,
  nieuwePagina,
  paginaFouten,
  schermafdruk,
  startDemoOmgeving,
  toegankelijk,
} from './browser.ts';

const PARTNER_SLEUTEL = DEMO_ORGANISATIES.find((o) => o.naam === 'Woningcorporatie Domstad')!.sleutel;

// Done-when of issue 15, as people and machines use it: a partner uploads a crisis signal in the browser; the
// municipality's worker gets the e-mail from the local SMTP receiver and sees the notification in the app; the worker
// records "help accepted"; the partner's webhook receiver gets a signed call, verifies it and fetches the details.
describe.skipIf(!existsSync(CHROMIUM) && process.env.E2E !== 'verplicht')('Notifications in Chromium', () => {
  let t: TestOmgeving;
  let browser: Browser;
  let basis: string;
  let post: Mailbox;
  let haak: WebhookOntvanger;
  let stopBezorger: () => Promise<void>;
  const paginas: Page[] = [];
  const pagina = async () => {
    const p = await nieuwePagina(browser, basis);
    paginas.push(p);
    return p;
  };
  const menu = (p: Page, naam: string) =>
    p.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: naam }).click();

  beforeAll(async () => {
    post = await mailbox();
    haak = await webhookOntvanger();
    ({ t, basis, browser } = await startDemoOmgeving({
      SMTP_URL: post.url,
      NOTIFICATIE_INTERVAL_MS: 200,
      PUBLIEKE_URL: 'http://schuldenrust.test',
    }));
    stopBezorger = startBezorger(t.ctx);
  }, 240_000);

  afterAll(async () => {
    await stopBezorger?.();
    await browser?.close();
    await t?.sluit();
    await post?.sluit();
    await haak?.sluit();
    for (const p of paginas) expect(paginaFouten(p)).toEqual([]);
    expect(post?.vondsten ?? []).toEqual([]);
    expect(haak?.vondsten ?? []).toEqual([]);
  });

  let partner: Page;
  let geheim: string;
  it('the partner registers a webhook on its screen; the signing secret is shown once', async () => {
    partner = await pagina();
    await inloggen(partner, 'incasso@domstad.example');
    await menu(partner, 'Webhooks');
    await partner.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await partner.getByText('Uw organisatie heeft nog geen webhooks.').waitFor();
    await toegankelijk(partner);
    await partner.getByLabel('Adres (URL) van uw ontvanger').fill(haak.url);
    await partner.getByLabel('Omschrijving').fill('Incassosysteem');
    await partner.getByLabel('Hulp geaccepteerd bij een signaal van uw organisatie').check();
    await partner.getByRole('button', { name: 'Webhook toevoegen' }).click();
    const vak = partner.getByRole('region', { name: 'Ondertekeningsgeheim' });
    await vak.waitFor();
    geheim = ((await vak.locator('.sr-code').textContent()) ?? '').trim();
    expect(geheim).toMatch(/^whsec_/);
    await expect.poll(() => partner.getByRole('table', { name: 'Webhooks' }).textContent()).toContain(haak.url);
    await toegankelijk(partner);
    await schermafdruk(partner, '20-signaalpartner-webhooks');
    await partner.getByRole('button', { name: 'Ik heb het geheim veilig bewaard' }).click();
    await expect.poll(() => partner.getByText(geheim).count()).toBe(0);
  });

  it('the partner uploads a crisis signal; the municipality worker gets the e-mail at once, without personal data', async () => {
    await menu(partner, 'Signalen aanleveren');
    await partner.getByLabel('Bestand').setInputFiles('test/helpers/fixtures/crisissignaal.csv');
    await partner.getByRole('button', { name: 'Uploaden' }).click();
    await partner.getByRole('heading', { name: 'Verwerkingsrapport' }).waitFor();
    const mail = await post.wacht('medewerker@utrecht.example', /crisissignaal/);
    expect(mail.onderwerp).toMatch(/^Schuldenrust: Nieuw crisissignaal: uiterlijk .+ oppakken$/);
    expect(mail.tekst).toMatch(/http:\/\/schuldenrust\.test\/zaken\/[0-9a-f-]{36}/);
    expect(mail.tekst).not.toMatch(/Mulder|Oudegracht|3511|K-9001/);
    await post.wacht('coordinator@utrecht.example', /crisissignaal/);
    expect(post.mails.some((m) => m.aan.includes('privacy@utrecht.example'))).toBe(false);
  });

  let gemeente: Page;
  it('the worker sees it in the app: the bell, the list, the case it links to', async () => {
    gemeente = await pagina();
    await inloggen(gemeente, 'medewerker@utrecht.example');
    const bel = gemeente.getByRole('link', { name: /^Meldingen \d+ ongelezen$/ });
    await bel.waitFor();
    await toegankelijk(gemeente);
    await bel.click();
    await gemeente.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor();
    const tabel = gemeente.getByRole('table', { name: 'Meldingen' });
    const crisis = tabel.getByRole('link', { name: /Nieuw crisissignaal/ });
    await crisis.waitFor();
    await toegankelijk(gemeente);
    await schermafdruk(gemeente, '21-gemeente-meldingen');
    const link = (await crisis.getAttribute('href'))!;
    expect(link).toMatch(/^\/zaken\/[0-9a-f-]{36}$/);
    const voor = Number(/(\d+) ongelezen/.exec((await bel.textContent())!)![1]);
    await crisis.click();
    await gemeente.getByRole('heading', { level: 1, name: /Signaalzaak: Oudegracht 88, 3511 AB Utrecht/ }).waitFor();
    // Opening it marked it read: the bell counts one less.
    await expect
      .poll(async () => (await gemeente.getByRole('link', { name: /^Meldingen/ }).textContent()) ?? '')
      .toBe(voor - 1 === 0 ? 'Meldingen' : `Meldingen ${voor - 1} ongelezen`);
  });

  it("the worker records help accepted; the partner's receiver gets a signed call and fetches the details over the API", async () => {
    const page = gemeente;
    await page.getByRole('button', { name: 'Zaak oppakken' }).click();
    await page.getByText('De zaak is opgepakt.').waitFor();
    await page.getByLabel('Soort contact').selectOption('Huisbezoek');
    await page.getByLabel('De inwoner is bereikt').check();
    await page.getByRole('button', { name: 'Contactpoging vastleggen' }).click();
    await page.getByText('De contactpoging is vastgelegd.').waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Hulp geaccepteerd vastleggen' }).click();
    await page.getByText(/de inwoner heeft hulp geaccepteerd/).waitFor();

    const v = await haak.wacht('signaal.hulp-geaccepteerd');
    expect(controleerHandtekening(v.headers['schuldenrust-signature'] as string, v.body, geheim)).toBe(true);
    const body = JSON.parse(v.body) as { id: string; type: string; data: { signalen: string[] } };
    expect(body.type).toBe('signaal.hulp-geaccepteerd');
    expect(v.body).not.toMatch(/Mulder|Oudegracht|3511/);
    // The receiver fetches the details with its own credential.
    const r = await fetch(`${basis}/api/vroegsignalen/signalen/${body.data.signalen[0]}`, {
      headers: { 'x-api-key': PARTNER_SLEUTEL },
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'hulp-geaccepteerd', klantnummer: 'K-9001' });
    // The partner's people are told by e-mail too.
    await post.wacht('incasso@domstad.example', /Hulp geaccepteerd/);
  });

  it('the partner opens the "delivery processed" notification: the delivery report', async () => {
    await partner.getByRole('link', { name: /^Meldingen/ }).click();
    const tabel = partner.getByRole('table', { name: 'Meldingen' });
    await tabel
      .getByRole('link', { name: /Levering verwerkt: 1 geaccepteerd, 0 afgewezen/ })
      .first()
      .click();
    await partner.getByRole('heading', { level: 1, name: 'Verwerkingsrapport van een levering' }).waitFor();
    await expect.poll(() => partner.getByRole('table', { name: 'Per gemeente' }).textContent()).toContain('Utrecht');
    await toegankelijk(partner);
    // Its webhook calls, on the webhook screen.
    await menu(partner, 'Webhooks');
    await partner.getByRole('button', { name: 'Berichten bekijken' }).click();
    const berichten = partner.getByRole('table', { name: 'Berichten' });
    await expect.poll(() => berichten.textContent()).toContain('Afgeleverd');
    await toegankelijk(partner);
  });

  it('preferences: the worker chooses per event type, and only types of the own role are offered', async () => {
    await gemeente.getByRole('link', { name: /^Meldingen/ }).click();
    await gemeente.getByRole('link', { name: 'Meldingsvoorkeuren instellen' }).click();
    await gemeente.getByRole('heading', { level: 1, name: 'Meldingsvoorkeuren' }).waitFor();
    const keuze = gemeente.getByLabel('Nieuw crisissignaal voor uw gemeente (direct)');
    await keuze.waitFor();
    expect(await gemeente.getByLabel('Hulp geaccepteerd bij een signaal van uw organisatie').count()).toBe(0);
    await keuze.selectOption('app');
    await gemeente.getByRole('button', { name: 'Opslaan' }).click();
    await gemeente.getByText('Uw meldingsvoorkeuren zijn opgeslagen.').waitFor();
    await toegankelijk(gemeente);
    await schermafdruk(gemeente, '22-gemeente-meldingsvoorkeuren');
    // A municipality worker (not the coordinator) has no webhook screen.
    expect(
      await gemeente.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Webhooks' }).count(),
    ).toBe(0);
  });
});
