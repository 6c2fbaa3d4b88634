import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { bsns, laadDemoPostcodes, maak, sluit, traject, type Org } from '../helpers/fixtures/trajecten.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { mailbox, webhookOntvanger, type Mailbox, type WebhookOntvanger } from '../helpers/ontvangers.ts';
import { controleerHandtekening, maakBezorger } from '../../src/modules/notificaties/index.ts';
import { onderhoudSchuldenrust, ruimSchuldenrustOp } from '../../src/modules/schuldenrust/index.ts';
import { anonimiseer } from '../../src/modules/trajecten/store.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { plusMaanden, vandaag } from '../../src/shared/datum.ts';
import { plusDagen } from '../../src/shared/werkdagen.ts';

const [A, B, C, D] = bsns(52_000_000, 4) as [string, string, string, string];
const TOEGELATEN = {
  intake: {
    startdatum: '2026-01-08',
    einddatum: '2026-01-20',
    beschikkingssoort: 'Toelatingsbeschikking',
    beschikkingsdatum: '2026-01-20',
  },
};

/**
 * Schuldenrust (issue 16): creditors join, the counsellor sends the Kennisgeving to three creditors (portal, API with
 * a webhook to a local receiver, PDF letter), each creditor sees only its own claim, answers once while the pause is
 * active; the pause is extended, ended early, ends by itself; the bailiff's check says "schuldenrust tot ...".
 */
for (const kind of await databases()) {
  describe(`Schuldenrust [${kind}]`, () => {
    let t: TestOmgeving;
    let post: Mailbox;
    let haak: WebhookOntvanger;
    let bezorger: ReturnType<typeof maakBezorger>;
    let kb: Org;
    let andereKb: Org;
    let cjib: Org;
    let energie: Org;
    let domstad: Org;
    let nietAangesloten: Org;
    let dw: Org;
    let webhookGeheim: string;
    const req = async (o: InjectOptions) => t.app.inject(o);
    const db = () => t.ctx.db.kysely;

    beforeAll(async () => {
      post = await mailbox();
      haak = await webhookOntvanger();
      t = await testOmgeving(kind, { SMTP_URL: post.url, LOGIN_MAX_PER_IP: 200 });
      await laadDemoPostcodes(t);
      kb = await t.organisatie('Kredietbank Rust', 'schuldhulpverlener');
      andereKb = await t.organisatie('Andere Kredietbank', 'schuldhulpverlener');
      cjib = await t.organisatie('CJIB Test', 'schuldeiser');
      energie = await t.organisatie('Energie Test', 'schuldeiser');
      domstad = await t.organisatie('Woningcorporatie Test', 'signaalpartner');
      nietAangesloten = await t.organisatie('Schuldeiser Zonder Deelname', 'schuldeiser');
      dw = await t.organisatie('Deurwaarder Test', 'gerechtsdeurwaarder');
      bezorger = maakBezorger(t.ctx);
      await t.ctx.accounts.maakGebruiker(SYSTEEM, {
        organisatieId: cjib.id,
        email: 'medewerker@cjib.test',
        naam: 'Medewerker CJIB',
        rol: 'schuldeiser-medewerker',
      });
    }, 180_000);
    afterAll(async () => {
      bezorger?.sluit();
      await t?.sluit();
      await post?.sluit();
      await haak?.sluit();
      expect(post?.vondsten ?? []).toEqual([]);
      expect(haak?.vondsten ?? []).toEqual([]);
    });

    const deelname = (org: Org, body: Record<string, unknown>) =>
      req({ method: 'PUT', url: '/api/schuldenrust/deelname', headers: org.headers, payload: body });
    const schuld = (org: Org, trajectId: string, body: Record<string, unknown>) =>
      req({
        method: 'POST',
        url: `/api/schuldenrust/trajecten/${trajectId}/schulden`,
        headers: org.headers,
        payload: body,
      });
    const overzicht = async (trajectId: string, org: Org = kb) =>
      req({ method: 'GET', url: `/api/schuldenrust/trajecten/${trajectId}`, headers: org.headers });
    const verstuur = (org: Org, trajectId: string, body: Record<string, unknown>) =>
      req({
        method: 'POST',
        url: `/api/schuldenrust/trajecten/${trajectId}/kennisgeving`,
        headers: org.headers,
        payload: body,
      });
    const ontvangen = (org: Org, id = '') =>
      req({ method: 'GET', url: `/api/schuldenrust/ontvangen${id ? `/${id}` : ''}`, headers: org.headers });
    const antwoord = (org: Org, id: string, body: Record<string, unknown>) =>
      req({ method: 'POST', url: `/api/schuldenrust/ontvangen/${id}/antwoord`, headers: org.headers, payload: body });
    const controle = async (bsn: string) =>
      (await req({ method: 'POST', url: '/api/vish/controle', headers: dw.headers, payload: { bsn } })).json();

    it('creditors join the arrangement: public needs a legal basis; a signal partner joins as creditor', async () => {
      const zonder = await deelname(cjib, { soort: 'publiek', kanaal: 'portaal', stappen: ['aanmaningen'] });
      expect(zonder.statusCode).toBe(400);
      expect(zonder.json().title).toMatch(/wettelijke grondslag/);
      const r = await deelname(cjib, {
        soort: 'publiek',
        grondslag: 'Wahv',
        kanaal: 'portaal',
        stappen: ['aanmaningen', 'beslag'],
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ soort: 'publiek', kanaal: 'portaal', status: 'actief' });
      expect(
        (await deelname(energie, { soort: 'privaat', kanaal: 'api', stappen: ['aanmaningen', 'incassokosten'] }))
          .statusCode,
      ).toBe(200);
      expect(
        (await deelname(domstad, { soort: 'privaat', kanaal: 'portaal', stappen: ['ontruiming'] })).statusCode,
      ).toBe(200);
      // An unknown collection step is refused.
      expect((await deelname(domstad, { soort: 'privaat', kanaal: 'portaal', stappen: ['alles'] })).statusCode).toBe(
        400,
      );
      // A clerk is not the administrator: joining is refused.
      const clerk = await sessieVoor(t, cjib, 'schuldeiser-medewerker');
      const w = await req({
        method: 'PUT',
        url: '/api/schuldenrust/deelname',
        headers: clerk.headers,
        cookies: clerk.cookies,
        payload: { soort: 'privaat', kanaal: 'brief', stappen: ['aanmaningen'] },
      });
      expect(w.statusCode).toBe(403);
      // A counsellor sees the connected creditors only.
      const lijst = (await req({ method: 'GET', url: '/api/schuldenrust/schuldeisers', headers: kb.headers })).json();
      expect(lijst.schuldeisers.map((s: { naam: string }) => s.naam).sort()).toEqual([
        'CJIB Test',
        'Energie Test',
        'Woningcorporatie Test',
      ]);
      // The API creditor subscribes a webhook to the Kennisgeving events.
      const h = await req({
        method: 'POST',
        url: '/api/webhooks',
        headers: energie.headers,
        payload: {
          url: haak.url,
          gebeurtenissen: ['schuldenrust.kennisgeving', 'schuldenrust.pauze-gewijzigd', 'schuldenrust.herinnering'],
        },
      });
      expect(h.statusCode, h.body).toBe(201);
      webhookGeheim = h.json().geheim;
    });

    let trajectId: string;
    let schulden: { id: string; schuldeiser: string; kanaal: string }[];

    it('debt inventory: connected creditors, one by letter (address needed); a creditor that did not join is refused', async () => {
      trajectId = (await maak(t, kb, traject(A, { ddas: TOEGELATEN }))).id;
      expect((await schuld(kb, trajectId, { schuldeiserId: cjib.id, kenmerk: 'CJIB-1', bedrag: 90 })).statusCode).toBe(
        201,
      );
      expect(
        (await schuld(kb, trajectId, { schuldeiserId: energie.id, kenmerk: 'KL-42', bedrag: 1200.5 })).statusCode,
      ).toBe(201);
      const zonderAdres = await schuld(kb, trajectId, { naam: 'Zorgverzekeraar Zilver', kenmerk: 'ZZ-9' });
      expect(zonderAdres.statusCode).toBe(400);
      const brief = await schuld(kb, trajectId, {
        naam: 'Zorgverzekeraar Zilver',
        adres: 'Postbus 1\n3500 AA Utrecht',
        kenmerk: 'ZZ-9',
        bedrag: 640,
      });
      expect(brief.statusCode).toBe(201);
      expect((await schuld(kb, trajectId, { schuldeiserId: nietAangesloten.id, kenmerk: 'X' })).statusCode).toBe(400);
      // Another organisation's trajectory is "not found".
      expect((await schuld(andereKb, trajectId, { schuldeiserId: cjib.id })).statusCode).toBe(404);
      expect((await overzicht(trajectId, andereKb)).statusCode).toBe(404);
      schulden = brief.json().schulden;
      expect(schulden.map((s) => [s.schuldeiser, s.kanaal])).toEqual([
        ['CJIB Test', 'portaal'],
        ['Energie Test', 'api'],
        ['Zorgverzekeraar Zilver', 'brief'],
      ]);
    });

    it('the Kennisgeving needs admission, a confirmation and debts of this trajectory', async () => {
      const open = (await maak(t, kb, traject(B))).id; // registration only: not admitted
      const s = (await schuld(kb, open, { schuldeiserId: cjib.id, kenmerk: 'CJIB-2' })).json().schulden[0].id;
      const r = await verstuur(kb, open, { schulden: [s], bevestigd: true });
      expect(r.statusCode).toBe(409);
      expect(r.json().title).toMatch(/toelatingsbeschikking/);
      expect((await verstuur(kb, trajectId, { schulden: [schulden[0]!.id] })).statusCode).toBe(400); // no confirmation
      expect((await verstuur(kb, trajectId, { schulden: [s], bevestigd: true })).statusCode).toBe(400); // other trajectory's debt
      expect((await verstuur(andereKb, trajectId, { schulden: [schulden[0]!.id], bevestigd: true })).statusCode).toBe(
        404,
      );
      // A creditor's clerk cannot send one.
      const clerk = await sessieVoor(t, cjib, 'schuldeiser-medewerker');
      const w = await req({
        method: 'POST',
        url: `/api/schuldenrust/trajecten/${trajectId}/kennisgeving`,
        headers: clerk.headers,
        cookies: clerk.cookies,
        payload: { schulden: [schulden[0]!.id], bevestigd: true },
      });
      expect(w.statusCode).toBe(403);
      expect(await db().selectFrom('schuldenrust_pauzes').select('id').execute()).toEqual([]);
    });

    let pauze: { pauzeId: string; startdatum: string; einddatum: string; verstuurd: { id: string; kanaal: string }[] };
    const kg = (kanaal: string) => pauze.verstuurd.find((v) => v.kanaal === kanaal)!.id;

    it('one action sends to three creditors: portal and API through the outbox (webhook signed, mail), the third by letter', async () => {
      const r = await verstuur(kb, trajectId, { schulden: schulden.map((s) => s.id), bevestigd: true });
      expect(r.statusCode, r.body).toBe(201);
      pauze = r.json();
      expect(pauze.startdatum).toBe(vandaag());
      expect(pauze.einddatum).toBe(plusMaanden(vandaag(), 4));
      expect(pauze.verstuurd.map((v) => v.kanaal).sort()).toEqual(['api', 'brief', 'portaal']);
      const events = await db()
        .selectFrom('notificatie_gebeurtenissen')
        .select(['type', 'doel', 'data'])
        .where('type', '=', 'schuldenrust.kennisgeving')
        .execute();
      expect(events).toHaveLength(2);
      for (const e of events) expect(Object.keys(e.data as object).sort()).toEqual(['einddatum', 'kennisgevingId']);
      await bezorger.bezorgAlles(new Date());
      const w = await haak.wacht('schuldenrust.kennisgeving');
      expect(controleerHandtekening(String(w.headers['schuldenrust-signature']), w.body, webhookGeheim)).toBe(true);
      expect(controleerHandtekening(String(w.headers['schuldenrust-signature']), `${w.body} `, webhookGeheim)).toBe(
        false,
      );
      expect(JSON.parse(w.body).data).toEqual({ kennisgevingId: kg('api'), einddatum: pauze.einddatum });
      const mail = await post.wacht('medewerker@cjib.test', /Kennisgeving schuldenrust/);
      expect(mail.tekst).not.toMatch(/CJIB-1|KL-42|Jansen/);
      // Sending again adds nothing for debts already notified.
      const nog = await verstuur(kb, trajectId, { schulden: [schulden[0]!.id], bevestigd: true });
      expect(nog.json().verstuurd).toEqual([]);
    });

    it('each creditor sees exactly its own claim: reference, pause, counsellor; BSN only for the public creditor', async () => {
      const c = await ontvangen(cjib);
      expect(c.statusCode).toBe(200);
      expect(c.json().kennisgevingen).toHaveLength(1);
      const eigen = c.json().kennisgevingen[0];
      expect(eigen).toMatchObject({
        id: kg('portaal'),
        kenmerk: 'CJIB-1',
        bsn: A,
        pauze: { startdatum: pauze.startdatum, einddatum: pauze.einddatum, status: 'actief' },
        hulpverlener: { organisatie: 'Kredietbank Rust', consulent: 'K. Consulent', email: 'consulent@shv.example' },
        antwoord: null,
      });
      const e = (await ontvangen(energie)).json().kennisgevingen;
      expect(e).toHaveLength(1);
      expect(e[0]).toMatchObject({ kenmerk: 'KL-42', bsn: null });
      // Minimisation: nothing about other creditors, other debts, amounts, the person's name or address.
      for (const tekst of [JSON.stringify(eigen), JSON.stringify(e)]) {
        expect(tekst).not.toMatch(/Energie Test|CJIB Test|Zilver|ZZ-9|1200|640|Jansen|3511/);
      }
      expect(JSON.stringify(e)).not.toMatch(/CJIB-1/);
      expect(JSON.stringify(eigen)).not.toMatch(/KL-42/);
      // Tenant isolation: another creditor's Kennisgeving is "not found", also to answer.
      expect((await ontvangen(energie, kg('portaal'))).statusCode).toBe(404);
      expect((await antwoord(energie, kg('portaal'), { antwoord: 'erkend' })).statusCode).toBe(404);
      expect((await ontvangen(nietAangesloten)).json().kennisgevingen).toEqual([]);
      expect((await ontvangen(domstad)).json().kennisgevingen).toEqual([]);
      // The letter is not on anyone's work list; wrong roles are refused.
      const shv = await sessieVoor(t, kb, 'schuldhulpverlener');
      expect(
        (await req({ method: 'GET', url: '/api/schuldenrust/ontvangen', headers: shv.headers, cookies: shv.cookies }))
          .statusCode,
      ).toBe(403);
      const spm = await sessieVoor(t, domstad, 'signaalpartner-medewerker');
      expect(
        (await req({ method: 'GET', url: '/api/schuldenrust/ontvangen', headers: spm.headers, cookies: spm.cookies }))
          .statusCode,
      ).toBe(403);
      expect((await ontvangen(dw)).statusCode).toBe(403);
    });

    it('the unconnected creditor gets a Dutch PDF letter the counsellor downloads (own organisation only)', async () => {
      const r = await req({
        method: 'GET',
        url: `/api/schuldenrust/kennisgevingen/${kg('brief')}/brief`,
        headers: kb.headers,
      });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/pdf');
      expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(r.rawPayload.length).toBeGreaterThan(1000);
      expect(
        (
          await req({
            method: 'GET',
            url: `/api/schuldenrust/kennisgevingen/${kg('brief')}/brief`,
            headers: andereKb.headers,
          })
        ).statusCode,
      ).toBe(404);
    });

    it('the bailiff sees "schuldenrust tot ..." (single and batch), without creditors', async () => {
      const r = await controle(A);
      expect(r.schuldenrustTot).toBe(pauze.einddatum);
      expect(r.schuldenrust).toMatch(/^schuldenrust tot \d{1,2} [a-z]+ \d{4}$/);
      expect(JSON.stringify(r)).not.toMatch(/CJIB|Energie|Zilver/);
      expect((await controle(C)).schuldenrust).toBeNull();
      const b = await req({
        method: 'POST',
        url: '/api/vish/controle/batch',
        headers: { ...dw.headers, 'content-type': 'text/csv' },
        payload: `BSN;Kenmerk\n${A};K1\n${C};K2\n`,
      });
      expect(b.statusCode).toBe(200);
      const regels = b.body.trim().split('\r\n');
      expect(regels[0]).toBe(
        'regel;kenmerk;resultaat;organisatie;contactnaam;telefoon;email;schuldenrust_tot;resultaat_omschrijving',
      );
      expect(regels[1]).toMatch(
        new RegExp(`;K1;geen-match;;;;;${pauze.einddatum};Geen match — niet bekend in de verwijsindex$`),
      );
      expect(regels[2]).toMatch(/;K2;geen-match;;;;;;Geen match — niet bekend in de verwijsindex$/);
    });

    it('answers are recorded with their time, once; the counsellor sees per creditor sent / acknowledged / by letter', async () => {
      const clerk = await sessieVoor(t, cjib, 'schuldeiser-medewerker');
      const a = await req({
        method: 'POST',
        url: `/api/schuldenrust/ontvangen/${kg('portaal')}/antwoord`,
        headers: clerk.headers,
        cookies: clerk.cookies,
        payload: { antwoord: 'erkend' },
      });
      expect(a.statusCode, a.body).toBe(200);
      expect(a.json()).toMatchObject({ antwoord: 'erkend' });
      expect(new Date(a.json().beantwoordOp).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect((await antwoord(cjib, kg('portaal'), { antwoord: 'geen-vordering' })).statusCode).toBe(409);
      expect((await antwoord(energie, kg('api'), { antwoord: 'deurwaarder' })).statusCode).toBe(400); // name needed
      const o = (await overzicht(trajectId)).json();
      const st = Object.fromEntries(
        o.pauzes[0].kennisgevingen.map((k: { schuldeiser: string; status: string }) => [k.schuldeiser, k.status]),
      );
      expect(st).toEqual({ 'CJIB Test': 'erkend', 'Energie Test': 'verstuurd', 'Zorgverzekeraar Zilver': 'per-brief' });
      expect(o.pauzes[0].historie.map((h: { gebeurtenis: string }) => h.gebeurtenis)).toEqual([
        'gestart',
        'kennisgeving-verstuurd',
        'antwoord-erkend',
      ]);
      // The counsellor's organisation is told of the answer.
      const ev = await db()
        .selectFrom('notificatie_gebeurtenissen')
        .select('data')
        .where('type', '=', 'schuldenrust.antwoord')
        .execute();
      expect(ev.map((e) => e.data)).toEqual([{ trajectId, antwoord: 'erkend' }]);
    });

    it('no answer after 5 working days: the counsellor sees it and one reminder goes out (job)', async () => {
      const later = new Date(Date.now() + 10 * 86_400_000);
      const r1 = await onderhoudSchuldenrust(t.ctx, later);
      expect(r1.herinneringen).toBe(1); // Energie only: CJIB answered, the letter is the counsellor's
      expect((await onderhoudSchuldenrust(t.ctx, later)).herinneringen).toBe(0);
      const ev = await db()
        .selectFrom('notificatie_gebeurtenissen')
        .select(['data'])
        .where('type', '=', 'schuldenrust.herinnering')
        .execute();
      expect(ev.map((e) => e.data)).toEqual([{ kennisgevingId: kg('api'), einddatum: pauze.einddatum }]);
      // Before 5 working days nothing is due (a fresh trajectory).
      expect((await onderhoudSchuldenrust(t.ctx, new Date())).herinneringen).toBe(0);
    });

    it('extend (reason) and end early: every connected creditor is told; an ended pause cannot be answered or changed', async () => {
      const nieuw = plusMaanden(pauze.einddatum, 2);
      const kort = await req({
        method: 'POST',
        url: `/api/schuldenrust/pauzes/${pauze.pauzeId}/verlengen`,
        headers: kb.headers,
        payload: { einddatum: plusDagen(pauze.einddatum, -1), reden: 'Verlenging nodig' },
      });
      expect(kort.statusCode).toBe(400);
      expect(
        (
          await req({
            method: 'POST',
            url: `/api/schuldenrust/pauzes/${pauze.pauzeId}/verlengen`,
            headers: andereKb.headers,
            payload: { einddatum: nieuw, reden: 'Verlenging nodig' },
          })
        ).statusCode,
      ).toBe(404);
      const v = await req({
        method: 'POST',
        url: `/api/schuldenrust/pauzes/${pauze.pauzeId}/verlengen`,
        headers: kb.headers,
        payload: { einddatum: nieuw, reden: 'Wachten op beschikking schuldregeling' },
      });
      expect(v.statusCode, v.body).toBe(200);
      expect((await controle(A)).schuldenrustTot).toBe(nieuw);
      expect((await ontvangen(energie, kg('api'))).json().pauze.einddatum).toBe(nieuw);
      const e = await req({
        method: 'POST',
        url: `/api/schuldenrust/pauzes/${pauze.pauzeId}/beeindigen`,
        headers: kb.headers,
        payload: { reden: 'regeling-getroffen', bevestigd: true },
      });
      expect(e.statusCode, e.body).toBe(200);
      const gewijzigd = await db()
        .selectFrom('notificatie_gebeurtenissen')
        .select(['data'])
        .where('type', '=', 'schuldenrust.pauze-gewijzigd')
        .execute();
      expect(gewijzigd.map((g) => (g.data as { status: string }).status).sort()).toEqual([
        'beeindigd',
        'beeindigd',
        'verlengd',
        'verlengd',
      ]);
      await bezorger.bezorgAlles(new Date());
      await haak.wacht('schuldenrust.pauze-gewijzigd');
      // Ended: no answer, no second end, no extension; the bailiff no longer sees it.
      const na = await antwoord(energie, kg('api'), { antwoord: 'erkend' });
      expect(na.statusCode).toBe(409);
      expect(na.json().title).toMatch(/beëindigd/);
      expect(
        (
          await req({
            method: 'POST',
            url: `/api/schuldenrust/pauzes/${pauze.pauzeId}/beeindigen`,
            headers: kb.headers,
            payload: { reden: 'ingetrokken', bevestigd: true },
          })
        ).statusCode,
      ).toBe(409);
      expect(
        (
          await req({
            method: 'POST',
            url: `/api/schuldenrust/pauzes/${pauze.pauzeId}/verlengen`,
            headers: kb.headers,
            payload: { einddatum: plusMaanden(nieuw, 1), reden: 'Nog eens' },
          })
        ).statusCode,
      ).toBe(409);
      expect((await controle(A)).schuldenrust).toBeNull();
      const o = (await overzicht(trajectId)).json();
      expect(o.pauzes[0]).toMatchObject({ status: 'beeindigd', eindeReden: 'regeling-getroffen' });
      expect(o.pauzes[0].historie.map((h: { gebeurtenis: string }) => h.gebeurtenis)).toEqual([
        'gestart',
        'kennisgeving-verstuurd',
        'antwoord-erkend',
        'verlengd',
        'beeindigd',
      ]);
      // Audited.
      const audit = await db().selectFrom('audit_log').select('actie').where('onderwerp', '=', pauze.pauzeId).execute();
      expect(audit.map((a) => a.actie)).toEqual(
        expect.arrayContaining(['schuldenrust.kennisgeving', 'schuldenrust.verlengen', 'schuldenrust.beeindigen']),
      );
    });

    it('a pause ends by itself at its end date, and with a closed trajectory (job)', async () => {
      const t1 = (await maak(t, kb, traject(C, { ddas: TOEGELATEN }))).id;
      const s1 = (await schuld(kb, t1, { schuldeiserId: energie.id, kenmerk: 'KL-1' })).json().schulden[0].id;
      const p1 = (await verstuur(kb, t1, { schulden: [s1], bevestigd: true })).json();
      const t2 = (await maak(t, kb, traject(D, { ddas: TOEGELATEN }))).id;
      const s2 = (await schuld(kb, t2, { schuldeiserId: cjib.id, kenmerk: 'CJIB-7' })).json().schulden[0].id;
      const p2 = (await verstuur(kb, t2, { schulden: [s2], bevestigd: true })).json();
      expect((await controle(D)).schuldenrustTot).toBe(p2.einddatum);
      // A closed trajectory: the bailiff no longer sees the pause at once; the job ends it and tells the creditor.
      await sluit(t, kb, t2, vandaag());
      expect((await controle(D)).schuldenrust).toBeNull();
      const r = await onderhoudSchuldenrust(t.ctx, new Date());
      expect(r.trajectGesloten).toBe(1);
      expect(r.verlopen).toBe(0);
      const naEind = new Date(`${plusDagen(p1.einddatum, 1)}T10:00:00Z`);
      expect((await onderhoudSchuldenrust(t.ctx, naEind)).verlopen).toBe(1);
      const pz = await db()
        .selectFrom('schuldenrust_pauzes')
        .select(['id', 'status', 'einde_reden'])
        .where('id', 'in', [p1.pauzeId, p2.pauzeId])
        .execute();
      expect(Object.fromEntries(pz.map((p) => [p.id, p.einde_reden]))).toEqual({
        [p1.pauzeId]: 'einddatum',
        [p2.pauzeId]: 'traject-gesloten',
      });
    });

    it('reports: started, active, acknowledged per creditor type, median time, share unanswered; CSV', async () => {
      const r = await req({ method: 'GET', url: '/api/schuldenrust/rapportage', headers: kb.headers });
      expect(r.statusCode, r.body).toBe(200);
      const rap = r.json();
      expect(rap.pauzes).toMatchObject({ gestart: 3, actief: 0, beeindigd: 2 });
      const per = Object.fromEntries(rap.perSoort.map((s: { soort: string }) => [s.soort, s]));
      expect(per.publiek).toMatchObject({ verstuurd: 2, erkend: 1, onbeantwoord: 1 });
      expect(per.publiek.mediaanUrenTotErkenning).toBeGreaterThanOrEqual(0);
      expect(per.privaat).toMatchObject({
        verstuurd: 2,
        erkend: 0,
        onbeantwoord: 2,
        aandeelOnbeantwoord: 1,
        herinnerd: 1,
      });
      expect(per['niet-aangesloten']).toMatchObject({ verstuurd: 1, aandeelOnbeantwoord: null });
      expect(per.totaal.verstuurd).toBe(5);
      const csv = await req({ method: 'GET', url: '/api/schuldenrust/rapportage/csv', headers: kb.headers });
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      const regels = csv.body.trim().split('\r\n');
      expect(regels[0]).toMatch(
        /^van;tot;pauzes_gestart;pauzes_actief;pauzes_beeindigd;schuldeiser_soort;verstuurd;erkend/,
      );
      expect(regels).toHaveLength(5);
      // Another organisation's report holds none of it.
      const ander = (
        await req({ method: 'GET', url: '/api/schuldenrust/rapportage', headers: andereKb.headers })
      ).json();
      expect(ander.pauzes).toEqual({ gestart: 0, actief: 0, beeindigd: 0 });
      // A creditor has no access to the reports.
      expect(
        (await req({ method: 'GET', url: '/api/schuldenrust/rapportage', headers: cjib.headers })).statusCode,
      ).toBe(403);
    });

    it('retention follows the trajectory: once it is anonymised, references, amounts, addresses and names go', async () => {
      const anderen = () =>
        db()
          .selectFrom('schuldenrust_schulden')
          .select(['id', 'kenmerk', 'bedrag'])
          .where('traject_id', '!=', trajectId)
          .where('kenmerk', 'is not', null)
          .orderBy('id')
          .execute();
      const voor = await anderen();
      expect(voor.length).toBeGreaterThan(0);
      await anonimiseer(db(), trajectId, '{}');
      expect(await ruimSchuldenrustOp(db())).toBe(3);
      // Trajectories that are not anonymised keep every field of their debts.
      expect(await anderen()).toEqual(voor);
      const s = await db()
        .selectFrom('schuldenrust_schulden')
        .select(['kenmerk', 'bedrag', 'schuldeiser_adres', 'schuldeiser_naam'])
        .where('traject_id', '=', trajectId)
        .execute();
      for (const x of s) expect(x).toMatchObject({ kenmerk: null, bedrag: null, schuldeiser_adres: null });
      expect(s.map((x) => x.schuldeiser_naam)).not.toContain('Zorgverzekeraar Zilver');
      const h = await db()
        .selectFrom('schuldenrust_pauze_historie')
        .select('reden')
        .where('pauze_id', '=', pauze.pauzeId)
        .execute();
      expect(h.every((x) => x.reden === null)).toBe(true);
      expect(await ruimSchuldenrustOp(db())).toBe(0);
      // The creditor's view no longer shows a reference or BSN.
      const c = (await ontvangen(cjib, kg('portaal'))).json();
      expect(c).toMatchObject({ kenmerk: null, bsn: null });
    });
  });
}
