import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { plusMaanden, vandaag } from '../../shared/datum.ts';
import { AuditLog, SYSTEEM } from '../audit/index.ts';
import { normaliseerPostcode } from '../gemeenten/index.ts';
import { achternaamVergelijkSleutel, toevoegingSleutel, voorlettersGelijk, voorlettersSleutel } from './namen.ts';
import * as store from './store.ts';

/** A new early signal to check against running and recently closed debt-help trajectories. */
export interface TerugvalKandidaat {
  signaalId: string;
  gemeentecode: string;
  postcode: string;
  huisnummer: number;
  toevoeging: string | null;
  achternaam: string;
  voorletters: string | null;
}

/** A signal that belongs to a resident with a trajectory: route it to that counsellor as a relapse. */
export interface TerugvalMatch {
  signaalId: string;
  trajectId: string;
  /** The debt-help organisation that runs (or ran) the trajectory. */
  organisatieId: string;
  /** The counsellor's user account, when the trajectory names one. */
  consulentGebruikerId: string | null;
  /** Which rule matched, for the case history (e.g. 'adres+achternaam+voorletters'). */
  regel: string;
}

/** Trajectories closed this many months ago or less still count (seed 003: "nog 6 maanden vroegsignalen"). */
export const TERUGVAL_MAANDEN = 6;

type Traject = Awaited<ReturnType<typeof store.opAdressen>>[number];

/**
 * Which rule, if any, links a signal to a trajectory at the same postcode + house number.
 * - same addition (normalised) + surname + initials: 'adres+achternaam+voorletters';
 * - same addition + surname, initials missing on a side: 'adres+achternaam';
 * - addition missing on one side + surname + initials: 'adres-zonder-toevoeging+achternaam+voorletters';
 * - different additions are different homes: no match.
 */
export function terugvalRegel(
  k: TerugvalKandidaat,
  t: Pick<Traject, 'toevoeging' | 'achternaam' | 'voorletters'>,
): string | null {
  if (!t.achternaam || achternaamVergelijkSleutel(k.achternaam) !== achternaamVergelijkSleutel(t.achternaam))
    return null;
  const [ta, tb] = [toevoegingSleutel(k.toevoeging), toevoegingSleutel(t.toevoeging)];
  const [va, vb] = [voorlettersSleutel(k.voorletters), voorlettersSleutel(t.voorletters)];
  const voorletters = va && vb ? (voorlettersGelijk(va, vb) ? 'gelijk' : 'anders') : 'onbekend';
  if (voorletters === 'anders') return null;
  if (ta === tb) return voorletters === 'gelijk' ? 'adres+achternaam+voorletters' : 'adres+achternaam';
  if ((ta === '' || tb === '') && voorletters === 'gelijk') return 'adres-zonder-toevoeging+achternaam+voorletters';
  return null;
}

/** Prefer a running trajectory, then the most recently closed; fixed order so the answer is stable. */
function beter(a: Traject, b: Traject): boolean {
  if ((a.einddatum === null) !== (b.einddatum === null)) return a.einddatum === null;
  if (a.einddatum !== b.einddatum) return (a.einddatum ?? '') > (b.einddatum ?? '');
  return a.id < b.id;
}

// Contract between the work queue (signaalzaken) and trajectories; implemented by the trajectories module.
/**
 * Set-based: one query for the whole batch (by postcode + house number), then the name rules per pair.
 * Any municipality: the address already fixes where the resident lives, and the organisation that ran the
 * trajectory must make the relapse contact even when it works for a neighbouring municipality.
 * Each match is audited (system actor, trajectory id as subject), in `db`'s transaction when it is one.
 */
export async function zoekTerugval(
  db: Kysely<Database> | Transaction<Database>,
  kandidaten: TerugvalKandidaat[],
  nu: Date,
): Promise<TerugvalMatch[]> {
  const metPostcode = kandidaten.flatMap((k) => {
    const pc = normaliseerPostcode(k.postcode);
    return pc ? [{ k, pc }] : [];
  });
  const sinds = plusMaanden(vandaag(nu), -TERUGVAL_MAANDEN);
  const trajecten = await store.opAdressen(
    db,
    metPostcode.map(({ k, pc }) => ({ postcode: pc, huisnummer: k.huisnummer })),
    sinds,
  );
  const perAdres = new Map<string, Traject[]>();
  for (const t of trajecten) {
    const key = `${t.postcode}|${t.huisnummer}`;
    (perAdres.get(key) ?? perAdres.set(key, []).get(key)!).push(t);
  }
  const matches: TerugvalMatch[] = [];
  for (const { k, pc } of metPostcode) {
    let beste: { t: Traject; regel: string } | null = null;
    for (const t of perAdres.get(`${pc}|${k.huisnummer}`) ?? []) {
      const regel = terugvalRegel(k, t);
      if (regel && (!beste || beter(t, beste.t))) beste = { t, regel };
    }
    if (beste) {
      matches.push({
        signaalId: k.signaalId,
        trajectId: beste.t.id,
        organisatieId: beste.t.organisatie_id,
        consulentGebruikerId: beste.t.consulent_gebruiker_id,
        regel: beste.regel,
      });
    }
  }
  if (matches.length > 0) {
    await new AuditLog(db).schrijfVeel(
      matches.map((m) => ({
        actor: SYSTEEM,
        actie: 'traject.terugval',
        onderwerp: m.trajectId,
        resultaat: 'match',
        details: { signaalId: m.signaalId, regel: m.regel },
      })),
      db,
    );
  }
  return matches;
}
