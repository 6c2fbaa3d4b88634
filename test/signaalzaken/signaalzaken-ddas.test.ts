import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { lever, opzet, rij, vraag, zaakVan, type Opzet } from '../helpers/signaalzaken-opzet.ts';
import { aanmelding, dagenGeleden, partnerMetConvenanten } from '../helpers/fixtures/vroegsignalering.ts';
import { contactpogingNaMatching, contactpogingNietInToekomst } from '../../src/modules/signaalzaken/regels.ts';
import { vandaag } from '../../src/shared/datum.ts';
import { plusDagen } from '../../src/shared/werkdagen.ts';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { SCHEMA_MAP, valideer } from '../../src/modules/ddas/validatie.ts';
import { V1_0_CODELIJSTEN } from '../../src/modules/ddas/vocabulaire.ts';

/** What the DDAS Vroegsignalering export needs to be true: dates, warm handover, partner types, contact kinds. */
for (const kind of await databases()) {
  describe(`Signaalzaken: data that is true for DDAS [${kind}]`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    let nr = 500;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      o = await opzet(t);
    }, 180_000);
    afterAll(async () => t?.sluit());

    const nieuweZaak = async () => {
      const hnr = String(++nr);
      await lever(t, o.energie, [rij('Datum', '3511AB', hnr)]);
      return (await zaakVan(t, `3511AB|${hnr}|`)).id;
    };
    const doe = (id: string, actie: string, body?: object) =>
      vraag(t, o.utrecht, 'POST', `/api/signaalzaken/zaken/${id}/${actie}`, body ?? {});
    const exporteer = async (jaar = vandaag().slice(0, 4)) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/ddas/vroegsignalering?startdatum=${jaar}-01-01&einddatum=${vandaag()}`,
          headers: o.utrecht.headers,
        })
      ).json();

    it('rule contactpogingNaMatching: a contact attempt before the case was matched is refused with a Dutch reason', async () => {
      expect(contactpogingNaMatching('2026-01-01', '2026-01-02')).toMatch(/voor de matchingsdatum/);
      expect(contactpogingNaMatching('2026-01-02', '2026-01-02')).toBeNull();
      const id = await nieuweZaak();
      await doe(id, 'oppakken', { behandelaarId: o.medewerker.id });
      const r = await doe(id, 'contactpogingen', { soort: 'Telefoon', bereikt: false, datum: dagenGeleden(1) });
      expect(r.statusCode).toBe(400);
      expect(r.json().title).toMatch(/ligt voor de matchingsdatum van de zaak/);
      const z = (await vraag(t, o.utrecht, 'GET', `/api/signaalzaken/zaken/${id}`)).json();
      expect(z.contactpogingen).toEqual([]);
      expect(
        (await doe(id, 'contactpogingen', { soort: 'Telefoon', bereikt: false, datum: vandaag() })).statusCode,
      ).toBe(201);
    });

    it('rule contactpogingNietInToekomst: a contact attempt in the future is refused', async () => {
      expect(contactpogingNietInToekomst('2026-01-03', '2026-01-02')).toMatch(/in de toekomst/);
      expect(contactpogingNietInToekomst('2026-01-02', '2026-01-02')).toBeNull();
      const id = await nieuweZaak();
      await doe(id, 'oppakken', { behandelaarId: o.medewerker.id });
      const r = await doe(id, 'contactpogingen', { soort: 'Brief', bereikt: false, datum: plusDagen(vandaag(), 1) });
      expect(r.statusCode).toBe(400);
      expect(r.json().title).toMatch(/ligt in de toekomst/);
    });

    it('warm handover: unknown until the worker records it, then exported; unknown is not exported', async () => {
      const id = await nieuweZaak();
      const signaalIds = async () =>
        (await vraag(t, o.utrecht, 'GET', `/api/signaalzaken/zaken/${id}`)).json().signalen.map((s: any) => s.id);
      const inExport = async () => {
        const ids = await signaalIds();
        return (await exporteer()).leveringen[0].vroegsignalen.filter((s: any) => ids.includes(s.ID));
      };
      expect((await vraag(t, o.utrecht, 'GET', `/api/signaalzaken/zaken/${id}`)).json().warmeOverdracht).toBeNull();
      for (const s of await inExport()) expect(s).not.toHaveProperty('warmeOverdracht');
      const r = await doe(id, 'warme-overdracht', { warmeOverdracht: true });
      expect(r.json()).toEqual({ id, warmeOverdracht: true });
      const z = (await vraag(t, o.utrecht, 'GET', `/api/signaalzaken/zaken/${id}`)).json();
      expect(z.warmeOverdracht).toBe(true);
      expect(z.signalen.every((s: any) => s.warmeOverdracht === true)).toBe(true);
      for (const s of await inExport()) expect(s.warmeOverdracht).toBe(true);
      await doe(id, 'warme-overdracht', { warmeOverdracht: false });
      for (const s of await inExport()) expect(s.warmeOverdracht).toBe(false);
      // Another municipality cannot record it.
      expect(
        (
          await vraag(t, o.amsterdam, 'POST', `/api/signaalzaken/zaken/${id}/warme-overdracht`, {
            warmeOverdracht: true,
          })
        ).statusCode,
      ).toBe(404);
      expect(valideer('vs', await exporteer()).fouten).toEqual([]);
    });

    it("contact kind 'Afspraak op locatie' is stored as the platform's code and delivered per model version", async () => {
      const id = await nieuweZaak();
      await doe(id, 'oppakken', { behandelaarId: o.medewerker.id });
      expect(
        (await doe(id, 'contactpogingen', { soort: 'Afspraak op locatie', bereikt: true, dagdeel: 'Middag' }))
          .statusCode,
      ).toBe(201);
      await doe(id, 'afsluiten', { resultaat: 'Inwoner hoeft geen hulp vanuit vroegsignalering' });
      const zaakIn = async () => {
        const b = await exporteer();
        const ids = (await vraag(t, o.utrecht, 'GET', `/api/signaalzaken/zaken/${id}`))
          .json()
          .signalen.map((s: any) => s.id);
        return {
          b,
          z: b.leveringen[0].vroegsignaalzaken.find((z: any) => z.vroegsignalen.some((s: any) => ids.includes(s.ID))),
        };
      };
      // v0.9 (default): no such kind there, so 'Overige'.
      const v09 = await zaakIn();
      expect(v09.z.contactpogingen[0].soort).toBe('Overige');
      expect(v09.z.resultaat).toBe('Inwoner hoeft geen hulp vanuit vroegsignalering');
      expect(valideer('vs', v09.b).fouten).toEqual([]);
      // v1.0: the own kind, and the renamed end result.
      await t.herstart({ DDAS_VS_MODELVERSIE: '1.0' });
      try {
        const v10 = await zaakIn();
        expect(v10.z.contactpogingen[0].soort).toBe('Afspraak op locatie');
        expect(v10.z.resultaat).toBe('Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering');
        // The v1.0 model is the v0.9 structure with the two changed code lists.
        const schema = JSON.parse(readFileSync(`${SCHEMA_MAP.vs}json_schema_Uitwisselmodel.json`, 'utf8'));
        schema.$defs.EnumContactsoort.enum = [...V1_0_CODELIJSTEN.EnumContactsoort];
        schema.$defs.EnumEindresultaat.enum = [...V1_0_CODELIJSTEN.EnumEindresultaat];
        const ajv = new Ajv2020({ allErrors: true, strict: true });
        (addFormats as unknown as (a: Ajv2020) => void)(ajv);
        const geldig = ajv.compile(schema);
        expect(geldig(v10.b), JSON.stringify(geldig.errors)).toBe(true);
      } finally {
        await t.herstart({ DDAS_VS_MODELVERSIE: '0.9' });
      }
      // The database keeps the platform's own code, whatever the version.
      const rij = await t.ctx.db.kysely
        .selectFrom('vroegsignaalzaak_contactpogingen')
        .select('soort')
        .where('zaak_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(rij.soort).toBe('Afspraak op locatie');
    });

    it('a partner registers as any DDAS signal-partner type; its signals are delivered with that type', async () => {
      const duo = await t.organisatie('DUO Test', 'signaalpartner');
      const fout = await t.app.inject({
        method: 'POST',
        url: '/api/partners/aanmelding',
        headers: duo.headers,
        payload: aanmelding(['GM0344'], { type: 'DUO', sectoren: ['huur'] }),
      });
      expect(fout.statusCode).toBe(400);
      expect(fout.json().title).toMatch(/past niet bij type signaalpartner 'DUO'/);
      await partnerMetConvenanten(t, duo, aanmelding(['GM0344'], { type: 'DUO', sectoren: ['overig'] }), [o.utrecht]);
      await lever(t, duo, [rij('Studie', '3511AB', '777')]);
      const b = await exporteer();
      const typen = b.leveringen[0].vroegsignalen.map((s: any) => s.signaalpartner.type);
      expect(typen).toContain('DUO');
      expect(valideer('vs', b).fouten).toEqual([]);
      for (const type of [
        'Hypotheek',
        'CAK Zorgverzekeringen',
        'CAK Eigen bijdrage',
        'Belastingdienst',
        'Dienst Toeslagen',
        'Overige',
      ]) {
        const p = await t.organisatie(`Partner ${type}`, 'signaalpartner');
        const sector = type.startsWith('CAK') ? 'zorgverzekering' : 'overig';
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/partners/aanmelding',
          headers: p.headers,
          payload: aanmelding(['GM0344'], { type, sectoren: [sector] }),
        });
        expect(r.statusCode, `${type}: ${r.body}`).toBe(201);
      }
    });
  });
}
