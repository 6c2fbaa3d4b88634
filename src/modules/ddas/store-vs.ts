import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Periode } from './bron.ts';

type Db = Kysely<Database>;

// Read-only queries on the signal-case tables (0002_vroegsignalen.sql, 0005_signaalzaken.sql) for the DDAS-VS export.

/** Signal cases of the municipality that were open at some time in the period (matched before its end, not closed before its start). */
function inPeriode(db: Db, gemeentecode: string, p: Periode) {
  return db
    .selectFrom('vroegsignaalzaken as z')
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
    );
}

export async function telZaken(db: Db, gemeentecode: string, p: Periode): Promise<number> {
  const r = await inPeriode(db, gemeentecode, p).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function zaken(db: Db, gemeentecode: string, p: Periode, offset: number, limit: number) {
  return inPeriode(db, gemeentecode, p)
    .select([
      'z.id',
      'z.resultaat',
      'z.matchingsdatum',
      'z.startdatum_matchingperiode',
      'z.einddatum_matchingperiode',
      'z.datum_opgepakt',
    ])
    .orderBy('z.matchingsdatum')
    .orderBy('z.id')
    .offset(offset)
    .limit(limit)
    .execute();
}

export async function contactpogingen(db: Db, zaakIds: string[]) {
  if (zaakIds.length === 0) return [];
  return db
    .selectFrom('vroegsignaalzaak_contactpogingen')
    .select(['zaak_id', 'soort', 'bereikt', 'datum', 'dagdeel'])
    .where(sql<boolean>`zaak_id = any(${zaakIds}::uuid[])`)
    .orderBy('datum')
    .orderBy('vastgelegd_op')
    .execute();
}

/** The signals of these cases; names only when `metNamen` (the columns are not even read otherwise). */
export async function signalen(db: Db, zaakIds: string[], metNamen: boolean) {
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
    .orderBy('s.ontvangen_op')
    .orderBy('s.id')
    .execute();
}
