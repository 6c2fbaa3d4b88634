import { sql, type Kysely } from 'kysely';
import type { Context } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { plusMaanden, vandaag } from '../../shared/datum.ts';
import { deadlineVoor, plusDagen } from '../../shared/werkdagen.ts';
import { SYSTEEM, type AuditLog } from '../audit/index.ts';
import { signaalGrens } from '../retentie/index.ts';
import { zoekTerugval } from '../trajecten/index.ts';
import { BEZWAAR_BIJ_BINNENKOMST } from './signaalstatus.ts';
import * as zv from './zaakvorming.ts';

/** Unlinked signals per statement of the safety net (the intake's blocks are as large). */
const PAGINA = 5000;

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

function kalender(dagen: string[]): zv.Kalender {
  return {
    dagen,
    normaal: dagen.map((d) => deadlineVoor(d, false)),
    crisis: dagen.map((d) => deadlineVoor(d, true)),
  };
}

/**
 * What follows the statement for either source: the other signals of the month at a shared address become meervoudig,
 * and the new signals are checked against debt-help trajectories (contact bij terugval): a match sends the case to that
 * counsellor. Signals under an objection are not checked.
 */
async function naOpname(tx: Kysely<Database>, opgenomen: zv.Opgenomen[], nu: Date) {
  await zv.markeerEerdere(
    tx,
    opgenomen.filter((s) => s.ingevoegd && s.meervoudig).map((s) => s.id),
  );
  const kandidaten = opgenomen.flatMap((s) =>
    s.ingevoegd && s.zaak_id && s.status !== BEZWAAR_BIJ_BINNENKOMST.signaal
      ? [
          {
            signaalId: s.id,
            gemeentecode: s.gemeentecode,
            postcode: s.postcode,
            huisnummer: s.huisnummer,
            toevoeging: s.toevoeging,
            achternaam: s.achternaam,
            voorletters: s.voorletters,
          },
        ]
      : [],
  );
  const matches = kandidaten.length > 0 ? await zoekTerugval(tx, kandidaten, nu) : [];
  return zv.pasTerugvalToe(
    tx,
    matches.map((m) => ({
      signaalId: m.signaalId,
      trajectId: m.trajectId,
      organisatieId: m.organisatieId,
      consulent: m.consulentGebruikerId,
      regel: m.regel,
    })),
  );
}

export interface Blok {
  partnerId: string;
  leveringId: string;
  /** The delivery's receipt (the transaction's time): the signals' receipt, deadlines and the partner's window. */
  ontvangenOp: Date;
  /** The moment matching dates and the relapse window are measured from. */
  nu: Date;
  rows: zv.NieuwSignaal[];
  /** The rows as the statement's parameter (bereidBlokVoor), when made ahead. */
  json?: string;
}

/** The block's parameter, to make while the previous block is stored (pure; neemSignalenOp makes it otherwise). */
export function bereidBlokVoor(rows: zv.NieuwSignaal[]): string {
  return zv.blokJson(rows);
}

/**
 * The intake's store step: a block of valid rows becomes signals in their households' cases, in the caller's
 * transaction (so the whole upload commits or rolls back together). Returns one row per stored signal.
 */
export async function neemSignalenOp(ctx: Context, tx: Kysely<Database>, blok: Blok): Promise<zv.Opgenomen[]> {
  if (blok.rows.length === 0) return [];
  const opgenomen = await zv.neemOp(
    tx,
    {
      soort: 'levering',
      partnerId: blok.partnerId,
      leveringId: blok.leveringId,
      venster: signaalGrens(ctx.config, blok.ontvangenOp),
      rows: blok.rows,
      json: blok.json,
    },
    kalender([vandaag(blok.ontvangenOp)]),
    matchingPeriode(vandaag(blok.nu)),
  );
  await naOpname(tx, opgenomen, blok.nu);
  return opgenomen;
}

/**
 * Safety net (scheduled job, and the intake when a concurrent upload left a signal without a case): every signal not
 * yet in a case joins the open case of its household, or a new one, through the same statement as the intake.
 * Cases whose signals were all withdrawn are removed.
 */
export async function koppelNieuweSignalen(
  db: Kysely<Database>,
  nu: Date = new Date(),
  audit?: AuditLog,
): Promise<KoppelResultaat> {
  const matching = matchingPeriode(vandaag(nu));
  const uit = await db.transaction().execute(async (tx) => {
    await zv.vergrendel(tx);
    const r = { nieuweZaken: 0, bijgewerkteZaken: 0, gekoppeld: 0, bezwaar: 0, terugval: 0, opgeruimd: 0 };
    const dagen = await zv.ontvangstdagen(tx);
    if (dagen.length > 0) {
      const k = kalender(dagen);
      const zaken = new Set<string>();
      // The planner cannot estimate the unlinked set (it guesses one row) and would pair signals and cases in nested
      // loops, quadratic in the page size: hash joins are linear. (The intake's statement plans well as it is.)
      await sql`SET LOCAL enable_nestloop = off`.execute(tx);
      for (;;) {
        const opgenomen = await zv.neemOp(tx, { soort: 'ongekoppeld', limit: PAGINA }, k, matching);
        r.gekoppeld += opgenomen.length;
        r.terugval += await naOpname(tx, opgenomen, nu);
        for (const s of opgenomen) if (s.zaak_id) zaken.add(s.zaak_id);
        // A page with a signal left unlinked (a concurrent upload's household) ends the run; the next one retries.
        if (opgenomen.length < PAGINA) break;
      }
      await sql`SET LOCAL enable_nestloop = on`.execute(tx);
      const telling = await zv.telZaken(tx, [...zaken]);
      r.nieuweZaken = telling.nieuw;
      r.bijgewerkteZaken = telling.bijgewerkt;
      r.bezwaar = telling.bezwaar;
    }
    r.opgeruimd = await zv.ruimLegeZakenOp(tx);
    return r;
  });
  if (audit && (uit.gekoppeld > 0 || uit.bezwaar > 0)) {
    await audit.schrijf({ actor: SYSTEEM, actie: 'signaalzaak.koppelen', resultaat: 'ok', details: { ...uit } });
  }
  return uit;
}
