/**
 * Public face of the Verwijsindex (VISH): deliveries (tables vish_leveringen, vish_personen, vish_contacten), the
 * in-memory index of pseudonyms (vish-index.ts), checks. The delivery machinery itself is the long-lived
 * `ctx.vishLevering` (VishLevering: lever, trekIn), the index `ctx.vishIndex`.
 */
export type { BronRegel } from './levering.ts';
export type { Treffer } from './vish-index.ts';
export { PersonenSet } from './personen-set.ts';
export { valideerVishRij } from './validatie.ts';
export { synchroniseerIndex, verloopVish } from './onderhoud.ts';
export { gemisteLeveringen } from './store.ts';
export { meldGemisteLeveringen } from './gemist-melden.ts';
export { vishOmgeving, type VishOmgeving } from './omgeving.ts';
export { rustTekst, type RustOpzoeker } from './controle.ts';
