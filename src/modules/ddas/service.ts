import type { Context } from '../../context.ts';
import { vandaag } from '../../shared/datum.ts';
import { AppError, invalidInput } from '../../shared/errors.ts';
import type { Actor } from '../audit/index.ts';
import { geenGemeentecode } from '../gemeenten/index.ts';
import { bouwExport, directeSelectie, type Periode } from './export.ts';
import * as store from './store.ts';
import type { DdasModel } from './validatie.ts';

/** Organisation types whose data each model carries. */
export const AANLEVERAARS = {
  vs: ['gemeente'],
  shv: ['schuldhulpverlener', 'wijkteam', 'gemeente'],
} as const;

/** The period of a request; without dates: 1 January of this year up to today. */
export function standaardPeriode(start?: string, eind?: string): Periode {
  const nu = vandaag();
  const p = { startdatum: start ?? `${nu.slice(0, 4)}-01-01`, einddatum: eind ?? nu };
  if (p.startdatum > p.einddatum) throw invalidInput('De startdatum van de aanleverperiode ligt na de einddatum.');
  return p;
}

/**
 * Which organisations a /gegevens request is about: by name (case-insensitive) or, for early signals, the
 * municipality code (GM0344 or 0344); without one, every active organisation of the model's types.
 */
export async function organisatiesVoorVerzoek(
  ctx: Context,
  model: DdasModel,
  aanleverendeOrganisatie?: string,
): Promise<string[]> {
  const types = [...AANLEVERAARS[model]];
  // An early-signal levering is per municipality: an organisation without a municipality code has none.
  if (aanleverendeOrganisatie === undefined)
    return store.zoekOrganisaties(ctx.db.kysely, types, { metGemeentecode: model === 'vs' });
  const code = /^(GM)?(\d{4})$/i.exec(aanleverendeOrganisatie.trim());
  const ids = code
    ? await store.zoekOrganisaties(ctx.db.kysely, types, { gemeentecode: `GM${code[2]}` })
    : await store.zoekOrganisaties(ctx.db.kysely, types, {
        naam: aanleverendeOrganisatie.trim(),
        metGemeentecode: model === 'vs',
      });
  if (ids.length === 0) {
    throw new AppError(
      422,
      'onbekende_organisatie',
      'Er is geen aanleverende organisatie met deze naam of gemeentecode.',
    );
  }
  return ids;
}

/** The downloadable file of one organisation for one period (the whole delivery, not paged). */
export async function exportBestand(
  ctx: Context,
  actor: Actor,
  model: DdasModel,
  organisatieId: string,
  periode: Periode,
) {
  const o = await store.organisatie(ctx.db.kysely, organisatieId);
  if (model === 'vs' && !o?.gemeentecode) throw geenGemeentecode();
  const selectie = await directeSelectie(ctx, model, [organisatieId], periode);
  const { gegevens } = await bouwExport(ctx, actor, model, selectie, periode);
  const wie =
    model === 'vs'
      ? o!.gemeentecode!
      : (o?.naam ?? 'organisatie')
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '');
  return { gegevens, bestandsnaam: `ddas-${model}-${wie}-${periode.startdatum}-${periode.einddatum}.json` };
}

export interface AanleverinstellingenInvoer {
  kvkNummer?: string | null;
  postcode?: string | null;
  contactpersoon?: {
    naam?: string | null;
    telefoonnummer?: string | null;
    email?: string | null;
    functietitel?: string | null;
  } | null;
}

export async function zetAanleverinstellingen(
  ctx: Context,
  actor: Actor,
  organisatieId: string,
  v: AanleverinstellingenInvoer,
) {
  const c = v.contactpersoon ?? {};
  await store.zetAanleverinstellingen(ctx.db.kysely, organisatieId, {
    kvk_nummer: v.kvkNummer ?? null,
    postcode: v.postcode ?? null,
    contact_naam: c.naam ?? null,
    contact_telefoon: c.telefoonnummer ?? null,
    contact_email: c.email ?? null,
    contact_functietitel: c.functietitel ?? null,
  });
  await ctx.audit.schrijf({ actor, actie: 'ddas.aanleverinstellingen', onderwerp: organisatieId, resultaat: 'ok' });
  return leesAanleverinstellingen(ctx, organisatieId);
}

export async function leesAanleverinstellingen(ctx: Context, organisatieId: string) {
  const o = await store.organisatie(ctx.db.kysely, organisatieId);
  return {
    kvkNummer: o?.kvk_nummer ?? null,
    postcode: o?.postcode ?? null,
    contactpersoon:
      o?.contact_naam || o?.contact_email || o?.contact_telefoon
        ? {
            naam: o.contact_naam,
            telefoonnummer: o.contact_telefoon,
            email: o.contact_email,
            functietitel: o.contact_functietitel,
          }
        : null,
  };
}
