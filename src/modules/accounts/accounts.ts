import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database, OrganisatieType } from '../../db/schema.ts';
import type { Actor, AuditLog } from '../audit/index.ts';
import { AppError, invalidInput, notFound } from '../../shared/errors.ts';
import { geheugenTellers, type Tellers } from '../../db/tellers.ts';
import QRCode from 'qrcode';
import { type AccountMailer, herstelMail, uitnodigingsMail } from './mails.ts';
import {
  controleerTotp,
  controleerWachtwoord,
  genereerHerstelcodes,
  genereerTotpGeheim,
  genereerWachtwoord,
  hashHerstelcode,
  hashWachtwoord,
  normaliseerHerstelcode,
  totpUri,
  WACHTWOORD_MIN,
  type Kluis,
} from './geheimen.ts';
import { BEHEERROLLEN, rolPastBij, type Rol } from './rollen.ts';

export const SESSIE_COOKIE = 'sr_sessie';
export const CSRF_HEADER = 'x-csrf-token';
export const MAX_MISLUKT = 5;
export const BLOKKADE_MS = 15 * 60_000;
/** How long an invitation's one-time password works: after that, a new invitation or "wachtwoord vergeten". */
export const EENMALIG_GELDIG_DAGEN = 7;
export const eenmaligVerlooptOp = (nu: Date) => new Date(nu.getTime() + EENMALIG_GELDIG_DAGEN * 86_400_000);
export const eenmaligVerlopen = () =>
  new AppError(
    401,
    'eenmalig_wachtwoord_verlopen',
    `Uw eenmalige wachtwoord is verlopen: het was ${EENMALIG_GELDIG_DAGEN} dagen geldig. Kies "Wachtwoord vergeten" om een nieuw wachtwoord te maken, of vraag de beheerder van uw organisatie om een nieuwe uitnodiging.`,
  );
/** How long a password reset link works. */
export const HERSTEL_MINUTEN = 30;
/** Reset requests per address per 15 minutes (more get the same answer, but no mail). */
const HERSTEL_MAX_PER_ADRES = 3;
/** laatst_actief_op is written at most this often per session. */
const ACTIVITEIT_INTERVAL_MS = 60_000;

/**
 * The one answer to every failed login: unknown address, wrong password or code, inactive user and locked account
 * alike, so an answer never tells which addresses have an account (and which are locked).
 */
export const onjuist = () =>
  new AppError(
    401,
    'inloggen_mislukt',
    `E-mailadres, wachtwoord of code onjuist. Na ${MAX_MISLUKT} mislukte pogingen blokkeren we het account 15 minuten; probeer het dan later opnieuw of neem contact op met de beheerder van uw organisatie.`,
  );
export const teVeel = () =>
  new AppError(
    429,
    'te_veel_pogingen',
    'Te veel inlogpogingen. Na te veel mislukte pogingen blijft het account 15 minuten geblokkeerd. Wacht 15 minuten en probeer het dan opnieuw, of vraag de beheerder van uw organisatie om het account te deblokkeren.',
  );

/** A signed-in user as seen by a request. */
export interface SessieGebruiker {
  gebruikerId: string;
  naam: string;
  email: string;
  rol: Rol;
  organisatieId: string;
  organisatieNaam: string;
  organisatieType: OrganisatieType;
  organisatieStatus: 'actief' | 'geschorst';
  verlooptOp: Date;
  /**
   * What the session must do before anything else: change a one-time password, then enrol TOTP. Null: nothing.
   * A restricted session reaches only the routes that say so (`ookBeperkt`).
   */
  beperking: Beperking | null;
}

export type Beperking = 'wachtwoord-wijzigen' | 'totp-instellen';

export interface Uitnodiging {
  id: string;
  email: string;
  uitnodigingVerstuurd: boolean;
  /** Only when the mail could not be sent: the administrator hands it over another way. */
  eenmaligWachtwoord?: string;
}

export interface GebruikerOverzicht {
  id: string;
  organisatieId: string;
  organisatieNaam: string;
  email: string;
  naam: string;
  rol: Rol;
  actief: boolean;
  /** Set only while the lock-out lasts. */
  geblokkeerdTot: Date | null;
  aangemaaktOp: Date;
  laatsteLogin: Date | null;
}

export interface NieuweGebruiker {
  id: string;
  email: string;
  wachtwoord: string;
  totpGeheim: string;
  totpUri: string;
  herstelcodes: string[];
  /** When an invitation's one-time password stops working; null for a password that was chosen. */
  wachtwoordVerlooptOp: Date | null;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const teVeelHerstel = () =>
  new AppError(429, 'te_veel_verzoeken', 'Te veel verzoeken. Wacht een paar minuten en probeer het opnieuw.');

function controleerNieuwWachtwoord(nieuw: string) {
  if (nieuw.length < WACHTWOORD_MIN) throw invalidInput(`Een wachtwoord heeft minstens ${WACHTWOORD_MIN} tekens.`);
}
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const normaliseerEmail = (e: string) => e.trim().toLowerCase();

/**
 * People accounts: users, password + TOTP login, recovery codes, lock-out, sessions.
 * Only hashes of passwords, recovery codes and session tokens are stored; TOTP secrets are encrypted.
 */
export class Accounts {
  /** The service's clock; tests move it. */
  klok: () => Date = () => new Date();
  /** The argon2 check; tests count its calls. */
  wachtwoordControle: (phc: string, wachtwoord: string) => Promise<boolean> = controleerWachtwoord;
  /** Mails sent without waiting (reset): tests wait for them. */
  readonly verzonden = new Set<Promise<unknown>>();
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: Config,
    private readonly audit: AuditLog,
    private readonly kluis: Kluis,
    private readonly mailer?: AccountMailer,
    /** Attempt windows (login, in-session checks, reset requests); shared by the nodes on PostgreSQL or Redis. */
    private readonly tellers: Tellers = geheugenTellers(),
  ) {}

  /** Counts one attempt in a window of the shared counters; true when over the limit. */
  private async teVaak(soort: string, sleutel: string, max: number, vensterMs = 60_000): Promise<boolean> {
    return (await this.tellers.venster(`${soort}:${sleutel}`, max, vensterMs, this.klok().getTime())) > 0;
  }

  // --- Users ---

  /** Creates a user with a TOTP secret and 10 recovery codes. Secrets are returned once, here. */
  async maakGebruiker(
    actor: Actor,
    input: {
      organisatieId: string;
      email: string;
      naam: string;
      rol: Rol;
      wachtwoord?: string;
      totpGeheim?: string;
      herstelcodes?: boolean;
      /** Invitation: no TOTP (the user enrols it), a one-time password that must be changed at first login. */
      uitnodiging?: boolean;
      /**
       * The operator's form: in another organisation only its administrator role (the organisation adds its own
       * people itself).
       */
      alleenBeheerrol?: boolean;
    },
  ): Promise<NieuweGebruiker> {
    const email = normaliseerEmail(input.email);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320)
      throw invalidInput('Het e-mailadres is niet geldig.');
    if (!input.naam.trim()) throw invalidInput('De naam ontbreekt.');
    const org = await this.db
      .selectFrom('organisaties')
      .select(['id', 'type'])
      .where('id', '=', input.organisatieId)
      .executeTakeFirst();
    if (!org) throw notFound();
    if (!rolPastBij(input.rol, org.type))
      throw invalidInput(`De rol ${input.rol} past niet bij een organisatie van het type ${org.type}.`);
    if (input.alleenBeheerrol && org.type !== 'beheerder' && !BEHEERROLLEN[org.type].includes(input.rol))
      throw new AppError(
        400,
        'alleen_beheerder',
        `U maakt alleen de beheerder van een organisatie aan (rol ${BEHEERROLLEN[org.type].join(' of ')}). Die voegt zelf de andere mensen van de organisatie toe.`,
      );
    const wachtwoord = input.wachtwoord ?? genereerWachtwoord();
    if (wachtwoord.length < WACHTWOORD_MIN)
      throw invalidInput(`Een wachtwoord heeft minstens ${WACHTWOORD_MIN} tekens.`);
    const bestaat = await this.db.selectFrom('gebruikers').select('id').where('email', '=', email).executeTakeFirst();
    if (bestaat) throw new AppError(409, 'bestaat_al', 'Er bestaat al een gebruiker met dit e-mailadres.');
    const id = randomUUID();
    const totpGeheim = input.uitnodiging ? '' : (input.totpGeheim ?? genereerTotpGeheim());
    const wachtwoordVerlooptOp = input.uitnodiging ? eenmaligVerlooptOp(this.klok()) : null;
    const herstelcodes = input.herstelcodes === false || input.uitnodiging ? [] : genereerHerstelcodes();
    const wachtwoordHash = await hashWachtwoord(wachtwoord);
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('gebruikers')
        .values({
          id,
          organisatie_id: org.id,
          email,
          naam: input.naam.trim(),
          rol: input.rol,
          wachtwoord_hash: wachtwoordHash,
          totp_geheim: totpGeheim ? this.kluis.versleutel(totpGeheim, id) : null,
          wachtwoord_wijzigen: input.uitnodiging === true,
          wachtwoord_verloopt_op: wachtwoordVerlooptOp,
        })
        .execute();
      if (herstelcodes.length) {
        await tx
          .insertInto('herstelcodes')
          .values(herstelcodes.map((c) => ({ gebruiker_id: id, hash: hashHerstelcode(normaliseerHerstelcode(c)!) })))
          .execute();
      }
    });
    await this.audit.schrijf({
      actor,
      actie: 'gebruiker.aanmaken',
      onderwerp: id,
      resultaat: 'ok',
      details: { rol: input.rol, ...(input.uitnodiging ? { uitnodiging: true } : {}) },
    });
    return {
      id,
      email,
      wachtwoord,
      totpGeheim,
      totpUri: totpGeheim ? totpUri(email, totpGeheim) : '',
      wachtwoordVerlooptOp,
      herstelcodes,
    };
  }

  /**
   * Creates a user by invitation: a one-time password (changed at first login), no TOTP (the user enrols it), and a
   * Dutch invitation mail. The password is in the answer only when the mail could not be sent.
   */
  async nodigUit(
    actor: Actor,
    input: { organisatieId: string; email: string; naam: string; rol: Rol },
  ): Promise<Uitnodiging> {
    const g = await this.maakGebruiker(actor, { ...input, uitnodiging: true });
    const org = await this.db
      .selectFrom('organisaties')
      .select('naam')
      .where('id', '=', input.organisatieId)
      .executeTakeFirstOrThrow();
    const verstuurd = this.mailer
      ? await this.mailer.verstuur(
          uitnodigingsMail(this.mailer.basisUrl, {
            aan: g.email,
            organisatieNaam: org.naam,
            wachtwoord: g.wachtwoord,
            geldigTot: g.wachtwoordVerlooptOp ?? eenmaligVerlooptOp(this.klok()),
          }),
        )
      : false;
    await this.audit.schrijf({
      actor,
      actie: 'gebruiker.uitnodiging',
      onderwerp: g.id,
      resultaat: verstuurd ? 'ok' : 'mislukt',
    });
    return {
      id: g.id,
      email: g.email,
      uitnodigingVerstuurd: verstuurd,
      ...(verstuurd ? {} : { eenmaligWachtwoord: g.wachtwoord }),
    };
  }

  /**
   * The operator invites an organisation's first administrator (its type's administrator role). Refused (409) when
   * the organisation has an active administrator already: from then on it manages its own people.
   */
  async nodigEersteBeheerderUit(
    actor: Actor,
    input: { organisatieId: string; email: string; naam: string },
  ): Promise<Uitnodiging & { rol: Rol }> {
    const org = await this.db
      .selectFrom('organisaties')
      .select(['type'])
      .where('id', '=', input.organisatieId)
      .executeTakeFirst();
    if (!org) throw notFound();
    const rollen = BEHEERROLLEN[org.type];
    const rol = rollen[0]!;
    const bestaand = await this.db
      .selectFrom('gebruikers')
      .select('id')
      .where('organisatie_id', '=', input.organisatieId)
      .where('rol', 'in', rollen)
      .where('actief', '=', true)
      .executeTakeFirst();
    if (bestaand)
      throw new AppError(
        409,
        'heeft_beheerder',
        'Deze organisatie heeft al een actieve beheerder. Die voegt zelf de mensen van de organisatie toe.',
      );
    return { ...(await this.nodigUit(actor, { ...input, rol })), rol };
  }

  /** The organisation of a user, or null: the organisation administrator's scope check. */
  async organisatieVan(gebruikerId: string): Promise<string | null> {
    const g = await this.db
      .selectFrom('gebruikers')
      .select('organisatie_id')
      .where('id', '=', gebruikerId)
      .executeTakeFirst();
    return g?.organisatie_id ?? null;
  }

  /** Gives a user another role that fits the organisation's type. The user's next request has the new role. */
  async wijzigRol(actor: Actor, gebruikerId: string, rol: Rol): Promise<{ rol: Rol }> {
    const g = await this.db
      .selectFrom('gebruikers as g')
      .innerJoin('organisaties as o', 'o.id', 'g.organisatie_id')
      .select(['g.rol', 'o.type'])
      .where('g.id', '=', gebruikerId)
      .executeTakeFirst();
    if (!g) throw notFound();
    if (!rolPastBij(rol, g.type))
      throw invalidInput(`De rol ${rol} past niet bij een organisatie van het type ${g.type}.`);
    await this.db.updateTable('gebruikers').set({ rol }).where('id', '=', gebruikerId).execute();
    await this.audit.schrijf({
      actor,
      actie: 'gebruiker.rol',
      onderwerp: gebruikerId,
      resultaat: 'ok',
      details: { van: g.rol, naar: rol },
    });
    return { rol };
  }

  // --- Self-service: password, TOTP enrolment, password reset ---

  /**
   * Changes the password with the current one. Clears a one-time password's restriction; every other session of
   * the user ends (this one goes on).
   */
  async wijzigWachtwoord(
    actor: Actor,
    gebruikerId: string,
    sessieToken: string,
    huidig: string,
    nieuw: string,
  ): Promise<{ sessiesBeeindigd: number }> {
    if (await this.teVaak('sessie-controle', gebruikerId, 10)) throw teVeel();
    const g = await this.db
      .selectFrom('gebruikers')
      .select(['wachtwoord_hash'])
      .where('id', '=', gebruikerId)
      .executeTakeFirst();
    if (!g) throw notFound();
    if (!(await this.wachtwoordControle(g.wachtwoord_hash, huidig))) {
      await this.audit.schrijf({
        actor,
        actie: 'gebruiker.wachtwoord',
        onderwerp: gebruikerId,
        resultaat: 'geweigerd',
        details: { reden: 'huidig-onjuist' },
      });
      throw new AppError(400, 'huidig_wachtwoord_onjuist', 'Uw huidige wachtwoord is niet juist.');
    }
    controleerNieuwWachtwoord(nieuw);
    if (huidig === nieuw) throw invalidInput('Kies een nieuw wachtwoord dat anders is dan uw huidige wachtwoord.');
    await this.db
      .updateTable('gebruikers')
      .set({ wachtwoord_hash: await hashWachtwoord(nieuw), wachtwoord_wijzigen: false, wachtwoord_verloopt_op: null })
      .where('id', '=', gebruikerId)
      .execute();
    const sessiesBeeindigd = await this.trekSessiesIn(gebruikerId, sha256(sessieToken));
    await this.audit.schrijf({
      actor,
      actie: 'gebruiker.wachtwoord',
      onderwerp: gebruikerId,
      resultaat: 'ok',
      details: { sessies: sessiesBeeindigd },
    });
    return { sessiesBeeindigd };
  }

  /**
   * Starts TOTP enrolment: a new secret, kept aside until a first valid code confirms it (the current one, if any,
   * goes on working until then). Replacing an enrolled secret needs the current password.
   */
  async startTotp(
    actor: Actor,
    gebruikerId: string,
    wachtwoord: string | undefined,
  ): Promise<{ geheim: string; uri: string; qrCode: string }> {
    const g = await this.db
      .selectFrom('gebruikers')
      .select(['email', 'totp_geheim', 'wachtwoord_hash'])
      .where('id', '=', gebruikerId)
      .executeTakeFirst();
    if (!g) throw notFound();
    if (g.totp_geheim) {
      if (await this.teVaak('sessie-controle', gebruikerId, 10)) throw teVeel();
      if (!wachtwoord || !(await this.wachtwoordControle(g.wachtwoord_hash, wachtwoord)))
        throw new AppError(400, 'huidig_wachtwoord_onjuist', 'Uw huidige wachtwoord is niet juist.');
    }
    const geheim = genereerTotpGeheim();
    await this.db
      .updateTable('gebruikers')
      .set({ totp_voorlopig: this.kluis.versleutel(geheim, `${gebruikerId}:voorlopig`) })
      .where('id', '=', gebruikerId)
      .execute();
    const uri = totpUri(g.email, geheim);
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    await this.audit.schrijf({ actor, actie: 'gebruiker.totp-start', onderwerp: gebruikerId, resultaat: 'ok' });
    return { geheim, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
  }

  /**
   * Completes enrolment with a first valid code of the new secret: it replaces the old one, and the user gets 10 new
   * recovery codes (shown once). A wrong code changes nothing.
   */
  async bevestigTotp(actor: Actor, gebruikerId: string, code: string): Promise<{ herstelcodes: string[] }> {
    if (await this.teVaak('sessie-controle', gebruikerId, 10)) throw teVeel();
    const g = await this.db
      .selectFrom('gebruikers')
      .select(['totp_voorlopig'])
      .where('id', '=', gebruikerId)
      .executeTakeFirst();
    if (!g) throw notFound();
    if (!g.totp_voorlopig)
      throw new AppError(409, 'geen_inschrijving', 'Start eerst het instellen van de authenticator-app.');
    const geheim = this.kluis.ontsleutel(g.totp_voorlopig, `${gebruikerId}:voorlopig`);
    const stap = await controleerTotp(geheim, code.replace(/\s/g, ''), this.klok(), null);
    if (stap === null) {
      await this.audit.schrijf({
        actor,
        actie: 'gebruiker.totp-instellen',
        onderwerp: gebruikerId,
        resultaat: 'geweigerd',
      });
      throw new AppError(
        400,
        'code_onjuist',
        'De code klopt niet. Controleer of de tijd op uw telefoon goed staat en vul de nieuwste code in.',
      );
    }
    const herstelcodes = genereerHerstelcodes();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('gebruikers')
        .set({ totp_geheim: this.kluis.versleutel(geheim, gebruikerId), totp_voorlopig: null, totp_laatste_stap: stap })
        .where('id', '=', gebruikerId)
        .execute();
      await tx.deleteFrom('herstelcodes').where('gebruiker_id', '=', gebruikerId).execute();
      await tx
        .insertInto('herstelcodes')
        .values(
          herstelcodes.map((c) => ({ gebruiker_id: gebruikerId, hash: hashHerstelcode(normaliseerHerstelcode(c)!) })),
        )
        .execute();
    });
    await this.audit.schrijf({ actor, actie: 'gebruiker.totp-instellen', onderwerp: gebruikerId, resultaat: 'ok' });
    return { herstelcodes };
  }

  /**
   * A password reset request. The same answer whether or not the address has an account (the mail is sent without
   * waiting, so the timing does not tell either); at most HERSTEL_MAX_PER_ADRES mails per address per 15 minutes.
   * A new link makes the earlier ones of the user stop working.
   */
  async vraagHerstelAan(email: string, ip: string): Promise<void> {
    const nu = this.klok();
    if (await this.teVaak('herstel-ip', ip, Math.max(5, Math.floor(this.config.LOGIN_MAX_PER_IP / 2))))
      throw teVeelHerstel();
    const adres = normaliseerEmail(email);
    if (await this.teVaak('herstel-adres', adres, HERSTEL_MAX_PER_ADRES, 15 * 60_000)) return;
    const g = await this.db
      .selectFrom('gebruikers as g')
      .innerJoin('organisaties as o', 'o.id', 'g.organisatie_id')
      .select(['g.id', 'g.organisatie_id', 'g.email'])
      .where('g.email', '=', adres)
      .where('g.actief', '=', true)
      .where('o.status', '=', 'actief')
      .executeTakeFirst();
    if (!g || !this.mailer) return;
    const token = randomBytes(32).toString('base64url');
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('wachtwoord_herstel')
        .set({ gebruikt_op: nu })
        .where('gebruiker_id', '=', g.id)
        .where('gebruikt_op', 'is', null)
        .execute();
      await tx
        .insertInto('wachtwoord_herstel')
        .values({
          id: sha256(token),
          gebruiker_id: g.id,
          aangemaakt_op: nu,
          verloopt_op: new Date(nu.getTime() + HERSTEL_MINUTEN * 60_000),
        })
        .execute();
    });
    const actor: Actor = { organisatieId: g.organisatie_id, soort: 'gebruiker', id: g.id };
    const mail = herstelMail(this.mailer.basisUrl, { aan: g.email, token, minuten: HERSTEL_MINUTEN });
    const p = this.mailer
      .verstuur(mail)
      .then((ok) =>
        this.audit.schrijf({
          actor,
          actie: 'gebruiker.herstel-aangevraagd',
          onderwerp: g.id,
          resultaat: ok ? 'ok' : 'mislukt',
        }),
      )
      .catch(() => undefined)
      .finally(() => this.verzonden.delete(p));
    this.verzonden.add(p);
  }

  /**
   * Sets a new password with a reset link's token: the token works once and for HERSTEL_MINUTEN; every session of
   * the user ends, a one-time password's restriction and a lock-out are lifted.
   */
  async herstelWachtwoord(token: string, nieuw: string, ip: string): Promise<void> {
    const nu = this.klok();
    if (await this.teVaak('herstel-ip', ip, Math.max(5, Math.floor(this.config.LOGIN_MAX_PER_IP / 2))))
      throw teVeelHerstel();
    controleerNieuwWachtwoord(nieuw);
    const ongeldig = () =>
      new AppError(
        400,
        'herstellink_ongeldig',
        'Deze link werkt niet meer: hij is verlopen of al gebruikt. Vraag een nieuwe link aan via "Wachtwoord vergeten".',
      );
    if (!TOKEN.test(token)) throw ongeldig();
    const hash = await hashWachtwoord(nieuw);
    const r = await this.db
      .updateTable('wachtwoord_herstel')
      .set({ gebruikt_op: nu })
      .where('id', '=', sha256(token))
      .where('gebruikt_op', 'is', null)
      .where('verloopt_op', '>', nu)
      .returning('gebruiker_id')
      .executeTakeFirst();
    if (!r) throw ongeldig();
    const g = await this.db
      .updateTable('gebruikers')
      .set({
        wachtwoord_hash: hash,
        wachtwoord_wijzigen: false,
        wachtwoord_verloopt_op: null,
        mislukte_pogingen: 0,
        geblokkeerd_tot: null,
      })
      .where('id', '=', r.gebruiker_id)
      .returning(['organisatie_id'])
      .executeTakeFirstOrThrow();
    const n = await this.trekSessiesIn(r.gebruiker_id);
    await this.audit.schrijf({
      actor: { organisatieId: g.organisatie_id, soort: 'gebruiker', id: r.gebruiker_id },
      actie: 'gebruiker.wachtwoord-herstel',
      onderwerp: r.gebruiker_id,
      resultaat: 'ok',
      details: { sessies: n },
    });
  }

  async vindGebruiker(email: string) {
    return this.db
      .selectFrom('gebruikers')
      .select(['id', 'organisatie_id', 'email', 'naam', 'rol', 'actief', 'geblokkeerd_tot'])
      .where('email', '=', normaliseerEmail(email))
      .executeTakeFirst();
  }

  /** New TOTP secret (the old one stops working) and all sessions revoked. */
  async totpReset(actor: Actor, gebruikerId: string): Promise<{ totpGeheim: string; totpUri: string }> {
    const g = await this.db.selectFrom('gebruikers').select(['email']).where('id', '=', gebruikerId).executeTakeFirst();
    if (!g) throw notFound();
    const totpGeheim = genereerTotpGeheim();
    await this.db
      .updateTable('gebruikers')
      .set({ totp_geheim: this.kluis.versleutel(totpGeheim, gebruikerId), totp_laatste_stap: null })
      .where('id', '=', gebruikerId)
      .execute();
    await this.trekSessiesIn(gebruikerId);
    await this.audit.schrijf({ actor, actie: 'gebruiker.totp-reset', onderwerp: gebruikerId, resultaat: 'ok' });
    return { totpGeheim, totpUri: totpUri(g.email, totpGeheim) };
  }

  /** Replaces all recovery codes of a user with 10 new ones. */
  async nieuweHerstelcodes(actor: Actor, gebruikerId: string): Promise<string[]> {
    if (!(await this.db.selectFrom('gebruikers').select('id').where('id', '=', gebruikerId).executeTakeFirst()))
      throw notFound();
    const codes = genereerHerstelcodes();
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('herstelcodes').where('gebruiker_id', '=', gebruikerId).execute();
      await tx
        .insertInto('herstelcodes')
        .values(codes.map((c) => ({ gebruiker_id: gebruikerId, hash: hashHerstelcode(normaliseerHerstelcode(c)!) })))
        .execute();
    });
    await this.audit.schrijf({ actor, actie: 'gebruiker.herstelcodes', onderwerp: gebruikerId, resultaat: 'ok' });
    return codes;
  }

  async deblokkeer(actor: Actor, gebruikerId: string): Promise<boolean> {
    const r = await this.db
      .updateTable('gebruikers')
      .set({ mislukte_pogingen: 0, geblokkeerd_tot: null })
      .where('id', '=', gebruikerId)
      .executeTakeFirst();
    const ok = Number(r.numUpdatedRows) === 1;
    if (ok)
      await this.audit.schrijf({ actor, actie: 'gebruiker.deblokkeren', onderwerp: gebruikerId, resultaat: 'ok' });
    return ok;
  }

  /**
   * Users for the operator: never a password hash, TOTP secret or recovery code. `laatsteLogin` is the start of
   * the user's newest session; ended sessions go after SESSIE_BEWAARTERMIJN_DAGEN, so it can be unknown (null).
   */
  async lijstGebruikers(organisatieId?: string): Promise<GebruikerOverzicht[]> {
    let q = this.db
      .selectFrom('gebruikers as g')
      .innerJoin('organisaties as o', 'o.id', 'g.organisatie_id')
      .select((eb) => [
        'g.id',
        'g.organisatie_id',
        'o.naam as organisatie_naam',
        'g.email',
        'g.naam',
        'g.rol',
        'g.actief',
        'g.geblokkeerd_tot',
        'g.aangemaakt_op',
        eb
          .selectFrom('sessies as s')
          .whereRef('s.gebruiker_id', '=', 'g.id')
          .select((e) => e.fn.max('s.aangemaakt_op').as('m'))
          .as('laatste_login'),
      ]);
    if (organisatieId) q = q.where('g.organisatie_id', '=', organisatieId);
    const nu = this.klok().getTime();
    return (await q.orderBy('o.naam').orderBy('g.email').execute()).map((r) => ({
      id: r.id,
      organisatieId: r.organisatie_id,
      organisatieNaam: r.organisatie_naam,
      email: r.email,
      naam: r.naam,
      rol: r.rol,
      actief: r.actief,
      geblokkeerdTot:
        r.geblokkeerd_tot && new Date(r.geblokkeerd_tot).getTime() > nu ? new Date(r.geblokkeerd_tot) : null,
      aangemaaktOp: new Date(r.aangemaakt_op),
      laatsteLogin: r.laatste_login ? new Date(r.laatste_login) : null,
    }));
  }

  /**
   * Deactivates (or reactivates) a user. A deactivated user cannot log in (same answer as a wrong password)
   * and every session ends at once. Returns the number of sessions ended.
   */
  async zetActief(
    actor: Actor,
    gebruikerId: string,
    actief: boolean,
  ): Promise<{ actief: boolean; sessiesBeeindigd: number }> {
    const r = await this.db.updateTable('gebruikers').set({ actief }).where('id', '=', gebruikerId).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw notFound();
    const sessiesBeeindigd = actief ? 0 : await this.trekSessiesIn(gebruikerId);
    await this.audit.schrijf({
      actor,
      actie: actief ? 'gebruiker.activeren' : 'gebruiker.deactiveren',
      onderwerp: gebruikerId,
      resultaat: 'ok',
      ...(actief ? {} : { details: { sessies: sessiesBeeindigd } }),
    });
    return { actief, sessiesBeeindigd };
  }

  // --- Login ---

  /**
   * Password + second factor (TOTP code or a recovery code). One answer (`onjuist`) for an unknown address, a wrong
   * password or code, an inactive user and a locked account, each after one argon2 verification (real or dummy), so
   * neither the answer nor its timing tells which addresses exist. MAX_MISLUKT failures lock for 15 minutes.
   *
   * Concurrency: an attempt is counted (claimed) in one UPDATE before the password is checked, so parallel guesses
   * never get more than MAX_MISLUKT checks; a TOTP step is taken in one UPDATE, so one code opens one session.
   */
  async inloggen(input: {
    email: string;
    wachtwoord: string;
    /** TOTP or recovery code; empty only for a user who has not enrolled TOTP yet. */
    code?: string;
    ip: string;
  }): Promise<{ token: string; csrfToken: string; gebruiker: SessieGebruiker }> {
    const nu = this.klok();
    const email = normaliseerEmail(input.email);
    if (
      (await this.teVaak('login-ip', input.ip, this.config.LOGIN_MAX_PER_IP)) ||
      (await this.teVaak('login-account', email, this.config.LOGIN_MAX_PER_ACCOUNT))
    )
      throw teVeel();

    const g = await this.db
      .selectFrom('gebruikers as g')
      .innerJoin('organisaties as o', 'o.id', 'g.organisatie_id')
      .select([
        'g.id',
        'g.organisatie_id',
        'g.wachtwoord_hash',
        'g.wachtwoord_verloopt_op',
        'g.totp_geheim',
        'g.actief',
        'o.status',
      ])
      .where('g.email', '=', email)
      .executeTakeFirst();
    const actor: Actor = { organisatieId: g?.organisatie_id ?? null, soort: 'gebruiker', id: g?.id ?? null };
    const weiger = async (reden: string, resultaat = 'geweigerd') => {
      await this.audit.schrijf({ actor, actie: 'sessie.inloggen', resultaat, details: { reden } });
      return onjuist();
    };
    // Same work as for a real account, so timing does not tell which addresses exist or are locked.
    const nepControle = async () => this.wachtwoordControle(await this.nepHash(), input.wachtwoord);
    if (!g) {
      await nepControle();
      throw await weiger('onbekend');
    }
    const poging = await this.claimPoging(g.id, nu);
    if (poging === null) {
      await nepControle();
      throw await weiger('geblokkeerd', 'geblokkeerd');
    }
    /** A failed attempt (already counted by the claim): the one that reaches the limit locks the account. */
    const mislukt = async (reden: string): Promise<AppError> => {
      if (poging < MAX_MISLUKT) return weiger(reden);
      await this.db
        .updateTable('gebruikers')
        .set({ mislukte_pogingen: 0, geblokkeerd_tot: new Date(nu.getTime() + BLOKKADE_MS) })
        .where('id', '=', g.id)
        .execute();
      return weiger(reden, 'geblokkeerd');
    };
    if (!(await this.wachtwoordControle(g.wachtwoord_hash, input.wachtwoord))) throw await mislukt('wachtwoord');
    if (!g.actief) throw await mislukt('inactief');
    if (g.wachtwoord_verloopt_op && g.wachtwoord_verloopt_op <= nu) {
      // The password was right, so saying why does not reveal more than the mail did.
      await weiger('eenmalig-verlopen');
      throw eenmaligVerlopen();
    }

    let factor: 'totp' | 'herstelcode' | 'geen' = 'totp';
    const code = (input.code ?? '').trim().replace(/\s/g, '');
    if (!g.totp_geheim) {
      // Not enrolled yet (invitation, or enrolment reset): the password alone opens a session that can only enrol TOTP
      // (and first change a one-time password).
      factor = 'geen';
    } else if (/^\d{6}$/.test(code)) {
      // The last step is read fresh (after the slow password check) and taken atomically below.
      const vorige = await this.db
        .selectFrom('gebruikers')
        .select('totp_laatste_stap')
        .where('id', '=', g.id)
        .executeTakeFirstOrThrow();
      const stap = await controleerTotp(this.kluis.ontsleutel(g.totp_geheim, g.id), code, nu, vorige.totp_laatste_stap);
      if (stap === null || !(await this.neemTotpStap(g.id, stap))) throw await mislukt('code');
    } else {
      const h = normaliseerHerstelcode(code);
      const r = h
        ? await this.db
            .updateTable('herstelcodes')
            .set({ gebruikt_op: nu })
            .where('gebruiker_id', '=', g.id)
            .where('hash', '=', hashHerstelcode(h))
            .where('gebruikt_op', 'is', null)
            .executeTakeFirst()
        : undefined;
      if (!r || Number(r.numUpdatedRows) !== 1) throw await mislukt('code');
      factor = 'herstelcode';
    }
    // The credentials were right: the attempt does not count against the account.
    await this.db
      .updateTable('gebruikers')
      .set({ mislukte_pogingen: 0, geblokkeerd_tot: null })
      .where('id', '=', g.id)
      .execute();
    if (g.status !== 'actief') {
      await this.audit.schrijf({
        actor,
        actie: 'sessie.inloggen',
        resultaat: 'geweigerd',
        details: { reden: 'organisatie-geschorst' },
      });
      throw new AppError(
        403,
        'organisatie_geschorst',
        'De toegang van uw organisatie is geschorst. Neem contact op met de beheerder.',
      );
    }

    // Housekeeping: this user's ended sessions go.
    const einde = new Date(nu.getTime() - this.inactiefMs());
    await this.db
      .deleteFrom('sessies')
      .where('gebruiker_id', '=', g.id)
      .where((eb) =>
        eb.or([eb('ingetrokken_op', 'is not', null), eb('verloopt_op', '<', nu), eb('laatst_actief_op', '<', einde)]),
      )
      .execute();

    const token = randomBytes(32).toString('base64url');
    await this.db
      .insertInto('sessies')
      .values({
        id: sha256(token),
        gebruiker_id: g.id,
        aangemaakt_op: nu,
        laatst_actief_op: nu,
        verloopt_op: new Date(nu.getTime() + this.config.SESSIE_MAX_UREN * 3_600_000),
      })
      .execute();
    await this.audit.schrijf({
      actor,
      actie: 'sessie.inloggen',
      resultaat: 'ok',
      details: { factor },
    });
    const gebruiker = await this.sessie(token);
    if (!gebruiker) throw new Error('session not found right after creation');
    return { token, csrfToken: this.csrfToken(token), gebruiker };
  }

  // --- Sessions ---

  /** The user of a live session, or null (unknown, revoked, idle too long, past its lifetime, user inactive). */
  async sessie(token: string): Promise<SessieGebruiker | null> {
    if (!TOKEN.test(token)) return null;
    const nu = this.klok();
    const id = sha256(token);
    const s = await this.db
      .selectFrom('sessies as s')
      .innerJoin('gebruikers as g', 'g.id', 's.gebruiker_id')
      .innerJoin('organisaties as o', 'o.id', 'g.organisatie_id')
      .select([
        's.laatst_actief_op',
        's.verloopt_op',
        's.ingetrokken_op',
        'g.id as gebruikerId',
        'g.naam',
        'g.email',
        'g.rol',
        'g.actief',
        'g.wachtwoord_wijzigen',
        sql<boolean>`g.totp_geheim IS NOT NULL`.as('totpIngesteld'),
        'o.id as organisatieId',
        'o.naam as organisatieNaam',
        'o.type as organisatieType',
        'o.status as organisatieStatus',
      ])
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!s || s.ingetrokken_op || !s.actief) return null;
    const t = nu.getTime();
    if (new Date(s.verloopt_op).getTime() <= t || t - new Date(s.laatst_actief_op).getTime() >= this.inactiefMs())
      return null;
    if (t - new Date(s.laatst_actief_op).getTime() >= ACTIVITEIT_INTERVAL_MS) {
      await this.db.updateTable('sessies').set({ laatst_actief_op: nu }).where('id', '=', id).execute();
    }
    return {
      gebruikerId: s.gebruikerId,
      naam: s.naam,
      email: s.email,
      rol: s.rol,
      organisatieId: s.organisatieId,
      organisatieNaam: s.organisatieNaam,
      organisatieType: s.organisatieType,
      organisatieStatus: s.organisatieStatus,
      verlooptOp: new Date(s.verloopt_op),
      beperking: s.wachtwoord_wijzigen ? 'wachtwoord-wijzigen' : s.totpIngesteld ? null : 'totp-instellen',
    };
  }

  /** The CSRF token of a session: derived from the (secret, HttpOnly) cookie token, so it is never stored. */
  csrfToken(token: string): string {
    return createHmac('sha256', token).update('sr-csrf-v1').digest('base64url');
  }

  csrfKlopt(token: string, aangeboden: unknown): boolean {
    if (typeof aangeboden !== 'string') return false;
    const a = Buffer.from(aangeboden);
    const b = Buffer.from(this.csrfToken(token));
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async uitloggen(actor: Actor, token: string): Promise<void> {
    await this.db
      .updateTable('sessies')
      .set({ ingetrokken_op: this.klok() })
      .where('id', '=', sha256(token))
      .where('ingetrokken_op', 'is', null)
      .execute();
    await this.audit.schrijf({ actor, actie: 'sessie.uitloggen', resultaat: 'ok' });
  }

  /** Revokes every session of the user, this one included. */
  async overalUitloggen(actor: Actor, gebruikerId: string): Promise<number> {
    const n = await this.trekSessiesIn(gebruikerId);
    await this.audit.schrijf({
      actor,
      actie: 'sessie.overal-uitloggen',
      onderwerp: gebruikerId,
      resultaat: 'ok',
      details: { sessies: n },
    });
    return n;
  }

  /** Ends the user's sessions (all, or all but `behalve`: the session that asked). */
  private async trekSessiesIn(gebruikerId: string, behalve?: string): Promise<number> {
    const r = await this.db
      .updateTable('sessies')
      .set({ ingetrokken_op: this.klok() })
      .where('gebruiker_id', '=', gebruikerId)
      .$if(behalve !== undefined, (q) => q.where('id', '!=', behalve!))
      .where('ingetrokken_op', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  private inactiefMs() {
    return this.config.SESSIE_INACTIEF_MINUTEN * 60_000;
  }

  /**
   * Counts one attempt before any check, in one statement: refused (null) while the account is locked or while
   * MAX_MISLUKT attempts are counted (some may still be in flight). Returns the attempt's number otherwise.
   */
  private async claimPoging(gebruikerId: string, nu: Date): Promise<number | null> {
    const r = await this.db
      .updateTable('gebruikers')
      .set((eb) => ({ mislukte_pogingen: eb('mislukte_pogingen', '+', 1) }))
      .where('id', '=', gebruikerId)
      .where((eb) => eb.or([eb('geblokkeerd_tot', 'is', null), eb('geblokkeerd_tot', '<=', nu)]))
      .where('mislukte_pogingen', '<', MAX_MISLUKT)
      .returning('mislukte_pogingen')
      .executeTakeFirst();
    return r ? r.mislukte_pogingen : null;
  }

  /** Takes a TOTP step in one statement: only when it is later than the last accepted one (each code works once). */
  private async neemTotpStap(gebruikerId: string, stap: number): Promise<boolean> {
    const r = await this.db
      .updateTable('gebruikers')
      .set({ totp_laatste_stap: stap })
      .where('id', '=', gebruikerId)
      .where((eb) => eb.or([eb('totp_laatste_stap', 'is', null), eb('totp_laatste_stap', '<', stap)]))
      .returning('id')
      .executeTakeFirst();
    return r !== undefined;
  }

  private nepHash(): Promise<string> {
    this.dummyHash ??= hashWachtwoord(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
