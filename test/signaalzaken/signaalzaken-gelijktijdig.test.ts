import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { csv, KOP, rij } from '../helpers/fixtures/vroegsignalering.ts';
import { opzet, type Opzet } from '../helpers/signaalzaken-opzet.ts';
import { volgendeLeveringenDeadlock } from '../helpers/fixtures/deadlock.ts';

/**
 * Two partners deliver the same households at the same moment (on PostgreSQL really at once: two transactions that
 * both want to create each household's case). Whatever the interleaving, each household ends with one open case
 * holding both signals, both marked meervoudig, and nothing is lost.
 */
for (const kind of await databases()) {
  describe(`Signaalzaken: simultaneous deliveries on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      o = await opzet(t);
    });
    afterAll(async () => t?.sluit());

    it('two uploads for the same 300 households, in opposite order: one open case per household with both signals', async () => {
      const n = 300;
      const nummers = Array.from({ length: n }, (_, i) => String(i + 1));
      const upload = (org: Opzet['energie'], volgorde: string[]) =>
        t.app.inject({
          method: 'POST',
          url: '/api/vroegsignalen/leveringen',
          headers: { ...org.headers, 'content-type': 'text/csv' },
          payload: csv(
            volgorde.map((h) => rij('Samen', '3512AB', h)),
            KOP,
          ),
        });
      const [a, b] = await Promise.all([upload(o.energie, nummers), upload(o.water, [...nummers].reverse())]);
      expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
      expect([a.json().nieuw, b.json().nieuw]).toEqual([n, n]);

      const db = t.ctx.db.kysely;
      const signalen = await db
        .selectFrom('vroegsignalen')
        .select(['adres_sleutel', 'zaak_id', 'meervoudig'])
        .where('adres_sleutel', 'like', '3512AB|%')
        .execute();
      expect(signalen).toHaveLength(2 * n);
      expect(signalen.filter((s) => s.zaak_id === null)).toEqual([]);
      expect(signalen.filter((s) => !s.meervoudig)).toEqual([]);
      const zaken = await db
        .selectFrom('vroegsignaalzaken')
        .select(['id', 'adres_sleutel'])
        .where('adres_sleutel', 'like', '3512AB|%')
        .where('status', '<>', 'afgesloten')
        .execute();
      expect(zaken).toHaveLength(n);
      const perZaak = new Map<string, number>();
      for (const s of signalen) perZaak.set(s.zaak_id!, (perZaak.get(s.zaak_id!) ?? 0) + 1);
      expect([...perZaak.values()].every((x) => x === 2)).toBe(true);
      expect(new Set(zaken.map((z) => z.id))).toEqual(new Set(perZaak.keys()));
    });

    it('an upload rolled back by a deadlock: 503 in Dutch with Retry-After, nothing stored; the same upload succeeds next', async () => {
      await volgendeLeveringenDeadlock(t.ctx.db.kysely);
      const upload = () =>
        t.app.inject({
          method: 'POST',
          url: '/api/vroegsignalen/leveringen',
          headers: { ...o.energie.headers, 'content-type': 'text/csv' },
          payload: csv([rij('Opnieuw', '3514AB', '1')], KOP),
        });
      const eerst = await upload();
      expect([eerst.statusCode, eerst.json().code, eerst.headers['retry-after']]).toEqual([
        503,
        'gelijktijdige_verwerking',
        '30',
      ]);
      expect(
        await t.ctx.db.kysely
          .selectFrom('vroegsignalen')
          .select('id')
          .where('adres_sleutel', 'like', '3514AB|%')
          .execute(),
      ).toEqual([]);
      const daarna = await upload();
      expect([daarna.statusCode, daarna.json().nieuw]).toEqual([201, 1]);
    });

    it('two large uploads whose blocks cross (a deadlock on PostgreSQL): each is stored whole or refused whole with a Dutch 503', async () => {
      const half = 5000; // one storage block
      const eerste = Array.from({ length: half }, (_, i) => String(i + 1));
      const tweede = Array.from({ length: half }, (_, i) => String(half + i + 1));
      const upload = (org: Opzet['energie'], volgorde: string[]) =>
        t.app.inject({
          method: 'POST',
          url: '/api/vroegsignalen/leveringen',
          headers: { ...org.headers, 'content-type': 'text/csv' },
          payload: csv(
            volgorde.map((h) => rij('Kruis', '3513AB', h)),
            KOP,
          ),
        });
      const antwoorden = await Promise.all([
        upload(o.energie, [...eerste, ...tweede]),
        upload(o.water, [...tweede, ...eerste]),
      ]);
      const db = t.ctx.db.kysely;
      for (const [r, org] of [
        [antwoorden[0]!, o.energie],
        [antwoorden[1]!, o.water],
      ] as const) {
        const opgeslagen = await db
          .selectFrom('vroegsignalen')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('partner_id', '=', org.id)
          .where('adres_sleutel', 'like', '3513AB|%')
          .executeTakeFirstOrThrow();
        if (r.statusCode === 503) {
          expect(r.json()).toMatchObject({
            code: 'gelijktijdige_verwerking',
            title: expect.stringContaining('Er is niets opgeslagen'),
          });
          expect(r.headers['retry-after']).toBe('30');
          expect(Number(opgeslagen.n)).toBe(0);
        } else {
          expect(r.statusCode).toBe(201);
          expect(Number(opgeslagen.n)).toBe(2 * half);
        }
      }
      expect(antwoorden.some((r) => r.statusCode === 201)).toBe(true);
      const los = await db
        .selectFrom('vroegsignalen')
        .select('id')
        .where('adres_sleutel', 'like', '3513AB|%')
        .where('zaak_id', 'is', null)
        .execute();
      expect(los).toEqual([]);
      const dubbel = await db
        .selectFrom('vroegsignaalzaken')
        .select('adres_sleutel')
        .where('adres_sleutel', 'like', '3513AB|%')
        .where('status', '<>', 'afgesloten')
        .groupBy('adres_sleutel')
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute();
      expect(dubbel).toEqual([]);
    }, 120_000);
  });
}
