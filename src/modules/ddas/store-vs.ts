import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Periode } from './bron.ts';

type Db = Kysely<Database>;

// Read-only queries on the signal-case tables (0002_vroegsignalen.sql, 0005_signaalzaken.sql) for the DDAS-VS export.

/** Ids of the municipality's signal cases open at some time in the period (matched before its end, not closed before its start), in delivery order. */
export async function zaakIds(db: Db, gemeentecode: string, p: Periode): Promise<string[]> {
  const rijen = await db
    .selectFrom('vroegsignaalzaken as z')
    .select('z.id')
    .where('z.gemeentecode', '=', gemeentecode)
    .where('z.matchingsdatum', '<=', p.einddatum)
    .where((eb) =>
      eb.or([
        eb('z.afgesloten_op', 'is', null),
        eb(
          sql<string>`(z.afgesloten_op AT TIME ZONE 'Europe/Amsterdam')::date`,
          '>=',
          sql<string>`${p.startdatum}::date`,
        ),
      ]),
    )
    .orderBy('z.matchingsdatum')
    .orderBy('z.id')
    .execute();
  return rijen.map((r) => r.id);
}

/** These cases (any order), with the closing date as the resident's calendar day. */
export async function zaken(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('vroegsignaalzaken as z')
    .select([
      'z.id',
      'z.resultaat',
      'z.matchingsdatum',
      'z.startdatum_matchingperiode',
      'z.einddatum_matchingperiode',
      'z.datum_opgepakt',
      sql<string | null>`(z.afgesloten_op AT TIME ZONE 'Europe/Amsterdam')::date::text`.as('afgesloten_datum'),
    ])
    .where(sql<boolean>`z.id = any(${ids}::uuid[])`)
    .execute();
}

/** Contact attempts of these cases made on or before `tot` (a delivery describes its period). */
export async function contactpogingen(db: Db, zaakIds: string[], tot: string) {
  if (zaakIds.length === 0) return [];
  return db
    .selectFrom('vroegsignaalzaak_contactpogingen')
    .select(['zaak_id', 'soort', 'bereikt', 'datum', 'dagdeel'])
    .where(sql<boolean>`zaak_id = any(${zaakIds}::uuid[])`)
    .where('datum', '<=', tot)
    .orderBy('datum')
    .orderBy('vastgelegd_op')
    .execute();
}

/** The signals of these cases received on or before `tot`; names only when `metNamen` (the columns are not even read otherwise). */
export async function signalen(db: Db, zaakIds: string[], metNamen: boolean, tot: string) {
  if (zaakIds.length === 0) return [];
  return db
    .selectFrom('vroegsignalen as s')
    .leftJoin('signaalpartners as p', 'p.organisatie_id', 's.partner_id')
    .select([
      's.id',
      's.zaak_id',
      's.crisissignaal',
      's.warme_overdracht',
      's.bedrag_achterstand',
      's.vervaldatum',
      's.signaalstatus',
      sql<string>`(s.ontvangen_op AT TIME ZONE 'Europe/Amsterdam')::date::text`.as('signaaldatum'),
      'p.ddas_type',
      's.straatnaam',
      's.postcode',
      's.huisnummer',
      's.toevoeging',
      's.woonplaats',
    ])
    .$if(metNamen, (q) => q.select(['s.voorletters', 's.achternaam']))
    .where(sql<boolean>`s.zaak_id = any(${zaakIds}::uuid[])`)
    .where(sql<boolean>`(s.ontvangen_op AT TIME ZONE 'Europe/Amsterdam')::date <= ${tot}::date`)
    .orderBy('s.ontvangen_op')
    .orderBy('s.id')
    .execute();
}
