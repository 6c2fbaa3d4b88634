import { sql } from 'kysely';
import type { Context } from '../../context.ts';
import { contactpogingNaMatching, contactpogingNietInToekomst } from '../signaalzaken/index.ts';
import { datumFouten, type TrajectDatums } from '../trajecten/index.ts';

export interface Bevinding {
  soort: 'contactpoging' | 'traject';
  id: string;
  /** The case of a contact attempt. */
  zaakId?: string;
  reden: string;
}

const BLOK = 1000;

/**
 * One check of the stored data against the date rules that guard every entry now (signaalzaken/regels.ts,
 * trajecten/validatie.ts): which rows break a rule, with the Dutch reason. Reads only ids and dates (no names,
 * no BSNs), in blocks, so it runs on a large database too. `npm run cli -- ddas datumcontrole`.
 */
export async function controleerOpgeslagenDatums(ctx: Context, vandaag: string): Promise<Bevinding[]> {
  const db = ctx.db.kysely;
  const uit: Bevinding[] = [];
  let na = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rijen = await db
      .selectFrom('vroegsignaalzaak_contactpogingen as p')
      .innerJoin('vroegsignaalzaken as z', 'z.id', 'p.zaak_id')
      .select(['p.id', 'p.zaak_id', 'p.datum', 'z.matchingsdatum'])
      .where(sql<boolean>`p.id > ${na}::uuid`)
      .orderBy('p.id')
      .limit(BLOK)
      .execute();
    for (const r of rijen)
      for (const reden of [
        contactpogingNietInToekomst(r.datum, vandaag),
        contactpogingNaMatching(r.datum, r.matchingsdatum),
      ])
        if (reden) uit.push({ soort: 'contactpoging', id: r.id, zaakId: r.zaak_id, reden });
    if (rijen.length < BLOK) break;
    na = rijen[rijen.length - 1]!.id;
  }
  na = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rijen = await db
      .selectFrom('trajecten')
      .select(['id', 'startdatum', 'einddatum', 'ddas'])
      .where(sql<boolean>`id > ${na}::uuid`)
      .orderBy('id')
      .limit(BLOK)
      .execute();
    for (const r of rijen) {
      const t: TrajectDatums = {
        startdatum: r.startdatum,
        einddatum: r.einddatum,
        ddas: (r.ddas ?? {}) as TrajectDatums['ddas'],
      };
      for (const reden of datumFouten(t, vandaag)) uit.push({ soort: 'traject', id: r.id, reden });
    }
    if (rijen.length < BLOK) break;
    na = rijen[rijen.length - 1]!.id;
  }
  return uit;
}
