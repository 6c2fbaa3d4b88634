import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { soortVan, type Doel } from './catalogus.ts';
import { OPGEVEN_NA_MS } from './publiceren.ts';
import type { Kanaal } from './tabellen.ts';
import { afgeleverd, type Taak } from './wachtrij.ts';

type Db = Kysely<Database>;

export const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * The organisations an event is for: the named ones, the municipality's (by code), the operator's. Active ones only.
 * Reads organisaties and gebruikers (accounts) read-only: who is in an organisation, with which role and address.
 */
async function organisaties(db: Db, doel: Doel): Promise<string[]> {
  const r = await db
    .selectFrom('organisaties')
    .select('id')
    .where('status', '=', 'actief')
    .where((eb) =>
      eb.or([
        ...(doel.organisaties?.length ? [eb('id', 'in', doel.organisaties)] : []),
        ...(doel.gemeentecode
          ? [eb.and([eb('type', '=', 'gemeente'), eb('gemeentecode', '=', doel.gemeentecode)])]
          : []),
        ...(doel.beheer ? [eb('type', '=', 'beheerder')] : []),
        eb.val(false),
      ]),
    )
    .execute();
  return r.map((o) => o.id);
}

/**
 * Fan-out of one event, in one transaction with marking its task done: an in-app notification and/or an e-mail task
 * per person (role in the catalogue entry, their preference or the default), and a webhook task per subscription of
 * the audience's organisations that asked for this type. Everything is idempotent (unique keys), so a fan-out run
 * again after a crash adds nothing twice.
 */
export async function verspreid(db: Db, taak: Taak, nu: Date, mailAan: boolean): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const g = await tx
      .selectFrom('notificatie_gebeurtenissen')
      .selectAll()
      .where('id', '=', taak.gebeurtenis_id)
      .executeTakeFirst();
    const s = g && soortVan(g.type);
    if (g && s) {
      const doel = json<Doel>(g.doel);
      const orgs = await organisaties(tx, doel);
      if (orgs.length > 0) {
        let q = tx
          .selectFrom('gebruikers as u')
          .leftJoin('notificatie_voorkeuren as v', (j) =>
            j.onRef('v.gebruiker_id', '=', 'u.id').on('v.type', '=', g.type),
          )
          .select(['u.id', 'v.kanaal'])
          .where('u.actief', '=', true)
          .where('u.organisatie_id', 'in', orgs)
          .where('u.rol', 'in', [...s.rollen]);
        if (doel.gebruikers?.length) q = q.where('u.id', 'in', doel.gebruikers);
        const mensen = (await q.execute()).map((m) => ({ id: m.id, kanaal: (m.kanaal ?? s.standaard) as Kanaal }));
        const app = mensen.filter((m) => m.kanaal === 'app' || m.kanaal === 'beide');
        const mail = mailAan ? mensen.filter((m) => m.kanaal === 'mail' || m.kanaal === 'beide') : [];
        if (app.length > 0)
          await tx
            .insertInto('notificaties')
            .values(app.map((m) => ({ gebeurtenis_id: g.id, gebruiker_id: m.id, aangemaakt_op: g.aangemaakt_op })))
            .onConflict((oc) => oc.columns(['gebeurtenis_id', 'gebruiker_id']).doNothing())
            .execute();
        const abonnementen = s.webhook
          ? await tx
              .selectFrom('webhook_abonnementen')
              .select('id')
              .where('organisatie_id', 'in', orgs)
              .where('actief', '=', true)
              .where('verwijderd_op', 'is', null)
              .where(sql<boolean>`${g.type} = ANY(gebeurtenissen)`)
              .execute()
          : [];
        const opgeven = new Date(nu.getTime() + OPGEVEN_NA_MS);
        const taken = [
          ...mail.map((m) => ({ soort: 'mail' as const, gebruiker_id: m.id, abonnement_id: null })),
          ...abonnementen.map((a) => ({ soort: 'webhook' as const, gebruiker_id: null, abonnement_id: a.id })),
        ];
        if (taken.length > 0)
          await tx
            .insertInto('notificatie_taken')
            .values(
              taken.map((t) => ({
                ...t,
                gebeurtenis_id: g.id,
                volgende_poging_op: nu,
                opgeven_na: opgeven,
                aangemaakt_op: nu,
              })),
            )
            .onConflict((oc) => oc.doNothing())
            .execute();
      }
    }
    await afgeleverd(tx, taak, nu);
  });
}
