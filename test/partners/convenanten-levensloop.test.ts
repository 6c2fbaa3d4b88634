import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import {
  aanmelding,
  csv,
  dagenGeleden,
  gemeenteOrg,
  laadGemeenten,
  partnerMetConvenanten,
  rij,
  type Org,
} from '../helpers/fixtures/vroegsignalering.ts';
import { mailbox, type Mailbox } from '../helpers/ontvangers.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { maakBezorger } from '../../src/modules/notificaties/index.ts';
import { JOBS } from '../../src/jobs/scheduler.ts';
import { plusMaanden, vandaag } from '../../src/shared/datum.ts';
import { plusDagen } from '../../src/shared/werkdagen.ts';

type Convenant = {
  id: string;
  gemeentecode: string;
  status: string;
  einddatum: string | null;
  verlopen: boolean;
  beeindigdDoor: string | null;
};

for (const kind of await databases()) {
  describe(`Agreements over time on ${kind}`, () => {
    let t: TestOmgeving;
    let post: Mailbox;
    let bezorger: ReturnType<typeof maakBezorger>;
    let utrecht: Org;
    let amsterdam: Org;
    let rotterdam: Org;
    let energie: Org;
    let water: Org;
    const db = () => t.ctx.db.kysely;
    const vraag = (org: Org, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: org.headers, ...(payload ? { payload } : {}) });
    const convenanten = async (org: Org) =>
      (await vraag(org, 'GET', '/api/partners/convenanten')).json() as Convenant[];
    const van = async (org: Org, code: string) => (await convenanten(org)).find((c) => c.gemeentecode === code)!;
    const upload = (org: Org, body: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/vroegsignalen/leveringen',
        headers: { ...org.headers, 'content-type': 'text/csv' },
        payload: body,
      });

    beforeAll(async () => {
      post = await mailbox();
      t = await testOmgeving(kind, { SMTP_URL: post.url });
      await laadGemeenten(t, ['GM0344', 'GM0363', 'GM0599']);
      utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
      amsterdam = await gemeenteOrg(t, 'Gemeente Amsterdam', 'GM0363');
      rotterdam = await gemeenteOrg(t, 'Gemeente Rotterdam', 'GM0599');
      energie = await t.organisatie('Energie A', 'signaalpartner');
      water = await t.organisatie('Water B', 'signaalpartner');
      await partnerMetConvenanten(t, energie, aanmelding(['GM0344']), [utrecht]);
      await partnerMetConvenanten(t, water, aanmelding(['GM0344'], { type: 'Water', sectoren: ['drinkwater'] }), [
        utrecht,
      ]);
      for (const [org, rol, email] of [
        [energie, 'signaalpartner-beheerder', 'beheer@energie.test'],
        [utrecht, 'gemeente-coordinator', 'coordinator@utrecht.test'],
      ] as const)
        await t.ctx.accounts.maakGebruiker(SYSTEEM, { organisatieId: org.id, email, naam: 'Test', rol });
      bezorger = maakBezorger(t.ctx);
    });
    afterAll(async () => {
      bezorger?.sluit();
      await t?.sluit();
      await post?.sluit();
      expect(post?.vondsten ?? []).toEqual([]);
    });

    it('a partner adds municipalities after registering; each new one is made ready by that municipality', async () => {
      const r = await vraag(energie, 'POST', '/api/partners/aanmelding/gemeenten', {
        toevoegen: ['GM0363', 'GM0599', 'GM0344'],
      });
      expect(r.statusCode).toBe(200);
      const lijst = r.json() as Convenant[];
      expect(lijst.map((c) => [c.gemeentecode, c.status]).sort()).toEqual([
        ['GM0344', 'ondertekend'],
        ['GM0363', 'te-ondertekenen'],
        ['GM0599', 'te-ondertekenen'],
      ]);
      // Each municipality is told it has one to make ready (Utrecht twice: at each partner's registration).
      const klaar = await db()
        .selectFrom('notificatie_gebeurtenissen')
        .select('doel')
        .where('type', '=', 'convenant.klaar-te-zetten')
        .execute();
      expect(klaar.map((k) => (k.doel as { gemeentecode: string }).gemeentecode).sort()).toEqual([
        'GM0344',
        'GM0344',
        'GM0363',
        'GM0599',
      ]);
      const ams = lijst.find((c) => c.gemeentecode === 'GM0363')!;
      // Only that municipality makes it ready; the partner cannot, another municipality does not see it.
      expect((await vraag(rotterdam, 'POST', `/api/partners/convenanten/${ams.id}/gereed`, {})).statusCode).toBe(404);
      expect((await vraag(energie, 'POST', `/api/partners/convenanten/${ams.id}/gereed`, {})).statusCode).toBe(403);
      expect((await vraag(amsterdam, 'POST', `/api/partners/convenanten/${ams.id}/gereed`, {})).statusCode).toBe(200);
      expect(
        (await vraag(energie, 'POST', `/api/partners/convenanten/${ams.id}/ondertekenen`, { akkoord: true }))
          .statusCode,
      ).toBe(200);
    });

    it('refuses unknown municipalities, removing one without an agreement, and adding and removing the same one', async () => {
      const wijzig = (body: object) => vraag(energie, 'POST', '/api/partners/aanmelding/gemeenten', body);
      expect((await wijzig({ toevoegen: ['GM9999'] })).json().title).toContain('Onbekende gemeentecodes: GM9999');
      expect((await wijzig({ verwijderen: ['GM0014'] })).json().title).toContain('geen lopend convenant');
      expect((await wijzig({ toevoegen: ['GM0599'], verwijderen: ['GM0599'] })).statusCode).toBe(400);
      expect((await wijzig({})).statusCode).toBe(400);
      expect(
        (await vraag(utrecht, 'POST', '/api/partners/aanmelding/gemeenten', { toevoegen: ['GM0599'] })).statusCode,
      ).toBe(403);
    });

    it('removing a municipality terminates its agreement; adding it again starts a new one', async () => {
      const rot = await van(energie, 'GM0599');
      const r = await vraag(energie, 'POST', '/api/partners/aanmelding/gemeenten', { verwijderen: ['GM0599'] });
      expect((r.json() as Convenant[]).find((c) => c.gemeentecode === 'GM0599')).toMatchObject({
        status: 'beeindigd',
        beeindigdDoor: 'partner',
      });
      const weer = await vraag(energie, 'POST', '/api/partners/aanmelding/gemeenten', { toevoegen: ['GM0599'] });
      expect((weer.json() as Convenant[]).find((c) => c.gemeentecode === 'GM0599')).toMatchObject({
        id: rot.id,
        status: 'te-ondertekenen',
        beeindigdDoor: null,
      });
      const h = (await vraag(rotterdam, 'GET', `/api/partners/convenanten/${rot.id}/historie`)).json() as Array<{
        gebeurtenis: string;
        door: { organisatie: string; soort: string };
      }>;
      expect(h.map((x) => x.gebeurtenis)).toEqual(['aangemaakt', 'beeindigd', 'heropend']);
      expect(h.every((x) => x.door.organisatie === 'Energie A' && x.door.soort === 'signaalpartner')).toBe(true);
    });

    it('reminders 60 and 14 days before the end go out once per threshold, by mail to both sides', async () => {
      const c = await van(energie, 'GM0344');
      const zet = (einddatum: string) =>
        db().updateTable('convenanten').set({ einddatum }).where('id', '=', c.id).execute();
      await zet(plusDagen(vandaag(), 59));
      await JOBS['convenant-herinneringen'](t.ctx);
      await JOBS['convenant-herinneringen'](t.ctx);
      await bezorger.bezorgAlles();
      await post.wacht('beheer@energie.test', /Convenant verloopt over 60 dagen/);
      await post.wacht('coordinator@utrecht.test', /Convenant verloopt over 60 dagen/);
      await zet(plusDagen(vandaag(), 13));
      await JOBS['convenant-herinneringen'](t.ctx);
      await JOBS['convenant-herinneringen'](t.ctx);
      await bezorger.bezorgAlles();
      await post.wacht('beheer@energie.test', /Convenant verloopt over 14 dagen/);
      const aan = (wie: string, dagen: number) =>
        post.mails.filter((m) => m.aan.includes(wie) && m.onderwerp.includes(`over ${dagen} dagen`)).length;
      expect([aan('beheer@energie.test', 60), aan('beheer@energie.test', 14)]).toEqual([1, 1]);
      expect([aan('coordinator@utrecht.test', 60), aan('coordinator@utrecht.test', 14)]).toEqual([1, 1]);
      // Water B's agreement with Utrecht is not ending: no reminder for it.
      const w = await van(water, 'GM0344');
      const ev = await db()
        .selectFrom('notificatie_gebeurtenissen')
        .select('data')
        .where('type', '=', 'convenant.verloopt')
        .execute();
      expect(ev.some((e) => (e.data as { convenantId: string }).convenantId === w.id)).toBe(false);
    });

    it('renewal: only by its own partner, from 60 days before the end, with one action; the reminders start again', async () => {
      const c = await van(energie, 'GM0344');
      const w = await van(water, 'GM0344');
      const verleng = (org: Org, id: string, body: object = { akkoord: true }) =>
        vraag(org, 'POST', `/api/partners/convenanten/${id}/verlengen`, body);
      expect((await verleng(water, c.id)).statusCode).toBe(404);
      expect((await verleng(utrecht, c.id)).statusCode).toBe(403);
      expect((await verleng(energie, c.id, { akkoord: false })).statusCode).toBe(400);
      // Water's agreement ends in 12 months: too early.
      const vroeg = await verleng(water, w.id);
      expect(vroeg.statusCode).toBe(409);
      expect(vroeg.json().title).toContain('Verlengen kan vanaf 60 dagen voor de einddatum');
      const r = await verleng(energie, c.id);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({ id: c.id, status: 'ondertekend', einddatum: plusMaanden(c.einddatum!, 12) });
      await bezorger.bezorgAlles();
      const v = await db()
        .selectFrom('notificatie_gebeurtenissen')
        .select('doel')
        .where('type', '=', 'convenant.verlengd')
        .execute();
      expect(v).toHaveLength(1);
      // A second renewal at once is too early again.
      expect((await verleng(energie, c.id)).statusCode).toBe(409);
      // The new end date gets its own reminders.
      await db()
        .updateTable('convenanten')
        .set({ einddatum: plusDagen(vandaag(), 30) })
        .where('id', '=', c.id)
        .execute();
      expect(await JOBS['convenant-herinneringen'](t.ctx)).toEqual({ herinneringen: 1 });
    });

    it('a signal after the end is refused with what to do; after renewal it is accepted', async () => {
      const c = await van(energie, 'GM0344');
      await db()
        .updateTable('convenanten')
        .set({ einddatum: dagenGeleden(1) })
        .where('id', '=', c.id)
        .execute();
      expect((await van(energie, 'GM0344')).verlopen).toBe(true);
      const r = (await upload(energie, csv([rij('Verlopen', '3511AB', '7')]))).json();
      expect(r.geaccepteerd).toBe(0);
      expect(r.afgewezen[0].reden).toMatch(
        /^Het convenant met gemeente Utrecht is verlopen op .+\. Verleng het convenant onder Convenanten en lever het signaal daarna opnieuw aan\.$/,
      );
      const v = await vraag(energie, 'POST', `/api/partners/convenanten/${c.id}/verlengen`, { akkoord: true });
      expect(v.json().einddatum).toBe(plusMaanden(vandaag(), 12));
      expect((await upload(energie, csv([rij('Verlopen', '3511AB', '7')]))).json().geaccepteerd).toBe(1);
    });

    it('termination by the municipality (or the partner), with confirmation; signals are refused after it', async () => {
      const w = await van(water, 'GM0344');
      const stop = (org: Org, body: object = { akkoord: true }) =>
        vraag(org, 'POST', `/api/partners/convenanten/${w.id}/beeindigen`, body);
      expect((await stop(amsterdam)).statusCode).toBe(404);
      expect((await stop(energie)).statusCode).toBe(404);
      expect((await stop(utrecht, {})).statusCode).toBe(400);
      const r = await stop(utrecht);
      expect(r.json()).toEqual({ id: w.id, status: 'beeindigd', beeindigdOp: vandaag() });
      expect((await stop(water)).statusCode).toBe(409);
      const rap = (await upload(water, csv([rij('Na', '3511AB', '8')]))).json();
      expect(rap.afgewezen[0].reden).toContain('Het convenant met gemeente Utrecht is beëindigd');
      // A terminated agreement cannot be renewed.
      const v = await vraag(water, 'POST', `/api/partners/convenanten/${w.id}/verlengen`, { akkoord: true });
      expect(v.statusCode).toBe(409);
      expect(v.json().title).toContain('beëindigd');
      const ev = await db()
        .selectFrom('notificatie_gebeurtenissen')
        .select('data')
        .where('type', '=', 'convenant.beeindigd')
        .execute();
      expect(ev.map((e) => e.data)).toContainEqual({ convenantId: w.id, door: 'gemeente', datum: vandaag() });
    });

    it('keeps and shows the history of every agreement to both sides only', async () => {
      const c = await van(energie, 'GM0344');
      const w = await van(water, 'GM0344');
      const h = (await vraag(utrecht, 'GET', `/api/partners/convenanten/${w.id}/historie`)).json() as Array<{
        gebeurtenis: string;
        door: { organisatie: string; soort: string };
        einddatum: string | null;
      }>;
      expect(h.map((x) => [x.gebeurtenis, x.door.organisatie])).toEqual([
        ['aangemaakt', 'Water B'],
        ['gereed', 'Gemeente Utrecht'],
        ['ondertekend', 'Water B'],
        ['beeindigd', 'Gemeente Utrecht'],
      ]);
      const hc = (await vraag(energie, 'GET', `/api/partners/convenanten/${c.id}/historie`)).json() as Array<{
        gebeurtenis: string;
      }>;
      expect(hc.map((x) => x.gebeurtenis)).toEqual(['aangemaakt', 'gereed', 'ondertekend', 'verlengd', 'verlengd']);
      expect((await vraag(water, 'GET', `/api/partners/convenanten/${c.id}/historie`)).statusCode).toBe(404);
      expect((await vraag(amsterdam, 'GET', `/api/partners/convenanten/${c.id}/historie`)).statusCode).toBe(404);
    });
  });
}
