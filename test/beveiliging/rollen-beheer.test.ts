import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import { databases, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import { aanmelding, gemeenteOrg, laadGemeenten, type Org } from '../helpers/fixtures/vroegsignalering.ts';
import type { Rol } from '../../src/db/schema.ts';

/** A public key ssh2 parses (its generator drops a leading zero byte about once in 250 keys). */
const publiekeSleutel = (): string => {
  for (;;) {
    const k = ssh2.utils.generateKeyPairSync('ed25519');
    if (Buffer.from(k.public.split(' ')[1]!, 'base64').length === 51) return k.public;
  }
};

/**
 * Administrative acts need the organisation's administrator role (accounts/rollen.ts BEHEERROLLEN): a worker of the
 * same organisation is refused and nothing changes; the administrator succeeds. Machines act for the organisation.
 */
for (const kind of await databases()) {
  describe(`Administrative acts by role on ${kind}`, () => {
    let t: TestOmgeving;
    let utrecht: Org;
    let partner: Org;
    let kredietbank: Org;
    const db = () => t.ctx.db.kysely;
    const mens = (org: Org, rol: Rol) => sessieVoor(t, org, rol);
    type Mens = Awaited<ReturnType<typeof mens>>;
    const vraag = (wie: Mens, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, cookies: wie.cookies, headers: wie.headers, ...(payload ? { payload } : {}) });

    beforeAll(async () => {
      t = await testOmgeving(kind, { LOGIN_MAX_PER_IP: 200 });
      await laadGemeenten(t, ['GM0344']);
      utrecht = await gemeenteOrg(t, 'Gemeente Utrecht', 'GM0344');
      partner = await t.organisatie('Energie Rollen', 'signaalpartner');
      kredietbank = await t.organisatie('Kredietbank Rollen', 'schuldhulpverlener');
    });
    afterAll(async () => t?.sluit());

    it("a municipality worker cannot switch the municipality's participation off; its coordinator can", async () => {
      const doetMee = async () =>
        (
          await db()
            .selectFrom('gemeenten')
            .select('doet_mee_vroegsignalering')
            .where('gemeentecode', '=', 'GM0344')
            .executeTakeFirstOrThrow()
        ).doet_mee_vroegsignalering;
      const medewerker = await mens(utrecht, 'gemeente-medewerker');
      const coordinator = await mens(utrecht, 'gemeente-coordinator');
      const r = await vraag(medewerker, 'PUT', '/api/gemeenten/GM0344/deelname', { doetMee: false });
      expect(r.statusCode).toBe(403);
      expect(await doetMee()).toBe(true);
      expect((await vraag(coordinator, 'PUT', '/api/gemeenten/GM0344/deelname', { doetMee: false })).statusCode).toBe(
        200,
      );
      expect(await doetMee()).toBe(false);
      expect((await vraag(coordinator, 'PUT', '/api/gemeenten/GM0344/deelname', { doetMee: true })).statusCode).toBe(
        200,
      );
      const ik = await vraag(coordinator, 'GET', '/api/sessie/ik');
      expect(ik.json().gebruiker.beheerder).toBe(true);
      expect((await vraag(medewerker, 'GET', '/api/sessie/ik')).json().gebruiker.beheerder).toBe(false);
    });

    it("a partner's clerk cannot register, add SFTP keys or sign; its administrator can (after the municipality's coordinator)", async () => {
      const klerk = await mens(partner, 'signaalpartner-medewerker');
      const beheerder = await mens(partner, 'signaalpartner-beheerder');
      const medewerker = await mens(utrecht, 'gemeente-medewerker');
      const coordinator = await mens(utrecht, 'gemeente-coordinator');
      // Registration
      expect((await vraag(klerk, 'POST', '/api/partners/aanmelding', aanmelding(['GM0344']))).statusCode).toBe(403);
      const aangemeld = await vraag(beheerder, 'POST', '/api/partners/aanmelding', aanmelding(['GM0344']));
      expect(aangemeld.statusCode).toBe(201);
      const convenant = aangemeld.json().convenanten[0].id as string;
      const status = async () =>
        (await db().selectFrom('convenanten').select('status').where('id', '=', convenant).executeTakeFirstOrThrow())
          .status;
      // Making the agreement ready: the municipality's coordinator, not a worker.
      expect((await vraag(medewerker, 'POST', `/api/partners/convenanten/${convenant}/gereed`, {})).statusCode).toBe(
        403,
      );
      expect(await status()).toBe('te-ondertekenen');
      expect((await vraag(coordinator, 'POST', `/api/partners/convenanten/${convenant}/gereed`, {})).statusCode).toBe(
        200,
      );
      // Signing: the partner's administrator, not a clerk (reading the agreements is fine for both).
      expect((await vraag(klerk, 'GET', '/api/partners/convenanten')).statusCode).toBe(200);
      expect(
        (await vraag(klerk, 'POST', `/api/partners/convenanten/${convenant}/ondertekenen`, { akkoord: true }))
          .statusCode,
      ).toBe(403);
      expect(await status()).toBe('gereed');
      expect(
        (await vraag(beheerder, 'POST', `/api/partners/convenanten/${convenant}/ondertekenen`, { akkoord: true }))
          .statusCode,
      ).toBe(200);
      expect(await status()).toBe('ondertekend');
      // SFTP keys
      const sleutels = () =>
        db().selectFrom('sftp_sleutels').select('id').where('organisatie_id', '=', partner.id).execute();
      const nieuw = { publiekeSleutel: publiekeSleutel(), omschrijving: 'klerk' };
      expect((await vraag(klerk, 'POST', '/api/sftp/sleutels', nieuw)).statusCode).toBe(403);
      expect(await sleutels()).toHaveLength(0);
      const toegevoegd = await vraag(beheerder, 'POST', '/api/sftp/sleutels', { ...nieuw, omschrijving: 'beheer' });
      expect(toegevoegd.statusCode).toBe(201);
      expect((await vraag(klerk, 'GET', '/api/sftp/sleutels')).json()).toHaveLength(1);
      expect((await vraag(klerk, 'DELETE', `/api/sftp/sleutels/${toegevoegd.json().id}`)).statusCode).toBe(403);
      // The partner's own machine (API key) acts for the organisation.
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/sftp/sleutels',
            headers: partner.headers,
            payload: { publiekeSleutel: publiekeSleutel(), omschrijving: 'machine' },
          })
        ).statusCode,
      ).toBe(201);
    });

    it("a debt-help organisation's administrator sets its settings but sees no casework; a counsellor cannot", async () => {
      const beheerder = await mens(kredietbank, 'organisatie-beheerder');
      const consulent = await mens(kredietbank, 'schuldhulpverlener');
      const instellingen = { kvkNummer: '12345678' };
      expect((await vraag(consulent, 'PUT', '/api/ddas/aanleverinstellingen', instellingen)).statusCode).toBe(403);
      expect((await vraag(beheerder, 'PUT', '/api/ddas/aanleverinstellingen', instellingen)).statusCode).toBe(200);
      expect((await vraag(consulent, 'GET', '/api/ddas/aanleverinstellingen')).json().kvkNummer).toBe('12345678');
      const feed = { actief: true, regel: 'alle-open', loket: null };
      expect((await vraag(consulent, 'PUT', '/api/trajecten/vish/instellingen', feed)).statusCode).toBe(403);
      expect((await vraag(beheerder, 'PUT', '/api/trajecten/vish/instellingen', feed)).statusCode).toBe(200);
      // No residents' data for the administrator: trajectories, VISH deliveries, the work queue, DDAS files.
      for (const url of [
        '/api/trajecten',
        '/api/vish/leveringen',
        '/api/signaalzaken/zaken',
        '/api/ddas/schuldhulpverlening',
      ])
        expect((await vraag(beheerder, 'GET', url)).statusCode, url).toBe(403);
      expect((await vraag(beheerder, 'GET', '/api/sessie/ik')).json().gebruiker).toMatchObject({
        rol: 'organisatie-beheerder',
        beheerder: true,
      });
    });
  });
}
