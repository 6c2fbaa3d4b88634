import { AppError, invalidInput } from '../../shared/errors.ts';
import { NA_BEREIKT, NIET_NA_HULP, NIET_OPGEPAKT, type Eindresultaat, type ZaakStatus } from './vocabulaire.ts';

/**
 * The status flow of a signal case, in one place: nieuw -> opgepakt -> contact (>= 1 attempt) -> afgesloten.
 * Every check returns nothing or throws a 409 with a Dutch message; no jump to "closed" without a recorded action.
 */
/** Who works cases (the queue's routes) and so may be a case's handler: a case is never assigned to anyone else. */
export const BEHANDELAARROLLEN = [
  'gemeente-medewerker',
  'gemeente-coordinator',
  'schuldhulpverlener',
  'wijkteam',
] as const;

export interface ZaakToestand {
  status: ZaakStatus;
  pogingen: number;
  bereikt: boolean;
  hulpGeaccepteerd: boolean;
}

const weiger = (code: string, melding: string) => new AppError(409, code, melding);
const AFGESLOTEN = () => weiger('zaak_afgesloten', 'Deze zaak is al afgesloten; er kan niets meer worden gewijzigd.');

export function magOppakken(z: ZaakToestand) {
  if (z.status === 'afgesloten') throw AFGESLOTEN();
  if (z.status !== 'nieuw')
    throw weiger('al_opgepakt', 'Deze zaak is al opgepakt. Vraag de coördinator om de zaak over te dragen.');
}

export function magContactpoging(z: ZaakToestand) {
  if (z.status === 'afgesloten') throw AFGESLOTEN();
  if (z.status === 'nieuw') throw weiger('niet_opgepakt', 'Pak de zaak eerst op voordat u een contactpoging vastlegt.');
}

export function magHulpAccepteren(z: ZaakToestand) {
  if (z.status === 'afgesloten') throw AFGESLOTEN();
  if (z.hulpGeaccepteerd)
    throw weiger('hulp_al_geaccepteerd', 'Voor deze zaak is al vastgelegd dat de inwoner hulp heeft geaccepteerd.');
  if (!z.bereikt)
    throw weiger(
      'geen_contact',
      'Hulp geaccepteerd kan pas worden vastgelegd na een contactpoging waarbij de inwoner is bereikt.',
    );
}

export function magToewijzen(z: ZaakToestand) {
  if (z.status === 'afgesloten') throw AFGESLOTEN();
}

export function magMarkerenAlsCrisis(z: ZaakToestand) {
  if (z.status === 'afgesloten') throw AFGESLOTEN();
}

export function magAfsluiten(z: ZaakToestand, r: Eindresultaat) {
  if (z.status === 'afgesloten') throw AFGESLOTEN();
  if (z.hulpGeaccepteerd && NIET_NA_HULP.includes(r)) {
    throw weiger(
      'hulp_geaccepteerd',
      `De inwoner heeft hulp geaccepteerd; het eindresultaat '${r}' past daar niet bij.`,
    );
  }
  if (NIET_OPGEPAKT.includes(r)) {
    if (r.startsWith('Niet opgepakt') && z.status !== 'nieuw') {
      throw weiger('al_opgepakt', `Deze zaak is al opgepakt; '${r}' kan alleen voor een zaak die niet is opgepakt.`);
    }
    return;
  }
  if (z.status === 'nieuw')
    throw weiger('niet_opgepakt', `Pak de zaak eerst op: '${r}' kan niet voor een zaak die nog niet is opgepakt.`);
  if (r === 'Definitief geen contact kunnen krijgen') {
    if (z.pogingen === 0)
      throw weiger(
        'geen_contactpoging',
        "'Definitief geen contact kunnen krijgen' vraagt minstens één vastgelegde contactpoging.",
      );
    if (z.bereikt)
      throw weiger(
        'wel_contact',
        "Er is contact geweest met de inwoner; kies bijvoorbeeld 'Geen reactie na eerder contact'.",
      );
  }
  if (NA_BEREIKT.includes(r) && !z.bereikt) {
    throw weiger('geen_contact', `'${r}' vraagt een vastgelegde contactpoging waarbij de inwoner is bereikt.`);
  }
}

/** The resident objects: the case is closed as not to be acted on, from any open state. */
export function magBezwaar(z: ZaakToestand) {
  if (z.status === 'afgesloten') throw AFGESLOTEN();
}

// --- Dates that must be true (a refusal is a 400 with a Dutch reason; the same rules check stored data) ---

/** A contact attempt cannot be in the future (a date is a calendar day in Europe/Amsterdam). Null: allowed. */
export function contactpogingNietInToekomst(datum: string, vandaag: string): string | null {
  return datum > vandaag
    ? `De datum van de contactpoging (${datum}) ligt in de toekomst; leg een poging vast als die gedaan is.`
    : null;
}

/** A contact attempt cannot be before the case existed: its matching date. */
export function contactpogingNaMatching(datum: string, matchingsdatum: string): string | null {
  return datum < matchingsdatum
    ? `De datum van de contactpoging (${datum}) ligt voor de matchingsdatum van de zaak (${matchingsdatum}).`
    : null;
}

/** Both contact-attempt date rules; throws the first refusal. */
export function controleerContactpogingDatum(datum: string, matchingsdatum: string, vandaag: string) {
  const fout = contactpogingNietInToekomst(datum, vandaag) ?? contactpogingNaMatching(datum, matchingsdatum);
  if (fout) throw invalidInput(fout);
}
