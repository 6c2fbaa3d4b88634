import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { mailbox, webhookOntvanger, type Mailbox, type WebhookOntvanger } from '../helpers/ontvangers.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { createContext } from '../../src/context.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import {
  controleerHandtekening,
  maakBezorger,
  publiceer,
  schoonNotificatiesOp,
} from '../../src/modules/notificaties/index.ts';
import { urlFout } from '../../src/modules/notificaties/webhook-aanroep.ts';
import { wachttijdMs } from '../../src/modules/notificaties/wachtrij.ts';

const UUR = 3_600_000;

for (const kind of await databases()) {
  describe(`Notifications: retries, give-up, replay, rotation, several workers on ${kind}`, () => {
    let t: TestOmgeving;
    let post: Mailbox;
    let haak: WebhookOntvanger;
    let bezorger: ReturnType<typeof maakBezorger>;
    let partner: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    const db = () => t.ctx.db.kysely;
    const levering = (n: number) => ({
      partnerId: partner.id,
      leveringId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      bron: 'api' as const,
      geaccepteerd: n,
      afgewezen: 0,
    });
    const abonneer = async (url = haak.url) => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/webhooks',
        headers: partner.headers,
        payload: { url, gebeurtenissen: ['levering.verwerkt'] },
      });
      expect(r.statusCode).toBe(201);
      return r.json() as { id: string; geheim: string };
    };
    const taak = (gebeurtenisId: string) =>
      db()
        .selectFrom('notificatie_taken')
        .selectAll()
        .where('gebeurtenis_id', '=', gebeurtenisId)
        .where('soort', '=', 'webhook')
        .executeTakeFirstOrThrow();

    beforeAll(async () => {
      post = await mailbox();
      haak = await webhookOntvanger();
      t = await testOmgeving(kind, { SMTP_URL: post.url });
      partner = await t.organisatie('Waterbedrijf Test', 'signaalpartner');
      await t.ctx.accounts.maakGebruiker(SYSTEEM, {
        organisatieId: partner.id,
        email: 'beheer@water.test',
        naam: 'Beheer Water',
        rol: 'signaalpartner-beheerder',
      });
      bezorger = maakBezorger(t.ctx);
    });
    afterAll(async () => {
      bezorger?.sluit();
      await t?.sluit();
      await post?.sluit();
      await haak?.sluit();
      expect(post?.vondsten ?? []).toEqual([]);
      expect(haak?.vondsten ?? []).toEqual([]);
    });

    it('back-off: 30 s, 1 min, 2 min … at most an hour, with a little spread', () => {
      expect([1, 2, 3, 4, 8, 20].map((p) => wachttijdMs(p, 0.5))).toEqual([
        30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000,
      ]);
      expect(wachttijdMs(1, 0)).toBe(27_000);
      expect(wachttijdMs(1, 1)).toBe(33_000);
    });

    it('a failing receiver is retried with back-off for 24 hours, then marked failed and the organisation is told; replay delivers it once', async () => {
      const a = await abonneer();
      haak.antwoord = 500;
      const start = new Date();
      const [id] = await publiceer(db(), 'levering.verwerkt', levering(1), { nu: start });
      await bezorger.bezorgAlles(start);
      let tk = await taak(id!);
      expect(tk).toMatchObject({ status: 'wachtend', pogingen: 1, laatste_status: 500, laatste_fout: 'HTTP 500' });
      const eerste = new Date(tk.volgende_poging_op).getTime() - start.getTime();
      expect(eerste).toBeGreaterThanOrEqual(27_000);
      expect(eerste).toBeLessThanOrEqual(33_000);
      // Not before its time.
      expect(await bezorger.ronde(new Date(start.getTime() + 10_000))).toBe(0);

      const pogingen: number[] = [];
      while (tk.status === 'wachtend') {
        const nu = new Date(tk.volgende_poging_op);
        pogingen.push(nu.getTime() - start.getTime());
        await bezorger.bezorgAlles(nu);
        tk = await taak(id!);
      }
      expect(tk.status).toBe('mislukt');
      const laatste = pogingen[pogingen.length - 1]!;
      expect(laatste).toBeLessThanOrEqual(24 * UUR);
      expect(laatste).toBeGreaterThan(22 * UUR);
      const tussen = pogingen.slice(1).map((p, i) => p - pogingen[i]!);
      expect(Math.max(...tussen)).toBeLessThanOrEqual(1.1 * UUR);
      expect(haak.verzoeken.filter((v) => v.id === id)).toHaveLength(pogingen.length + 1);

      // Shown to the organisation (API), and its administrators are told (app + e-mail).
      const lijst = await t.app.inject({ method: 'GET', url: '/api/webhooks', headers: partner.headers });
      expect(lijst.json().find((x: { id: string }) => x.id === a.id).mislukt).toBe(1);
      const mislukt = await t.app.inject({
        method: 'GET',
        url: `/api/webhooks/${a.id}/afleveringen?status=mislukt`,
        headers: partner.headers,
      });
      expect(mislukt.json()).toMatchObject([{ gebeurtenisId: id, status: 'mislukt', laatsteStatus: 500 }]);
      await bezorger.bezorgAlles(new Date(start.getTime() + 25 * UUR));
      const m = await post.wacht('beheer@water.test', /Webhook niet afgeleverd/);
      expect(m.tekst).toContain('/webhooks');

      // Replay: same event id, delivered once the receiver is back.
      haak.antwoord = 200;
      const aflevering = mislukt.json()[0].id as string;
      const opnieuw = () =>
        t.app.inject({
          method: 'POST',
          url: `/api/webhooks/${a.id}/afleveringen/${aflevering}/opnieuw`,
          headers: partner.headers,
        });
      expect((await opnieuw()).statusCode).toBe(202);
      expect((await opnieuw()).statusCode).toBe(409); // already queued
      await bezorger.bezorgAlles();
      expect((await taak(id!)).status).toBe('afgeleverd');
      expect(haak.verwerkt.has(id!)).toBe(true);
      // A replay of a delivered call arrives again with the same id: the receiver dedupes it.
      expect((await opnieuw()).statusCode).toBe(202);
      await bezorger.bezorgAlles();
      expect(haak.verzoeken.filter((v) => v.id === id)).toHaveLength(pogingen.length + 3);
      expect([...haak.verwerkt.keys()].filter((k) => k === id)).toHaveLength(1);
      await t.app.inject({ method: 'DELETE', url: `/api/webhooks/${a.id}`, headers: partner.headers });
    });

    it('rotation: for 24 hours every call is signed with the new and the old secret, then with the new one only', async () => {
      const a = await abonneer();
      const r = await t.app.inject({ method: 'POST', url: `/api/webhooks/${a.id}/geheim`, headers: partner.headers });
      const nieuw = r.json().geheim as string;
      expect(nieuw).not.toBe(a.geheim);
      const nu = new Date();
      const [id1] = await publiceer(db(), 'levering.verwerkt', levering(2), { nu });
      await bezorger.bezorgAlles(nu);
      const v1 = haak.verzoeken.find((v) => v.id === id1)!;
      const kop1 = v1.headers['schuldenrust-signature'] as string;
      expect(kop1.match(/v1=/g)).toHaveLength(2);
      expect(controleerHandtekening(kop1, v1.body, nieuw, nu.getTime())).toBe(true);
      expect(controleerHandtekening(kop1, v1.body, a.geheim, nu.getTime())).toBe(true);
      // An old timestamp is refused by a receiver (replay protection).
      expect(controleerHandtekening(kop1, v1.body, nieuw, nu.getTime() + 600_000)).toBe(false);

      const later = new Date(nu.getTime() + 25 * UUR);
      const [id2] = await publiceer(db(), 'levering.verwerkt', levering(3), { nu: later });
      await bezorger.bezorgAlles(later);
      const v2 = haak.verzoeken.find((v) => v.id === id2)!;
      const kop2 = v2.headers['schuldenrust-signature'] as string;
      expect(kop2.match(/v1=/g)).toHaveLength(1);
      expect(controleerHandtekening(kop2, v2.body, nieuw, later.getTime())).toBe(true);
      expect(controleerHandtekening(kop2, v2.body, a.geheim, later.getTime())).toBe(false);
      await t.app.inject({ method: 'DELETE', url: `/api/webhooks/${a.id}`, headers: partner.headers });
    });

    it('the secret is stored encrypted, bound to its subscription', async () => {
      const a = await abonneer();
      const rij = await db()
        .selectFrom('webhook_abonnementen')
        .select(['geheim'])
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow();
      expect(rij.geheim).not.toContain(a.geheim);
      expect(rij.geheim.split('.')).toHaveLength(5); // JWE compact
      await t.app.inject({ method: 'DELETE', url: `/api/webhooks/${a.id}`, headers: partner.headers });
    });

    it('a removed or switched-off subscription is not called', async () => {
      const a = await abonneer();
      await t.app.inject({
        method: 'PATCH',
        url: `/api/webhooks/${a.id}`,
        headers: partner.headers,
        payload: { actief: false },
      });
      const [id] = await publiceer(db(), 'levering.verwerkt', levering(4));
      await bezorger.bezorgAlles();
      expect(haak.verzoeken.some((v) => v.id === id)).toBe(false);
      await t.app.inject({ method: 'DELETE', url: `/api/webhooks/${a.id}`, headers: partner.headers });
    });

    it('events older than the retention period go with their notifications, unless still being delivered', async () => {
      const oud = new Date(Date.now() - 100 * 86_400_000);
      const [klaar, bezig] = await publiceer(db(), 'levering.verwerkt', [levering(60), levering(61)], { nu: oud });
      await db()
        .updateTable('notificatie_taken')
        .set({ status: 'afgeleverd' })
        .where('gebeurtenis_id', '=', klaar!)
        .execute();
      const r = await schoonNotificatiesOp(t.ctx);
      expect(r.verwijderd).toBe(1);
      const over = await db()
        .selectFrom('notificatie_gebeurtenissen')
        .select('id')
        .where('id', 'in', [klaar!, bezig!])
        .execute();
      expect(over.map((x) => x.id)).toEqual([bezig]);
      await bezorger.bezorgAlles();
      expect((await schoonNotificatiesOp(t.ctx)).verwijderd).toBe(1);
    });

    it('keyed events are published once, however often a job runs', async () => {
      const eerst = await publiceer(db(), 'vish.levering-gemist', { organisatieId: partner.id, laatsteLevering: null });
      const dan = await publiceer(db(), 'vish.levering-gemist', { organisatieId: partner.id, laatsteLevering: null });
      expect(eerst).toHaveLength(1);
      expect(dan).toEqual([]);
    });

    it('webhook URLs in production: https to a public address only', () => {
      expect(urlFout('http://127.0.0.1:8080/x', false)).toBeNull();
      expect(urlFout('http://ontvanger.example/x', true)).toBe('Gebruik een https-adres.');
      expect(urlFout('https://127.0.0.1/x', true)).toBe('Dit adres is niet van buitenaf bereikbaar.');
      expect(urlFout('https://[::1]/x', true)).toBe('Dit adres is niet van buitenaf bereikbaar.');
      expect(urlFout('https://10.1.2.3/x', true)).toBe('Dit adres is niet van buitenaf bereikbaar.');
      expect(urlFout('https://ontvanger.example/x', true)).toBeNull();
    });

    it('an organisation administrator manages webhooks; in a municipality only the coordinator', async () => {
      const gemeente = await t.organisatie('Gemeente Test', 'gemeente');
      const medewerker = await sessieVoor(t, gemeente, 'gemeente-medewerker');
      const shvInGemeente = await sessieVoor(t, gemeente, 'schuldhulpverlener');
      const coordinator = await sessieVoor(t, gemeente, 'gemeente-coordinator');
      const lees = (s: { headers: Record<string, string>; cookies: Record<string, string> }) =>
        t.app.inject({ method: 'GET', url: '/api/webhooks', headers: s.headers, cookies: s.cookies });
      expect((await lees(medewerker)).statusCode).toBe(403);
      expect((await lees(shvInGemeente)).statusCode).toBe(403);
      expect((await lees(coordinator)).statusCode).toBe(200);
    });

    it.runIf(kind === 'postgres')(
      'a worker skips a task another node holds locked, instead of waiting for it (SKIP LOCKED)',
      async () => {
        const a = await abonneer();
        haak.antwoord = 200;
        const [vast, vrij] = await publiceer(db(), 'levering.verwerkt', [levering(50), levering(51)]);
        await bezorger.ronde(); // fan-out only: two webhook tasks, not yet taken
        const anderNode = await createContext({ ...t.config }, t.ctx.log);
        const tx = await anderNode.db.kysely.startTransaction().execute();
        try {
          await tx
            .selectFrom('notificatie_taken')
            .select('id')
            .where('gebeurtenis_id', '=', vast!)
            .where('soort', '=', 'webhook')
            .forUpdate()
            .execute();
          const klaar = await Promise.race([
            bezorger.ronde(),
            new Promise<'wacht'>((r) => setTimeout(() => r('wacht'), 5000)),
          ]);
          expect(klaar).toBe(1);
          expect(haak.verwerkt.has(vrij!)).toBe(true);
          expect(haak.verwerkt.has(vast!)).toBe(false);
        } finally {
          await tx.rollback().execute();
          await bezorger.bezorgAlles();
          await anderNode.close();
          await t.app.inject({ method: 'DELETE', url: `/api/webhooks/${a.id}`, headers: partner.headers });
        }
        expect(haak.verwerkt.has(vast!)).toBe(true);
      },
    );

    it.runIf(kind === 'postgres')(
      'two workers (two nodes) on one database share the work: every call is made exactly once',
      async () => {
        const a = await abonneer();
        haak.antwoord = 200;
        haak.vertraging = 20;
        const tweede = await createContext({ ...t.config }, t.ctx.log);
        const b1 = maakBezorger(t.ctx, { batch: 3 });
        const b2 = maakBezorger(tweede, { batch: 3 });
        try {
          const ids = await publiceer(
            db(),
            'levering.verwerkt',
            Array.from({ length: 30 }, (_, i) => levering(100 + i)),
          );
          const voor = haak.verzoeken.length;
          await Promise.all([b1.bezorgAlles(), b2.bezorgAlles(), b1.bezorgAlles(), b2.bezorgAlles()]);
          const nieuw = haak.verzoeken.slice(voor).map((v) => v.id);
          expect(nieuw.sort()).toEqual([...ids].sort());
          const per = await db()
            .selectFrom('notificatie_taken')
            .select(['status', 'pogingen'])
            .where('gebeurtenis_id', 'in', ids)
            .where('soort', '=', 'webhook')
            .execute();
          expect(per.every((p) => p.status === 'afgeleverd' && p.pogingen === 1)).toBe(true);
        } finally {
          haak.vertraging = 0;
          b2.sluit();
          await tweede.close();
          await t.app.inject({ method: 'DELETE', url: `/api/webhooks/${a.id}`, headers: partner.headers });
        }
      },
    );
  });
}
