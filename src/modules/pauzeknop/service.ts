import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from '../../context.ts';
import type { Identiteit } from '../../http/auth.ts';
import { vandaag } from '../../shared/datum.ts';
import { AppError, invalidInput, notFound } from '../../shared/errors.ts';
import { deadlineVoor } from '../../shared/werkdagen.ts';
import type { Actor } from '../audit/index.ts';
import { eigenGemeentecode, normaliseerPostcode, routeer } from '../gemeenten/index.ts';
import { publiceer } from '../notificaties/index.ts';
import { rondInlogAf, startInlog } from './oidc.ts';
import * as store from './store.ts';
import { TOESTEMMING, type Dreiging } from './vocabulaire.ts';

/** The Pauzeknop: resident login (OIDC) and sessions, the resident's request, and the municipality's handling. */

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const INLOG_MAX_MS = 10 * 60_000;

/** The audit actor of a resident: never the BSN, only the audit reference of its pseudonym. */
export const inwonerActor = (ref: string): Actor => ({ organisatieId: null, soort: 'anoniem', id: `inwoner:${ref}` });

export interface Inwoner {
  sessieId: string;
  pseudoniem: Uint8Array;
  sleutelId: string;
  verlooptOp: Date;
  /** Audit reference (key id + short hex of the pseudonym). */
  ref: string;
}

// --- Login ---

/** Starts a login: stores state, nonce and PKCE verifier bound to a new browser value (cookie), returns both. */
export async function beginInlog(ctx: Context) {
  const start = await startInlog(ctx.config);
  const browser = randomBytes(32).toString('base64url');
  await store.bewaarInlogpoging(ctx.db.kysely, { ...start, browserHash: sha256(browser) });
  return { url: start.url, browser };
}

/**
 * The provider sent the browser back: the login attempt of this `state` (used once), started by this browser, not too
 * old; then the code exchange with its nonce and verifier. Returns a new resident session token.
 */
export async function voltooiInlog(ctx: Context, terugUrl: URL, browser: string | undefined, nu = new Date()) {
  const state = terugUrl.searchParams.get('state');
  const poging = state ? await store.neemInlogpoging(ctx.db.kysely, state) : undefined;
  const geweigerd = async (reden: string) => {
    await ctx.audit.schrijf({
      actor: { organisatieId: null, soort: 'anoniem', id: null },
      actie: 'pauzeknop.inloggen',
      resultaat: 'geweigerd',
      details: { reden },
    });
    return { token: null, reden } as const;
  };
  if (!poging) return geweigerd('onbekende_state');
  if (!browser || poging.browser_hash !== sha256(browser)) return geweigerd('andere_browser');
  if (nu.getTime() - new Date(poging.aangemaakt_op).getTime() > INLOG_MAX_MS) return geweigerd('verlopen');
  let bsn: string;
  try {
    ({ bsn } = await rondInlogAf(ctx.config, terugUrl, {
      state: poging.state,
      nonce: poging.nonce,
      codeVerifier: poging.code_verifier,
    }));
  } catch {
    return geweigerd('provider');
  }
  const pseudoniem = ctx.pseudo.pseudoniem(bsn);
  const ref = ctx.pseudo.auditVerwijzingVan(pseudoniem);
  const token = randomBytes(32).toString('base64url');
  await store.maakSessie(ctx.db.kysely, {
    id: sha256(token),
    pseudoniem,
    sleutelId: ctx.pseudo.huidigeSleutel,
    verlooptOp: new Date(nu.getTime() + ctx.config.PAUZEKNOP_SESSIE_MINUTEN * 60_000),
  });
  await ctx.audit.schrijf({ actor: inwonerActor(ref), actie: 'pauzeknop.inloggen', onderwerp: ref, resultaat: 'ok' });
  return { token, reden: null } as const;
}

// --- Resident sessions ---

export const niet_ingelogd = () =>
  new AppError(401, 'inwoner_niet_ingelogd', 'U bent niet (meer) ingelogd. Log opnieuw in om verder te gaan.');
export const alleenInwoners = () =>
  new AppError(
    403,
    'alleen_inwoners',
    'Dit deel is alleen voor inwoners die zelf hulp vragen. Medewerkers en systemen hebben hier geen toegang.',
  );
const csrfFout = () =>
  new AppError(403, 'csrf', 'Het beveiligingstoken (X-CSRF-Token) ontbreekt of klopt niet. Laad de pagina opnieuw.');

export const csrfToken = (token: string) =>
  createHmac('sha256', token).update('sr-pauzeknop-csrf-v1').digest('base64url');

/** The resident of a session cookie, or the refusal. Unsafe methods need the CSRF token of that session. */
export async function inwonerVan(
  ctx: Context,
  token: string | undefined,
  veilig: boolean,
  csrf: unknown,
  nu = new Date(),
): Promise<Inwoner> {
  if (!token || !TOKEN.test(token)) throw niet_ingelogd();
  const id = sha256(token);
  const s = await store.sessie(ctx.db.kysely, id);
  if (!s || s.ingetrokken_op || new Date(s.verloopt_op).getTime() <= nu.getTime()) throw niet_ingelogd();
  if (!ctx.pseudo.heeftSleutel(s.sleutel_id)) throw niet_ingelogd();
  if (!veilig) {
    const a = Buffer.from(typeof csrf === 'string' ? csrf : '');
    const b = Buffer.from(csrfToken(token));
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw csrfFout();
  }
  const pseudoniem = Buffer.from(s.bsn_pseudoniem);
  return {
    sessieId: id,
    pseudoniem,
    sleutelId: s.sleutel_id,
    verlooptOp: new Date(s.verloopt_op),
    ref: ctx.pseudo.auditVerwijzingVan(pseudoniem),
  };
}

export async function uitloggen(ctx: Context, inwoner: Inwoner, nu = new Date()) {
  await store.beeindigSessie(ctx.db.kysely, inwoner.sessieId, nu);
  await ctx.audit.schrijf({
    actor: inwonerActor(inwoner.ref),
    actie: 'pauzeknop.uitloggen',
    onderwerp: inwoner.ref,
    resultaat: 'ok',
  });
}

// --- The resident's request ---

const postcodeOnbekend = () =>
  invalidInput(
    'We kunnen bij deze postcode geen gemeente vinden. Kijk of de postcode goed is, bijvoorbeeld 3511 AB. Klopt hij wel? Bel dan uw gemeente.',
  );

/** Postcode + house number -> the municipality (through gemeenten's routing), or a Dutch refusal. */
export async function gemeenteBijAdres(ctx: Context, postcodeRuw: string, huisnummer: number) {
  const postcode = normaliseerPostcode(postcodeRuw);
  if (!postcode)
    throw invalidInput('Deze postcode klopt niet. Een postcode is 4 cijfers en 2 letters, bijvoorbeeld 3511 AB.');
  const [route] = await routeer(ctx.db.kysely, [{ pc6: postcode, huisnummer }]);
  if (!route?.gemeentecode) throw postcodeOnbekend();
  return {
    postcode,
    gemeentecode: route.gemeentecode,
    gemeentenaam: await store.gemeentenaam(ctx.db.kysely, route.gemeentecode),
  };
}

export interface Aanvraag {
  postcode: string;
  huisnummer: number;
  telefoon?: string | undefined;
  email?: string | undefined;
  schuldeisers: Array<{ naam: string; kenmerk?: string | undefined }>;
  dreigingen: Dreiging[];
  toestemming: boolean;
  toestemmingVersie?: string | undefined;
}

const leeg = (s: string | undefined) => {
  const t = s?.trim();
  return t ? t : null;
};

export async function dienAanvraagIn(ctx: Context, inwoner: Inwoner, a: Aanvraag, nu = new Date()) {
  if (a.toestemming !== true || a.toestemmingVersie !== TOESTEMMING.versie)
    throw invalidInput(
      'U heeft nog geen toestemming gegeven. Zonder uw toestemming kunnen we uw vraag niet naar de gemeente sturen. Lees de tekst en zet een vinkje als u akkoord bent.',
    );
  const telefoon = leeg(a.telefoon);
  const email = leeg(a.email);
  if (!telefoon && !email)
    throw invalidInput('Vul uw telefoonnummer of e-mailadres in. Dan kan de gemeente contact met u opnemen.');
  const plek = await gemeenteBijAdres(ctx, a.postcode, a.huisnummer);
  const db = ctx.db.kysely;
  const eerder = await store.vanInwoner(db, inwoner.pseudoniem, inwoner.sleutelId);
  if (eerder.some((e) => e.status !== 'contact'))
    throw new AppError(
      409,
      'al_aangevraagd',
      'U heeft al hulp gevraagd. De gemeente neemt contact met u op. Hieronder ziet u hoe het met uw vraag staat.',
    );
  const dreigend = a.dreigingen.length > 0;
  const deadline = deadlineVoor(vandaag(nu), dreigend);
  const rij = await db.transaction().execute(async (tx) => {
    const r = await store.maakAanmelding(tx, {
      pseudoniem: inwoner.pseudoniem,
      sleutelId: inwoner.sleutelId,
      gemeentecode: plek.gemeentecode,
      postcode: plek.postcode,
      huisnummer: a.huisnummer,
      telefoon,
      email,
      schuldeisers: a.schuldeisers
        .map((s) => ({ naam: s.naam.trim(), kenmerk: leeg(s.kenmerk) }))
        .filter((s) => s.naam.length > 0),
      dreigingen: [...new Set(a.dreigingen)],
      toestemmingVersie: TOESTEMMING.versie,
      nu,
      deadline,
    });
    await publiceer(tx, 'pauzeknop.aanmelding', {
      aanmeldingId: r.id,
      gemeentecode: plek.gemeentecode,
      deadline,
      dreigend,
    });
    return r;
  });
  await ctx.audit.schrijf({
    actor: inwonerActor(inwoner.ref),
    actie: 'pauzeknop.aanvraag',
    onderwerp: rij.id,
    resultaat: 'ok',
    details: { gemeentecode: plek.gemeentecode, dreigend },
  });
  return inwonerWeergave(rij, plek.gemeentenaam);
}

/** What the resident sees of a request: its state and dates, nothing of the municipality's work. */
export function inwonerWeergave(r: store.AanmeldingRij, gemeentenaam: string) {
  return {
    id: r.id,
    status: r.status,
    gemeentenaam,
    ontvangenOp: new Date(r.ontvangen_op),
    deadline: r.deadline,
    opgepaktOp: r.opgepakt_op ? new Date(r.opgepakt_op) : null,
    contactOp: r.contact_op ? new Date(r.contact_op) : null,
  };
}

export async function eigenAanvragen(ctx: Context, inwoner: Inwoner) {
  const rijen = await store.vanInwoner(ctx.db.kysely, inwoner.pseudoniem, inwoner.sleutelId);
  return Promise.all(
    rijen.map(async (r) => inwonerWeergave(r, await store.gemeentenaam(ctx.db.kysely, r.gemeentecode))),
  );
}

// --- The municipality's side ---

function medewerkerWeergave(r: store.AanmeldingRij, dag: string) {
  return {
    id: r.id,
    status: r.status,
    postcode: r.postcode,
    huisnummer: r.huisnummer,
    telefoon: r.telefoon,
    email: r.email,
    schuldeisers: r.schuldeisers,
    dreigingen: r.dreigingen,
    dreigend: r.dreigingen.length > 0,
    ontvangenOp: new Date(r.ontvangen_op),
    deadline: r.deadline,
    teLaat: r.status === 'ontvangen' && r.deadline < dag,
    toestemmingVersie: r.toestemming_versie,
    behandelaarId: r.behandelaar_id,
    opgepaktOp: r.opgepakt_op ? new Date(r.opgepakt_op) : null,
    contactOp: r.contact_op ? new Date(r.contact_op) : null,
    contactSoort: r.contact_soort,
  };
}

export async function lijstVoorGemeente(ctx: Context, id: Identiteit, nu = new Date()) {
  const code = await eigenGemeentecode(ctx.db.kysely, id.organisatieId);
  const rijen = await store.vanGemeente(ctx.db.kysely, code);
  await ctx.audit.schrijf({ actor: id.actor, actie: 'pauzeknop.aanmeldingen.lezen', resultaat: 'ok' });
  const dag = vandaag(nu);
  return rijen.map((r) => medewerkerWeergave(r, dag));
}

const weiger = (code: string, melding: string) => new AppError(409, code, melding);

export async function pakOp(ctx: Context, id: Identiteit, aanmeldingId: string, nu = new Date()) {
  const code = await eigenGemeentecode(ctx.db.kysely, id.organisatieId);
  const r = await store.aanmelding(ctx.db.kysely, aanmeldingId, code);
  if (!r) throw notFound();
  if (r.status !== 'ontvangen') throw weiger('al_opgepakt', 'Deze aanmelding is al opgepakt.');
  const na = await store.zetStatus(ctx.db.kysely, aanmeldingId, 'ontvangen', {
    status: 'opgepakt',
    behandelaar_id: id.actor.soort === 'gebruiker' ? id.actor.id : null,
    opgepakt_op: nu,
  });
  if (!na) throw weiger('al_opgepakt', 'Deze aanmelding is al opgepakt.');
  await ctx.audit.schrijf({ actor: id.actor, actie: 'pauzeknop.oppakken', onderwerp: aanmeldingId, resultaat: 'ok' });
  return medewerkerWeergave(na, vandaag(nu));
}

export async function legContactVast(
  ctx: Context,
  id: Identiteit,
  aanmeldingId: string,
  soort: string,
  nu = new Date(),
) {
  const code = await eigenGemeentecode(ctx.db.kysely, id.organisatieId);
  const r = await store.aanmelding(ctx.db.kysely, aanmeldingId, code);
  if (!r) throw notFound();
  if (r.status === 'ontvangen') throw weiger('niet_opgepakt', 'Pak de aanmelding eerst op voordat u contact vastlegt.');
  if (r.status === 'contact') throw weiger('al_contact', 'Voor deze aanmelding is het contact al vastgelegd.');
  const na = await store.zetStatus(ctx.db.kysely, aanmeldingId, 'opgepakt', {
    status: 'contact',
    contact_op: nu,
    contact_soort: soort,
  });
  if (!na) throw weiger('al_contact', 'Voor deze aanmelding is het contact al vastgelegd.');
  await ctx.audit.schrijf({
    actor: id.actor,
    actie: 'pauzeknop.contact',
    onderwerp: aanmeldingId,
    resultaat: 'ok',
    details: { soort },
  });
  return medewerkerWeergave(na, vandaag(nu));
}
