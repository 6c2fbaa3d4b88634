/**
 * Public face of the work queue (signaalzaken). Owns the signals as stored into their household's case (table
 * vroegsignalen), the cases (vroegsignaalzaken), their history and contact attempts, and the work areas (werkgebieden).
 */
export { koppelNieuweSignalen, neemSignalenOp, type Blok, type KoppelResultaat } from './koppelen.ts';
export type { NieuwSignaal, Opgenomen } from './zaakvorming.ts';
export { terugkoppeling } from './store.ts';
