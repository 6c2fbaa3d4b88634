// One formatter: toLocaleDateString with a timeZone builds a new one per call (~100 µs; a third of a VISH check).
const AMSTERDAM = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' });

const laatste = { minuut: Number.NaN, dag: '' };

/**
 * Today's date in the Netherlands as 'YYYY-MM-DD' (Europe/Amsterdam, never UTC: at 00:27 in Utrecht it is
 * already the next day). The one date helper of server and web app (the web app imports this file).
 */
export function vandaag(nu: Date = new Date()): string {
  // The last answer per minute: Amsterdam's offsets are whole hours, so a day never changes within a minute. Not
  // before 1970, when time zones could have offsets in seconds.
  const minuut = Math.floor(nu.getTime() / 60_000);
  if (minuut !== laatste.minuut || minuut < 0) {
    laatste.minuut = minuut;
    laatste.dag = AMSTERDAM.format(nu);
  }
  return laatste.dag;
}

/** This month in the Netherlands as 'YYYY-MM'. */
export const dezeMaand = (nu: Date = new Date()): string => vandaag(nu).slice(0, 7);

/** 'YYYY-MM-DD' plus n months (end of month clamps: 31 Jan + 1 = 28/29 Feb). */
export function plusMaanden(datum: string, n: number): string {
  const [y, m, d] = datum.split('-').map(Number) as [number, number, number];
  const doel = new Date(Date.UTC(y, m - 1 + n, 1));
  const laatste = new Date(Date.UTC(doel.getUTCFullYear(), doel.getUTCMonth() + 1, 0)).getUTCDate();
  doel.setUTCDate(Math.min(d, laatste));
  return doel.toISOString().slice(0, 10);
}

/** `datum` ('YYYY-MM-DD') plus n calendar days (n may be negative). */
export function plusDagen(datum: string, n: number): string {
  return new Date(Date.parse(`${datum}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `van` to `tot` (both 'YYYY-MM-DD'). */
export function dagenTussen(van: string, tot: string): number {
  return Math.round((Date.parse(`${tot}T00:00:00Z`) - Date.parse(`${van}T00:00:00Z`)) / 86_400_000);
}

/** 'YYYY-MM-DD' or 'DD-MM-YYYY' (also with '/') to ISO date, or null when not a real date. */
export function parseDatum(s: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const nl = iso ? null : /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(s);
  let y: number, mo: number, d: number;
  if (iso) [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (nl) [d, mo, y] = [Number(nl[1]), Number(nl[2]), Number(nl[3])];
  else return null;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

/** The moment `maanden` calendar months before `nu` (retention periods). */
export function maandenTerug(nu: Date, maanden: number): Date {
  const d = new Date(nu);
  d.setUTCMonth(d.getUTCMonth() - maanden);
  return d;
}
