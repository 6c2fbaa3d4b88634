import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { lever, opzet, rij, sessie, vraag, type Opzet } from '../helpers/signaalzaken-opzet.ts';

/** The municipality's administrator sets its own work areas: who picks up its cases. Only its own, only admins. */
for (const kind of await databases()) {
  describe(`Signaalzaken: a municipality sets its work areas on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    let coordinator: Awaited<ReturnType<typeof sessie>>;
    beforeAll(async () => {
      t = await testOmgeving(kind);
      o = await opzet(t);
      coordinator = await sessie(t, o.coordinator); // one login: a TOTP code is accepted once
    });
    afterAll(async () => t?.sluit());

    it('the coordinator adds the debt-help organisation, which then sees the unassigned cases; and removes it', async () => {
      const voor = await vraag(t, coordinator, 'GET', '/api/signaalzaken/eigen-werkgebieden');
      expect(voor.statusCode).toBe(200);
      expect(voor.json()).toMatchObject({ gemeentecode: 'GM0344', werkgebieden: [] });
      const keuze = voor.json().organisaties as Array<{
        organisatieId: string;
        naam: string;
        actieveGebruikers: number;
      }>;
      expect(keuze.find((k) => k.organisatieId === o.kredietbank.id)).toMatchObject({ actieveGebruikers: 1 });
      expect(keuze.find((k) => k.organisatieId === o.wijkteam.id)).toMatchObject({ actieveGebruikers: 0 });
      expect(keuze.some((k) => k.organisatieId === o.energie.id)).toBe(false);

      await lever(t, o.energie, [rij('Jansen', '3511AB', '401')]);
      const kb = { headers: o.kredietbank.headers };
      const zaken = async () =>
        ((await vraag(t, kb, 'GET', '/api/signaalzaken/zaken')).json().zaken as unknown[]).length;
      expect(await zaken()).toBe(0);
      const toe = await vraag(t, coordinator, 'POST', '/api/signaalzaken/eigen-werkgebieden', {
        organisatieId: o.kredietbank.id,
      });
      expect(toe.statusCode).toBe(204);
      expect(await zaken()).toBe(1);
      const na = (await vraag(t, coordinator, 'GET', '/api/signaalzaken/eigen-werkgebieden')).json();
      expect(na.werkgebieden).toMatchObject([{ organisatieId: o.kredietbank.id, organisatienaam: 'Kredietbank' }]);
      const weg = await vraag(t, coordinator, 'DELETE', `/api/signaalzaken/eigen-werkgebieden/${o.kredietbank.id}`);
      expect(weg.statusCode).toBe(204);
      expect(await zaken()).toBe(0);
    });

    it('refused: a signal partner as work area, another municipality’s work area, a worker (not an admin)', async () => {
      const partner = await vraag(t, coordinator, 'POST', '/api/signaalzaken/eigen-werkgebieden', {
        organisatieId: o.energie.id,
      });
      expect(partner.statusCode).toBe(400);
      // Amsterdam's work area is not Utrecht's to remove.
      expect(
        (await vraag(t, o.amsterdam, 'POST', '/api/signaalzaken/eigen-werkgebieden', { organisatieId: o.wijkteam.id }))
          .statusCode,
      ).toBe(204);
      expect(
        (await vraag(t, coordinator, 'DELETE', `/api/signaalzaken/eigen-werkgebieden/${o.wijkteam.id}`)).statusCode,
      ).toBe(404);
      const amsterdam = (await vraag(t, o.amsterdam, 'GET', '/api/signaalzaken/eigen-werkgebieden')).json();
      expect(amsterdam.werkgebieden).toMatchObject([{ organisatieId: o.wijkteam.id }]);
      expect(
        ((await vraag(t, coordinator, 'GET', '/api/signaalzaken/eigen-werkgebieden')).json().werkgebieden as unknown[])
          .length,
      ).toBe(0);
      const medewerker = await sessie(t, o.medewerker);
      expect(
        (
          await vraag(t, medewerker, 'POST', '/api/signaalzaken/eigen-werkgebieden', {
            organisatieId: o.kredietbank.id,
          })
        ).statusCode,
      ).toBe(403);
      expect((await vraag(t, medewerker, 'GET', '/api/signaalzaken/eigen-werkgebieden')).statusCode).toBe(403);
      expect((await vraag(t, o.kredietbank, 'GET', '/api/signaalzaken/eigen-werkgebieden')).statusCode).toBe(403);
    });

    it('a debt-help organisation serving two municipalities: each sees its VISH delivery state', async () => {
      for (const g of [o.utrecht, o.amsterdam])
        await vraag(t, g, 'POST', '/api/signaalzaken/eigen-werkgebieden', { organisatieId: o.kredietbank.id });
      const staat = async (g: typeof o.utrecht) =>
        (
          (await vraag(t, g, 'GET', '/api/signaalzaken/eigen-werkgebieden')).json().werkgebieden as Array<{
            organisatieId: string;
            vish: { aantal: number } | null;
          }>
        ).find((w) => w.organisatieId === o.kredietbank.id)?.vish;
      expect(await staat(o.utrecht)).toBeNull();
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen',
        headers: { ...o.kredietbank.headers, 'content-type': 'text/csv' },
        payload: 'BSN;Naam hulpverlener;Telefoon\r\n111222333;Team schuldhulp;030 123 45 67\r\n',
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(await staat(o.utrecht)).toMatchObject({ aantal: 1 });
      expect(await staat(o.amsterdam)).toMatchObject({ aantal: 1 });
      // The BSN never reaches the municipality's answer.
      expect((await vraag(t, o.utrecht, 'GET', '/api/signaalzaken/eigen-werkgebieden')).body).not.toContain(
        '111222333',
      );
    });
  });
}
