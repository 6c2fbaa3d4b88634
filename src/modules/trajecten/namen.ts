import { normaliseerToevoeging } from '../gemeenten/index.ts';

/** Dutch surname prefixes (tussenvoegsels): left out when comparing surnames. */
const TUSSENVOEGSELS = new Set([
  'van',
  'de',
  'der',
  'den',
  'het',
  't',
  'ter',
  'ten',
  'te',
  'in',
  'op',
  'aan',
  'bij',
  'uit',
  'over',
  'onder',
  'voor',
  'tot',
  'la',
  'le',
  'les',
  'du',
  'des',
  'da',
  'di',
  'dos',
  'del',
  'della',
  'el',
  'von',
  'vom',
  'zu',
  'zum',
  'l',
  'd',
  's',
]);

/**
 * Surname key for the relapse check. Explainable on purpose, no fuzzy distance:
 * - 'Vries, de' is read as 'de Vries';
 * - case, accents and punctuation do not count ('Özdemir-Béké' = 'ozdemir beke');
 * - tussenvoegsels do not count ('van der Berg' = 'Berg'), unless the name is nothing else;
 * - 'ij' and 'y' are the same letter ('Bijl' = 'Byl');
 * - a doubled letter counts as one ('Janssen' = 'Jansen', 'Smitt' = 'Smit').
 */
export function achternaamVergelijkSleutel(naam: string): string {
  let s = naam.trim();
  const komma = s.indexOf(',');
  if (komma >= 0) s = `${s.slice(komma + 1)} ${s.slice(0, komma)}`;
  s = s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’'`]/g, ' ');
  const woorden = s.split(/[^\p{L}]+/u).filter(Boolean);
  const kern = woorden.filter((w) => !TUSSENVOEGSELS.has(w));
  return (kern.length > 0 ? kern : woorden)
    .join('')
    .replace(/ij/g, 'y')
    .replace(/(\p{L})\1+/gu, '$1');
}

/** Initials as capital letters: 'p.j.', 'P J' and 'PJ' all give 'PJ'; null when there are none. */
export function voorlettersSleutel(v: string | null | undefined): string | null {
  const s = (v ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}]/gu, '')
    .toUpperCase();
  return s === '' ? null : s;
}

/**
 * Initials agree when the first initial is the same and the shorter set is the start of the longer
 * ('P.' = 'P.J.'; 'P.J.' ≠ 'P.K.').
 */
export function voorlettersGelijk(a: string, b: string): boolean {
  return a[0] === b[0] && (a.startsWith(b) || b.startsWith(a));
}

/** House-number addition for comparing: '1-A', '1 a' and '1A' all give 'A'; '' when absent. */
export const toevoegingSleutel = (t: string | null | undefined) => normaliseerToevoeging(t);
