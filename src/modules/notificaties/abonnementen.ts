/** Webhook subscriptions of an organisation: register, change, rotate the secret, remove; deliveries and replay. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, OrganisatieType } from '../../db/schema.ts';
import { AppError, invalidInput, notFound } from '../../shared/errors.ts';
import { CATALOGUS, GEBEURTENIS_TYPEN, type GebeurtenisType } from './catalogus.ts';
import type { WebhookKluis } from './kluis.ts';
import { nieuwGeheim } from './ondertekening.ts';
import { OPGEVEN_NA_MS } from './publiceren.ts';
import type { TaakStatus } from './tabellen.ts';
import { zetOpnieuwKlaar } from './wachtrij.ts';
import { urlFout } from './webhook-aanroep.ts';

type Db = Kysely<Database>;

/** After a rotation the previous secret keeps working this long (calls carry both signatures meanwhile). */
export const ROTATIE_OVERLAP_MS = 24 * 3_600_000;

/** The event types an organisation type may subscribe to: only what its own audience can be. */
export const webhookTypenVoor = (type: OrganisatieType): GebeurtenisType[] =>
  GEBEURTENIS_TYPEN.filter((t) => CATALOGUS[t].webhook && (CATALOGUS[t].voor as readonly string[]).includes(type));

/** Organisation types that can have webhooks at all. */
export const WEBHOOK_ORGANISATIETYPEN = [
  ...new Set(GEBEURTENIS_TYPEN.flatMap((t) => (CATALOGUS[t].webhook ? CATALOGUS[t].voor : []))),
] as OrganisatieType[];

function controleer(
  orgType: OrganisatieType,
  v: { url?: string | undefined; gebeurtenissen?: string[] | undefined },
  alleenPubliek: boolean,
) {
  if (v.url !== undefined) {
    const fout = urlFout(v.url, alleenPubliek);
    if (fout) throw invalidInput(fout);
  }
  if (v.gebeurtenissen !== undefined) {
    const mag = new Set<string>(webhookTypenVoor(orgType));
    const niet = v.gebeurtenissen.filter((g) => !mag.has(g));
    if (niet.length > 0)
      throw invalidInput(`Deze gebeurtenissen zijn er niet voor uw organisatie: ${niet.slice(0, 5).join(', ')}.`);
    if (v.gebeurtenissen.length === 0) throw invalidInput('Kies ten minste één gebeurtenis.');
  }
}

const velden = ['id', 'url', 'gebeurtenissen', 'omschrijving', 'actief', 'aangemaakt_op', 'vorig_geheim_tot'] as const;

function toon(
  a: {
    id: string;
    url: string;
    gebeurtenissen: string[];
    omschrijving: string;
    actief: boolean;
    aangemaakt_op: Date;
    vorig_geheim_tot: Date | null;
  },
  mislukt = 0,
  nu = new Date(),
) {
  return {
    id: a.id,
    url: a.url,
    gebeurtenissen: a.gebeurtenissen,
    omschrijving: a.omschrijving,
    actief: a.actief,
    aangemaaktOp: new Date(a.aangemaakt_op),
    vorigGeheimGeldigTot: a.vorig_geheim_tot && new Date(a.vorig_geheim_tot) > nu ? new Date(a.vorig_geheim_tot) : null,
    mislukt,
  };
}

async function eigen(db: Db, orgId: string, id: string) {
  const a = await db
    .selectFrom('webhook_abonnementen')
    .select([...velden, 'geheim'])
    .where('id', '=', id)
    .where('organisatie_id', '=', orgId)
    .where('verwijderd_op', 'is', null)
    .executeTakeFirst();
  if (!a) throw notFound();
  return a;
}

export async function lijst(db: Db, orgId: string) {
  const rijen = await db
    .selectFrom('webhook_abonnementen as a')
    .select([...velden.map((v) => `a.${v}` as const)])
    .select((eb) =>
      eb
        .selectFrom('notificatie_taken as t')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('t.abonnement_id', '=', 'a.id')
        .where('t.status', '=', 'mislukt')
        .as('mislukt'),
    )
    .where('a.organisatie_id', '=', orgId)
    .where('a.verwijderd_op', 'is', null)
    .orderBy('a.aangemaakt_op')
    .execute();
  return rijen.map((r) => toon(r, Number(r.mislukt ?? 0)));
}

export async function maak(
  db: Db,
  kluis: WebhookKluis,
  org: { id: string; type: OrganisatieType },
  v: { url: string; gebeurtenissen: string[]; omschrijving?: string | undefined },
  alleenPubliek: boolean,
) {
  controleer(org.type, v, alleenPubliek);
  const id = randomUUID();
  const geheim = nieuwGeheim();
  const a = await db
    .insertInto('webhook_abonnementen')
    .values({
      id,
      organisatie_id: org.id,
      url: v.url,
      gebeurtenissen: [...new Set(v.gebeurtenissen)],
      omschrijving: v.omschrijving ?? '',
      geheim: await kluis.versleutel(geheim, id),
    })
    .returning([...velden])
    .executeTakeFirstOrThrow();
  return { ...toon(a), geheim };
}

export async function wijzig(
  db: Db,
  org: { id: string; type: OrganisatieType },
  id: string,
  v: {
    url?: string | undefined;
    gebeurtenissen?: string[] | undefined;
    omschrijving?: string | undefined;
    actief?: boolean | undefined;
  },
  alleenPubliek: boolean,
) {
  await eigen(db, org.id, id);
  controleer(org.type, v, alleenPubliek);
  const a = await db
    .updateTable('webhook_abonnementen')
    .set({
      ...(v.url !== undefined ? { url: v.url } : {}),
      ...(v.gebeurtenissen !== undefined ? { gebeurtenissen: [...new Set(v.gebeurtenissen)] } : {}),
      ...(v.omschrijving !== undefined ? { omschrijving: v.omschrijving } : {}),
      ...(v.actief !== undefined ? { actief: v.actief } : {}),
    })
    .where('id', '=', id)
    .returning([...velden])
    .executeTakeFirstOrThrow();
  return toon(a);
}

export async function verwijder(db: Db, orgId: string, id: string, nu = new Date()) {
  await eigen(db, orgId, id);
  await db.updateTable('webhook_abonnementen').set({ verwijderd_op: nu, actief: false }).where('id', '=', id).execute();
}

/** A new secret (shown once); the previous one stays valid for ROTATIE_OVERLAP_MS, and calls carry both signatures. */
export async function roteer(db: Db, kluis: WebhookKluis, orgId: string, id: string, nu = new Date()) {
  const a = await eigen(db, orgId, id);
  const geheim = nieuwGeheim();
  const tot = new Date(nu.getTime() + ROTATIE_OVERLAP_MS);
  await db
    .updateTable('webhook_abonnementen')
    .set({ geheim: await kluis.versleutel(geheim, id), vorig_geheim: a.geheim, vorig_geheim_tot: tot })
    .where('id', '=', id)
    .execute();
  return { id, geheim, vorigGeheimGeldigTot: tot };
}

export async function afleveringen(
  db: Db,
  orgId: string,
  id: string,
  v: { status?: TaakStatus | undefined; limit: number; offset: number },
) {
  await eigen(db, orgId, id);
  let q = db
    .selectFrom('notificatie_taken as t')
    .innerJoin('notificatie_gebeurtenissen as g', 'g.id', 't.gebeurtenis_id')
    .select([
      't.id',
      'g.id as gebeurtenisId',
      'g.type',
      't.status',
      't.pogingen',
      't.laatste_fout',
      't.laatste_status',
      't.volgende_poging_op',
      't.afgeleverd_op',
      't.aangemaakt_op',
    ])
    .where('t.abonnement_id', '=', id);
  if (v.status) q = q.where('t.status', '=', v.status);
  const rijen = await q.orderBy('t.aangemaakt_op', 'desc').limit(v.limit).offset(v.offset).execute();
  return rijen.map((r) => ({
    id: r.id,
    gebeurtenisId: r.gebeurtenisId,
    type: r.type,
    status: r.status,
    pogingen: r.pogingen,
    laatsteFout: r.laatste_fout,
    laatsteStatus: r.laatste_status,
    volgendePogingOp: r.status === 'wachtend' ? new Date(r.volgende_poging_op) : null,
    afgeleverdOp: r.afgeleverd_op ? new Date(r.afgeleverd_op) : null,
    aangemaaktOp: new Date(r.aangemaakt_op),
  }));
}

/** Replay: a failed (or delivered) call is sent again, with the same event id, and retried for another 24 hours. */
export async function opnieuw(db: Db, orgId: string, id: string, afleveringId: string, nu = new Date()) {
  await eigen(db, orgId, id);
  const t = await db
    .selectFrom('notificatie_taken')
    .select('id')
    .where('id', '=', afleveringId)
    .where('abonnement_id', '=', id)
    .executeTakeFirst();
  if (!t) throw notFound();
  if (!(await zetOpnieuwKlaar(db, afleveringId, nu, new Date(nu.getTime() + OPGEVEN_NA_MS))))
    throw new AppError(
      409,
      'wordt_afgeleverd',
      'Dit bericht wordt al afgeleverd. Wacht tot het is afgeleverd of mislukt.',
    );
  return { id: afleveringId, status: 'wachtend' as const };
}
