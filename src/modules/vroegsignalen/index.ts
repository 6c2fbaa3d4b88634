/**
 * Public face of the early-signal intake (vroegsignalen): deliveries from signal partners (file, SFTP, API) through the
 * stages in intake/, and their reports (table vroegsignaal_leveringen). The signals themselves are stored by signaalzaken.
 */
export { verwerkApiSignalen, verwerkSignaalbestand } from './intake/verwerk.ts';
export type { Rapport } from './intake/rapport.ts';
export { leveringMetSleutel } from './store.ts';
export { ruimLeveringenOp } from './store.ts';
