import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { plusMaanden, vandaag } from '../../shared/datum.ts';
import { deadlineVoor, plusDagen } from '../../shared/werkdagen.ts';
import { SYSTEEM, type AuditLog } from '../audit/audit.ts';
import { zoekTerugval } from '../trajecten/terugval.ts';
import * as ks from './koppel-store.ts';

const KANDIDATEN_BLOK = 10_000;

export interface KoppelResultaat {
  nieuweZaken: number;
  bijgewerkteZaken: number;
  gekoppeld: number;
  bezwaar: number;
  terugval: number;
  opgeruimd: number;
}

/** DDAS matching date and period of a new case: the calendar month of the matching day. */
export function matchingPeriode(dag: string) {
  const start = `${dag.slice(0, 7)}-01`;
  return { dag, start, eind: plusDagen(plusMaanden(start, 1), -1) };
}

/**
 * Puts every signal that is not yet in a case into the open case of its household, or a new one (set-based: a few
 * statements whatever the number of signals). Called by the intake right after an upload is stored, and by the
 * scheduled job as a safety net. Relapse: each new signal is checked against trajectories (zoekTerugval).
 */
export async function koppelNieuweSignalen(
  db: Kysely<Database>,
  nu: Date = new Date(),
  audit?: AuditLog,
): Promise<KoppelResultaat> {
  const matching = matchingPeriode(vandaag(nu));
  const uit = await db.transaction().execute(async (tx) => {
    await ks.vergrendel(tx);
    const dagen = await ks.ontvangstdagen(tx);
    if (dagen.length === 0)
      return {
        nieuweZaken: 0,
        bijgewerkteZaken: 0,
        gekoppeld: 0,
        bezwaar: 0,
        terugval: 0,
        opgeruimd: await ks.ruimLegeZakenOp(tx),
      };
    const kalender = {
      dagen,
      normaal: dagen.map((d) => deadlineVoor(d, false)),
      crisis: dagen.map((d) => deadlineVoor(d, true)),
    };

    // Relapse check on the new signals, in pages (the result is small: only matches are kept).
    const matches: ks.TerugvalRij[] = [];
    for (let na: string | null = null; ; ) {
      const blok = await ks.terugvalKandidaten(tx, na, KANDIDATEN_BLOK);
      if (blok.length === 0) break;
      na = blok[blok.length - 1]!.id;
      const gevonden = await zoekTerugval(
        tx,
        blok.map((s) => ({
          signaalId: s.id,
          gemeentecode: s.gemeentecode,
          postcode: s.postcode,
          huisnummer: s.huisnummer,
          toevoeging: s.toevoeging,
          achternaam: s.achternaam,
          voorletters: s.voorletters,
        })),
        nu,
      );
      for (const m of gevonden) {
        matches.push({
          signaalId: m.signaalId,
          trajectId: m.trajectId,
          organisatieId: m.organisatieId,
          consulent: m.consulentGebruikerId,
          regel: m.regel,
        });
      }
      if (blok.length < KANDIDATEN_BLOK) break;
    }

    await ks.markeerEerdere(tx);
    const r = await ks.koppel(tx, kalender, matching);
    const terugval = await ks.pasTerugvalToe(tx, matches);
    return { ...r, terugval, opgeruimd: await ks.ruimLegeZakenOp(tx) };
  });
  if (audit && (uit.gekoppeld > 0 || uit.bezwaar > 0)) {
    await audit.schrijf({ actor: SYSTEEM, actie: 'signaalzaak.koppelen', resultaat: 'ok', details: { ...uit } });
  }
  return uit;
}
