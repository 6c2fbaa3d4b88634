/**
 * Public face of the subject access module (AVG art. 15): it owns no table; it asks each module for its part
 * (verwijsindex, trajecten, signaalzaken, bezwaren, audit) and combines the answers.
 */
export { inzageRapport, type InzageVraag, type Vindplaats } from './inzage.ts';
