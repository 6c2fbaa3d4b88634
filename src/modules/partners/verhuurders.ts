/**
 * Self sign-up of small landlords (seed 004, "Website voor kleine verhuurders"): without the operator, a landlord with
 * a few homes creates its organisation, its registration (light, ad hoc: type Huur, sector huur) with the agreements
 * for its municipalities accepted online, and its first administrator account.
 */
import type { Context } from '../../context.ts';
import { AppError, invalidInput } from '../../shared/errors.ts';
import { vandaag } from '../../shared/datum.ts';
import type { Actor } from '../audit/index.ts';
import { gemeentenMetCodes } from '../gemeenten/index.ts';
import { maakOrganisatie } from '../organisaties/index.ts';
import { adHocTermijn, lijstConvenanten, stappen } from './partners.ts';
import * as store from './store.ts';

export interface VerhuurderAanmelding {
  organisatie: string;
  contactpersoon: { naam: string; email: string; delen: boolean };
  tekenbevoegde: { naam: string; functie: string; email: string; mobiel?: string | undefined };
  gemeenten: string[];
  wachtwoord: string;
}

/** The sign-up is done by someone not logged in, on behalf of the organisation it creates. */
const ANONIEM_ACTOR: Actor = { organisatieId: null, soort: 'anoniem', id: null };

/** Per source address: at most this many sign-ups per hour, counted by every node together (a flood cannot create organisations). */
const PER_UUR = 5;

async function begrens(ctx: Context, ip: string) {
  if ((await ctx.tellers.venster(`verhuurder-aanmelding:${ip}`, PER_UUR, 3_600_000)) > 0)
    throw new AppError(
      429,
      'te_veel_aanmeldingen',
      'Te veel aanmeldingen vanaf dit adres. Probeer het over een uur opnieuw.',
    );
}

export async function meldVerhuurderAan(ctx: Context, a: VerhuurderAanmelding, ip: string) {
  await begrens(ctx, ip);
  const codes = [...new Set(a.gemeenten)];
  if (codes.length === 0) throw invalidInput('Kies ten minste één gemeente waar u woningen verhuurt.');
  const bekend = new Set((await gemeentenMetCodes(ctx.db.kysely, codes)).map((g) => g.gemeentecode));
  const onbekend = codes.filter((c) => !bekend.has(c));
  if (onbekend.length > 0) throw invalidInput(`Onbekende gemeentecodes: ${onbekend.slice(0, 10).join(', ')}.`);
  // The account's e-mail must be free before anything is created (maakGebruiker checks it again).
  const email = a.contactpersoon.email.trim().toLowerCase();
  const bezet = await ctx.db.kysely.selectFrom('gebruikers').select('id').where('email', '=', email).executeTakeFirst();
  if (bezet)
    throw new AppError(
      409,
      'bestaat_al',
      'Er bestaat al een account met dit e-mailadres. Log in, of vraag een nieuw wachtwoord aan.',
    );

  const datum = vandaag();
  const org = await maakAan(ctx, a, codes, datum).catch((e: unknown) => {
    // Organisation names are unique (and not secret: municipalities see their partners' names).
    if ((e as { code?: string }).code === '23505')
      throw new AppError(
        409,
        'naam_bestaat',
        'Er is al een organisatie met deze naam. Maak de naam herkenbaar, bijvoorbeeld met uw woonplaats erbij.',
      );
    throw e;
  });
  const actor = { ...ANONIEM_ACTOR, organisatieId: org.id };
  const gebruiker = await ctx.accounts.maakGebruiker(actor, {
    organisatieId: org.id,
    email,
    naam: a.contactpersoon.naam,
    rol: 'signaalpartner-beheerder',
    wachtwoord: a.wachtwoord,
  });
  await ctx.audit.schrijf({
    actor,
    actie: 'signaalpartner.zelf-aanmelden',
    onderwerp: org.id,
    resultaat: 'ok',
    details: { gemeenten: codes.length },
  });
  return {
    organisatieId: org.id,
    gebruiker: {
      email: gebruiker.email,
      totpGeheim: gebruiker.totpGeheim,
      totpUri: gebruiker.totpUri,
      herstelcodes: gebruiker.herstelcodes,
    },
    convenanten: await lijstConvenanten(ctx, actor, { partnerId: org.id }),
  };
}

/** Organisation, registration and agreements in one transaction. */
function maakAan(ctx: Context, a: VerhuurderAanmelding, codes: string[], datum: string) {
  return ctx.db.kysely.transaction().execute(async (tx) => {
    const o = await maakOrganisatie(tx, { naam: a.organisatie, type: 'signaalpartner' });
    await store.maakPartner(tx, {
      organisatie_id: o.id,
      ddas_type: 'Huur',
      sectoren: ['huur'],
      rol: 'eigen-beheer',
      ad_hoc: true,
      contact_naam: a.contactpersoon.naam,
      contact_email: a.contactpersoon.email,
      contact_delen: a.contactpersoon.delen,
      tekenbevoegde_naam: a.tekenbevoegde.naam,
      tekenbevoegde_functie: a.tekenbevoegde.functie,
      tekenbevoegde_email: a.tekenbevoegde.email,
      tekenbevoegde_mobiel: a.tekenbevoegde.mobiel ?? null,
    });
    const nieuw = await store.maakAdHocConvenanten(tx, o.id, codes, adHocTermijn(datum, a.tekenbevoegde.naam));
    const actor = { ...ANONIEM_ACTOR, organisatieId: o.id };
    await store.schrijfHistorie(tx, stappen(nieuw, actor, ['aangemaakt', 'ondertekend']));
    return o;
  });
}
