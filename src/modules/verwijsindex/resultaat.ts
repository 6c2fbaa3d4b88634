/**
 * A check's result: the machine code (API, batch column `resultaat`, audit) and its Dutch description for people
 * (batch column `resultaat_omschrijving`, the proof of check). One place for both.
 */
export type ControleResultaat = 'match' | 'geen-match' | 'ongeldig-bsn';

export const GEEN_MATCH_TEKST = 'Geen match — niet bekend in de verwijsindex';
export const ONGELDIG_BSN_TEKST = 'Ongeldig BSN';
/** "Match — in schuldhulp bij Kredietbank" (a batch line names one organisation). */
export const matchBij = (organisatie: string) => `Match — in schuldhulp bij ${organisatie}`;
/** The same for every organisation that has the person (a single check). */
export const matchTekst = (organisaties: readonly string[]) => matchBij([...new Set(organisaties)].join(', '));

/** The reference a proof of check shows: the audit entry's own (the operator finds it by that). */
export { auditReferentie as controleReferentie } from '../audit/index.ts';

/** The BSN on a printed proof: only the last 3 digits ("****.**.333"). Input is a normalised BSN. */
export const gemaskeerdBsn = (bsn: string) => `****.**.${bsn.slice(-3)}`;
