import type { Context } from '../../context.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../audit/index.ts';
import * as store from './store.ts';
import type { DdasModel } from './validatie.ts';
import type { Bron, Organisatie, Periode } from './bron.ts';
import { vsBron } from './vs.ts';
import { shvBron } from './shv.ts';

export const BRONNEN: Record<DdasModel, Bron> = { vs: vsBron, shv: shvBron };

export const MAX_PAGE_SIZE = 50_000;

export interface Paginering {
  pageSize: number;
  currentPage: number;
  totalPages: number;
  totalRecords: number;
}

/**
 * The records of one delivery, fixed once: the organisations (in levering order) and the records of all of them
 * together, numbered 0..totaal-1. A paged /gegevens delivery reads a stored snapshot (snapshot.ts); the
 * downloadable file reads a list made on the spot.
 */
export interface Selectie {
  organisaties: string[];
  totaal: number;
  /** The moment the list was fixed: the delivery's aanleverdatumEnTijd. */
  vastgelegdOp: Date;
  /** Records `van` (inclusive) to `tot` (exclusive), in order. */
  plak(van: number, tot: number): Promise<Array<{ organisatieId: string; recordId: string }>>;
}

/** A selection made now, in memory (the whole file of one organisation). */
export async function directeSelectie(
  ctx: Context,
  model: DdasModel,
  organisatieIds: string[],
  periode: Periode,
): Promise<Selectie> {
  const records: Array<{ organisatieId: string; recordId: string }> = [];
  for (const id of organisatieIds) {
    const o = await store.organisatie(ctx.db.kysely, id);
    if (o)
      for (const r of await BRONNEN[model].recordIds(ctx, o, periode)) records.push({ organisatieId: id, recordId: r });
  }
  return {
    organisaties: organisatieIds,
    totaal: records.length,
    vastgelegdOp: new Date(),
    plak: async (van, tot) => records.slice(van, tot),
  };
}

/**
 * Builds one DDAS Uitwisselmodel from a selection (one `levering` per organisation, in the selection's order)
 * for `periode`. With `pagina`, the records of all organisations together are paged. Every exported record is
 * audited with the requester as actor.
 */
export async function bouwExport(
  ctx: Context,
  actor: Actor,
  model: DdasModel,
  selectie: Selectie,
  periode: Periode,
  pagina: { page: number; pageSize: number } = { page: 1, pageSize: Number.MAX_SAFE_INTEGER },
): Promise<{ gegevens: Record<string, unknown>; paginering: Paginering }> {
  const bron = BRONNEN[model];
  const orgs: Organisatie[] = [];
  for (const id of selectie.organisaties) {
    const o = await store.organisatie(ctx.db.kysely, id);
    if (o) orgs.push(o);
  }
  const totalRecords = selectie.totaal;
  const totalPages = Math.max(1, Math.ceil(totalRecords / pagina.pageSize));
  if (pagina.page > totalPages) {
    throw new AppError(
      422,
      'pagina_bestaat_niet',
      `Pagina ${pagina.page} bestaat niet: deze levering heeft ${totalPages} ${totalPages === 1 ? 'pagina' : "pagina's"}.`,
    );
  }

  const van = (pagina.page - 1) * pagina.pageSize;
  const plak = await selectie.plak(van, Math.min(totalRecords, van + pagina.pageSize));
  const leveringen: Record<string, unknown>[] = [];
  const ids: string[] = [];
  const perOrganisatie = new Map<string, string[]>();
  for (const r of plak) {
    const lijst = perOrganisatie.get(r.organisatieId);
    if (lijst) lijst.push(r.recordId);
    else perOrganisatie.set(r.organisatieId, [r.recordId]);
  }
  for (const o of orgs) {
    const eigen = perOrganisatie.get(o.id) ?? [];
    // An organisation without records still gets its (empty) levering when the whole delivery is empty.
    if (eigen.length > 0 || totalRecords === 0) {
      const levering = await bron.levering(ctx, o, periode, eigen);
      leveringen.push({ teller: leveringen.length + 1, ...levering });
      ids.push(...eigen);
    }
  }

  const actie = `ddas.${model}.export`;
  await ctx.audit.schrijfVeel(ids.map((id) => ({ actor, actie, onderwerp: id, resultaat: 'ok' })));
  await ctx.audit.schrijf({
    actor,
    actie,
    onderwerp: orgs.length === 1 ? orgs[0]!.id : null,
    resultaat: 'ok',
    details: { ...periode, organisaties: orgs.length, records: ids.length, page: pagina.page, totalRecords },
  });

  const gegevens = {
    startdatumLevering: periode.startdatum,
    einddatumLevering: periode.einddatum,
    aanleverdatumEnTijd: selectie.vastgelegdOp.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    codeGegevensleverancier: ctx.config.DDAS_CODE_GEGEVENSLEVERANCIER,
    leveringen,
  };
  return {
    gegevens,
    paginering: {
      pageSize: Math.min(pagina.pageSize, MAX_PAGE_SIZE),
      currentPage: pagina.page,
      totalPages,
      totalRecords,
    },
  };
}

export { ddasGemeentecode, inVolgorde, zonderLeeg, type Bron, type Organisatie, type Periode } from './bron.ts';
