/**
 * Public face of the work queue (signaalzaken). Owns the signals as stored into their household's case (table
 * vroegsignalen), the cases (vroegsignaalzaken), their history and contact attempts, and the work areas (werkgebieden).
 */
export { bereidBlokVoor, koppelNieuweSignalen, neemSignalenOp, type Blok, type KoppelResultaat } from './koppelen.ts';
export type { NieuwSignaal, Opgenomen } from './zaakvorming.ts';
export { ruimSignalenOp } from './bewaartermijn.ts';
export { leesSignaal, lijstSignalen, telSignalen, trekSignaalIn, zoekMeldingen } from './meldingen.ts';
export { SORTERINGEN as SIGNAAL_SORTERINGEN } from './meldingen-store.ts';
export { signalenVoorInzage } from './meldingen-store.ts';
export { BEZWAAR_BIJ_BINNENKOMST, SIGNAAL_STATUSSEN, type SignaalStatus } from './signaalstatus.ts';
export { contactpogingNaMatching, contactpogingNietInToekomst } from './regels.ts';
export type { Contactsoort, Eindresultaat } from './vocabulaire.ts';
export { meldTermijnen } from './termijnmelding.ts';
