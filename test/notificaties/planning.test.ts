import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { lever, opzet, rij, zaakVan, type Opzet } from '../helpers/signaalzaken-opzet.ts';
import { mailbox, type Mailbox } from '../helpers/ontvangers.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { maakBezorger } from '../../src/modules/notificaties/index.ts';
import { meldTermijnen } from '../../src/modules/signaalzaken/termijnmelding.ts';
import { meldAflopendeConvenanten } from '../../src/modules/partners/herinneringen.ts';
import { meldGemisteLeveringen } from '../../src/modules/verwijsindex/gemist-melden.ts';
import { JOBS, voerJobUit } from '../../src/jobs/scheduler.ts';
import { vandaag } from '../../src/shared/datum.ts';
import { plusDagen } from '../../src/shared/werkdagen.ts';

/** A time of today in the Netherlands, as +01:00 (in summer an hour later locally; the digest goes out from 07:00). */
const om = (uur: number) => new Date(`${vandaag()}T${String(uur).padStart(2, '0')}:30:00+01:00`);

for (const kind of await databases()) {
  describe(`Notifications from scheduled jobs on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    let post: Mailbox;
    let bezorger: ReturnType<typeof maakBezorger>;
    const db = () => t.ctx.db.kysely;
    const gebeurtenissen = (type: string) =>
      db().selectFrom('notificatie_gebeurtenissen').select(['id', 'data', 'doel']).where('type', '=', type).execute();

    beforeAll(async () => {
      post = await mailbox();
      t = await testOmgeving(kind, { SMTP_URL: post.url });
      o = await opzet(t);
      for (const [org, rol, email] of [
        [o.energie, 'signaalpartner-beheerder', 'beheer@energie.test'],
        [o.beheer, 'beheerder', 'operator@beheer.test'],
        [o.kredietbank, 'schuldhulpverlener', 'shv@kredietbank.test'],
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

    it('daily digest: deadlines tomorrow and overdue, per municipality and per assigned organisation, once a day from 07:00', async () => {
      await lever(t, o.energie, [
        rij('Bos', '3511AB', '301'),
        rij('Jansen', '3511AB', '302'),
        rij('Meijer', '3511AB', '303'),
      ]);
      const [a, b, c] = await Promise.all(['301', '302', '303'].map((n) => zaakVan(t, `3511AB|${n}|`)));
      const dag = vandaag();
      await db()
        .updateTable('vroegsignaalzaken')
        .set({ deadline: plusDagen(dag, 1) })
        .where('id', '=', a!.id)
        .execute();
      await db()
        .updateTable('vroegsignaalzaken')
        .set({ deadline: plusDagen(dag, -2), organisatie_id: o.kredietbank.id })
        .where('id', '=', b!.id)
        .execute();
      // Acted on (a contact attempt): not in the digest, even though its deadline passed.
      await db()
        .updateTable('vroegsignaalzaken')
        .set({ deadline: plusDagen(dag, -2), eerste_actie_op: dag })
        .where('id', '=', c!.id)
        .execute();

      expect(await meldTermijnen(t.ctx, om(4))).toEqual({ overzichten: 0 });
      expect(await meldTermijnen(t.ctx, om(10))).toEqual({ overzichten: 2 });
      expect(await meldTermijnen(t.ctx, om(11))).toEqual({ overzichten: 0 }); // the hourly job again: nothing new
      const g = await gebeurtenissen('zaken.termijnen');
      expect(g.map((x) => x.data).sort((p, q) => JSON.stringify(p).localeCompare(JSON.stringify(q)))).toEqual([
        { datum: dag, morgen: 0, teLaat: 1 },
        { datum: dag, morgen: 1, teLaat: 1 },
      ]);
      await bezorger.bezorgAlles(om(11));
      const m = await post.wacht('medewerker@utrecht.test', /^Schuldenrust: Termijnen/);
      expect(m.onderwerp).toBe('Schuldenrust: Termijnen: 1 zaak loopt morgen af, 1 zaak is te laat');
      expect(m.tekst).toContain('/zaken');
      await post.wacht('shv@kredietbank.test', /Termijnen: 0 zaken lopen morgen af, 1 zaak is te laat/);
      // Amsterdam has no such cases: no digest.
      expect(g.some((x) => JSON.stringify(x.doel).includes('GM0363'))).toBe(false);
    });

    it('agreement reminders at 60 and 14 days before the end date, each once; a new end date starts again', async () => {
      const c = await db()
        .selectFrom('convenanten')
        .select('id')
        .where('partner_id', '=', o.energie.id)
        .where('gemeentecode', '=', 'GM0344')
        .executeTakeFirstOrThrow();
      const zet = (einddatum: string) =>
        db().updateTable('convenanten').set({ einddatum }).where('id', '=', c.id).execute();
      await zet(plusDagen(vandaag(), 90));
      expect(await meldAflopendeConvenanten(t.ctx)).toEqual({ herinneringen: 0 });
      await zet(plusDagen(vandaag(), 59));
      expect(await meldAflopendeConvenanten(t.ctx)).toEqual({ herinneringen: 1 });
      expect(await meldAflopendeConvenanten(t.ctx)).toEqual({ herinneringen: 0 });
      await zet(plusDagen(vandaag(), 14));
      expect(await meldAflopendeConvenanten(t.ctx)).toEqual({ herinneringen: 1 });
      const data = (await gebeurtenissen('convenant.verloopt')).map((x) => (x.data as { dagen: number }).dagen).sort();
      expect(data).toEqual([14, 60]);
      await bezorger.bezorgAlles();
      await post.wacht('beheer@energie.test', /Convenant verloopt over 14 dagen/);
      await post.wacht('coordinator@utrecht.test', /Convenant verloopt over 60 dagen/);
      // The other partner's agreement with Utrecht is not theirs to hear about.
      expect(
        post.mails.some((m) => /Convenant verloopt/.test(m.onderwerp) && m.aan.includes('medewerker@utrecht.test')),
      ).toBe(false);
    });

    it('a missed VISH delivery: the organisation after 24 hours, the operator after 48 hours, once per delivery', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen/json',
        headers: o.kredietbank.headers,
        payload: { personen: [{ bsn: '111222333', contactnaam: 'Team', telefoon: '0301234567' }] },
      });
      expect(r.statusCode).toBe(201);
      const zet = (uren: number) =>
        db()
          .updateTable('vish_leveringen')
          .set({ geactiveerd_op: new Date(Date.now() - uren * 3_600_000) })
          .where('organisatie_id', '=', o.kredietbank.id)
          .where('status', '=', 'actief')
          .execute();
      await zet(30);
      await JOBS['vish-gemiste-leveringen'](t.ctx);
      await JOBS['vish-gemiste-leveringen'](t.ctx);
      expect(await gebeurtenissen('vish.levering-gemist')).toHaveLength(1);
      expect(await gebeurtenissen('vish.levering-gemist-beheer')).toHaveLength(0);
      await meldGemisteLeveringen(t.ctx, [
        { id: o.kredietbank.id, geactiveerd_op: new Date(Date.now() - 50 * 3_600_000) },
      ]);
      expect(await gebeurtenissen('vish.levering-gemist-beheer')).toHaveLength(1);
      await bezorger.bezorgAlles();
      const m = await post.wacht('shv@kredietbank.test', /VISH-levering ontbreekt/);
      expect(m.tekst).toContain('/vish/leveringen');
      await post.wacht('operator@beheer.test', /48 uur/);
    });

    it('a failed job run: the operator is told (app and e-mail)', async () => {
      await expect(
        voerJobUit(t.ctx, 'proef-taak', async () => {
          throw new Error('kapot');
        }),
      ).rejects.toThrow('kapot');
      await bezorger.bezorgAlles();
      const m = await post.wacht('operator@beheer.test', /Taak mislukt: proef-taak/);
      expect(m.tekst).toContain('/beheer/taken');
      const run = await db()
        .selectFrom('job_runs')
        .select('resultaat')
        .where('job', '=', 'proef-taak')
        .executeTakeFirstOrThrow();
      expect(run.resultaat).toBe('fout');
    });
  });
}
