import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { bsns, controle, laadDemoPostcodes, maak, sluit, traject, type Org } from '../helpers/fixtures/trajecten.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { vandaag } from '../../src/shared/datum.ts';
import { ruimSchuldenrustOp } from '../../src/modules/schuldenrust/index.ts';
import { anonimiseer } from '../../src/modules/trajecten/store.ts';

const [A, B, C] = bsns(53_000_000, 3) as [string, string, string];
const TOEGELATEN = {
  intake: {
    startdatum: '2026-01-08',
    einddatum: '2026-01-20',
    beschikkingssoort: 'Toelatingsbeschikking',
    beschikkingsdatum: '2026-01-20',
  },
};
const CLAIM = { schuldeiser: 'Zorgverzekeraar Zilver', kenmerk: 'DW-2026-17', hoofdsom: 1234.56, kosten: 150 };

/**
 * Claims from bailiffs (issue 16, item 7): after a VISH match the bailiff sends its claim to the helper named in the
 * match; it lands in that trajectory's debt inventory; the bailiff sees only the pause state of its own claims.
 */
for (const kind of await databases()) {
  describe(`Vorderingen van deurwaarders [${kind}]`, () => {
    let t: TestOmgeving;
    let kb: Org;
    let andereKb: Org;
    let dw: Org;
    let dw2: Org;
    let cjib: Org;
    let trajectId: string;
    let vorderingId: string;
    const req = async (o: InjectOptions) => t.app.inject(o);
    const db = () => t.ctx.db.kysely;
    const stuur = (
      org: { headers: Record<string, string> },
      body: Record<string, unknown>,
      cookies?: Record<string, string>,
    ) =>
      req({
        method: 'POST',
        url: '/api/schuldenrust/vorderingen',
        headers: org.headers,
        payload: body,
        ...(cookies ? { cookies } : {}),
      });
    const lijst = (org: { headers: Record<string, string> }, cookies?: Record<string, string>) =>
      req({
        method: 'GET',
        url: '/api/schuldenrust/vorderingen',
        headers: org.headers,
        ...(cookies ? { cookies } : {}),
      });
    const overzicht = async (id: string) =>
      (await req({ method: 'GET', url: `/api/schuldenrust/trajecten/${id}`, headers: kb.headers })).json();

    beforeAll(async () => {
      // A small VISH check budget that does not refill during the test: the claims share it.
      t = await testOmgeving(kind, { LOGIN_MAX_PER_IP: 200, VISH_CONTROLE_PER_SECONDE: 0.001, VISH_CONTROLE_PIEK: 30 });
      await laadDemoPostcodes(t);
      kb = await t.organisatie('Kredietbank Vordering', 'schuldhulpverlener');
      andereKb = await t.organisatie('Budgetbureau Anders', 'schuldhulpverlener');
      dw = await t.organisatie('Deurwaarders Van Dam', 'gerechtsdeurwaarder');
      dw2 = await t.organisatie('Deurwaarderskantoor Tweede', 'gerechtsdeurwaarder');
      cjib = await t.organisatie('CJIB Vordering', 'schuldeiser');
      await req({
        method: 'PUT',
        url: '/api/schuldenrust/deelname',
        headers: cjib.headers,
        payload: { soort: 'publiek', grondslag: 'Wahv', kanaal: 'portaal', stappen: ['aanmaningen'] },
      });
      trajectId = (await maak(t, kb, traject(A, { ddas: TOEGELATEN }))).id;
      // The counsellor's own debt in the inventory: the bailiff must never see it.
      const s = await req({
        method: 'POST',
        url: `/api/schuldenrust/trajecten/${trajectId}/schulden`,
        headers: kb.headers,
        payload: { schuldeiserId: cjib.id, kenmerk: 'CJIB-GEHEIM-1', bedrag: 90 },
      });
      expect(s.statusCode, s.body).toBe(201);
      await maak(t, andereKb, traject(B, { ddas: TOEGELATEN }));
      // The trajectories' VISH feed: the bailiff's check now matches.
      for (const org of [kb, andereKb]) {
        const f = await req({ method: 'POST', url: '/api/trajecten/vish/uitvoeren', headers: org.headers });
        expect(f.json(), f.body).toMatchObject({ resultaat: 'geleverd', aantal: 1 });
      }
    }, 180_000);
    afterAll(async () => {
      await t?.sluit();
    });

    it("after a VISH match the claim lands in the helper's open trajectory; the helper is notified", async () => {
      const c = await controle(t, dw, A);
      expect(c.match).toBe(true);
      expect(c.contacten.map((x) => x.organisatie)).toEqual(['Kredietbank Vordering']);
      const r = await stuur(dw, { bsn: A, hulpverlener: 'Kredietbank Vordering', ...CLAIM });
      expect(r.statusCode, r.body).toBe(201);
      const v = r.json();
      vorderingId = v.id;
      expect(v).toMatchObject({
        hulpverlener: 'Kredietbank Vordering',
        schuldeiser: 'Zorgverzekeraar Zilver',
        kenmerk: 'DW-2026-17',
        hoofdsom: 1234.56,
        kosten: 150,
        status: 'verstuurd',
        pauzeTot: null,
      });
      // Without naming the helper: the only helper in the match.
      const zonderNaam = await stuur(dw, { bsn: A, ...CLAIM, kenmerk: 'DW-2026-18', kosten: null });
      expect(zonderNaam.statusCode, zonderNaam.body).toBe(201);
      // The counsellor sees both in the inventory, marked as sent by the bailiff, to be sent by letter.
      const o = await overzicht(trajectId);
      const vanDw = o.schulden.filter((s: { bron: string }) => s.bron === 'deurwaarder');
      expect(vanDw).toHaveLength(2);
      expect(vanDw[0]).toMatchObject({
        id: vorderingId,
        schuldeiser: 'Zorgverzekeraar Zilver',
        kenmerk: 'DW-2026-17',
        bedrag: 1384.56,
        deurwaarder: 'Deurwaarders Van Dam',
        kanaal: 'brief',
        adres: 'p/a gerechtsdeurwaarder Deurwaarders Van Dam',
      });
      expect(o.schulden.find((s: { bron: string }) => s.bron === 'consulent').deurwaarder).toBeNull();
      // One event per claim, to the helper organisation only; the payload names no person and no amount.
      const events = await db()
        .selectFrom('notificatie_gebeurtenissen')
        .select(['doel', 'data'])
        .where('type', '=', 'schuldenrust.vordering')
        .execute();
      expect(events).toHaveLength(2);
      for (const e of events) {
        expect(e.data).toEqual({ trajectId });
        expect(JSON.stringify(e.doel)).toContain(kb.id);
        expect(JSON.stringify(e.doel)).not.toContain(dw.id);
      }
      // No clear BSN stored with the claim.
      const rij = await db().selectFrom('schuldenrust_schulden').selectAll().where('id', '=', vorderingId).execute();
      expect(JSON.stringify(rij)).not.toContain(A);
      expect(rij[0]).toMatchObject({ bron: 'deurwaarder', deurwaarder_id: dw.id });
    });

    it('no match, a helper not in the match, or no open trajectory: one "not found" answer', async () => {
      const geen = await stuur(dw, { bsn: C, ...CLAIM });
      expect(geen.statusCode).toBe(404);
      expect(geen.json().title).toMatch(/geen lopend schuldhulptraject/);
      // A helper the check did not name for this person (it has another person's trajectory).
      const ander = await stuur(dw, { bsn: A, hulpverlener: 'Budgetbureau Anders', ...CLAIM });
      expect(ander.statusCode).toBe(404);
      expect(ander.json()).toEqual(geen.json());
      // Invalid BSN.
      expect((await stuur(dw, { bsn: '123456789', ...CLAIM })).statusCode).toBe(400);
      // Missing claim fields.
      expect((await stuur(dw, { bsn: A, schuldeiser: 'X', kenmerk: 'Y' })).statusCode).toBe(400);
      // A closed trajectory takes no claims.
      const gesloten = (await maak(t, kb, traject(C, { ddas: TOEGELATEN }))).id;
      await req({ method: 'POST', url: '/api/trajecten/vish/uitvoeren', headers: kb.headers });
      expect((await controle(t, dw, C)).match).toBe(true);
      await sluit(t, kb, gesloten, vandaag());
      const na = await stuur(dw, { bsn: C, ...CLAIM });
      expect(na.statusCode).toBe(404);
      expect(na.json()).toEqual(geen.json());
      const aantal = await db()
        .selectFrom('schuldenrust_schulden')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('bron', '=', 'deurwaarder')
        .executeTakeFirstOrThrow();
      expect(Number(aantal.n)).toBe(2);
    });

    it('only a bailiff may send or read claims', async () => {
      for (const org of [kb, andereKb, cjib]) {
        expect((await stuur(org, { bsn: A, ...CLAIM })).statusCode).toBe(403);
        expect((await lijst(org)).statusCode).toBe(403);
      }
      // The bailiff's user may; its administrator may not.
      const medewerker = await sessieVoor(t, dw, 'deurwaarder');
      expect((await lijst(medewerker, medewerker.cookies)).statusCode).toBe(200);
      const beheerder = await sessieVoor(t, dw, 'organisatie-beheerder');
      expect((await lijst(beheerder, beheerder.cookies)).statusCode).toBe(403);
      expect((await stuur(beheerder, { bsn: A, ...CLAIM }, beheerder.cookies)).statusCode).toBe(403);
    });

    it('another bailiff does not see the claim', async () => {
      const r = await lijst(dw2);
      expect(r.statusCode).toBe(200);
      expect(r.json().vorderingen).toEqual([]);
    });

    it('the bailiff sees "paused until" after the Kennisgeving, "ended" after the pause ends; nothing else', async () => {
      const k = await req({
        method: 'POST',
        url: `/api/schuldenrust/trajecten/${trajectId}/kennisgeving`,
        headers: kb.headers,
        payload: { schulden: [vorderingId], bevestigd: true },
      });
      expect(k.statusCode, k.body).toBe(201);
      const pauze = k.json();
      expect(pauze.verstuurd).toEqual([{ id: expect.any(String), kanaal: 'brief' }]);
      const r = await lijst(dw);
      expect(r.statusCode).toBe(200);
      const { vorderingen } = r.json();
      expect(vorderingen).toHaveLength(2);
      const eigen = vorderingen.find((v: { id: string }) => v.id === vorderingId);
      expect(eigen).toMatchObject({ status: 'gepauzeerd', pauzeTot: pauze.einddatum });
      expect(eigen.toelichting).toMatch(/schuldenrust tot \d{1,2} [a-z]+ \d{4}/);
      // The claim not in the Kennisgeving stays "sent".
      expect(vorderingen.find((v: { id: string }) => v.id !== vorderingId)).toMatchObject({
        status: 'verstuurd',
        pauzeTot: null,
      });
      // Nothing of the trajectory beyond that: no counsellor, other debts, creditors, BSN or trajectory id.
      const tekst = r.body;
      for (const geheim of ['K. Consulent', '030 123 45 67', 'consulent@shv', 'CJIB', 'GEHEIM', A, trajectId, 'Jansen'])
        expect(tekst).not.toContain(geheim);
      expect(Object.keys(eigen).sort()).toEqual(
        [
          'hoofdsom',
          'hulpverlener',
          'id',
          'kenmerk',
          'kosten',
          'pauzeTot',
          'schuldeiser',
          'status',
          'toelichting',
          'verstuurdOp',
        ].sort(),
      );
      // The counsellor ends the pause: the bailiff sees "ended".
      const e = await req({
        method: 'POST',
        url: `/api/schuldenrust/pauzes/${pauze.pauzeId}/beeindigen`,
        headers: kb.headers,
        payload: { reden: 'regeling-getroffen', bevestigd: true },
      });
      expect(e.statusCode, e.body).toBe(200);
      const na = (await lijst(dw)).json().vorderingen.find((v: { id: string }) => v.id === vorderingId);
      expect(na).toMatchObject({ status: 'beeindigd', pauzeTot: null });
    });

    it('retention: an anonymised trajectory clears the claim; the bailiff sees it ended, without reference or amounts', async () => {
      await anonimiseer(db(), trajectId, '{}');
      expect(await ruimSchuldenrustOp(db())).toBeGreaterThanOrEqual(3);
      const rijen = await db()
        .selectFrom('schuldenrust_schulden')
        .select(['kenmerk', 'bedrag', 'hoofdsom', 'kosten', 'schuldeiser_adres'])
        .where('traject_id', '=', trajectId)
        .execute();
      for (const r of rijen)
        expect(r).toEqual({ kenmerk: null, bedrag: null, hoofdsom: null, kosten: null, schuldeiser_adres: null });
      const v = (await lijst(dw)).json().vorderingen;
      for (const x of v)
        expect(x).toMatchObject({
          status: 'beeindigd',
          kenmerk: null,
          hoofdsom: null,
          kosten: null,
          schuldeiser: '(verwijderd)',
        });
    });

    it("claims share the bailiff's VISH check budget (no BSN lookups beyond it)", async () => {
      const codes: number[] = [];
      for (let i = 0; i < 31; i++) codes.push((await stuur(dw2, { bsn: C, ...CLAIM })).statusCode);
      expect(codes.slice(0, 30).every((c) => c === 404)).toBe(true);
      expect(codes[30]).toBe(429);
      expect((await controle(t, dw2, A)).match).toBeUndefined(); // the check itself is now refused too
    });
  });
}
