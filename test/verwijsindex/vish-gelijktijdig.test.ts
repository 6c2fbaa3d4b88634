import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { bsnFromSeed } from '../../src/shared/bsn.ts';
import type { BronRegel } from '../../src/modules/verwijsindex/levering.ts';
import { AppError } from '../../src/shared/errors.ts';

/**
 * Two full-replace lists of one organisation processed at the same time: the list submitted last wins,
 * whichever finishes first. (Before: both were answered 201 "actief" and the one that finished last,
 * e.g. an older 50,000-row list, stayed active.)
 */
const bsns = (start: number, n: number) => {
  const uit: string[] = [];
  for (let s = start; uit.length < n; s++) {
    const b = bsnFromSeed(s);
    if (b) uit.push(b);
  }
  return uit;
};
const csv = (lijst: string[], contact: string) =>
  `BSN;Contactnaam;Telefoon\n${lijst.map((b) => `${b};${contact};0301234567`).join('\n')}\n`;

/** An upload that sends its first half, then waits for `los()` before sending the rest (a slow upload). */
function gepauzeerd(tekst: string) {
  let los!: () => void;
  const sein = new Promise<void>((r) => {
    los = r;
  });
  const midden = tekst.indexOf('\n', Math.floor(tekst.length / 2)) + 1;
  const stroom = Readable.from(
    (async function* () {
      yield Buffer.from(tekst.slice(0, midden));
      await sein;
      yield Buffer.from(tekst.slice(midden));
    })(),
  );
  return { stroom, los };
}

/** A list whose rows come only when `los()` is called: lets a test decide which delivery finishes first. */
function opSein(lijst: string[]) {
  let los!: () => void;
  const sein = new Promise<void>((r) => {
    los = r;
  });
  let begonnen!: () => void;
  const gestart = new Promise<void>((r) => {
    begonnen = r;
  });
  async function* regels(): AsyncGenerator<BronRegel> {
    begonnen();
    await sein;
    let i = 1;
    for (const bsn of lijst) yield { regel: ++i, velden: { bsn, contactnaam: 'Team', telefoon: '0301234567' } };
  }
  return { regels: regels(), los, gestart };
}

for (const kind of await databases()) {
  describe(`Concurrent VISH deliveries of one organisation on ${kind}`, () => {
    let t: TestOmgeving;
    beforeAll(async () => {
      t = await testOmgeving(kind);
    });
    afterAll(async () => t?.sluit());
    const match = (bsn: string) => t.ctx.vishIndex.zoek(bsn).length > 0;
    const actief = async (organisatieId: string) =>
      t.ctx.db.kysely
        .selectFrom('vish_leveringen')
        .select(['id', 'aantal'])
        .where('organisatie_id', '=', organisatieId)
        .where('status', '=', 'actief')
        .execute();
    const post = (org: { headers: Record<string, string> }, body: string | Readable) =>
      t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen',
        headers: { ...org.headers, 'content-type': 'text/csv' },
        payload: body,
      });

    /** Waits until the organisation has `n` deliveries in progress (submitted: their order is fixed). */
    const bezig = async (organisatieId: string, n: number) => {
      for (let i = 0; i < 1000; i++) {
        if (t.ctx.vishLevering.voortgang(organisatieId).length >= n) return;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('delivery did not start');
    };

    it('HTTP, slow list first: a 50,000-row list, then (while it runs) a 3-row list; the 3-row list wins, the older one gets 409', async () => {
      const org = await t.organisatie('Kredietbank Traag Eerst', 'schuldhulpverlener');
      const groot = bsns(30_000_000, 50_000);
      const klein = bsns(31_000_000, 3);
      const traagBody = gepauzeerd(csv(groot, 'Groot'));
      const traag = post(org, traagBody.stroom);
      let snel: Awaited<ReturnType<typeof post>>;
      try {
        await bezig(org.id, 1); // the big list is being processed (its upload is slow)
        snel = await post(org, csv(klein, 'Klein'));
      } finally {
        traagBody.los();
      }
      const oud = await traag;
      expect(snel.statusCode).toBe(201);
      expect(snel.json()).toMatchObject({ status: 'actief', regelsGeaccepteerd: 3 });
      expect(oud.statusCode).toBe(409);
      expect(oud.json()).toMatchObject({
        code: 'levering_achterhaald',
        title: expect.stringContaining('nieuwere lijst'),
        details: { nieuwereLevering: snel.json().leveringId },
      });
      expect(await actief(org.id)).toEqual([{ id: snel.json().leveringId, aantal: 3 }]);
      expect(match(klein[0]!)).toBe(true);
      expect(match(groot[0]!)).toBe(false);
      expect(match(groot[49_999]!)).toBe(false);
      // The older list is kept as history, its persons are deleted.
      await t.ctx.vishLevering.wachtOpOpruimen();
      const l = await t.app.inject({ method: 'GET', url: '/api/vish/leveringen', headers: org.headers });
      const oudeRij = l.json().leveringen.find((x: { id: string }) => x.id === oud.json().details.leveringId);
      expect(oudeRij).toMatchObject({ status: 'vervangen', aantal: 50_000, geactiveerd_op: null });
      const rest = await t.ctx.db.kysely
        .selectFrom('vish_personen')
        .select('levering_id')
        .where('levering_id', '=', oudeRij.id)
        .limit(1)
        .execute();
      expect(rest).toEqual([]);
      // After a restart the index is rebuilt from the database and agrees.
      await t.herstart();
      expect(match(klein[0]!)).toBe(true);
      expect(match(groot[0]!)).toBe(false);
    });

    it('HTTP, fast list first: a 3-row list, then (while it runs) a 50,000-row list; the fast one activates, then the 50,000-row list (sent last) replaces it', async () => {
      const org = await t.organisatie('Kredietbank Snel Eerst', 'schuldhulpverlener');
      const groot = bsns(34_000_000, 50_000);
      const klein = bsns(35_000_000, 3);
      const snelBody = gepauzeerd(csv(klein, 'Klein'));
      const traagBody = gepauzeerd(csv(groot, 'Groot'));
      const snel = post(org, snelBody.stroom);
      let traag: ReturnType<typeof post> | undefined;
      let a: Awaited<ReturnType<typeof post>>;
      try {
        await bezig(org.id, 1);
        traag = post(org, traagBody.stroom);
        await bezig(org.id, 2); // both lists are being processed
        snelBody.los();
        a = await snel;
        expect(a.statusCode).toBe(201);
        expect(match(klein[0]!)).toBe(true);
      } finally {
        snelBody.los();
        traagBody.los();
      }
      const b = await traag;
      expect(b.statusCode).toBe(201);
      expect(b.json().vervangtLevering).toBe(a.json().leveringId);
      expect(await actief(org.id)).toEqual([{ id: b.json().leveringId, aantal: 50_000 }]);
      expect(t.ctx.vishLevering.voortgang(org.id)).toEqual([]);
      expect(t.ctx.vishIndex.zoek(groot[0]!).map((x) => x.naam)).toEqual(['Groot']);
      expect(match(klein[0]!)).toBe(false);
    });

    it('whichever finishes first: the older list finishing last is not activated, finishing first it is replaced', async () => {
      const org = await t.organisatie('Kredietbank Volgorde', 'schuldhulpverlener');
      const lever = (r: AsyncIterable<BronRegel>) => t.ctx.vishLevering.lever(SYSTEEM, org, 'test', r, () => 'x');
      const [P, Q, R, S] = bsns(32_000_000, 4) as [string, string, string, string];

      // Older (P) submitted first, newer (Q) submitted second; Q finishes first.
      const oud = opSein([P]);
      const oudeLevering = lever(oud.regels);
      await oud.gestart;
      const nieuw = await lever(
        (async function* () {
          yield { regel: 2, velden: { bsn: Q, contactnaam: 'Team', telefoon: '0301234567' } };
        })(),
      );
      oud.los();
      const fout = await oudeLevering.catch((e: unknown) => e);
      expect(fout).toBeInstanceOf(AppError);
      expect((fout as AppError).status).toBe(409);
      expect(await actief(org.id)).toEqual([{ id: nieuw.leveringId, aantal: 1 }]);
      expect([match(P), match(Q)]).toEqual([false, true]);

      // Older (R) submitted first and finishes first; newer (S) finishes later and replaces it.
      const eerst = opSein([R]);
      const later = opSein([S]);
      const eersteLevering = lever(eerst.regels);
      await eerst.gestart;
      const latereLevering = lever(later.regels);
      await later.gestart;
      eerst.los();
      const r = await eersteLevering;
      expect([match(R), match(Q)]).toEqual([true, false]);
      later.los();
      const s = await latereLevering;
      expect(s.vervangtLevering).toBe(r.leveringId);
      expect(await actief(org.id)).toEqual([{ id: s.leveringId, aantal: 1 }]);
      expect([match(R), match(S)]).toEqual([false, true]);
    });

    it('a withdrawal counts as the newest list: a delivery sent before it and finishing after it does not bring a list back', async () => {
      const org = await t.organisatie('Kredietbank Intrekking', 'schuldhulpverlener');
      const lever = (r: AsyncIterable<BronRegel>) => t.ctx.vishLevering.lever(SYSTEEM, org, 'test', r, () => 'x');
      const [P, Q] = bsns(33_000_000, 2) as [string, string];
      await lever(opSeinNu([P]));
      const oud = opSein([Q]);
      const oudeLevering = lever(oud.regels);
      await oud.gestart;
      await t.ctx.vishLevering.trekIn(SYSTEEM, org.id, 'productie', 'trajecten');
      expect(match(P)).toBe(false);
      oud.los();
      await expect(oudeLevering).rejects.toMatchObject({ status: 409, code: 'levering_achterhaald' });
      expect(await actief(org.id)).toEqual([]);
      expect([match(P), match(Q)]).toEqual([false, false]);
    });
  });
}

function opSeinNu(lijst: string[]) {
  const s = opSein(lijst);
  s.los();
  return s.regels;
}
