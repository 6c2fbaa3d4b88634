import type { Antwoord } from '../../api.ts';

/** Shapes of /api/signaalzaken, from the API's own types (web/src/api-typen.ts, generated). */
export type Wachtrij = Antwoord<'/api/signaalzaken/zaken'>;
export type ZaakKern = Wachtrij['zaken'][number];
export type Zaak = Antwoord<'/api/signaalzaken/zaken/{id}'>;

/** The DDAS vocabularies the screens offer: the platform's own lists (one definition, shared with the API). */
export { CONTACTSOORTEN, DAGDELEN, EINDRESULTATEN } from '../../../../src/modules/signaalzaken/vocabulaire.ts';

/** Postcode as people write it ("3511 AB"). */
export const postcode = (p: string) => p.replace(/^(\d{4})\s*([A-Za-z]{2})$/, '$1 $2').toUpperCase();
/**
 * A Dutch address on one line: street, number and suffix, then postcode and place
 * ("Oudegracht 12 A, 3511 AB Utrecht"). Without a street name: "3511 AB, nr. 12 A".
 */
export function adres(a: {
  straatnaam?: string | null;
  huisnummer: number;
  toevoeging: string | null;
  postcode: string;
  woonplaats?: string | null;
}): string {
  const nummer = `${a.huisnummer}${a.toevoeging ? ` ${a.toevoeging}` : ''}`;
  const plaats = [postcode(a.postcode), a.woonplaats].filter(Boolean).join(' ');
  return a.straatnaam ? `${a.straatnaam} ${nummer}, ${plaats}` : `${plaats}, nr. ${nummer}`;
}
