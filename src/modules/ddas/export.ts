import type { Context } from '../../context.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../audit/index.ts';
import * as store from './store.ts';
import type { DdasModel } from './validatie.ts';
import type { Bron, Organisatie, Periode } from './bron.ts';
import { vsBron } from './vs.ts';
import { shvBron } from './shv.ts';

const BRONNEN: Record<DdasModel, Bron> = { vs: vsBron, shv: shvBron };

export const MAX_PAGE_SIZE = 50_000;

export interface Paginering {
  pageSize: number;
  currentPage: number;
  totalPages: number;
  totalRecords: number;
}

/**
 * Builds one DDAS Uitwisselmodel for `organisatieIds` (one `levering` per organisation, in the given order) and
 * `periode`. With `pagina`, the records (signal cases / trajectories) of all organisations together are paged.
 * Every exported record is audited with the requester as actor.
 */
export async function bouwExport(
  ctx: Context,
  actor: Actor,
  model: DdasModel,
  organisatieIds: string[],
  periode: Periode,
  pagina: { page: number; pageSize: number } = { page: 1, pageSize: Number.MAX_SAFE_INTEGER },
): Promise<{ gegevens: Record<string, unknown>; paginering: Paginering }> {
  const bron = BRONNEN[model];
  const orgs: Organisatie[] = [];
  for (const id of organisatieIds) {
    const o = await store.organisatie(ctx.db.kysely, id);
    if (o) orgs.push(o);
  }
  const aantallen: number[] = [];
  for (const o of orgs) aantallen.push(await bron.tellen(ctx, o, periode));
  const totalRecords = aantallen.reduce((a, b) => a + b, 0);
  const totalPages = Math.max(1, Math.ceil(totalRecords / pagina.pageSize));
  if (pagina.page > totalPages) {
    throw new AppError(
      422,
      'pagina_bestaat_niet',
      `Pagina ${pagina.page} bestaat niet: deze levering heeft ${totalPages} ${totalPages === 1 ? 'pagina' : "pagina's"}.`,
    );
  }

  const van = (pagina.page - 1) * pagina.pageSize;
  const tot = Math.min(totalRecords, van + pagina.pageSize);
  const leveringen: Record<string, unknown>[] = [];
  const ids: string[] = [];
  let start = 0;
  for (const [i, o] of orgs.entries()) {
    const n = aantallen[i]!;
    const offset = Math.max(0, van - start);
    const limit = Math.min(n, tot - start) - offset;
    // An organisation without records still gets its (empty) levering when the whole delivery is empty.
    if (limit > 0 || totalRecords === 0) {
      const r = await bron.levering(ctx, o, periode, offset, Math.max(0, limit));
      leveringen.push({ teller: leveringen.length + 1, ...r.levering });
      ids.push(...r.ids);
    }
    start += n;
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
    aanleverdatumEnTijd: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
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

export { ddasGemeentecode, zonderLeeg, type Bron, type Organisatie, type Periode } from './bron.ts';
