/** Dates in Europe/Amsterdam: the server's one date helper, shared with the web app (never `toISOString()` for a day). */
export { dagenTussen, dezeMaand, plusDagen, plusMaanden, vandaag } from '../../src/shared/datum.ts';
