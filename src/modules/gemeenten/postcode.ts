/** Dutch postcode: 4 digits (first not 0) + 2 letters, not SA/SD/SS. Returns '3511AB' or null. */
export function normaliseerPostcode(raw: string): string | null {
  const m = /^([1-9][0-9]{3})\s?([A-Za-z]{2})$/.exec(raw.trim());
  if (!m) return null;
  const letters = m[2]!.toUpperCase();
  if (letters === 'SA' || letters === 'SD' || letters === 'SS') return null;
  return `${m[1]}${letters}`;
}

/** House number 1..99999 as a number, or null. */
export function normaliseerHuisnummer(raw: string): number | null {
  const s = raw.trim();
  if (!/^[0-9]{1,5}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 ? n : null;
}

/** Addition ('A', '2-hoog', 'bis'): uppercase, spaces and hyphens dropped, '' when absent. */
export function normaliseerToevoeging(raw: string | null | undefined): string {
  return (raw ?? '')
    .normalize('NFKC')
    .replace(/[\s\p{Pd}]/gu, '')
    .toUpperCase();
}

/** The key that makes two signals "the same address". */
export function adresSleutel(pc6: string, huisnummer: number, toevoeging: string | null | undefined): string {
  return `${pc6}|${huisnummer}|${normaliseerToevoeging(toevoeging)}`;
}

/** Surname for matching: no accents, lowercase, letters only ("Özdemir-Béké" -> "ozdemirbeke"). */
export function achternaamSleutel(naam: string): string {
  return naam
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');
}
