import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { lever, opzet, rij, sessie as inloggen, zaakVan, type Opzet } from '../helpers/signaalzaken-opzet.ts';
import { mailbox, webhookOntvanger, type Mailbox, type WebhookOntvanger } from '../helpers/ontvangers.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { controleerHandtekening, maakBezorger, publiceer } from '../../src/modules/notificaties/index.ts';
import { bsns, maak, sluit, traject } from '../helpers/fixtures/trajecten.ts';
import { plusMaanden, vandaag } from '../../src/shared/datum.ts';
import type { Rol } from '../../src/db/schema.ts';

type Aanroeper = { headers: Record<string, string>; cookies?: Record<string, string> };
const vraag = (
  t: TestOmgeving,
  wie: Aanroeper,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  extra: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { ...wie.headers, ...extra },
    ...(wie.cookies ? { cookies: wie.cookies } : {}),
    ...(payload ? { payload } : {}),
  });

const crisisSignaal = (achternaam: string, huisnummer: number) => ({
  achternaam,
  huisnummer,
  postcode: '3511AB',
  aantalMaandenAchterstand: 2,
  bedragAchterstand: 300,
  crisissignaal: true,
});

for (const kind of await databases()) {
  describe(`Notifications: events, e-mail, in-app list, webhooks on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    let post: Mailbox;
    let haak: WebhookOntvanger;
    let bezorger: ReturnType<typeof maakBezorger>;
    const db = () => t.ctx.db.kysely;
    // A TOTP code works once per user: one session per person for the whole suite.
    const sessies = new Map<string, Awaited<ReturnType<typeof inloggen>>>();
    const sessie = async (g: Parameters<typeof inloggen>[1]) => {
      if (!sessies.has(g.email)) sessies.set(g.email, await inloggen(t, g));
      return sessies.get(g.email)!;
    };
    const gebruiker = (org: { id: string }, rol: Rol, email: string) =>
      t.ctx.accounts.maakGebruiker(SYSTEEM, { organisatieId: org.id, email, naam: `Test ${rol}`, rol });
    let partnerBeheer: Awaited<ReturnType<typeof gebruiker>>;
    let fg: Awaited<ReturnType<typeof gebruiker>>;

    beforeAll(async () => {
      post = await mailbox();
      haak = await webhookOntvanger();
      t = await testOmgeving(kind, { SMTP_URL: post.url, LOGIN_MAX_PER_IP: 500 });
      o = await opzet(t);
      partnerBeheer = await gebruiker(o.energie, 'signaalpartner-beheerder', 'beheer@energie.test');
      fg = await gebruiker(o.utrecht, 'functionaris-gegevensbescherming', 'fg@utrecht.test');
      await gebruiker(o.kredietbank, 'schuldhulpverlener', 'collega@kredietbank.test');
      await gebruiker(o.wijkteam, 'wijkteam', 'medewerker@wijkteam.test');
      bezorger = maakBezorger(t.ctx);
      await bezorger.bezorgAlles(); // the set-up's own events (agreements)
    });
    afterAll(async () => {
      bezorger?.sluit();
      await t?.sluit();
      await post?.sluit();
      await haak?.sluit();
      // No clear BSN or surname in any e-mail or webhook body of this suite.
      expect(post?.vondsten ?? []).toEqual([]);
      expect(haak?.vondsten ?? []).toEqual([]);
    });

    it('a new crisis signal: at once an e-mail and an in-app notification for the municipality, nobody else', async () => {
      const r = await vraag(
        t,
        o.energie,
        'POST',
        '/api/vroegsignalen/signalen',
        {
          signalen: [crisisSignaal('Mulder', 201)],
        },
        { 'idempotency-key': 'crisis-mulder' },
      );
      expect(r.statusCode).toBe(201);
      const zaak = await zaakVan(t, '3511AB|201|');
      await bezorger.bezorgAlles();

      const mail = await post.wacht('medewerker@utrecht.test', /crisissignaal/);
      expect(mail.onderwerp).toMatch(/^Schuldenrust: Nieuw crisissignaal: uiterlijk .* oppakken$/);
      expect(mail.tekst).toContain(`/zaken/${zaak.id}`);
      expect(mail.tekst).not.toMatch(/Mulder|3511|201/i);
      const ev = mail.kopregels.get('x-schuldenrust-gebeurtenis') as string;
      expect(mail.messageId).toContain(ev);
      await post.wacht('coordinator@utrecht.test', /crisissignaal/);
      // Not the privacy officer (another role), not another municipality, not the partner.
      const crisis = post.mails.filter((m) => /crisissignaal/.test(m.onderwerp)).flatMap((m) => m.aan);
      expect(crisis.sort()).toEqual(['collega@utrecht.test', 'coordinator@utrecht.test', 'medewerker@utrecht.test']);

      const s = await sessie(o.medewerker);
      const lijst = (await vraag(t, s, 'GET', '/api/notificaties')).json();
      expect(lijst.ongelezen).toBeGreaterThanOrEqual(1);
      expect(lijst.notificaties[0]).toMatchObject({
        type: 'signaal.crisis',
        link: `/zaken/${zaak.id}`,
        gelezenOp: null,
      });
      const f = await sessie(fg);
      expect((await vraag(t, f, 'GET', '/api/notificaties')).json()).toEqual({ ongelezen: 0, notificaties: [] });
    });

    it('the partner hears its delivery was processed, with the report id (app by default, not e-mail)', async () => {
      const s = await sessie(partnerBeheer);
      const n = (await vraag(t, s, 'GET', '/api/notificaties')).json().notificaties;
      const v = n.find((x: { type: string }) => x.type === 'levering.verwerkt');
      expect(v.link).toMatch(/^\/signalen\/leveringen\/[0-9a-f-]{36}$/);
      expect(v.titel).toBe('Levering verwerkt: 1 geaccepteerd, 0 afgewezen');
      expect(post.mails.some((m) => m.aan.includes('beheer@energie.test') && /Levering/.test(m.onderwerp))).toBe(false);
    });

    let geheim: string;
    let abonnementId: string;
    it('help accepted: the delivering partner gets a signed webhook call and fetches the details itself', async () => {
      const a = await vraag(t, o.energie, 'POST', '/api/webhooks', {
        url: haak.url,
        gebeurtenissen: ['signaal.hulp-geaccepteerd', 'levering.verwerkt'],
        omschrijving: 'incasso-systeem',
      });
      expect(a.statusCode).toBe(201);
      geheim = a.json().geheim;
      abonnementId = a.json().id;
      expect(geheim).toMatch(/^whsec_/);
      // The secret is shown once: the list does not have it.
      expect(JSON.stringify((await vraag(t, o.energie, 'GET', '/api/webhooks')).json())).not.toContain(geheim);
      // Another partner subscribed to the same event hears nothing of this case.
      const ander = await vraag(t, o.water, 'POST', '/api/webhooks', {
        url: `${haak.url}?water`,
        gebeurtenissen: ['signaal.hulp-geaccepteerd'],
      });
      expect(ander.statusCode).toBe(201);

      await lever(t, o.energie, [rij('Visser', '3511AB', '202')]);
      const zaak = await zaakVan(t, '3511AB|202|');
      for (const [pad, body] of [
        ['oppakken', { behandelaarId: o.medewerker.id }],
        ['contactpogingen', { soort: 'Telefoon', bereikt: true }],
        ['hulp-geaccepteerd', {}],
      ] as const)
        expect(
          (await vraag(t, o.utrecht, 'POST', `/api/signaalzaken/zaken/${zaak.id}/${pad}`, body)).statusCode,
        ).toBeLessThan(300);
      await bezorger.bezorgAlles();

      const v = await haak.wacht('signaal.hulp-geaccepteerd');
      expect(v.headers['user-agent']).toBe('Schuldenrust-Webhook/1');
      expect(controleerHandtekening(v.headers['schuldenrust-signature'] as string, v.body, geheim)).toBe(true);
      expect(controleerHandtekening(v.headers['schuldenrust-signature'] as string, `${v.body} `, geheim)).toBe(false);
      expect(controleerHandtekening(v.headers['schuldenrust-signature'] as string, v.body, 'whsec_ander')).toBe(false);
      const body = JSON.parse(v.body);
      expect(Object.keys(body).sort()).toEqual(['aangemaaktOp', 'data', 'id', 'type']);
      expect(Object.keys(body.data)).toEqual(['signalen']);
      expect(v.body).not.toMatch(/Visser|3511/);
      const detail = await vraag(t, o.energie, 'GET', `/api/vroegsignalen/signalen/${body.data.signalen[0]}`);
      expect(detail.json()).toMatchObject({ status: 'hulp-geaccepteerd', hulpGeaccepteerdOp: vandaag() });
      // Only the energy partner's subscription was called for it.
      expect(
        haak.verzoeken.filter((x) => x.headers['schuldenrust-event-type'] === 'signaal.hulp-geaccepteerd'),
      ).toHaveLength(1);
      // And by e-mail to the partner's people (default: both).
      const m = await post.wacht('beheer@energie.test', /Hulp geaccepteerd/);
      expect(m.tekst).toContain('/signalen');
    });

    it('a subscription only takes events its organisation type can receive; URLs are checked', async () => {
      const r = await vraag(t, o.energie, 'POST', '/api/webhooks', {
        url: haak.url,
        gebeurtenissen: ['signaal.crisis'],
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().title).toContain('signaal.crisis');
      expect(
        (await vraag(t, o.energie, 'POST', '/api/webhooks', { url: 'ftp://x', gebeurtenissen: ['levering.verwerkt'] }))
          .statusCode,
      ).toBe(400);
      expect(
        (
          await vraag(t, o.energie, 'POST', '/api/webhooks', {
            url: 'https://u:p@x.example',
            gebeurtenissen: ['levering.verwerkt'],
          })
        ).statusCode,
      ).toBe(400);
      const typen = (await vraag(t, o.energie, 'GET', '/api/webhooks/gebeurtenissen'))
        .json()
        .map((x: { type: string }) => x.type);
      expect(typen).toContain('signaal.hulp-geaccepteerd');
      expect(typen).not.toContain('signaal.crisis');
      // Another organisation's subscription is "not found" for every action.
      for (const [m, p] of [
        ['PATCH', `/api/webhooks/${abonnementId}`],
        ['DELETE', `/api/webhooks/${abonnementId}`],
        ['POST', `/api/webhooks/${abonnementId}/geheim`],
        ['GET', `/api/webhooks/${abonnementId}/afleveringen`],
      ] as const)
        expect((await vraag(t, o.water, m, p, m === 'GET' || m === 'DELETE' ? undefined : {})).statusCode).toBe(404);
    });

    it('preferences: mail, app, both or none per event type; only types of the own role', async () => {
      const s = await sessie(o.collega);
      const v = (await vraag(t, s, 'GET', '/api/notificaties/voorkeuren')).json();
      expect(v.find((x: { type: string }) => x.type === 'signaal.crisis')).toMatchObject({
        kanaal: 'beide',
        standaard: 'beide',
      });
      expect(v.some((x: { type: string }) => x.type === 'signaal.hulp-geaccepteerd')).toBe(false);
      expect(
        (
          await vraag(t, s, 'PUT', '/api/notificaties/voorkeuren', {
            voorkeuren: [{ type: 'signaal.hulp-geaccepteerd', kanaal: 'mail' }],
          })
        ).statusCode,
      ).toBe(400);
      expect(
        (
          await vraag(t, s, 'PUT', '/api/notificaties/voorkeuren', {
            voorkeuren: [{ type: 'signaal.crisis', kanaal: 'geen' }],
          })
        ).statusCode,
      ).toBe(200);
      const m = await sessie(o.medewerker);
      await vraag(t, m, 'PUT', '/api/notificaties/voorkeuren', {
        voorkeuren: [{ type: 'signaal.crisis', kanaal: 'app' }],
      });
      const c = await sessie(o.coordinator);
      await vraag(t, c, 'PUT', '/api/notificaties/voorkeuren', {
        voorkeuren: [{ type: 'signaal.crisis', kanaal: 'mail' }],
      });

      const voor = post.mails.length;
      await vraag(
        t,
        o.energie,
        'POST',
        '/api/vroegsignalen/signalen',
        { signalen: [crisisSignaal('Smit', 203)] },
        {
          'idempotency-key': 'crisis-smit',
        },
      );
      const zaak = await zaakVan(t, '3511AB|203|');
      await bezorger.bezorgAlles();
      const nieuw = post.mails.slice(voor).filter((x) => /crisissignaal/.test(x.onderwerp));
      expect(nieuw.flatMap((x) => x.aan)).toEqual(['coordinator@utrecht.test']);
      const heeft = async (sess: typeof s) =>
        (await vraag(t, sess, 'GET', '/api/notificaties'))
          .json()
          .notificaties.some((x: { link: string }) => x.link === `/zaken/${zaak.id}`);
      expect(await heeft(m)).toBe(true);
      expect(await heeft(c)).toBe(false);
      expect(await heeft(s)).toBe(false);
    });

    it('read state: one or all; the unread count; another person\'s notification is "not found"', async () => {
      const m = await sessie(o.medewerker);
      const { ongelezen, notificaties } = (await vraag(t, m, 'GET', '/api/notificaties')).json();
      expect((await vraag(t, m, 'GET', '/api/notificaties/aantal')).json()).toEqual({ ongelezen });
      const c = await sessie(o.coordinator);
      expect((await vraag(t, c, 'POST', `/api/notificaties/${notificaties[0].id}/gelezen`, {})).statusCode).toBe(404);
      expect((await vraag(t, m, 'POST', `/api/notificaties/${notificaties[0].id}/gelezen`, {})).statusCode).toBe(204);
      expect((await vraag(t, m, 'GET', '/api/notificaties/aantal')).json()).toEqual({ ongelezen: ongelezen - 1 });
      expect((await vraag(t, m, 'GET', '/api/notificaties?ongelezen=true')).json().notificaties).toHaveLength(
        ongelezen - 1,
      );
      expect((await vraag(t, m, 'POST', '/api/notificaties/gelezen', {})).json()).toEqual({
        gemarkeerd: ongelezen - 1,
      });
      expect((await vraag(t, m, 'GET', '/api/notificaties/aantal')).json()).toEqual({ ongelezen: 0 });
      // Machines have no list.
      expect((await vraag(t, o.utrecht, 'GET', '/api/notificaties')).statusCode).toBe(403);
    });

    it('agreements and objections: the partner hears of an agreement to sign, the coordinator of a signature and an objection', async () => {
      const typen = async (g: Parameters<typeof sessie>[0]) =>
        (
          (await vraag(t, await sessie(g), 'GET', '/api/notificaties?limit=200')).json().notificaties as {
            type: string;
            link: string;
          }[]
        ).map((n) => `${n.type} ${n.link}`);
      expect(await typen(partnerBeheer)).toContain('convenant.te-ondertekenen /convenanten');
      expect(await typen(o.coordinator)).toContain('convenant.ondertekend /convenanten');
      const b = await vraag(t, o.utrecht, 'POST', '/api/vroegsignalen/bezwaren', {
        postcode: '3511AB',
        huisnummer: '205',
        achternaam: 'Smits',
      });
      expect(b.statusCode).toBe(201);
      await bezorger.bezorgAlles();
      expect(await typen(o.coordinator)).toContain('bezwaar.geregistreerd /bezwaren');
      // Not for a worker (another role), and not by e-mail by default (app only).
      expect(await typen(o.medewerker)).not.toContain('bezwaar.geregistreerd /bezwaren');
      expect(post.mails.some((m) => /Bezwaar/.test(m.onderwerp))).toBe(false);
      const g = await db()
        .selectFrom('notificatie_gebeurtenissen')
        .select('data')
        .where('type', '=', 'bezwaar.geregistreerd')
        .executeTakeFirstOrThrow();
      expect(g.data).toEqual({ bezwaarId: b.json().id });
    });

    it('relapse: the original counsellor is told (and sees the case); a colleague organisation is not', async () => {
      const [bsn] = bsns(32_000_000, 1);
      const tr = await maak(
        t,
        o.kredietbank,
        traject(bsn!, {
          achternaam: 'Dekker',
          voorletters: 'A.',
          postcode: '3511 AB',
          huisnummer: 204,
          consulent: { naam: 'K. Consulent', gebruikerId: o.consulent.id },
        }),
      );
      await sluit(t, o.kredietbank, tr.id, plusMaanden(vandaag(), -2));
      await lever(t, o.energie, [rij('Dekker', '3511AB', '204')]);
      const zaak = await zaakVan(t, '3511AB|204|');
      await bezorger.bezorgAlles();
      const mail = await post.wacht('consulent@kredietbank.test', /Terugval/);
      expect(mail.tekst).toContain(`/zaken/${zaak.id}`);
      expect(mail.tekst).not.toMatch(/Dekker|3511/);
      // Only the counsellor: not a colleague in the same organisation, not the neighbourhood team of the work area.
      expect(post.mails.filter((m) => /Terugval/.test(m.onderwerp)).flatMap((m) => m.aan)).toEqual([
        'consulent@kredietbank.test',
      ]);
      const c = await sessie(o.consulent);
      expect((await vraag(t, c, 'GET', `/api/signaalzaken/zaken/${zaak.id}`)).statusCode).toBe(200);
      expect((await vraag(t, c, 'GET', '/api/notificaties')).json().notificaties[0]).toMatchObject({
        type: 'signaal.terugval',
        link: `/zaken/${zaak.id}`,
      });
    });

    it("a payload holds only its schema's fields: a name slipped into the input is not published", async () => {
      await expect(
        publiceer(db(), 'signaal.crisis', { zaakId: 'geen-uuid', gemeentecode: 'GM0344', deadline: '2026-01-01' }),
      ).rejects.toThrow();
      const [id] = await publiceer(db(), 'signaal.crisis', {
        zaakId: '00000000-0000-4000-8000-000000000001',
        gemeentecode: 'GM0344',
        deadline: '2026-01-01',
        achternaam: 'Bakker',
      } as never);
      const g = await db()
        .selectFrom('notificatie_gebeurtenissen')
        .select(['data', 'doel'])
        .where('id', '=', id!)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(g)).not.toContain('Bakker');
    });
  });
}
