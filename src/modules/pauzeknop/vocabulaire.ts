/** Vocabularies of the Pauzeknop (stored as these strings). */

/** Threatening situations (Wgs art. 3 lid 3: act within 3 working days). */
export const DREIGINGEN = [
  'huisuitzetting',
  'afsluiting-energie',
  'afsluiting-water',
  'opzegging-zorgverzekering',
] as const;
export type Dreiging = (typeof DREIGINGEN)[number];

/** The state of a request as the resident sees it: received, picked up, contact made. */
export const AANMELDING_STATUSSEN = ['ontvangen', 'opgepakt', 'contact'] as const;
export type AanmeldingStatus = (typeof AANMELDING_STATUSSEN)[number];

export const CONTACTSOORTEN = ['Telefoon', 'Mail', 'Brief', 'Huisbezoek', 'Gesprek op kantoor', 'Overige'] as const;

/**
 * The consent text the resident agrees to (plain Dutch, B1). A change of wording is a new version: each request keeps
 * the version it was given under.
 */
export const TOESTEMMING = {
  versie: '2026-12-v1',
  tekst: [
    'Ik vraag mijn gemeente om hulp bij mijn schulden.',
    'De gemeente mag mijn gegevens van dit formulier gebruiken om contact met mij op te nemen en mij te helpen. Ook mag de gemeente zien dat ik met DigiD ben ingelogd.',
    'De gemeente gebruikt mijn gegevens alleen voor deze hulp. Ik kan mijn vraag altijd intrekken door de gemeente te bellen of te mailen.',
  ],
} as const;
