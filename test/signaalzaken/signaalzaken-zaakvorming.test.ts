import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Insertable } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { opzet, type Opzet } from '../helpers/signaalzaken-opzet.ts';
import { koppelNieuweSignalen, neemSignalenOp, type NieuwSignaal } from '../../src/modules/signaalzaken/index.ts';
import { plusMaanden, vandaag } from '../../src/shared/datum.ts';
import { deadlineVoor, plusDagen } from '../../src/shared/werkdagen.ts';

/**
 * "A signal joins its household's case" has one owner (signaalzaken) and one statement, fed either by the intake's
 * block or by the safety net's unlinked signals. The same signals on the same starting state must give the same cases,
 * history and signal marks along both paths (before, the two SQL copies had drifted: only the safety net carried the
 * warm handover to the case and took the case's receipt from its signals).
 */
for (const kind of await databases()) {
  describe(`Signaalzaken: one statement for intake and safety net on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    let energieConvenant: string;
    let waterConvenant: string;
    const db = () => t.ctx.db.kysely;
    const nu = new Date();
    const dag = vandaag(nu);

    beforeAll(async () => {
      t = await testOmgeving(kind);
      o = await opzet(t);
      const c = await db()
        .selectFrom('convenanten')
        .select(['id', 'partner_id'])
        .where('gemeentecode', '=', 'GM0344')
        .execute();
      energieConvenant = c.find((x) => x.partner_id === o.energie.id)!.id;
      waterConvenant = c.find((x) => x.partner_id === o.water.id)!.id;
    });
    afterAll(async () => t?.sluit());

    const signaal = (huisnummer: number, extra: Partial<NieuwSignaal> = {}): NieuwSignaal => ({
      convenant_id: energieConvenant,
      gemeentecode: 'GM0344',
      sector: 'energie',
      opdrachtgever_id: null,
      status: 'nieuw',
      status_reden: null,
      adres_sleutel: `3511AB|${huisnummer}|`,
      achternaam: `Proef${huisnummer}`,
      voorletters: 'A.',
      straatnaam: 'Proefstraat',
      huisnummer,
      toevoeging: null,
      postcode: '3511AB',
      woonplaats: 'Utrecht',
      telefoon1: null,
      telefoon2: null,
      telefoon3: null,
      email: null,
      maanden_achterstand: '2',
      bedrag_achterstand: '300.00',
      vervaldatum: null,
      klantnummer: `K${huisnummer}`,
      herinnering_verstuurd: true,
      contact_gezocht: true,
      schuldhulp_genoemd: true,
      gegevensoverdracht_aangeboden: true,
      crisissignaal: false,
      warme_overdracht: false,
      ...extra,
    });

    /** A row as stored (the intake's columns are all nullable in its type; these are complete). */
    const alsRij = (s: NieuwSignaal, extra: Partial<Insertable<Database['vroegsignalen']>>) =>
      ({ ...s, ...extra }) as Insertable<Database['vroegsignalen']>;

    /** The same input for both paths: five households, each testing one rule. */
    const invoer = () => [
      signaal(1), // joins a case that is being worked
      signaal(2, { crisissignaal: true, warme_overdracht: true }), // joins a new case: earlier deadline, threat, warm
      signaal(3), // a new case; the household had a signal 3 months ago (opeenvolgend)
      signaal(5, { status: 'niet-oppakken', status_reden: 'bezwaar' }), // objection: a closed case
      signaal(6, { warme_overdracht: true }), // a new case with a warm handover
    ];

    async function levering(partnerId: string) {
      return db()
        .insertInto('vroegsignaal_leveringen')
        .values({ partner_id: partnerId, bron: 'api' })
        .returning(['id', 'ontvangen_op'])
        .executeTakeFirstOrThrow();
    }

    /** Empty the wing, then the same earlier state: a case being worked, a new case, a closed case from 3 months ago. */
    async function beginToestand() {
      await db().deleteFrom('vroegsignalen').execute();
      await db().deleteFrom('vroegsignaalzaken').execute();
      await db().deleteFrom('vroegsignaal_leveringen').execute();
      const l = await levering(o.water.id);
      const zaak = async (huisnummer: number, v: { status: 'nieuw' | 'opgepakt' | 'afgesloten'; ontvangen: Date }) =>
        (
          await db()
            .insertInto('vroegsignaalzaken')
            .values({
              gemeentecode: 'GM0344',
              adres_sleutel: `3511AB|${huisnummer}|`,
              status: v.status,
              resultaat: v.status === 'afgesloten' ? 'Geen reactie na eerder contact' : null,
              matchingsdatum: dag,
              startdatum_matchingperiode: `${dag.slice(0, 7)}-01`,
              einddatum_matchingperiode: plusDagen(plusMaanden(`${dag.slice(0, 7)}-01`, 1), -1),
              ontvangen_op: v.ontvangen,
              deadline: plusDagen(vandaag(v.ontvangen), 28),
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const eerder = async (
        huisnummer: number,
        zaakId: string,
        status: 'nieuw' | 'in-behandeling' | 'afgehandeld',
        op: Date,
      ) =>
        db()
          .insertInto('vroegsignalen')
          .values(
            alsRij(signaal(huisnummer, { convenant_id: waterConvenant, sector: 'drinkwater', status }), {
              partner_id: o.water.id,
              levering_id: l.id,
              zaak_id: zaakId,
              ontvangen_op: op,
              laatste_melding_op: op,
            }),
          )
          .execute();
      await eerder(1, await zaak(1, { status: 'opgepakt', ontvangen: nu }), 'in-behandeling', nu);
      await eerder(2, await zaak(2, { status: 'nieuw', ontvangen: nu }), 'nieuw', nu);
      const drie = new Date(Date.parse(`${plusMaanden(dag, -3)}T12:00:00Z`));
      await eerder(3, await zaak(3, { status: 'afgesloten', ontvangen: drie }), 'afgehandeld', drie);
    }

    /** Cases, history and signals, with ids replaced by the household so two runs compare. */
    async function toestand() {
      const zaken = await db()
        .selectFrom('vroegsignaalzaken')
        .select([
          'id',
          'adres_sleutel',
          'status',
          'resultaat',
          'deadline',
          'crisis',
          'warme_overdracht',
          'matchingsdatum',
          'ontvangen_op',
        ])
        .orderBy('adres_sleutel')
        .orderBy('ontvangen_op')
        .execute();
      const signalen = await db()
        .selectFrom('vroegsignalen')
        .select([
          'zaak_id',
          'adres_sleutel',
          'sector',
          'status',
          'signaalstatus',
          'meervoudig',
          'opeenvolgend',
          'ontvangen_op',
        ])
        .orderBy('adres_sleutel')
        .orderBy('sector')
        .execute();
      const historie = await db()
        .selectFrom('vroegsignaalzaak_historie')
        .select(['zaak_id', 'gebeurtenis', 'van', 'naar', 'details'])
        .orderBy('id')
        .execute();
      const sleutel = new Map(zaken.map((z) => [z.id, `${z.adres_sleutel}:${z.status}`]));
      return {
        zaken: zaken.map(({ id, ontvangen_op, ...z }) => {
          const eigen = signalen.filter((s) => s.zaak_id === id).map((s) => new Date(s.ontvangen_op).getTime());
          return {
            ...z,
            // A case's receipt is that of its earliest signal.
            ontvangenAlsEersteSignaal: new Date(ontvangen_op).getTime() === Math.min(...eigen),
          };
        }),
        signalen: signalen.map(({ zaak_id, ontvangen_op: _, ...s }) => ({
          ...s,
          zaak: zaak_id && sleutel.get(zaak_id),
        })),
        historie: historie
          .map(({ zaak_id, details, ...h }) => ({
            ...h,
            zaak: sleutel.get(zaak_id),
            details: typeof details === 'string' ? JSON.parse(details) : details,
          }))
          .sort((a, b) => String(a.zaak).localeCompare(String(b.zaak))),
      };
    }

    it('the intake and the safety net give the same cases, history and signal marks for the same signals', async () => {
      // Path 1: the intake stores a block (one statement: signals, cases, history).
      await beginToestand();
      const l1 = await levering(o.energie.id);
      await db()
        .transaction()
        .execute((tx) =>
          neemSignalenOp(t.ctx, tx, {
            partnerId: o.energie.id,
            leveringId: l1.id,
            ontvangenOp: new Date(l1.ontvangen_op),
            nu,
            rows: invoer(),
          }),
        );
      const viaIntake = await toestand();

      // Path 2: the same rows stored without a case (as a concurrent upload can leave them), then the safety net.
      await beginToestand();
      const l2 = await levering(o.energie.id);
      await db()
        .insertInto('vroegsignalen')
        .values(invoer().map((s) => alsRij(s, { partner_id: o.energie.id, levering_id: l2.id })))
        .execute();
      const r = await koppelNieuweSignalen(db(), nu);
      const viaVangnet = await toestand();

      expect(viaVangnet).toEqual(viaIntake);
      expect(r).toMatchObject({ gekoppeld: 5, nieuweZaken: 2, bijgewerkteZaken: 2, bezwaar: 1 });

      // And what both say, rule by rule.
      const zaak = (h: number, status: string) =>
        viaIntake.zaken.find((z) => z.adres_sleutel === `3511AB|${h}|` && z.status === status)!;
      const nieuw = (h: number) =>
        viaIntake.signalen.find((s) => s.adres_sleutel === `3511AB|${h}|` && s.sector === 'energie')!;
      expect(viaIntake.zaken.every((z) => z.ontvangenAlsEersteSignaal)).toBe(true);
      expect(zaak(1, 'opgepakt')).toMatchObject({ crisis: false });
      expect(nieuw(1)).toMatchObject({ status: 'in-behandeling', signaalstatus: null, zaak: '3511AB|1|:opgepakt' });
      expect(zaak(2, 'nieuw')).toMatchObject({
        crisis: true,
        warme_overdracht: true,
        deadline: deadlineVoor(dag, true),
      });
      expect(viaIntake.signalen.filter((s) => s.adres_sleutel === '3511AB|2|').every((s) => s.meervoudig)).toBe(true);
      expect(nieuw(3)).toMatchObject({ opeenvolgend: true, meervoudig: false, signaalstatus: 'Nog niet opgepakt' });
      expect(zaak(3, 'nieuw')).toMatchObject({ deadline: deadlineVoor(dag, false), matchingsdatum: dag });
      expect(zaak(5, 'afgesloten')).toMatchObject({ resultaat: 'Niet opgepakt: andere reden' });
      expect(nieuw(5)).toMatchObject({ status: 'niet-oppakken', signaalstatus: 'Niet opgepakt: andere reden' });
      expect(zaak(6, 'nieuw')).toMatchObject({ warme_overdracht: true });
      expect(viaIntake.historie).toEqual([
        {
          gebeurtenis: 'signalen-gekoppeld',
          van: null,
          naar: null,
          zaak: '3511AB|1|:opgepakt',
          details: { aantal: 1 },
        },
        { gebeurtenis: 'signalen-gekoppeld', van: null, naar: null, zaak: '3511AB|2|:nieuw', details: { aantal: 1 } },
        {
          gebeurtenis: 'bezwaar',
          van: 'nieuw',
          naar: 'afgesloten',
          zaak: '3511AB|5|:afgesloten',
          details: { reden: 'bezwaar' },
        },
      ]);
    });

    it('the safety net links in pages: more unlinked signals than one statement takes all end up in a case', async () => {
      await beginToestand();
      const l = await levering(o.energie.id);
      const rows = Array.from({ length: 5200 }, (_, i) =>
        alsRij(signaal(100 + i), { partner_id: o.energie.id, levering_id: l.id }),
      );
      for (let i = 0; i < rows.length; i += 1000)
        await db()
          .insertInto('vroegsignalen')
          .values(rows.slice(i, i + 1000))
          .execute();
      const r = await koppelNieuweSignalen(db(), nu);
      expect(r).toMatchObject({ gekoppeld: 5200, nieuweZaken: 5200 });
      const los = await sql<{ n: number }>`SELECT count(*)::int AS n FROM vroegsignalen WHERE zaak_id IS NULL`.execute(
        db(),
      );
      expect(los.rows[0]!.n).toBe(0);
    });
  });
}
