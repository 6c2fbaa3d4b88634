/** A person's in-app notifications and channel preferences. */
import type { Kysely } from 'kysely';
import type { Database, Rol } from '../../db/schema.ts';
import { CATALOGUS, GEBEURTENIS_TYPEN, soortVan, type GebeurtenisType } from './catalogus.ts';
import { json } from './verspreiden.ts';
import type { Kanaal } from './tabellen.ts';

type Db = Kysely<Database>;

export async function aantalOngelezen(db: Db, gebruikerId: string): Promise<number> {
  const r = await db
    .selectFrom('notificaties')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('gebruiker_id', '=', gebruikerId)
    .where('gelezen_op', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Newest first; only the caller's own. Title and link come from the catalogue (the payload holds only ids). */
export async function lijst(db: Db, gebruikerId: string, v: { ongelezen?: boolean; limit: number; offset: number }) {
  let q = db
    .selectFrom('notificaties as n')
    .innerJoin('notificatie_gebeurtenissen as g', 'g.id', 'n.gebeurtenis_id')
    .select(['n.id', 'n.aangemaakt_op', 'n.gelezen_op', 'g.id as gebeurtenisId', 'g.type', 'g.data'])
    .where('n.gebruiker_id', '=', gebruikerId);
  if (v.ongelezen) q = q.where('n.gelezen_op', 'is', null);
  const rijen = await q
    .orderBy('n.aangemaakt_op', 'desc')
    .orderBy('n.id', 'desc')
    .limit(v.limit)
    .offset(v.offset)
    .execute();
  return rijen.flatMap((r) => {
    const s = soortVan(r.type);
    let data: unknown;
    try {
      data = s?.payload.parse(json(r.data));
    } catch {
      return []; // an event of an older shape the catalogue no longer reads: left out, not a broken list
    }
    if (!s) return [];
    return [
      {
        id: r.id,
        gebeurtenisId: r.gebeurtenisId,
        type: r.type,
        titel: s.titel(data),
        tekst: s.tekst(data),
        link: s.link(data),
        aangemaaktOp: new Date(r.aangemaakt_op),
        gelezenOp: r.gelezen_op ? new Date(r.gelezen_op) : null,
      },
    ];
  });
}

/** Marks one (own) notification read; false when it is not the caller's. */
export async function markeerGelezen(db: Db, gebruikerId: string, id: string, nu = new Date()): Promise<boolean> {
  const r = await db
    .updateTable('notificaties')
    .set({ gelezen_op: nu })
    .where('id', '=', id)
    .where('gebruiker_id', '=', gebruikerId)
    .where('gelezen_op', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) return true;
  const bestaat = await db
    .selectFrom('notificaties')
    .select('id')
    .where('id', '=', id)
    .where('gebruiker_id', '=', gebruikerId)
    .executeTakeFirst();
  return !!bestaat;
}

export async function markeerAllesGelezen(db: Db, gebruikerId: string, nu = new Date()): Promise<number> {
  const r = await db
    .updateTable('notificaties')
    .set({ gelezen_op: nu })
    .where('gebruiker_id', '=', gebruikerId)
    .where('gelezen_op', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The event types a role receives: the preference screen lists only these. */
export const typenVoorRol = (rol: Rol): GebeurtenisType[] =>
  GEBEURTENIS_TYPEN.filter((t) => (CATALOGUS[t].rollen as readonly Rol[]).includes(rol));

export async function voorkeuren(db: Db, gebruikerId: string, rol: Rol) {
  const gekozen = new Map(
    (await db.selectFrom('notificatie_voorkeuren').selectAll().where('gebruiker_id', '=', gebruikerId).execute()).map(
      (v) => [v.type, v.kanaal],
    ),
  );
  return typenVoorRol(rol).map((t) => ({
    type: t,
    omschrijving: CATALOGUS[t].omschrijving,
    standaard: CATALOGUS[t].standaard,
    kanaal: gekozen.get(t) ?? CATALOGUS[t].standaard,
  }));
}

/** Stores the choices; a type the role does not receive is refused (null: the caller answers 400). */
export async function zetVoorkeuren(
  db: Db,
  gebruikerId: string,
  rol: Rol,
  keuzes: { type: string; kanaal: Kanaal }[],
): Promise<string | null> {
  const mag = new Set<string>(typenVoorRol(rol));
  const fout = keuzes.find((k) => !mag.has(k.type));
  if (fout) return fout.type;
  const laatste = new Map(keuzes.map((k) => [k.type, k.kanaal]));
  if (laatste.size === 0) return null;
  await db
    .insertInto('notificatie_voorkeuren')
    .values([...laatste].map(([type, kanaal]) => ({ gebruiker_id: gebruikerId, type, kanaal })))
    .onConflict((oc) =>
      oc.columns(['gebruiker_id', 'type']).doUpdateSet((eb) => ({ kanaal: eb.ref('excluded.kanaal') })),
    )
    .execute();
  return null;
}
