import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Context } from '../../context.ts';
import { AppError } from '../../shared/errors.ts';
import { BRONNEN, type Periode, type Selectie } from './export.ts';
import * as store from './store.ts';
import type { DdasModel } from './validatie.ts';

/**
 * A paged /gegevens delivery is a snapshot: page 1 fixes the list of records (0018_ddas_snapshots.sql), and every
 * later page of the same request (same client, model, period and organisation; any pageSize) reads that list
 * for DDAS_SNAPSHOT_MINUTEN. A record added or changed between pages cannot move the pages, repeat a record or
 * change totalRecords. The client may also name the snapshot in the `Ddas-Snapshot` header (its id is in every
 * answer); a page > 1 without a live snapshot starts a new one. Record contents are read when the page is
 * fetched, as they stood at the end of the period (peildatum.ts).
 */
export interface Snapshot extends Selectie {
  id: string;
  verlooptOp: Date;
}

export async function snapshotVoor(
  ctx: Context,
  v: {
    clientId: string;
    model: DdasModel;
    organisatieIds: string[];
    periode: Periode;
    /** The request apart from page and pageSize. */
    verzoek: Record<string, unknown>;
    page: number;
    gevraagd?: string | undefined;
  },
  nu = new Date(),
): Promise<Snapshot> {
  const db = ctx.db.kysely;
  const sleutel = createHash('sha256')
    .update(JSON.stringify([v.model, v.verzoek]))
    .digest('base64url');
  const levend = db
    .selectFrom('ddas_snapshots')
    .selectAll()
    .where('client_id', '=', v.clientId)
    .where('model', '=', v.model)
    .where('sleutel', '=', sleutel)
    .where('verloopt_op', '>', nu);
  let rij = v.gevraagd
    ? await levend.where('id', '=', geldigId(v.gevraagd)).executeTakeFirst()
    : v.page > 1
      ? await levend.orderBy('aangemaakt_op', 'desc').limit(1).executeTakeFirst()
      : undefined;
  if (v.gevraagd && !rij)
    throw new AppError(
      422,
      'snapshot_onbekend',
      'Deze momentopname (Ddas-Snapshot) bestaat niet, is verlopen of hoort bij een ander verzoek. Begin opnieuw bij pagina 1.',
    );
  rij ??= await maak(ctx, v, sleutel, nu);
  const id = rij.id;
  return {
    id,
    organisaties: rij.organisaties,
    totaal: rij.totaal,
    vastgelegdOp: rij.aangemaakt_op,
    verlooptOp: rij.verloopt_op,
    plak: async (van, tot) =>
      (
        await db
          .selectFrom('ddas_snapshot_records')
          .select(['organisatie_id', 'record_id'])
          .where('snapshot_id', '=', id)
          .where('volgnummer', '>=', van)
          .where('volgnummer', '<', tot)
          .orderBy('volgnummer')
          .execute()
      ).map((r) => ({ organisatieId: r.organisatie_id, recordId: r.record_id })),
  };
}

/** Removes expired snapshots (their records cascade). */
export async function ruimSnapshotsOp(ctx: Context, nu = new Date()): Promise<number> {
  const r = await ctx.db.kysely.deleteFrom('ddas_snapshots').where('verloopt_op', '<=', nu).executeTakeFirst();
  return Number(r.numDeletedRows);
}

async function maak(
  ctx: Context,
  v: { clientId: string; model: DdasModel; organisatieIds: string[]; periode: Periode },
  sleutel: string,
  nu: Date,
) {
  await ruimSnapshotsOp(ctx, nu);
  const perOrganisatie: Array<[string, string[]]> = [];
  for (const id of v.organisatieIds) {
    const o = await store.organisatie(ctx.db.kysely, id);
    if (o) perOrganisatie.push([id, await BRONNEN[v.model].recordIds(ctx, o, v.periode)]);
  }
  const totaal = perOrganisatie.reduce((n, [, ids]) => n + ids.length, 0);
  return ctx.db.kysely.transaction().execute(async (tx) => {
    const rij = await tx
      .insertInto('ddas_snapshots')
      .values({
        client_id: v.clientId,
        model: v.model,
        sleutel,
        startdatum: v.periode.startdatum,
        einddatum: v.periode.einddatum,
        organisaties: v.organisatieIds,
        totaal,
        aangemaakt_op: nu,
        verloopt_op: new Date(nu.getTime() + ctx.config.DDAS_SNAPSHOT_MINUTEN * 60_000),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    let start = 0;
    for (const [org, ids] of perOrganisatie) {
      if (ids.length > 0)
        await sql`INSERT INTO ddas_snapshot_records (snapshot_id, volgnummer, organisatie_id, record_id)
          SELECT ${rij.id}::uuid, ${start}::int + (t.n - 1)::int, ${org}::uuid, t.r
          FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS t(r, n)`.execute(tx);
      start += ids.length;
    }
    return rij;
  });
}

function geldigId(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id.trim()))
    throw new AppError(422, 'snapshot_onbekend', 'De Ddas-Snapshot-header is geen geldige momentopname-id.');
  return id.trim().toLowerCase();
}
