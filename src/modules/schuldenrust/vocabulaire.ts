/** Vocabularies of the schuldenrust module (stored as text; leaf file without imports). */

/** How a creditor is reached: the web portal, the API with a webhook, or a letter the counsellor sends. */
export const KANALEN = ['portaal', 'api', 'brief'] as const;
/** Collection steps a creditor pauses under the arrangement. */
export const INCASSOSTAPPEN = [
  'aanmaningen',
  'incassokosten',
  'overdracht-incassobureau',
  'overdracht-deurwaarder',
  'beslag',
  'afsluiting-of-opzegging',
  'ontruiming',
] as const;
export const ANTWOORDEN = ['erkend', 'geen-vordering', 'deurwaarder'] as const;
/** Reasons a counsellor ends a pause early (the end date is the automatic one). */
export const EINDE_REDENEN = ['traject-gesloten', 'ingetrokken', 'regeling-getroffen'] as const;
/** What the counsellor sees per creditor. */
export const KENNISGEVING_STATUSSEN = [
  'per-brief',
  'verstuurd',
  'geen-antwoord',
  'erkend',
  'geen-vordering',
  'deurwaarder',
] as const;
export type KennisgevingStatus = (typeof KENNISGEVING_STATUSSEN)[number];

/** A pause lasts 4 months in principle (NVVK Kennisgeving, CJIB Noodstop). */
export const PAUZE_MAANDEN = 4;
/** Without an answer after this many working days, the creditor gets a reminder and the counsellor sees it. */
export const HERINNERING_NA_WERKDAGEN = 5;

export const EINDE_TEKST: Record<string, string> = {
  'traject-gesloten': 'het schuldhulptraject is afgesloten',
  ingetrokken: 'de inwoner heeft zich teruggetrokken',
  'regeling-getroffen': 'er is een schuldregeling getroffen',
  einddatum: 'de einddatum is bereikt',
};
