import type { Antwoord } from '../../api.ts';

/** Shapes of /api/signaalzaken, from the API's own types (web/src/api-typen.ts, generated). */
export type Wachtrij = Antwoord<'/api/signaalzaken/zaken'>;
export type ZaakKern = Wachtrij['zaken'][number];
export type Zaak = Antwoord<'/api/signaalzaken/zaken/{id}'>;

/** The DDAS vocabularies the screens offer: the platform's own lists (one definition, shared with the API). */
export { CONTACTSOORTEN, DAGDELEN, EINDRESULTATEN } from '../../../../src/modules/signaalzaken/vocabulaire.ts';

/** Postcode as people write it ("3511 AB"). */
export const postcode = (p: string) => p.replace(/^(\d{4})\s*([A-Za-z]{2})$/, '$1 $2').toUpperCase();
export const adres = (z: { postcode: string; huisnummer: number; toevoeging: string | null }) =>
  `${postcode(z.postcode)} ${z.huisnummer}${z.toevoeging ? ` ${z.toevoeging}` : ''}`;
