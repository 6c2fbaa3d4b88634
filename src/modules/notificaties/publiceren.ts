import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { CATALOGUS, type GebeurtenisType, type Invoer } from './catalogus.ts';

/** How long the worker keeps trying a task (fan-out, e-mail, webhook) before it is marked failed. */
export const OPGEVEN_NA_MS = 24 * 3_600_000;

/** A stable id for a keyed event (a UUID made from SHA-256; version nibble 8 = custom). */
export function vasteId(type: string, sleutel: string): string {
  const h = createHash('sha256').update(`${type}|${sleutel}`).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Writes events and their fan-out task into the outbox, in the caller's transaction (`db` is that transaction): the
 * change and its notifications commit or roll back together. One statement, so it is atomic outside a transaction
 * too. A keyed event (catalogue `sleutel`) that exists already is skipped. Returns the ids of the new events.
 */
export async function publiceer<T extends GebeurtenisType>(
  db: Kysely<Database>,
  type: T,
  invoer: Invoer<T> | readonly Invoer<T>[],
  opties: { nu?: Date } = {},
): Promise<string[]> {
  const lijst = (Array.isArray(invoer) ? invoer : [invoer]) as Invoer<T>[];
  if (lijst.length === 0) return [];
  // The entry's input type depends on T; the catalogue guarantees maak/doel/payload fit together.
  const s = CATALOGUS[type] as unknown as {
    doel: (i: unknown) => unknown;
    maak: (i: unknown) => unknown;
    payload: { parse: (d: unknown) => unknown };
    sleutel?: (i: unknown) => string;
  };
  const rijen = lijst.map((i) => ({
    id: s.sleutel ? vasteId(type, s.sleutel(i)) : randomUUID(),
    type,
    doel: s.doel(i),
    // A payload that does not match its strict schema (an extra field, a name) is a programming error: throw.
    data: s.payload.parse(s.maak(i)),
  }));
  const nu = opties.nu ?? new Date();
  const r = await sql<{ gebeurtenis_id: string }>`
    WITH g AS (
      INSERT INTO notificatie_gebeurtenissen (id, type, doel, data, aangemaakt_op)
      SELECT (e->>'id')::uuid, e->>'type', e->'doel', e->'data', ${nu}::timestamptz
      FROM jsonb_array_elements(${JSON.stringify(rijen)}::jsonb) AS x(e)
      ON CONFLICT (id) DO NOTHING
      RETURNING id)
    INSERT INTO notificatie_taken (gebeurtenis_id, soort, volgende_poging_op, opgeven_na, aangemaakt_op)
    SELECT id, 'verspreiden', ${nu}::timestamptz, ${new Date(nu.getTime() + OPGEVEN_NA_MS)}::timestamptz, ${nu}::timestamptz
    FROM g
    RETURNING gebeurtenis_id`.execute(db);
  return r.rows.map((x) => x.gebeurtenis_id);
}
