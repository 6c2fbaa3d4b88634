import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { KOP, lever, opzet, rij, vraag, zaakVan, type Opzet } from '../helpers/signaalzaken-opzet.ts';
import { vandaag } from '../../src/shared/datum.ts';
import { plusDagen } from '../../src/shared/werkdagen.ts';

/** Every state a case can be in, as the municipality sees it. The partner must not be able to tell them apart. */
const TOESTANDEN = [
  'nieuw',
  'opgepakt',
  'contact',
  'geen-hulp',
  'geen-contact',
  'onterecht',
  'bezwaar-zaak',
  'bezwaar-register',
  'intrekking-na-sluiten',
] as const;
type Toestand = (typeof TOESTANDEN)[number] | 'hulp';

for (const kind of await databases()) {
  describe(`Signaalzaken: what a partner sees on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    let hnr = 200;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      o = await opzet(t);
    });
    afterAll(async () => t?.sluit());

    const doe = (id: string, actie: string, body: object = {}) =>
      vraag(t, o.utrecht, 'POST', `/api/signaalzaken/zaken/${id}/${actie}`, body);
    /** One signal of the partner, brought into the given state by the municipality; returns the signal id. */
    async function maak(toestand: Toestand): Promise<string> {
      const h = String(++hnr);
      if (toestand === 'bezwaar-register') {
        expect(
          (
            await vraag(t, o.utrecht, 'POST', '/api/vroegsignalen/bezwaren', {
              postcode: '3511AB',
              huisnummer: h,
              achternaam: 'Gelijk',
            })
          ).statusCode,
        ).toBe(201);
      }
      await lever(t, o.energie, [[...rij('Gelijk', '3511AB', h), `K${h}`]], `${KOP};Klantnummer`);
      const z = (await zaakVan(t, `3511AB|${h}|`)).id;
      const stap = async (actie: string, body: object = {}) =>
        expect((await doe(z, actie, body)).statusCode).toBeLessThan(300);
      if (['opgepakt', 'contact', 'geen-hulp', 'geen-contact', 'hulp'].includes(toestand))
        await stap('oppakken', { behandelaarId: o.medewerker.id });
      if (['contact', 'geen-contact'].includes(toestand))
        await stap('contactpogingen', { soort: 'Brief', bereikt: false });
      if (['geen-hulp', 'hulp'].includes(toestand)) await stap('contactpogingen', { soort: 'Telefoon', bereikt: true });
      if (toestand === 'geen-hulp')
        await stap('afsluiten', { resultaat: 'Inwoner hoeft geen hulp vanuit vroegsignalering' });
      if (toestand === 'geen-contact') await stap('afsluiten', { resultaat: 'Definitief geen contact kunnen krijgen' });
      if (toestand === 'onterecht' || toestand === 'intrekking-na-sluiten')
        await stap('afsluiten', { resultaat: 'Niet opgepakt: onterecht signaal' });
      if (toestand === 'bezwaar-zaak') await stap('bezwaar');
      if (toestand === 'hulp') await stap('hulp-geaccepteerd');
      return (
        await t.ctx.db.kysely
          .selectFrom('vroegsignalen')
          .select('id')
          .where('adres_sleutel', '=', `3511AB|${h}|`)
          .executeTakeFirstOrThrow()
      ).id;
    }
    /** The answer without what differs per signal by construction (id, house number, customer number, dates). */
    const kaal = (body: string, id: string) =>
      body
        .replaceAll(id, 'ID')
        .replace(/"huisnummer":\d+/g, '"huisnummer":0')
        .replace(/"klantnummer":"K\d+"/g, '"klantnummer":"K"')
        .replace(/"(ontvangenOp|laatsteMeldingOp)":"[^"]+"/g, '"$1":"T"');
    const lijst = async () =>
      (await vraag(t, o.energie, 'GET', '/api/vroegsignalen/signalen?limit=500')).json() as { id: string }[];

    it('list and detail are identical for every state except "help accepted" (date + suspension end)', async () => {
      const ids = new Map<Toestand, string>();
      for (const s of [...TOESTANDEN, 'hulp'] as const) ids.set(s, await maak(s));
      const detail = new Map<Toestand, string>();
      const inLijst = new Map<Toestand, string>();
      const alle = await lijst();
      for (const [s, id] of ids) {
        const r = await vraag(t, o.energie, 'GET', `/api/vroegsignalen/signalen/${id}`);
        expect(r.statusCode).toBe(200);
        detail.set(s, kaal(r.body, id));
        inLijst.set(s, kaal(JSON.stringify(alle.find((x) => x.id === id)), id));
      }
      const eerste = detail.get('nieuw')!;
      for (const s of TOESTANDEN) {
        expect(detail.get(s), s).toBe(eerste);
        expect(inLijst.get(s), s).toBe(inLijst.get('nieuw'));
      }
      expect(JSON.parse(eerste)).toMatchObject({ status: 'ontvangen', hulpGeaccepteerdOp: null, opschortingTot: null });
      expect(JSON.parse(detail.get('hulp')!)).toMatchObject({
        status: 'hulp-geaccepteerd',
        hulpGeaccepteerdOp: vandaag(),
        opschortingTot: plusDagen(vandaag(), 30),
      });
      // Nothing else of the municipality's handling appears anywhere in the partner's answer.
      expect(eerste).not.toMatch(/zaak|resultaat|behandel|contact|bezwaar|opgepakt|intrekking/i);
    });

    it('withdrawal: one answer in every state (deleted or "stop effort"); afterwards all look deleted', async () => {
      const ids = new Map<Toestand, string>();
      for (const s of [...TOESTANDEN, 'hulp'] as const) ids.set(s, await maak(s));
      const onbekend = '00000000-0000-4000-8000-000000000000';
      const nooit = await vraag(t, o.energie, 'GET', `/api/vroegsignalen/signalen/${onbekend}`);
      const nooitIn = await vraag(t, o.energie, 'DELETE', `/api/vroegsignalen/signalen/${onbekend}`);
      const antwoorden = new Set<string>();
      for (const [s, id] of ids) {
        const r = await vraag(t, o.energie, 'DELETE', `/api/vroegsignalen/signalen/${id}`);
        antwoorden.add(`${r.statusCode} ${kaal(r.body, id)}`);
        const daarna = await vraag(t, o.energie, 'GET', `/api/vroegsignalen/signalen/${id}`);
        expect(`${daarna.statusCode} ${daarna.body}`, s).toBe(`${nooit.statusCode} ${nooit.body}`);
        const weer = await vraag(t, o.energie, 'DELETE', `/api/vroegsignalen/signalen/${id}`);
        expect(`${weer.statusCode} ${weer.body}`, s).toBe(`${nooitIn.statusCode} ${nooitIn.body}`);
      }
      expect([...antwoorden]).toEqual(['200 {"id":"ID","resultaat":"ingetrokken"}']);
      const over = new Set((await lijst()).map((x) => x.id));
      for (const id of ids.values()) expect(over.has(id)).toBe(false);
      // The municipality: picked-up signals ask it to stop; not picked up ones are gone.
      const opgepakt = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .select('status')
        .where('id', '=', ids.get('opgepakt')!)
        .executeTakeFirst();
      expect(opgepakt?.status).toBe('intrekking-gevraagd');
      expect(
        await t.ctx.db.kysely
          .selectFrom('vroegsignalen')
          .select('id')
          .where('id', '=', ids.get('nieuw')!)
          .executeTakeFirst(),
      ).toBeUndefined();
    });

    it('bulk withdrawal by customer number: the same report in every state', async () => {
      const rapporten = new Set<string>();
      const tweede = new Set<string>();
      for (const s of [...TOESTANDEN, 'hulp'] as const) {
        await maak(s);
        const body = `Klantnummer\r\nK${hnr}\r\n`;
        const doeBulk = () =>
          t.app.inject({
            method: 'POST',
            url: '/api/vroegsignalen/intrekkingen',
            headers: { ...o.energie.headers, 'content-type': 'text/csv' },
            payload: body,
          });
        const r = await doeBulk();
        rapporten.add(`${r.statusCode} ${r.body}`);
        const w = await doeBulk();
        tweede.add(`${w.statusCode} ${w.body}`);
      }
      expect([...rapporten]).toEqual(['200 {"regels":1,"ingetrokken":1,"nietGevonden":[],"afgewezen":[]}']);
      expect([...tweede]).toEqual(['200 {"regels":1,"ingetrokken":0,"nietGevonden":[2],"afgewezen":[]}']);
    });

    it('a new report of the same address: the same answer whether the case is open or closed; the municipality gets a new case only after closing', async () => {
      const antwoorden = new Map<Toestand, string>();
      for (const s of TOESTANDEN.filter((x) => x !== 'intrekking-na-sluiten')) {
        const id = await maak(s);
        const zaakVoor = (await zaakVan(t, `3511AB|${hnr}|`)).id;
        const rapport = await lever(
          t,
          o.energie,
          [[...rij('Gelijk', '3511AB', String(hnr)), `K${hnr}`]],
          `${KOP};Klantnummer`,
        );
        const inLijst = (await lijst()).filter((x) => JSON.stringify(x).includes(`"huisnummer":${hnr},`));
        const detail = await vraag(t, o.energie, 'GET', `/api/vroegsignalen/signalen/${id}`);
        const r = rapport as unknown as { nieuw: number; herhaling: number; geaccepteerd: number };
        antwoorden.set(
          s,
          `${r.nieuw}/${r.herhaling}/${r.geaccepteerd} ${inLijst.length} ${inLijst[0]?.id === id} ${detail.statusCode} ${kaal(detail.body, id)}`,
        );

        const signalen = await t.ctx.db.kysely
          .selectFrom('vroegsignalen')
          .select(['zaak_id', 'melding_id', 'herhalingen', 'opeenvolgend'])
          .where('adres_sleutel', '=', `3511AB|${hnr}|`)
          .orderBy('ontvangen_op')
          .execute();
        const gesloten = ['geen-hulp', 'geen-contact', 'onterecht'].includes(s);
        // Closed: a new signal in the same report, in a new case; open (or objection): the open signal is updated.
        expect(signalen.length, s).toBe(gesloten ? 2 : 1);
        if (gesloten) {
          expect(signalen[1]).toMatchObject({ melding_id: id, herhalingen: 1, opeenvolgend: false });
          expect(signalen[1]!.zaak_id).not.toBe(zaakVoor);
        }
      }
      const eerste = antwoorden.get('nieuw')!;
      expect(eerste).toMatch(/^0\/1\/1 1 true 200 /);
      for (const [s, a] of antwoorden) expect(a, s).toBe(eerste);
    });

    it('a report older than the retention period of signals is gone for the partner, also while the municipality still keeps it', async () => {
      const ids = new Map<Toestand, string>();
      for (const s of ['nieuw', 'opgepakt', 'geen-hulp'] as const) ids.set(s, await maak(s));
      const oud = new Date();
      oud.setUTCMonth(oud.getUTCMonth() - t.config.SIGNAAL_BEWAARTERMIJN_MAANDEN - 1);
      await t.ctx.db.kysely
        .updateTable('vroegsignalen')
        .set({ laatste_melding_op: oud, ontvangen_op: oud })
        .where('id', 'in', [...ids.values()])
        .execute();
      const nooit = await vraag(
        t,
        o.energie,
        'GET',
        '/api/vroegsignalen/signalen/00000000-0000-4000-8000-000000000000',
      );
      const inLijst = new Set((await lijst()).map((x) => x.id));
      for (const [s, id] of ids) {
        expect(inLijst.has(id), s).toBe(false);
        const r = await vraag(t, o.energie, 'GET', `/api/vroegsignalen/signalen/${id}`);
        expect(`${r.statusCode} ${r.body}`, s).toBe(`${nooit.statusCode} ${nooit.body}`);
        expect((await vraag(t, o.energie, 'DELETE', `/api/vroegsignalen/signalen/${id}`)).statusCode, s).toBe(404);
      }
      // Still there for the municipality (being worked / closed), and untouched by the refused withdrawal.
      const bewaard = await t.ctx.db.kysely
        .selectFrom('vroegsignalen')
        .select(['id', 'intrekking_gevraagd_op'])
        .where('id', 'in', [ids.get('opgepakt')!, ids.get('geen-hulp')!])
        .execute();
      expect(bewaard.map((b) => b.intrekking_gevraagd_op)).toEqual([null, null]);
    });

    it('another partner never sees the feedback (not found)', async () => {
      const id = await maak('hulp');
      const r = await vraag(t, o.water, 'GET', `/api/vroegsignalen/signalen/${id}`);
      expect(r.statusCode).toBe(404);
      expect(
        (await vraag(t, o.water, 'GET', '/api/vroegsignalen/signalen')).json().map((x: { id: string }) => x.id),
      ).not.toContain(id);
    });
  });
}
