import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, routesVan, testOmgeving, type TestOmgeving } from '../helpers/omgeving.ts';
import { sessieVoor } from '../helpers/sessies.ts';
import type { OrganisatieType, Rol } from '../../src/db/schema.ts';
import { SYSTEEM } from '../../src/modules/audit/audit.ts';
import { ROL_ORGANISATIETYPEN } from '../../src/modules/accounts/rollen.ts';
import { lever, opzet, rij, sessie as zaakSessie, vraag, zaakVan, type Opzet } from '../helpers/signaalzaken-opzet.ts';

/**
 * The authorisation matrix: for EVERY route of the running app, which callers get past access
 * control. Callers: no credential, a machine credential (API key) per organisation type, and a
 * signed-in person for every role in every organisation type it fits (roles x routes; a role or fit
 * added without a caller here fails). "Allowed" = any answer but 401/403; "refused" = 401 or 403.
 * A route missing from this table fails the test. Own vs. other organisation: see the last test
 * here and the module tests (not found for another organisation's record).
 */
const M = { gm: 'm.gm', shv: 'm.shv', wt: 'm.wt', dw: 'm.dw', sp: 'm.sp', bh: 'm.bh', sd: 'm.sd' } as const;
const MACHINES = Object.values(M);
const MENSEN = [
  'u.bh',
  'u.gmw',
  'u.gmc',
  'u.gm.shv',
  'u.shv',
  'u.shv.ob',
  'u.wt',
  'u.wt.ob',
  'u.dw',
  'u.dw.ob',
  'u.spm',
  'u.spb',
  'u.fg',
  'u.fg.shv',
  'u.fg.wt',
  'u.fg.dw',
  'u.fg.sp',
  'u.fg.bh',
  'u.sdm',
  'u.sp.sdm',
  'u.sd.ob',
  'u.fg.sd',
] as const;
const IEDEREEN = ['anoniem', ...MACHINES, ...MENSEN];
// Per organisation type: its machine and its people, except the roles that reach only routes naming them
// (privacy officer 'u.fg*', organisation administrator '*.ob').
const GM = [M.gm, 'u.gmw', 'u.gmc', 'u.gm.shv'];
const SHV = [M.shv, 'u.shv'];
const WT = [M.wt, 'u.wt'];
const DW = [M.dw, 'u.dw'];
const SP = [M.sp, 'u.spm', 'u.spb'];
const BH = [M.bh, 'u.bh'];
const ALLE_ORGS = [...MACHINES, ...MENSEN]; // routes open to every organisation type (FG included)
const FG = MENSEN.filter((u) => u.startsWith('u.fg'));
// Administrative acts: the machine, and of the people only the organisation's administrator role.
const BEHEER_GM = [M.gm, 'u.gmc'];
const BEHEER_SP = [M.sp, 'u.spb'];
const BEHEER_SHV_WT = [M.shv, M.wt, 'u.shv.ob', 'u.wt.ob'];
// Debt help: trajectories and their DDAS file (counsellors, also a municipality's own).
const SCHULDHULP = [M.gm, M.shv, M.wt, 'u.shv', 'u.wt', 'u.gm.shv'];
const WERKVOORRAAD = [M.gm, M.shv, M.wt, 'u.gmw', 'u.gmc', 'u.gm.shv', 'u.shv', 'u.wt'];
const GEEN = [] as string[];
const WEBHOOK_BEHEER = [
  M.gm,
  M.shv,
  M.wt,
  M.sp,
  M.bh,
  M.sd,
  'u.gmc',
  'u.shv.ob',
  'u.wt.ob',
  'u.spb',
  'u.bh',
  'u.sd.ob',
];
// Schuldenrust: the creditor's clerk (a creditor, or a signal partner that joined as creditor) and its administrators.
const SCHULDEISER = [M.sd, M.sp, 'u.sdm', 'u.sp.sdm'];
const SCHULDEISER_BEHEER = [M.sd, M.sp, 'u.sd.ob', 'u.spb'];
const CONSULENT = [M.gm, M.shv, M.wt, 'u.shv', 'u.wt', 'u.gm.shv'];
// Every organisation type's administrator role (accounts/rollen.ts BEHEERROLLEN), as a person.
const ORG_BEHEERDERS = ['u.bh', 'u.gmc', 'u.spb', 'u.shv.ob', 'u.wt.ob', 'u.dw.ob', 'u.sd.ob'];

// method, path, who is allowed. Params: :id etc. are filled with ids that do not exist (404 = allowed).
const MATRIX: Array<[string, string, readonly string[]]> = [
  ['GET', '/api/gezondheid', IEDEREEN],
  ['GET', '/api/gezondheid/leeft', IEDEREEN],
  ['GET', '/api/gezondheid/gereed', IEDEREEN],
  ['GET', '/api/openapi.json', IEDEREEN],
  ['GET', '/api/docs', IEDEREEN],
  ['GET', '/api/docs/', IEDEREEN],
  ['GET', '/api/docs/static/index.html', IEDEREEN],
  ['GET', '/api/docs/static/swagger-initializer.js', IEDEREEN],
  ['GET', '/api/docs/*', IEDEREEN],
  ['GET', '/api/docs/json', IEDEREEN],
  ['GET', '/api/docs/yaml', IEDEREEN],
  ['GET', '*', IEDEREEN], // web app static files
  ['POST', '/api/sessie/inloggen', IEDEREEN],
  ['GET', '/api/sessie/ik', MENSEN],
  ['GET', '/api/gemeenten', ALLE_ORGS],
  ['GET', '/api/gemeenten/', ALLE_ORGS],
  ['PUT', '/api/gemeenten/:code/deelname', [...BH, ...BEHEER_GM]],
  ['GET', '/api/gemeenten/zonder-behandelaar', BH],
  ['POST', '/api/gemeenten/postcode-uitzonderingen', BH],
  ['GET', '/api/gemeenten/route', [...BH, ...GM, ...SP]],
  ['POST', '/api/vish/leveringen', [...SHV, ...WT, ...GM]],
  ['POST', '/api/vish/leveringen/json', [...SHV, ...WT, ...GM]],
  ['GET', '/api/vish/leveringen', [...SHV, ...WT, ...GM]],
  ['GET', '/api/vish/leveringen/:id', [...SHV, ...WT, ...GM]],
  ['POST', '/api/vish/controle', [...DW, ...GM]],
  ['POST', '/api/vish/controle/batch', [...DW, ...GM]],
  ['POST', '/api/vroegsignalen/leveringen', SP],
  ['GET', '/api/vroegsignalen/leveringen', SP],
  ['GET', '/api/vroegsignalen/leveringen/aantallen', SP],
  ['GET', '/api/vroegsignalen/leveringen/:id', SP],
  ['GET', '/api/vroegsignalen/leveringen/:id/afgewezen', SP],
  ['POST', '/api/vroegsignalen/signalen', SP],
  ['GET', '/api/vroegsignalen/signalen', SP],
  ['GET', '/api/vroegsignalen/signalen/aantallen', SP],
  ['GET', '/api/vroegsignalen/signalen/:id', SP],
  ['DELETE', '/api/vroegsignalen/signalen/:id', SP],
  ['POST', '/api/vroegsignalen/intrekkingen', SP],
  ['POST', '/api/vroegsignalen/bezwaren', GM],
  ['GET', '/api/vroegsignalen/bezwaren', GM],
  ['DELETE', '/api/vroegsignalen/bezwaren/:id', GM],
  ['GET', '/api/sftp/verbinding', SP],
  ['GET', '/api/sftp/sleutels', SP],
  ['POST', '/api/sftp/sleutels', BEHEER_SP],
  ['DELETE', '/api/sftp/sleutels/:id', BEHEER_SP],
  ['POST', '/api/partners/aanmelding', BEHEER_SP],
  ['GET', '/api/partners/aanmelding', SP],
  ['GET', '/api/partners/convenanten', [...SP, ...GM]],
  ['POST', '/api/partners/convenanten/:id/gereed', BEHEER_GM],
  ['POST', '/api/partners/convenanten/:id/ondertekenen', BEHEER_SP],
  ['GET', '/api/partners/opdrachtgevers', SP],
  ['POST', '/api/partners/opdrachtgevers', BEHEER_SP],
  ['DELETE', '/api/partners/opdrachtgevers/:id', BEHEER_SP],
  ['POST', '/api/partners/verhuurders', IEDEREEN],
  ['GET', '/api/partners/verhuurders/gemeenten', IEDEREEN],
  ['POST', '/api/partners/aanmelding/gemeenten', BEHEER_SP],
  ['POST', '/api/partners/convenanten/:id/verlengen', BEHEER_SP],
  ['POST', '/api/partners/convenanten/:id/beeindigen', [...BEHEER_SP, ...BEHEER_GM]],
  ['GET', '/api/partners/convenanten/:id/historie', [...SP, ...GM]],
  ['GET', '/api/beheer/organisaties', BH],
  ['POST', '/api/beheer/organisaties', BH],
  ['POST', '/api/beheer/organisaties/:id/schorsen', BH],
  ['POST', '/api/beheer/organisaties/:id/activeren', BH],
  ['POST', '/api/beheer/organisaties/:id/aansluitstappen', BH],
  ['GET', '/api/beheer/organisaties/:id/aansluitstappen', BH],
  ['POST', '/api/beheer/organisaties/:id/api-sleutels', BH],
  ['GET', '/api/beheer/api-sleutels', BH],
  ['POST', '/api/beheer/api-sleutels/:id/intrekken', BH],
  ['GET', '/api/beheer/vish/gemiste-leveringen', BH],
  ['GET', '/api/beheer/jobs', BH],
  ['GET', '/api/beheer/gebruikers', BH],
  ['GET', '/api/beheer/gebruikers/', BH],
  ['POST', '/api/beheer/gebruikers', BH],
  ['POST', '/api/beheer/gebruikers/', BH],
  ['POST', '/api/beheer/gebruikers/:id/deblokkeren', BH],
  ['POST', '/api/beheer/gebruikers/:id/totp-reset', BH],
  ['POST', '/api/beheer/gebruikers/:id/herstelcodes', BH],
  ['POST', '/api/beheer/gebruikers/:id/deactiveren', BH],
  ['POST', '/api/beheer/gebruikers/:id/activeren', BH],
  ['GET', '/api/beheer/certificaten', BH],
  ['POST', '/api/beheer/organisaties/:id/certificaten', BH],
  ['POST', '/api/beheer/certificaten/:serienummer/intrekken', BH],
  ['GET', '/api/gemeenten/postcodes', BH],
  ['POST', '/api/gemeenten/postcodes/import', BH],
  ['GET', '/api/beheer/bewaartermijnen/termijnen', BH],
  ['GET', '/api/beheer/bewaartermijnen/runs', BH],
  ['POST', '/api/beheer/bewaartermijnen/uitvoeren', BH],
  ['GET', '/api/audit', ['u.bh', ...FG]],
  ['GET', '/api/audit/', ['u.bh', ...FG]],
  ['GET', '/api/audit/acties', ['u.bh', ...FG]],
  ['GET', '/api/audit/verificatie', ['u.bh']],
  ['POST', '/api/audit/inzageverzoek', ['u.bh', ...FG]],
  // Added by other helpers in this round:
  ['GET', '/api/ddas/vroegsignalering', [M.gm, 'u.gmc']],
  ['GET', '/api/ddas/schuldhulpverlening', [...SCHULDHULP, 'u.gmc']],
  ['GET', '/api/ddas/aanleverinstellingen', [...SCHULDHULP, 'u.gmc', 'u.shv.ob', 'u.wt.ob']],
  ['PUT', '/api/ddas/aanleverinstellingen', [...BEHEER_GM, ...BEHEER_SHV_WT]],
  ['POST', '/api/ddas/clients', BH],
  ['GET', '/api/ddas/clients', BH],
  ['DELETE', '/api/ddas/clients/:id', BH],
  ['POST', '/api/ddas/oauth/token', IEDEREEN],
  ['POST', '/api/ddas/vs/gegevens', GEEN], // bearer token of a DDAS client only (tested in the ddas module)
  ['POST', '/api/ddas/shv/gegevens', GEEN],
  // Other methods on /gegevens: 405 for everyone, before any credential is looked at (issue 18).
  ['GET', '/api/ddas/vs/gegevens', IEDEREEN],
  ['PUT', '/api/ddas/vs/gegevens', IEDEREEN],
  ['PATCH', '/api/ddas/vs/gegevens', IEDEREEN],
  ['DELETE', '/api/ddas/vs/gegevens', IEDEREEN],
  ['GET', '/api/ddas/shv/gegevens', IEDEREEN],
  ['PUT', '/api/ddas/shv/gegevens', IEDEREEN],
  ['PATCH', '/api/ddas/shv/gegevens', IEDEREEN],
  ['DELETE', '/api/ddas/shv/gegevens', IEDEREEN],
  ['GET', '/api/signaalzaken/zaken', WERKVOORRAAD],
  ['GET', '/api/signaalzaken/zaken/:id', WERKVOORRAAD],
  ['POST', '/api/signaalzaken/zaken/:id/oppakken', WERKVOORRAAD],
  ['POST', '/api/signaalzaken/zaken/:id/contactpogingen', WERKVOORRAAD],
  ['POST', '/api/signaalzaken/zaken/:id/crisis', [M.gm, 'u.gmw', 'u.gmc']],
  ['POST', '/api/signaalzaken/zaken/:id/warme-overdracht', WERKVOORRAAD],
  ['POST', '/api/signaalzaken/zaken/:id/hulp-geaccepteerd', WERKVOORRAAD],
  ['POST', '/api/signaalzaken/zaken/:id/afsluiten', WERKVOORRAAD],
  ['POST', '/api/signaalzaken/zaken/:id/bezwaar', WERKVOORRAAD],
  ['POST', '/api/signaalzaken/zaken/:id/toewijzen', WERKVOORRAAD],
  ['POST', '/api/signaalzaken/zaken/:id/notities', WERKVOORRAAD],
  ['GET', '/api/signaalzaken/collegas', WERKVOORRAAD],
  ['GET', '/api/signaalzaken/rapportage', [M.gm, 'u.gmc']],
  ['GET', '/api/signaalzaken/rapportage/csv', [M.gm, 'u.gmc']],
  ['GET', '/api/signaalzaken/rapportage/xlsx', [M.gm, 'u.gmc']],
  ['GET', '/api/signaalzaken/werkgebieden', BH],
  ['POST', '/api/signaalzaken/werkgebieden', BH],
  ['DELETE', '/api/signaalzaken/werkgebieden/:organisatieId/:gemeentecode', BH],
  ['GET', '/api/signaalzaken/eigen-werkgebieden', BEHEER_GM],
  ['POST', '/api/signaalzaken/eigen-werkgebieden', BEHEER_GM],
  ['DELETE', '/api/signaalzaken/eigen-werkgebieden/:organisatieId', BEHEER_GM],
  ['GET', '/api/signaalzaken/beleidsplan', BEHEER_GM],
  ['PUT', '/api/signaalzaken/beleidsplan', BEHEER_GM],
  ['POST', '/api/trajecten', SCHULDHULP],
  ['GET', '/api/trajecten', SCHULDHULP],
  ['POST', '/api/trajecten/', SCHULDHULP],
  ['GET', '/api/trajecten/', SCHULDHULP],
  ['POST', '/api/trajecten/import', SCHULDHULP],
  ['GET', '/api/trajecten/vish', SCHULDHULP],
  ['PUT', '/api/trajecten/vish/instellingen', [...BEHEER_GM, ...BEHEER_SHV_WT]],
  ['POST', '/api/trajecten/vish/uitvoeren', SCHULDHULP],
  ['GET', '/api/trajecten/:id', SCHULDHULP],
  ['PATCH', '/api/trajecten/:id', SCHULDHULP],
  ['GET', '/api/trajecten/:id/ddas', SCHULDHULP],
  ['GET', '/api/trajecten/:id/overzicht', SCHULDHULP],
  ['POST', '/api/trajecten/:id/afsluiten', SCHULDHULP],
  // Schuldenrust (issue 16)
  ['GET', '/api/schuldenrust/deelname', [...SCHULDEISER, 'u.sd.ob', 'u.spb']],
  ['PUT', '/api/schuldenrust/deelname', SCHULDEISER_BEHEER],
  ['POST', '/api/schuldenrust/deelname/beeindigen', SCHULDEISER_BEHEER],
  ['GET', '/api/schuldenrust/ontvangen', SCHULDEISER],
  ['GET', '/api/schuldenrust/ontvangen/:id', SCHULDEISER],
  ['POST', '/api/schuldenrust/ontvangen/:id/antwoord', SCHULDEISER],
  ['GET', '/api/schuldenrust/schuldeisers', CONSULENT],
  ['GET', '/api/schuldenrust/trajecten/:id', CONSULENT],
  ['POST', '/api/schuldenrust/trajecten/:id/schulden', CONSULENT],
  ['POST', '/api/schuldenrust/trajecten/:id/kennisgeving', CONSULENT],
  ['POST', '/api/schuldenrust/pauzes/:id/verlengen', CONSULENT],
  ['POST', '/api/schuldenrust/pauzes/:id/beeindigen', CONSULENT],
  ['GET', '/api/schuldenrust/kennisgevingen/:id/brief', CONSULENT],
  ['GET', '/api/schuldenrust/rapportage', [...CONSULENT, 'u.gmc']],
  ['GET', '/api/schuldenrust/rapportage/csv', [...CONSULENT, 'u.gmc']],
  ['POST', '/api/schuldenrust/vorderingen', DW],
  ['GET', '/api/schuldenrust/vorderingen', DW],
  // Notifications (issue 15): a person's own list and preferences (every role; machines get 403 in the handler),
  // webhooks: the organisation's administrators (machines of those types, and in a municipality only the coordinator).
  ['GET', '/api/notificaties', MENSEN],
  ['GET', '/api/notificaties/', MENSEN],
  ['GET', '/api/notificaties/aantal', MENSEN],
  ['POST', '/api/notificaties/:id/gelezen', MENSEN],
  ['POST', '/api/notificaties/gelezen', MENSEN],
  ['GET', '/api/notificaties/voorkeuren', MENSEN],
  ['PUT', '/api/notificaties/voorkeuren', MENSEN],
  ['GET', '/api/webhooks/gebeurtenissen', WEBHOOK_BEHEER],
  ['GET', '/api/webhooks', WEBHOOK_BEHEER],
  ['GET', '/api/webhooks/', WEBHOOK_BEHEER],
  ['POST', '/api/webhooks', WEBHOOK_BEHEER],
  ['POST', '/api/webhooks/', WEBHOOK_BEHEER],
  ['PATCH', '/api/webhooks/:id', WEBHOOK_BEHEER],
  ['DELETE', '/api/webhooks/:id', WEBHOOK_BEHEER],
  ['POST', '/api/webhooks/:id/geheim', WEBHOOK_BEHEER],
  ['GET', '/api/webhooks/:id/afleveringen', WEBHOOK_BEHEER],
  ['POST', '/api/webhooks/:id/afleveringen/:afleveringId/opnieuw', WEBHOOK_BEHEER],
  // Pauzeknop (issue 16): resident routes take only a resident session (OIDC login): every staff session and machine
  // credential is refused (403), anonymous 401; the login start and return are for anonymous browsers only. Resident
  // sessions against these and staff routes: test/pauzeknop/pauzeknop.test.ts.
  ['GET', '/api/pauzeknop/inloggen', ['anoniem']],
  ['GET', '/api/pauzeknop/inloggen/terug', ['anoniem']],
  ['GET', '/api/pauzeknop/sessie', GEEN],
  ['POST', '/api/pauzeknop/uitloggen', GEEN],
  ['GET', '/api/pauzeknop/gemeente', GEEN],
  ['POST', '/api/pauzeknop/aanvragen', GEEN],
  ['GET', '/api/pauzeknop/aanvragen', GEEN],
  ['GET', '/api/pauzeknop/aanmeldingen', [M.gm, 'u.gmw', 'u.gmc', 'u.gm.shv']],
  ['POST', '/api/pauzeknop/aanmeldingen/:id/oppakken', [M.gm, 'u.gmw', 'u.gmc', 'u.gm.shv']],
  ['POST', '/api/pauzeknop/aanmeldingen/:id/contact', [M.gm, 'u.gmw', 'u.gmc', 'u.gm.shv']],
  // Self-service accounts: the session's own password and authenticator app; reset by mail link (public).
  ['POST', '/api/sessie/wachtwoord', MENSEN],
  ['POST', '/api/sessie/totp/start', MENSEN],
  ['POST', '/api/sessie/totp/bevestigen', MENSEN],
  ['POST', '/api/sessie/wachtwoord-vergeten', IEDEREEN],
  ['POST', '/api/sessie/wachtwoord-herstellen', IEDEREEN],
  ['POST', '/api/beheer/gebruikers/eerste-beheerder', BH],
  // An organisation's own people: its administrator role only (people, not machines).
  ['GET', '/api/organisatie/gebruikers', ORG_BEHEERDERS],
  ['GET', '/api/organisatie/gebruikers/', ORG_BEHEERDERS],
  ['POST', '/api/organisatie/gebruikers', ORG_BEHEERDERS],
  ['POST', '/api/organisatie/gebruikers/', ORG_BEHEERDERS],
  ['PUT', '/api/organisatie/gebruikers/:id/rol', ORG_BEHEERDERS],
  ['POST', '/api/organisatie/gebruikers/:id/deactiveren', ORG_BEHEERDERS],
  ['POST', '/api/organisatie/gebruikers/:id/activeren', ORG_BEHEERDERS],
  // Last: these end the caller's session (run with fresh sessions).
  ['POST', '/api/sessie/uitloggen', MENSEN],
  ['POST', '/api/sessie/overal-uitloggen', MENSEN],
];
const VERS = new Set(['POST /api/sessie/uitloggen', 'POST /api/sessie/overal-uitloggen']);

const DUMMY = '00000000-0000-4000-8000-000000000000';
const invullen = (pad: string) =>
  pad === '*'
    ? '/bestaat-niet.html'
    : pad
        .replace(':organisatieId', DUMMY)
        .replace(':gemeentecode', 'GM0000')
        .replace(':code', 'GM0000')
        .replace(':id', DUMMY)
        .replace(':afleveringId', DUMMY)
        .replace('/*', '/x.js');

const ROLLEN: Record<(typeof MENSEN)[number], [OrganisatieType, Rol]> = {
  'u.bh': ['beheerder', 'beheerder'],
  'u.gmw': ['gemeente', 'gemeente-medewerker'],
  'u.gmc': ['gemeente', 'gemeente-coordinator'],
  'u.gm.shv': ['gemeente', 'schuldhulpverlener'],
  'u.shv': ['schuldhulpverlener', 'schuldhulpverlener'],
  'u.shv.ob': ['schuldhulpverlener', 'organisatie-beheerder'],
  'u.wt': ['wijkteam', 'wijkteam'],
  'u.wt.ob': ['wijkteam', 'organisatie-beheerder'],
  'u.dw': ['gerechtsdeurwaarder', 'deurwaarder'],
  'u.dw.ob': ['gerechtsdeurwaarder', 'organisatie-beheerder'],
  'u.spm': ['signaalpartner', 'signaalpartner-medewerker'],
  'u.spb': ['signaalpartner', 'signaalpartner-beheerder'],
  'u.fg': ['gemeente', 'functionaris-gegevensbescherming'],
  'u.fg.shv': ['schuldhulpverlener', 'functionaris-gegevensbescherming'],
  'u.fg.wt': ['wijkteam', 'functionaris-gegevensbescherming'],
  'u.fg.dw': ['gerechtsdeurwaarder', 'functionaris-gegevensbescherming'],
  'u.fg.sp': ['signaalpartner', 'functionaris-gegevensbescherming'],
  'u.fg.bh': ['beheerder', 'functionaris-gegevensbescherming'],
  'u.sdm': ['schuldeiser', 'schuldeiser-medewerker'],
  'u.sp.sdm': ['signaalpartner', 'schuldeiser-medewerker'],
  'u.sd.ob': ['schuldeiser', 'organisatie-beheerder'],
  'u.fg.sd': ['schuldeiser', 'functionaris-gegevensbescherming'],
};

for (const kind of await databases()) {
  describe(`Authorisation matrix on ${kind}`, () => {
    let t: TestOmgeving;
    const orgs = new Map<OrganisatieType, Awaited<ReturnType<TestOmgeving['organisatie']>>>();
    const aanroepers = new Map<string, { headers: Record<string, string>; cookies?: Record<string, string> }>();
    beforeAll(async () => {
      t = await testOmgeving(kind, { LOGIN_MAX_PER_IP: 200, VISH_CONTROLE_PIEK: 1000 });
      const namen: Record<string, OrganisatieType> = {
        gm: 'gemeente',
        shv: 'schuldhulpverlener',
        wt: 'wijkteam',
        dw: 'gerechtsdeurwaarder',
        sp: 'signaalpartner',
        bh: 'beheerder',
        sd: 'schuldeiser',
      };
      for (const [k, type] of Object.entries(namen)) {
        const o = await t.organisatie(`Matrix ${type}`, type);
        orgs.set(type, o);
        aanroepers.set(`m.${k}`, { headers: o.headers });
      }
      aanroepers.set('anoniem', { headers: {} });
      for (const u of MENSEN) aanroepers.set(u, await sessie(u));
    });
    afterAll(async () => {
      await t?.sluit();
    });
    const sessie = async (u: (typeof MENSEN)[number]) => {
      const [type, rol] = ROLLEN[u];
      const s = await sessieVoor(t, orgs.get(type)!, rol);
      return { headers: s.headers, cookies: s.cookies };
    };

    it('there is a signed-in caller for every role in every organisation type it fits', () => {
      const paren = Object.entries(ROL_ORGANISATIETYPEN).flatMap(([rol, typen]) => typen.map((t) => `${t}/${rol}`));
      expect(
        Object.values(ROLLEN)
          .map(([t, r]) => `${t}/${r}`)
          .sort(),
      ).toEqual(paren.sort());
    });

    it('every route of the running app has a row, and every row is a route', () => {
      const echt = routesVan(t.app);
      const tabel = MATRIX.map(([m, p]) => `${m} ${p}`);
      expect(
        echt.filter((r) => !tabel.includes(r)),
        'routes without a row in MATRIX',
      ).toEqual([]);
      expect(
        tabel.filter((r) => !echt.includes(r)),
        'rows without a route',
      ).toEqual([]);
    });

    it('every cell: allowed callers get past access control, all others get 401/403', async () => {
      const fouten: string[] = [];
      for (const [method, pad, toegestaan] of MATRIX) {
        for (const wie of IEDEREEN) {
          const a =
            VERS.has(`${method} ${pad}`) && wie.startsWith('u.')
              ? await sessie(wie as (typeof MENSEN)[number])
              : aanroepers.get(wie)!;
          const r = await t.app.inject({
            method: method as 'GET',
            url: invullen(pad),
            headers: a.headers,
            ...(a.cookies ? { cookies: a.cookies } : {}),
            ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
          });
          const geweigerd = r.statusCode === 401 || r.statusCode === 403;
          if (geweigerd === toegestaan.includes(wie))
            fouten.push(`${method} ${pad} as ${wie}: ${r.statusCode} ${r.body.slice(0, 120)}`);
        }
      }
      expect(fouten).toEqual([]);
    }, 900_000); // thousands of requests; slow on a busy machine

    it('own vs other organisation: another organisation\'s VISH delivery is "not found"', async () => {
      const shv = orgs.get('schuldhulpverlener')!;
      const ander = await t.organisatie('Matrix andere kredietbank', 'schuldhulpverlener');
      const l = await t.app.inject({
        method: 'POST',
        url: '/api/vish/leveringen/json',
        headers: ander.headers,
        payload: { personen: [{ bsn: '111222333', contactnaam: 'Team', telefoon: '0301234567' }] },
      });
      const id = l.json().leveringId as string;
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/vish/leveringen/${id}`, headers: ander.headers })).statusCode,
      ).toBe(200);
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/vish/leveringen/${id}`, headers: shv.headers })).statusCode,
      ).toBe(404);
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/vish/leveringen/${id}`,
            cookies: aanroepers.get('u.shv')!.cookies!,
          })
        ).statusCode,
      ).toBe(404);
    });
  });
}

/**
 * Acting on a signal case, per case state (rule: src/modules/signaalzaken/bevoegdheid.ts). The municipality acts on
 * every case of its own; a work-area organisation (neighbourhood team, debt-help organisation) reads the unassigned
 * cases and may pick one up, but acts only on a case assigned to it. "Allowed" = past authorisation (any answer but
 * 401/403/404); a refused call leaves the case unchanged. Every cell gets its own case.
 */
const ZAAK_HANDELINGEN = [
  'lezen',
  'oppakken',
  'contactpogingen',
  'hulp-geaccepteerd',
  'afsluiten',
  'bezwaar',
  'crisis',
  'toewijzen',
  'notities',
];
type ZaakStaat = 'nieuw' | 'toegewezen-wijkteam' | 'opgepakt-wijkteam' | 'opgepakt-gemeente' | 'opgepakt-kredietbank';
// Callers: Utrecht (API key, worker), the neighbourhood team with Utrecht as work area (API key, person), the
// Kredietbank with Utrecht as work area (API key), Amsterdam (API key).
const ZAAK_AANROEPERS = ['gm', 'gm.mw', 'wt', 'wt.mw', 'kb', 'ams'] as const;
const GEMEENTE_ZELF = ['gm', 'gm.mw'];
const WIJKTEAM = ['wt', 'wt.mw'];
const ZAAKMATRIX: Array<[ZaakStaat, string, readonly string[]]> = [];
for (const h of ZAAK_HANDELINGEN) {
  const gemeenteEnWijkteam = h === 'crisis' ? GEMEENTE_ZELF : [...GEMEENTE_ZELF, ...WIJKTEAM];
  // Unassigned: every work-area organisation reads it and may pick it up; only the municipality does anything else.
  ZAAKMATRIX.push([
    'nieuw',
    h,
    h === 'lezen' || h === 'oppakken' ? [...GEMEENTE_ZELF, ...WIJKTEAM, 'kb'] : GEMEENTE_ZELF,
  ]);
  ZAAKMATRIX.push(['toegewezen-wijkteam', h, gemeenteEnWijkteam]); // relapse: assigned before anyone picked it up
  ZAAKMATRIX.push(['opgepakt-wijkteam', h, gemeenteEnWijkteam]);
  ZAAKMATRIX.push(['opgepakt-gemeente', h, GEMEENTE_ZELF]);
  ZAAKMATRIX.push(['opgepakt-kredietbank', h, h === 'crisis' ? GEMEENTE_ZELF : [...GEMEENTE_ZELF, 'kb']]);
}

for (const kind of await databases()) {
  describe(`Authorisation matrix of signal cases per state on ${kind}`, () => {
    let t: TestOmgeving;
    let o: Opzet;
    const aanroepers = new Map<string, { headers: Record<string, string>; cookies?: Record<string, string> }>();
    /** Per caller: a worker of its own organisation, to pick up with. */
    const behandelaar = new Map<string, string>();
    beforeAll(async () => {
      t = await testOmgeving(kind, { LOGIN_MAX_PER_IP: 200 });
      o = await opzet(t);
      for (const org of [o.wijkteam, o.kredietbank])
        await t.ctx.db.kysely
          .insertInto('werkgebieden')
          .values({ organisatie_id: org.id, gemeentecode: 'GM0344' })
          .execute();
      const wijkteamer = await t.ctx.accounts.maakGebruiker(SYSTEEM, {
        organisatieId: o.wijkteam.id,
        email: 'wijkteamer@matrix.test',
        naam: 'Wijkteamer',
        rol: 'wijkteam',
      });
      aanroepers.set('gm', o.utrecht).set('wt', o.wijkteam).set('kb', o.kredietbank).set('ams', o.amsterdam);
      aanroepers.set('gm.mw', await zaakSessie(t, o.medewerker)).set('wt.mw', await zaakSessie(t, wijkteamer));
      behandelaar.set('gm', o.medewerker.id).set('wt', wijkteamer.id).set('kb', o.consulent.id);
    });
    afterAll(async () => t?.sluit());

    it('every case state × act × caller: allowed, or refused with the case unchanged', async () => {
      const cellen = ZAAKMATRIX.flatMap(([staat, h, toegestaan]) =>
        ZAAK_AANROEPERS.map((wie) => ({ staat, h, wie, toegestaan: toegestaan.includes(wie) })),
      );
      // One case per cell: one household each, all delivered in one file.
      await lever(
        t,
        o.energie,
        cellen.map((_, i) => rij(`Matrix${i}`, '3512AB', String(i + 1))),
      );
      const db = t.ctx.db.kysely;
      const zaken = await Promise.all(cellen.map((_, i) => zaakVan(t, `3512AB|${i + 1}|`)));
      // Bring each case into its state, as the platform would.
      const pakOp = async (wie: string, zaakId: string) => {
        const r = await vraag(t, aanroepers.get(wie)!, 'POST', `/api/signaalzaken/zaken/${zaakId}/oppakken`, {
          behandelaarId: behandelaar.get(wie)!,
        });
        expect(r.statusCode, r.body).toBe(200);
      };
      for (const [i, c] of cellen.entries()) {
        const z = zaken[i]!;
        if (c.staat === 'toegewezen-wijkteam')
          await db
            .updateTable('vroegsignaalzaken')
            .set({ organisatie_id: o.wijkteam.id, behandelaar_id: behandelaar.get('wt')! })
            .where('id', '=', z.id)
            .execute();
        if (c.staat === 'opgepakt-wijkteam') await pakOp('wt', z.id);
        if (c.staat === 'opgepakt-gemeente') await pakOp('gm', z.id);
        if (c.staat === 'opgepakt-kredietbank') await pakOp('kb', z.id);
      }
      const fouten: string[] = [];
      for (const [i, c] of cellen.entries()) {
        const z = zaken[i]!;
        const wie = aanroepers.get(c.wie)!;
        const url = `/api/signaalzaken/zaken/${z.id}${c.h === 'lezen' ? '' : `/${c.h}`}`;
        const payload =
          c.h === 'oppakken'
            ? c.wie.endsWith('.mw')
              ? {}
              : { behandelaarId: behandelaar.get(c.wie) ?? behandelaar.get('gm')! }
            : c.h === 'contactpogingen'
              ? { soort: 'Telefoon', bereikt: true }
              : c.h === 'afsluiten'
                ? { resultaat: 'Inwoner is overleden' }
                : c.h === 'hulp-geaccepteerd'
                  ? {}
                  : c.h === 'toewijzen'
                    ? { behandelaarId: behandelaar.get(c.wie.replace('.mw', '')) ?? behandelaar.get('gm')! }
                    : c.h === 'notities'
                      ? { tekst: 'Gebeld, terugbellen na 17 uur.' }
                      : undefined;
        const voor = await zaakVan(t, `3512AB|${i + 1}|`);
        const r = await vraag(t, wie, c.h === 'lezen' ? 'GET' : 'POST', url, payload);
        const geweigerd = [401, 403, 404].includes(r.statusCode);
        if (geweigerd === c.toegestaan)
          fouten.push(`${c.staat} ${c.h} as ${c.wie}: ${r.statusCode} ${r.body.slice(0, 100)}`);
        if (geweigerd && JSON.stringify(await zaakVan(t, `3512AB|${i + 1}|`)) !== JSON.stringify(voor))
          fouten.push(`${c.staat} ${c.h} as ${c.wie}: refused, but the case changed`);
      }
      expect(fouten).toEqual([]);
    }, 900_000); // thousands of requests; slow on a busy machine
  });
}
