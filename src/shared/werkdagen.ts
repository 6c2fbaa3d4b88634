import Holidays from 'date-holidays';
import { plusDagen } from './datum.ts';

/**
 * The one working-day calendar of the platform: Monday to Friday, minus Dutch public holidays as the
 * maintained `date-holidays` package knows them ('NL', type 'public' only: no observances such as
 * Dodenherdenking, no school or bank days). Dates are 'YYYY-MM-DD'.
 */
const nl = new Holidays('NL');
const perJaar = new Map<number, Set<string>>();

function feestdagen(jaar: number): Set<string> {
  let s = perJaar.get(jaar);
  if (!s) {
    s = new Set(
      nl
        .getHolidays(jaar)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    perJaar.set(jaar, s);
  }
  return s;
}

export function isFeestdag(datum: string): boolean {
  return feestdagen(Number(datum.slice(0, 4))).has(datum);
}

export function isWerkdag(datum: string): boolean {
  const dag = new Date(`${datum}T00:00:00Z`).getUTCDay();
  return dag !== 0 && dag !== 6 && !isFeestdag(datum);
}

export { plusDagen };

/** The n-th working day after `datum` (the day itself does not count). */
export function plusWerkdagen(datum: string, n: number): string {
  let d = datum;
  for (let i = 0; i < n; ) {
    d = plusDagen(d, 1);
    if (isWerkdag(d)) i++;
  }
  return d;
}

/** Wgs / LCV art. 3.13: act within 4 weeks of receipt, or within 3 working days in a threatening situation. */
export function deadlineVoor(ontvangenDag: string, dreigend: boolean): string {
  return dreigend ? plusWerkdagen(ontvangenDag, 3) : plusDagen(ontvangenDag, 28);
}
