import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { bsns, laadDemoPostcodes, maak, traject, type Org } from '../helpers/fixtures/trajecten.ts';
import {
  eindeNietVoorStart,
  geenGebeurtenisInToekomst,
  nietVoorTrajectstart,
  trajectStartNietInToekomst,
} from '../../src/modules/trajecten/validatie.ts';
import { valideer } from '../../src/modules/ddas/validatie.ts';
import { anonimiseer } from '../../src/modules/trajecten/store.ts';
import { ddasCommand } from '../../src/modules/ddas/cli.ts';
import { vandaag } from '../../src/shared/datum.ts';
import { plusDagen } from '../../src/shared/werkdagen.ts';

const [A, B, C, D, E, F, G] = bsns(41_000_000, 7) as [string, string, string, string, string, string, string];
const morgen = () => plusDagen(vandaag(), 1);

/** Contradictory dates are refused at entry, with a Dutch reason, on the API and in the import alike. */
for (const kind of await databases()) {
  describe(`Trajectories: dates that must be true [${kind}]`, () => {
    let t: TestOmgeving;
    let kb: Org;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadDemoPostcodes(t);
      kb = await t.organisatie('Kredietbank Datums', 'schuldhulpverlener');
    }, 180_000);
    afterAll(async () => t?.sluit());

    const nieuw = (body: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/trajecten', headers: kb.headers, payload: body });
    const geweigerd = async (r: Awaited<ReturnType<typeof nieuw>>, reden: RegExp) => {
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().title).toMatch(reden);
    };
    const importeer = (regels: string[]) =>
      t.app.inject({
        method: 'POST',
        url: '/api/trajecten/import',
        headers: { ...kb.headers, 'content-type': 'text/csv' },
        payload: `${regels.join('\r\n')}\r\n`,
      });
    const KOP =
      'Dossiernummer;BSN;Achternaam;Postcode;Huisnummer;Consulent;Startdatum;Datum intake;Start stabilisatie;Einde stabilisatie';

    it('rule trajectStartNietInToekomst: a trajectory cannot start tomorrow', async () => {
      expect(trajectStartNietInToekomst({ startdatum: '2026-01-02', ddas: {} }, '2026-01-01')).toHaveLength(1);
      expect(trajectStartNietInToekomst({ startdatum: '2026-01-01', ddas: {} }, '2026-01-01')).toEqual([]);
      await geweigerd(
        await nieuw(traject(A, { startdatum: morgen() })),
        /startdatum van het traject .* ligt in de toekomst/,
      );
    });

    it('rule eindeNietVoorStart: an intake that ends before it starts is refused (API and import)', async () => {
      expect(
        eindeNietVoorStart({
          startdatum: '2026-01-05',
          ddas: { intake: { startdatum: '2026-01-10', einddatum: '2026-01-08' } },
        }),
      ).toEqual(['De intake eindigt (2026-01-08) voordat die begint (2026-01-10).']);
      await geweigerd(
        await nieuw(traject(B, { ddas: { intake: { startdatum: '2026-01-10', einddatum: '2026-01-08' } } })),
        /De intake eindigt \(2026-01-08\) voordat die begint \(2026-01-10\)/,
      );
      // A stabilisation phase that ends before it starts, in the import: that row is refused, the others stored.
      const r = await importeer([
        KOP,
        `D-1;${C};Jansen;3511AB;1;K. Consulent;2026-01-05;;2026-03-01;2026-02-01`,
        `D-2;${D};Pietersen;3511AB;2;K. Consulent;2026-01-05;;2026-02-01;2026-03-01`,
      ]);
      expect(r.statusCode).toBe(200);
      const rapport = r.json();
      expect(rapport).toMatchObject({ nieuw: 1 });
      expect(JSON.stringify(rapport.afgewezen)).toMatch(
        /De stabilisatiefase eindigt \(2026-02-01\) voordat die begint/,
      );
    });

    it('rule nietVoorTrajectstart: a stabilisation phase in 2020 in a trajectory that starts in 2026 is refused', async () => {
      expect(
        nietVoorTrajectstart({ startdatum: '2026-01-05', ddas: { stabilisatie: { startdatum: '2020-03-01' } } })[0],
      ).toMatch(/De stabilisatiefase begint op 2020-03-01, voor de start van het traject \(2026-01-05\)/);
      await geweigerd(
        await nieuw(traject(E, { ddas: { stabilisatie: { startdatum: '2020-03-01', einddatum: '2020-06-01' } } })),
        /stabilisatiefase begint op 2020-03-01, voor de start van het traject/,
      );
      // Also when changing a trajectory later (PATCH), and when closing it before its start.
      const t1 = await maak(t, kb, traject(F));
      const p = await t.app.inject({
        method: 'PATCH',
        url: `/api/trajecten/${t1.id}`,
        headers: kb.headers,
        payload: { ddas: { intake: { startdatum: '2025-12-01' } } },
      });
      await geweigerd(p, /intake begint op 2025-12-01, voor de start van het traject/);
      const s = await t.app.inject({
        method: 'POST',
        url: `/api/trajecten/${t1.id}/afsluiten`,
        headers: kb.headers,
        payload: { datum: '2025-12-31', reden: 'Afgerond' },
      });
      expect(s.statusCode).toBe(400);
    });

    it('rule geenGebeurtenisInToekomst: a decision, exit or phase start in the future is refused; a planned end is not', async () => {
      expect(
        geenGebeurtenisInToekomst(
          { startdatum: '2026-01-05', ddas: { intake: { startdatum: '2026-01-06', beschikkingsdatum: '2026-02-01' } } },
          '2026-01-20',
        ),
      ).toEqual(['De beschikkingsdatum (2026-02-01) ligt in de toekomst.']);
      await geweigerd(
        await nieuw(traject(G, { ddas: { intake: { startdatum: '2026-01-06', beschikkingsdatum: morgen() } } })),
        /De beschikkingsdatum \(.*\) ligt in de toekomst/,
      );
      await geweigerd(
        await nieuw(traject(G, { ddas: { nazorg: { startdatum: morgen() } } })),
        /De start van de nazorg \(.*\) ligt in de toekomst/,
      );
      // A planned end of the solution (a debt settlement runs 18 months) may be in the future.
      const ok = await nieuw(
        traject(G, {
          ddas: {
            oplossing: { soort: 'Saneringskrediet', startdatum: '2026-02-01', einddatum: plusDagen(vandaag(), 400) },
          },
        }),
      );
      expect(ok.statusCode, ok.body).toBe(201);
    });

    it("the partner's BSN: the DDAS client holds both persons at the same address; the same BSN twice is refused", async () => {
      const [x, partner] = bsns(42_000_000, 2) as [string, string];
      const fout = await nieuw(traject(x, { partnerBsn: x }));
      expect(fout.statusCode).toBe(400);
      expect(fout.json().title).toMatch(/partner is hetzelfde als dat van de cliënt/);
      expect((await nieuw(traject(x, { partnerBsn: '123456789' }))).json().title).toMatch(
        /BSN van de partner is niet geldig/,
      );
      const m = await maak(t, kb, traject(x, { partnerBsn: partner, toevoeging: '-a', externId: 'P-1' }));
      const dd = (
        await t.app.inject({ method: 'GET', url: `/api/trajecten/${m.id}/ddas`, headers: kb.headers })
      ).json();
      expect(dd.client).toEqual([
        { Burgerservicenummer: x, Postcode: '3511AB', Huisnummer: '12', Huisnummertoevoeging: 'A' },
        { Burgerservicenummer: partner, Postcode: '3511AB', Huisnummer: '12', Huisnummertoevoeging: 'A' },
      ]);
      const bestand = (
        await t.app.inject({
          method: 'GET',
          url: `/api/ddas/schuldhulpverlening?startdatum=2026-01-01&einddatum=${vandaag()}`,
          headers: kb.headers,
        })
      ).json();
      expect(valideer('shv', bestand).fouten).toEqual([]);
      expect(JSON.stringify(bestand)).toContain(partner);
      // Anonymisation (retention) destroys the partner's BSN with the rest.
      const a = await maak(t, kb, traject(bsns(43_000_000, 1)[0]!, { partnerBsn: partner, externId: 'P-2' }));
      await anonimiseer(t.ctx.db.kysely, a.id, '{}');
      const rij = await t.ctx.db.kysely
        .selectFrom('trajecten')
        .select(['partner_bsn_versleuteld', 'bsn_versleuteld'])
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow();
      expect(rij).toEqual({ partner_bsn_versleuteld: null, bsn_versleuteld: null });
      // Removing the partner (null) leaves one person.
      await t.app.inject({
        method: 'PATCH',
        url: `/api/trajecten/${m.id}`,
        headers: kb.headers,
        payload: { partnerBsn: null },
      });
      const na = (
        await t.app.inject({ method: 'GET', url: `/api/trajecten/${m.id}/ddas`, headers: kb.headers })
      ).json();
      expect(na.client).toHaveLength(1);
    });

    it('the stored data is checked once: `ddas datumcontrole` reports every row that breaks a rule', async () => {
      const schoon: string[] = [];
      await ddasCommand(t.ctx, ['datumcontrole'], (r) => schoon.push(r));
      expect(schoon.join('\n')).toContain('Alle opgeslagen datums kloppen.');
      // Rows stored before the rules existed (written straight into the table, as old data is).
      const [h] = (
        await sql<{
          id: string;
        }>`SELECT id FROM trajecten WHERE organisatie_id = ${kb.id} ORDER BY aangemaakt_op LIMIT 1`.execute(
          t.ctx.db.kysely,
        )
      ).rows;
      await sql`UPDATE trajecten SET ddas = ${JSON.stringify({ intake: { startdatum: '2026-01-10', einddatum: '2026-01-08' } })}::jsonb WHERE id = ${h!.id}`.execute(
        t.ctx.db.kysely,
      );
      const regels: string[] = [];
      const code = await ddasCommand(t.ctx, ['datumcontrole'], (r) => regels.push(r));
      expect(code).toBe(1);
      expect(regels.join('\n')).toContain(
        `traject ${h!.id}: De intake eindigt (2026-01-08) voordat die begint (2026-01-10).`,
      );
      expect(regels.at(-1)).toMatch(/^1 datum klopt niet/);
      // Ids and dates only. A UUID's last group holds 9 digits in a row about once in 20, so ids are left out first.
      const zonderIds = regels
        .join('\n')
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');
      expect(zonderIds).not.toMatch(/Jansen|\d{9}/);
    });
  });
}
