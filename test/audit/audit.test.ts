import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { verifieerKeten } from '../../src/modules/audit/keten.ts';
import { AuditLog, SYSTEEM } from '../../src/modules/audit/audit.ts';
import { verwijderOudeAudit } from '../../src/modules/audit/store.ts';

const A = '111222333';

for (const kind of await databases()) {
  describe(`Audit trail on ${kind}`, () => {
    let t: TestOmgeving;
    let dw: Awaited<ReturnType<TestOmgeving['organisatie']>>;
    let shv: typeof dw;
    let beheer: typeof dw;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      dw = await t.organisatie('Deurwaarder Audit', 'gerechtsdeurwaarder');
      shv = await t.organisatie('Kredietbank Audit', 'schuldhulpverlener');
      beheer = await t.organisatie('Beheer Audit', 'beheerder');
      const lever = await t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen/json',
        headers: shv.headers,
        payload: { personen: [{ bsn: A, contactnaam: 'Team A', telefoon: '0301234567' }] },
      });
      expect(lever.statusCode).toBe(201);
    });
    afterAll(async () => {
      await t?.sluit();
    });

    it('chains single, batch (COPY) and transactional entries; the chain verifies', async () => {
      for (let i = 0; i < 5; i++)
        expect(
          (await t.app.inject({ method: 'POST', url: '/api/vish/controle', headers: dw.headers, payload: { bsn: A } }))
            .statusCode,
        ).toBe(200);
      const batch = await t.app.inject({
        method: 'POST',
        url: '/api/vish/controle/batch',
        headers: { ...dw.headers, 'content-type': 'text/csv' },
        payload: `BSN;Kenmerk\n${A};k1\n111222334;k2\n123456782;k3\n`,
      });
      expect(batch.statusCode).toBe(200);
      // Inside a transaction: unsealed until committed and sealed.
      await t.ctx.db.kysely
        .transaction()
        .execute((tx) =>
          t.ctx.audit.schrijfVeel(
            [{ actor: SYSTEEM, actie: 'test.tx', resultaat: 'ok', details: { b: 1, a: [1, 'x'] } }],
            tx,
          ),
        );
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.ctx.audit.schrijf({
            actor: SYSTEEM,
            actie: 'test.parallel',
            onderwerp: String(i),
            resultaat: 'ok',
            details: { z: i, a: null },
          }),
        ),
      );
      await t.ctx.audit.verzegel();
      const v = await verifieerKeten(t.ctx.db.kysely);
      expect(v).toMatchObject({ intact: true, ongezegeld: 0, eersteVolgnr: 1 });
      expect(v.gecontroleerd).toBeGreaterThan(27); // the batch of 2 BSNs is 1 entry
      // A batch block is one chained entry; its checked BSNs are lines in audit_batchregels.
      const r = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['volgnr'])
        .where('actie', '=', 'vish.batchcontrole')
        .execute();
      expect(r.length).toBe(1);
      expect(r[0]!.volgnr).not.toBeNull();
      const regels = await t.ctx.db.kysely
        .selectFrom('audit_batchregels')
        .select(['nr', 'resultaat'])
        .where('volgnr', '=', r[0]!.volgnr!)
        .orderBy('nr')
        .execute();
      expect(regels).toEqual([
        { nr: 1, resultaat: 'match' },
        { nr: 2, resultaat: 'geen-match' },
      ]); // the invalid BSN is not audited as a check
    });

    it("a batch check's lines are guarded and covered by the chain: a changed, removed or added line is detected", async () => {
      const db = t.ctx.db.kysely;
      await expect(sql`UPDATE audit_batchregels SET resultaat = 'x'`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM audit_batchregels`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`TRUNCATE audit_batchregels`.execute(db)).rejects.toThrow(/append-only/);
      const blok = (
        await db
          .selectFrom('audit_log')
          .select('volgnr')
          .where('actie', '=', 'vish.batchcontrole')
          .executeTakeFirstOrThrow()
      ).volgnr!;
      const batchFouten = async () =>
        (await verifieerKeten(db)).fouten.filter((f) => /batchcontrole/.test(f.reden)).map((f) => f.volgnr);
      expect(await batchFouten()).toEqual([]);
      const manipuleer = async (stmt: ReturnType<typeof sql>) => {
        await sql`ALTER TABLE audit_batchregels DISABLE TRIGGER audit_batchregels_bewaking`.execute(db);
        try {
          await stmt.execute(db);
        } finally {
          await sql`ALTER TABLE audit_batchregels ENABLE TRIGGER audit_batchregels_bewaking`.execute(db);
        }
      };
      await manipuleer(sql`UPDATE audit_batchregels SET resultaat = 'geen-match' WHERE volgnr = ${blok} AND nr = 1`);
      expect(await batchFouten()).toEqual([blok]);
      await manipuleer(sql`UPDATE audit_batchregels SET resultaat = 'match' WHERE volgnr = ${blok} AND nr = 1`);
      expect(await batchFouten()).toEqual([]);
      await manipuleer(sql`DELETE FROM audit_batchregels WHERE volgnr = ${blok} AND nr = 2`);
      expect(await batchFouten()).toEqual([blok]);
      // A line added to an entry that is not a batch block.
      await manipuleer(sql`INSERT INTO audit_batchregels VALUES (1, 1, 'b1:00', 'match')`);
      expect(await batchFouten()).toEqual([blok, 1]);
    });

    it('the database refuses UPDATE, DELETE and TRUNCATE of audit entries', async () => {
      const db = t.ctx.db.kysely;
      await expect(sql`UPDATE audit_log SET resultaat = 'x' WHERE volgnr = 2`.execute(db)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`DELETE FROM audit_log WHERE volgnr = 2`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
    });

    it('an UPDATE or DELETE done directly in SQL (guard switched off, as a DBA could) is detected', async () => {
      const db = t.ctx.db.kysely;
      const manipuleer = async (stmt: ReturnType<typeof sql>) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_bewaking`.execute(db);
        try {
          await stmt.execute(db);
        } finally {
          await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_bewaking`.execute(db);
        }
      };
      await manipuleer(sql`UPDATE audit_log SET resultaat = 'geen-match' WHERE volgnr = 3`);
      let v = await verifieerKeten(db);
      expect(v.intact).toBe(false);
      expect(v.fouten[0]).toMatchObject({ volgnr: 3 });
      await manipuleer(
        sql`UPDATE audit_log SET resultaat = (SELECT resultaat FROM audit_log WHERE volgnr = 2) WHERE volgnr = 3`,
      );
      v = await verifieerKeten(db);
      const fouten = v.fouten.map((f) => f.volgnr);
      await manipuleer(sql`DELETE FROM audit_log WHERE volgnr = 5`);
      v = await verifieerKeten(db);
      expect(v.intact).toBe(false);
      expect(v.fouten.map((f) => f.volgnr)).toContain(6);
      expect(v.fouten.length).toBeGreaterThan(fouten.length);
    });

    it('two writers (two nodes) chaining batch blocks and single entries at once: nothing lost, the chain intact; retention removes a block with its lines', async () => {
      const t3 = await testOmgeving(kind);
      try {
        const db = t3.ctx.db.kysely;
        const knopen = [new AuditLog(db), new AuditLog(db)];
        const regels = (k: number, b: number) =>
          Array.from({ length: 500 }, (_, i): [string, string] => [
            `b1:${k}-${b}-${i}`,
            i % 2 ? 'match' : 'geen-match',
          ]);
        await Promise.all(
          knopen.flatMap((log, k) => [
            ...[0, 1, 2].map((b) => log.kopieer(SYSTEEM, 'vish.batchcontrole', regels(k, b))),
            ...Array.from({ length: 10 }, (_, i) =>
              log.schrijf({ actor: SYSTEEM, actie: 'test.enkel', onderwerp: `${k}-${i}`, resultaat: 'ok' }),
            ),
          ]),
        );
        const v = await verifieerKeten(db);
        expect(v).toMatchObject({ intact: true, ongezegeld: 0 });
        const n = await db
          .selectFrom('audit_batchregels')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(n.n)).toBe(2 * 3 * 500);
        const grens = new Date(Date.now() + 1000);
        await new Promise((r) => setTimeout(r, 1100));
        await t3.ctx.audit.schrijf({ actor: SYSTEEM, actie: 'test.nieuw', resultaat: 'ok' });
        await verwijderOudeAudit(db, grens);
        const rest = await db
          .selectFrom('audit_batchregels')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(rest.n)).toBe(0);
        expect(await verifieerKeten(db)).toMatchObject({ intact: true });
      } finally {
        await t3.sluit();
      }
    });

    it('retention deletes the oldest part and anchors it; cutting the end afterwards is detected', async () => {
      const t2 = await testOmgeving(kind);
      try {
        for (let i = 0; i < 10; i++)
          await t2.ctx.audit.schrijf({ actor: SYSTEEM, actie: 'test.oud', onderwerp: String(i), resultaat: 'ok' });
        const grens = new Date(Date.now() + 1000);
        await new Promise((r) => setTimeout(r, 1100));
        for (let i = 0; i < 3; i++)
          await t2.ctx.audit.schrijf({ actor: SYSTEEM, actie: 'test.nieuw', onderwerp: String(i), resultaat: 'ok' });
        expect(await verwijderOudeAudit(t2.ctx.db.kysely, grens)).toBe(10);
        let v = await verifieerKeten(t2.ctx.db.kysely);
        expect(v).toMatchObject({ intact: true, eersteVolgnr: 11, laatsteVolgnr: 13 });
        // The retention job anchors the head: losing the end is then visible.
        const r = await t2.app.inject({ method: 'GET', url: '/api/beheer/bewaartermijnen/runs' });
        expect(r.statusCode).toBe(401);
        await t2.app.weigeringen.wacht(); // the refusal is audited too (entry 14)
        await (await import('../../src/modules/audit/store.ts')).legKopVast(t2.ctx.db.kysely);
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_bewaking`.execute(t2.ctx.db.kysely);
        await sql`DELETE FROM audit_log WHERE volgnr = (SELECT max(volgnr) FROM audit_log)`.execute(t2.ctx.db.kysely);
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_bewaking`.execute(t2.ctx.db.kysely);
        v = await verifieerKeten(t2.ctx.db.kysely);
        expect(v.intact).toBe(false);
        expect(v.fouten[0]!.reden).toMatch(/ingekort/);
      } finally {
        await t2.sluit();
      }
    });

    it('operator reads all entries with filters and pages; a privacy officer only the own organisation; machines and other roles are refused', async () => {
      const gm = await t.organisatie('Gemeente Audit', 'gemeente');
      const beheerder = await sessieVoor(t, beheer, 'beheerder');
      const fgDw = await sessieVoor(t, dw, 'functionaris-gegevensbescherming');
      const fgGm = await sessieVoor(t, gm, 'functionaris-gegevensbescherming');
      const medewerker = await sessieVoor(t, gm, 'gemeente-medewerker');
      const lees = (s: { cookies: Record<string, string> } | null, q: string, headers: Record<string, string> = {}) =>
        t.app.inject({ method: 'GET', url: `/api/audit${q}`, ...(s ? { cookies: s.cookies } : {}), headers });

      const alles = await lees(beheerder, '?actie=vish.&aantal=2');
      expect(alles.statusCode).toBe(200);
      expect(alles.json().items).toHaveLength(2);
      expect(alles.json().items.every((i: { actie: string }) => i.actie.startsWith('vish.'))).toBe(true);
      const volgende = await lees(beheerder, `?actie=vish.&aantal=2&voor=${alles.json().volgende}`);
      expect(volgende.json().items[0].id).toBeLessThan(alles.json().items[1].id);
      const periode = await lees(beheerder, `?van=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
      expect(periode.json().items).toHaveLength(0);

      const eigen = await lees(fgDw, '?aantal=500');
      expect(eigen.statusCode).toBe(200);
      expect(eigen.json().items.length).toBeGreaterThan(0);
      expect(eigen.json().items.every((i: { organisatie_id: string }) => i.organisatie_id === dw.id)).toBe(true);
      const ander = await lees(fgGm, `?actor=${dw.sleutel.split('_')[1]}`);
      expect(ander.json().items).toHaveLength(0);

      expect((await lees(medewerker, '')).statusCode).toBe(403);
      expect((await lees(null, '', dw.headers)).statusCode).toBe(403);
      expect((await lees(null, '', beheer.headers)).statusCode).toBe(403);
      expect((await lees(fgDw, '/verificatie')).statusCode).toBe(403);
      expect((await lees(beheerder, '/verificatie')).json()).toMatchObject({ intact: false });
    });

    it('subject access report by BSN lists holders and checkers, never the BSN; scoped for a privacy officer; audited', async () => {
      const beheerder = await sessieVoor(t, beheer, 'beheerder');
      const fgDw = await sessieVoor(t, dw, 'functionaris-gegevensbescherming');
      const vraag = (s: { cookies: Record<string, string>; headers: Record<string, string> }, payload: object) =>
        t.app.inject({
          method: 'POST',
          url: '/api/audit/inzageverzoek',
          cookies: s.cookies,
          headers: s.headers,
          payload,
        });
      const r = await vraag(beheerder, { bsn: A });
      expect(r.statusCode).toBe(200);
      expect(r.body).not.toContain(A);
      const v = r.json().vindplaatsen as Array<{ soort: string; organisatie: string; aantal: number }>;
      expect(v).toContainEqual(expect.objectContaining({ soort: 'vish-levering', organisatie: 'Kredietbank Audit' }));
      // The single checks left (the DBA test above deleted one of the 5) and the line of the batch check.
      const enkel = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(sql<number>`count(*)`.as('n'))
        .where('actie', '=', 'vish.controle')
        .where('onderwerp', 'in', t.ctx.pseudo.auditVerwijzingen(A))
        .executeTakeFirstOrThrow();
      expect(v).toContainEqual(
        expect.objectContaining({
          soort: 'vish-controle',
          organisatie: 'Deurwaarder Audit',
          aantal: Number(enkel.n) + 1,
        }),
      );
      const fg = (await vraag(fgDw, { bsn: A })).json().vindplaatsen as typeof v;
      expect(fg.every((x) => x.organisatie === 'Deurwaarder Audit')).toBe(true);
      expect(fg.some((x) => x.soort === 'vish-controle')).toBe(true);
      expect((await vraag(beheerder, { bsn: '123' })).statusCode).toBe(400);
      expect((await vraag(beheerder, {})).statusCode).toBe(400);
      const gelogd = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['onderwerp', 'details'])
        .where('actie', '=', 'avg.inzageverzoek')
        .execute();
      expect(gelogd.length).toBe(2); // refused requests (invalid input) stop before the report
      expect(JSON.stringify(gelogd)).not.toContain(A);
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/audit/inzageverzoek',
            headers: dw.headers,
            payload: { bsn: A },
          })
        ).statusCode,
      ).toBe(403);
    });
  });
}
