import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import {
  bsns,
  controle,
  laadDemoPostcodes,
  maak,
  sessie,
  sluit,
  traject,
  type Org,
} from '../helpers/fixtures/trajecten.ts';
import {
  achternaamVergelijkSleutel,
  voorlettersGelijk,
  voorlettersSleutel,
} from '../../src/modules/trajecten/namen.ts';
import { terugvalRegel, zoekTerugval, type TerugvalKandidaat } from '../../src/modules/trajecten/terugval.ts';
import { plusMaanden, vandaag } from '../../src/shared/datum.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { zetDeelname } from '../../src/modules/gemeenten/gemeenten.ts';
import { aanmelding, gemeenteOrg, partnerMetConvenanten } from '../helpers/fixtures/vroegsignalering.ts';

const kandidaat = (v: Partial<TerugvalKandidaat> = {}): TerugvalKandidaat => ({
  signaalId: 's1',
  gemeentecode: 'GM0344',
  postcode: '3572 BD',
  huisnummer: 40,
  toevoeging: null,
  achternaam: 'Vries, de',
  voorletters: 'M.',
  ...v,
});
const tr = (v: Partial<{ toevoeging: string | null; achternaam: string; voorletters: string | null }> = {}) => ({
  toevoeging: null,
  achternaam: 'De Vries',
  voorletters: 'M.J.',
  ...v,
});

describe('Relapse match rules (no database)', () => {
  it('surnames: case, accents, tussenvoegsels, "Vries, de", ij/y and doubled letters do not count', () => {
    const k = achternaamVergelijkSleutel;
    expect(k('de Vries')).toBe(k('Vries, de'));
    expect(k('De Vries')).toBe(k('VRIES'));
    expect(k('van der Berg')).toBe(k('Berg, van der'));
    expect(k('Özdemir-Béké')).toBe(k('ozdemir beke'));
    expect(k('Bijl')).toBe(k('Byl'));
    expect(k('Janssen')).toBe(k('Jansen'));
    expect(k("in 't Veld")).toBe(k('Veld'));
    expect(k('Van')).toBe('van'); // nothing but a prefix: kept
    expect(k('Jansen')).not.toBe(k('Janse'));
    expect(k('de Vries')).not.toBe(k('de Vos'));
  });

  it('initials: the first must agree and the shorter set must start the longer', () => {
    expect(voorlettersSleutel('p.j.')).toBe('PJ');
    expect(voorlettersSleutel(' ')).toBeNull();
    expect(voorlettersGelijk('P', 'PJ')).toBe(true);
    expect(voorlettersGelijk('PJ', 'PK')).toBe(false);
    expect(voorlettersGelijk('A', 'P')).toBe(false);
  });

  it('address: additions are compared normalised; a missing one matches only with surname and initials', () => {
    expect(terugvalRegel(kandidaat({ toevoeging: 'bis' }), tr({ toevoeging: 'BIS' }))).toBe(
      'adres+achternaam+voorletters',
    );
    for (const [a, b] of [
      ['-A', 'a'],
      [' a', 'A'],
      ['A', '-a'],
    ])
      expect(terugvalRegel(kandidaat({ toevoeging: a }), tr({ toevoeging: b }))).toBe('adres+achternaam+voorletters');
    expect(terugvalRegel(kandidaat({ toevoeging: null }), tr({ toevoeging: 'A' }))).toBe(
      'adres-zonder-toevoeging+achternaam+voorletters',
    );
    expect(terugvalRegel(kandidaat({ toevoeging: null, voorletters: null }), tr({ toevoeging: 'A' }))).toBeNull();
    expect(terugvalRegel(kandidaat({ voorletters: null }), tr())).toBe('adres+achternaam');
    // Near misses.
    expect(terugvalRegel(kandidaat({ toevoeging: 'B', achternaam: 'Bakker' }), tr({ toevoeging: 'A' }))).toBeNull();
    expect(terugvalRegel(kandidaat({ toevoeging: 'B' }), tr({ toevoeging: 'A' }))).toBeNull(); // another home
    expect(terugvalRegel(kandidaat({ voorletters: 'K.' }), tr())).toBeNull();
    expect(
      terugvalRegel(
        kandidaat({ achternaam: 'Janssen', voorletters: 'P.' }),
        tr({ achternaam: 'Jansen', voorletters: 'P.' }),
      ),
    ).toBe('adres+achternaam+voorletters');
  });
});

for (const kind of await databases()) {
  describe(`Relapse check (zoekTerugval) on ${kind}`, () => {
    let t: TestOmgeving;
    let kb: Org;
    let ander: Org;
    let consulentId: string;
    const nu = new Date();
    const vandaagNL = vandaag(nu);
    const zesMaandenGeleden = plusMaanden(vandaagNL, -6);
    const dagEerder = new Date(Date.parse(`${zesMaandenGeleden}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const [A, B, C, D, E] = bsns(70_000_000, 5) as [string, string, string, string, string];
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      t = await testOmgeving(kind);
      await laadDemoPostcodes(t);
      kb = await t.organisatie('Kredietbank Terugval', 'schuldhulpverlener');
      ander = await t.organisatie('Schuldhulp Amsterdam', 'schuldhulpverlener');
      consulentId = (await sessie(t, kb, 'schuldhulpverlener', 'consulent@kb-terugval.example')).id;
      const consulent = { naam: 'K. Consulent', telefoon: '0301234567', gebruikerId: consulentId };
      ids.open = (
        await maak(
          t,
          kb,
          traject(A, {
            achternaam: 'de Vries',
            voorletters: 'M.',
            postcode: '3572BD',
            huisnummer: 40,
            toevoeging: 'bis',
            consulent,
          }),
        )
      ).id;
      ids.zes = (
        await maak(
          t,
          kb,
          traject(B, {
            achternaam: 'Jansen',
            voorletters: 'P.',
            postcode: '3511AB',
            huisnummer: 12,
            startdatum: '2024-01-01',
            consulent,
          }),
        )
      ).id;
      await sluit(t, kb, ids.zes, zesMaandenGeleden);
      ids.teLang = (
        await maak(
          t,
          kb,
          traject(C, {
            achternaam: 'Bakker',
            voorletters: 'J.',
            postcode: '3511AB',
            huisnummer: 14,
            startdatum: '2024-01-01',
          }),
        )
      ).id;
      await sluit(t, kb, ids.teLang, dagEerder);
      ids.amsterdam = (
        await maak(t, ander, traject(D, { achternaam: 'Visser', voorletters: 'A.', postcode: '1012JS', huisnummer: 1 }))
      ).id;
      ids.verhuisd = (
        await maak(
          t,
          kb,
          traject(E, { achternaam: 'Smit', voorletters: 'K.', postcode: '3511AB', huisnummer: 20, toevoeging: 'A' }),
        )
      ).id;
    });
    afterAll(async () => t?.sluit());

    it('matches a batch in one go: open and closed exactly 6 months ago; not one day more', async () => {
      const m = await zoekTerugval(
        t.ctx.db.kysely,
        [
          kandidaat({ signaalId: 'open', toevoeging: 'BIS' }),
          kandidaat({
            signaalId: 'zes',
            postcode: '3511 ab',
            huisnummer: 12,
            achternaam: 'Janssen',
            voorletters: 'P.J.',
          }),
          kandidaat({
            signaalId: 'teLang',
            postcode: '3511AB',
            huisnummer: 14,
            achternaam: 'Bakker',
            voorletters: 'J.',
          }),
          kandidaat({
            signaalId: 'amsterdam',
            gemeentecode: 'GM0363',
            postcode: '1012 JS',
            huisnummer: 1,
            achternaam: 'visser',
            voorletters: 'a',
          }),
          kandidaat({ signaalId: 'geen', postcode: '3572BD', huisnummer: 41 }),
          kandidaat({ signaalId: 'ongeldig', postcode: 'onbekend' }),
        ],
        nu,
      );
      const perSignaal = Object.fromEntries(m.map((x) => [x.signaalId, x]));
      expect(Object.keys(perSignaal).sort()).toEqual(['amsterdam', 'open', 'zes']);
      expect(perSignaal.open).toEqual({
        signaalId: 'open',
        trajectId: ids.open,
        organisatieId: kb.id,
        consulentGebruikerId: consulentId,
        regel: 'adres+achternaam+voorletters',
      });
      expect(perSignaal.zes).toMatchObject({ trajectId: ids.zes, consulentGebruikerId: consulentId });
      expect(perSignaal.amsterdam).toMatchObject({
        trajectId: ids.amsterdam,
        organisatieId: ander.id,
        consulentGebruikerId: null,
      });
      // One day later the 6-month trajectory drops out too.
      const morgen = await zoekTerugval(
        t.ctx.db.kysely,
        [kandidaat({ signaalId: 'zes', postcode: '3511AB', huisnummer: 12, achternaam: 'Jansen', voorletters: 'P.' })],
        new Date(nu.getTime() + 86_400_000),
      );
      expect(morgen).toEqual([]);
    });

    it('near misses: other house number, other addition, other initials, other surname', async () => {
      const m = await zoekTerugval(
        t.ctx.db.kysely,
        [
          kandidaat({
            signaalId: 'nr',
            postcode: '3511AB',
            huisnummer: 21,
            achternaam: 'Smit',
            voorletters: 'K.',
            toevoeging: 'A',
          }),
          kandidaat({
            signaalId: 'toev',
            postcode: '3511AB',
            huisnummer: 20,
            achternaam: 'Bakker',
            voorletters: 'K.',
            toevoeging: 'B',
          }),
          kandidaat({
            signaalId: 'init',
            postcode: '3511AB',
            huisnummer: 20,
            achternaam: 'Smit',
            voorletters: 'J.',
            toevoeging: 'A',
          }),
          kandidaat({
            signaalId: 'naam',
            postcode: '3511AB',
            huisnummer: 20,
            achternaam: 'Smid',
            voorletters: 'K.',
            toevoeging: 'A',
          }),
          kandidaat({
            signaalId: 'zonder',
            postcode: '3511AB',
            huisnummer: 20,
            achternaam: 'SMIT',
            voorletters: 'K',
            toevoeging: null,
          }),
        ],
        nu,
      );
      expect(m.map((x) => [x.signaalId, x.regel])).toEqual([
        ['zonder', 'adres-zonder-toevoeging+achternaam+voorletters'],
      ]);
    });

    it('an anonymised trajectory never matches, and each match is audited without names', async () => {
      await t.ctx.db.kysely
        .updateTable('trajecten')
        .set({ geanonimiseerd_op: new Date() })
        .where('id', '=', ids.amsterdam!)
        .execute();
      expect(
        await zoekTerugval(
          t.ctx.db.kysely,
          [kandidaat({ postcode: '1012JS', huisnummer: 1, achternaam: 'Visser', voorletters: 'A.' })],
          nu,
        ),
      ).toEqual([]);
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['onderwerp', 'details'])
        .where('actie', '=', 'traject.terugval')
        .execute();
      expect(audit.length).toBeGreaterThanOrEqual(4);
      expect(JSON.stringify(audit)).not.toMatch(/Vries|Jansen|Visser|Smit/i);
    });

    // End to end: a partner's signal through the intake API lands in the work queue as a relapse case
    // for the counsellor of the trajectory (needs the work queue module, src/modules/signaalzaken).
    it.skipIf(!existsSync(new URL('../../src/modules/signaalzaken/routes.ts', import.meta.url)))(
      'signal -> relapse case with the right counsellor; other signals stay in the regular queue',
      async () => {
        await zetDeelname(t.ctx, SYSTEEM, 'GM0344', true);
        const utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
        const partner = await t.organisatie('Energie Terugval', 'signaalpartner');
        await partnerMetConvenanten(t, partner, aanmelding(['GM0344']), [utrecht]);
        // A trajectory closed 2 months ago at the address of the signal.
        const consulent = await sessie(t, kb, 'schuldhulpverlener', 'tweede@kb-terugval.example');
        const [F] = bsns(71_000_000, 1) as [string];
        const gesloten = await maak(
          t,
          kb,
          traject(F, {
            achternaam: 'Meijer',
            voorletters: 'L.',
            postcode: '3572 BD',
            huisnummer: 7,
            startdatum: '2025-01-01',
            consulent: { naam: 'L. Tweede', telefoon: '0301234567', gebruikerId: consulent.id },
          }),
        );
        await sluit(t, kb, gesloten.id, plusMaanden(vandaagNL, -2));
        const signaal = (achternaam: string, voorletters: string, huisnummer: number) => ({
          achternaam,
          voorletters,
          straatnaam: 'Biltstraat',
          huisnummer,
          postcode: '3572BD',
          woonplaats: 'Utrecht',
          aantalMaandenAchterstand: 2,
          bedragAchterstand: 150,
        });
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/vroegsignalen/signalen',
          headers: { ...partner.headers, 'idempotency-key': 'terugval-e2e-1' },
          payload: { signalen: [signaal('Meyer', 'L.M.', 7), signaal('Bakker', 'J.', 99)] },
        });
        expect(r.statusCode, r.body).toBe(201);
        expect(r.json().geaccepteerd).toBe(2);
        // The counsellor sees the relapse case, assigned to them.
        const eigen = await t.app.inject({
          method: 'GET',
          url: '/api/signaalzaken/zaken?terugval=true',
          cookies: consulent.cookies,
        });
        expect(eigen.statusCode, eigen.body).toBe(200);
        expect(eigen.json().zaken).toHaveLength(1);
        const zaak = eigen.json().zaken[0];
        expect(zaak).toMatchObject({
          terugval: true,
          huisnummer: 7,
          behandelendeOrganisatieId: kb.id,
          behandelaarId: consulent.id,
        });
        const detail = await t.app.inject({
          method: 'GET',
          url: `/api/signaalzaken/zaken/${zaak.id}`,
          cookies: consulent.cookies,
        });
        expect(detail.json()).toMatchObject({
          terugvalTrajectId: gesloten.id,
          terugvalRegel: 'adres+achternaam+voorletters',
        });
        // The other signal follows the regular municipal queue; the relapse is counted separately.
        const gemeente = (
          await t.app.inject({ method: 'GET', url: '/api/signaalzaken/zaken?filter=alle', headers: utrecht.headers })
        ).json();
        const regulier = gemeente.zaken.find((z: { huisnummer: number }) => z.huisnummer === 99);
        expect(regulier).toMatchObject({ terugval: false, behandelendeOrganisatieId: null });
        expect(gemeente.tellingen.terugval).toBeGreaterThanOrEqual(1);
        // Another debt-help organisation does not see the relapse case.
        const anderen = (
          await t.app.inject({ method: 'GET', url: '/api/signaalzaken/zaken?filter=alle', headers: ander.headers })
        ).json();
        expect(anderen.zaken.map((z: { id: string }) => z.id)).not.toContain(zaak.id);
      },
    );
  });
}

describe('Demo data: trajectories, relapse and VISH feed', () => {
  it('the demo BSN matches via the trajectory feed, and the demo signal for De Vries is a relapse for the Kredietbank counsellor', async () => {
    const t = await testOmgeving('pglite');
    try {
      const { laadDemoData, DEMO_BSN_MATCH, DEMO_BSN_GEEN_MATCH, DEMO_ORGANISATIES } = await import(
        '../../src/cli/demo.ts'
      );
      const { DEMO_CONSULENT_EMAIL } = await import('../../src/modules/trajecten/demo.ts');
      expect(await laadDemoData(t.ctx)).toBe(true);
      const sleutel = (naam: string) => ({ 'x-api-key': DEMO_ORGANISATIES.find((o) => o.naam === naam)!.sleutel });
      const dw = { headers: sleutel('Gerechtsdeurwaarders Van Dijk') } as Org;
      const kb = { headers: sleutel('Kredietbank Utrecht') } as Org;
      expect(await controle(t, dw, DEMO_BSN_MATCH)).toMatchObject({
        match: true,
        contacten: [{ organisatie: 'Kredietbank Utrecht' }],
      });
      expect((await controle(t, dw, DEMO_BSN_GEEN_MATCH)).match).toBe(false);
      const feed = (await t.app.inject({ method: 'GET', url: '/api/trajecten/vish', headers: kb.headers })).json();
      expect(feed).toMatchObject({ laatsteResultaat: 'geleverd', laatsteAantal: 2 });
      const consulent = await t.ctx.accounts.vindGebruiker(DEMO_CONSULENT_EMAIL);
      const zaken = (
        await t.app.inject({ method: 'GET', url: '/api/signaalzaken/zaken?terugval=true', headers: kb.headers })
      ).json();
      expect(zaken.zaken).toHaveLength(1);
      expect(zaken.zaken[0]).toMatchObject({
        terugval: true,
        postcode: expect.stringMatching(/^3572bd$/i),
        huisnummer: 40,
        behandelaarId: consulent!.id,
      });
    } finally {
      await t.sluit();
    }
  });
});
