/**
 * DDAS Vroegsignalering vocabularies (Uitwisselmodel v0.9, src/modules/ddas/schemas/ddas-vs-0.9), used as the
 * platform's own values: the database stores these exact strings, so a DDAS export is a mapping.
 */
export const EINDRESULTATEN = [
  'Niet opgepakt: herhaalde melding',
  'Niet opgepakt: onterecht signaal',
  'Inwoner is overleden',
  'Persoon is geen inwoner (meer) in de gemeente',
  'Niet opgepakt: andere reden',
  'Inwoner al bekend bij schuldhulpverlening',
  'Inwoner heeft al een ander lopend traject',
  'Definitief geen contact kunnen krijgen',
  'Geen reactie na eerder contact',
  'Inwoner hoeft geen hulp vanuit vroegsignalering',
  'Inwoner heeft zelf al betaald/betalingsregeling getroffen',
  '(Budget)advies en/of quick fix',
  'Vervolghulp en/of verwijzing financieel',
  'Verwijzing zonder contact',
  'Vervolghulp en/of verwijzing niet financieel',
] as const;
export type Eindresultaat = (typeof EINDRESULTATEN)[number];

export const CONTACTSOORTEN = [
  'Mail',
  'Brief',
  'SMS/Whatsapp',
  'Telefoon',
  'Huisbezoek',
  'Kaartje',
  'Overige',
  'Administratief',
] as const;
export type Contactsoort = (typeof CONTACTSOORTEN)[number];

export const DAGDELEN = ['Ochtend', 'Middag', 'Avond'] as const;

/** EnumSignaalstatus: a signal that is not (yet) picked up. A picked-up signal has no DDAS status. */
export const SIGNAALSTATUSSEN = [
  'Nog niet opgepakt',
  'Niet opgepakt: onterecht signaal',
  'Inwoner is overleden',
  'Persoon is geen inwoner (meer) in de gemeente',
  'Niet opgepakt: herhaalde melding',
  'Niet opgepakt: andere reden',
] as const;

/** Our own case flow (the DDAS end result is separate). */
export const ZAAK_STATUSSEN = ['nieuw', 'opgepakt', 'contact', 'afgesloten'] as const;
export type ZaakStatus = (typeof ZAAK_STATUSSEN)[number];

/** Results that close a case that was never picked up; they are also the signals' DDAS status. */
export const NIET_OPGEPAKT: readonly Eindresultaat[] = [
  'Niet opgepakt: herhaalde melding',
  'Niet opgepakt: onterecht signaal',
  'Niet opgepakt: andere reden',
  'Inwoner is overleden',
  'Persoon is geen inwoner (meer) in de gemeente',
];
/** Results that need a recorded contact attempt that reached the resident. */
export const NA_BEREIKT: readonly Eindresultaat[] = [
  'Geen reactie na eerder contact',
  'Inwoner hoeft geen hulp vanuit vroegsignalering',
  '(Budget)advies en/of quick fix',
  'Vervolghulp en/of verwijzing financieel',
  'Vervolghulp en/of verwijzing niet financieel',
];
/** Results that contradict an accepted offer of help. */
export const NIET_NA_HULP: readonly Eindresultaat[] = [
  'Inwoner hoeft geen hulp vanuit vroegsignalering',
  'Definitief geen contact kunnen krijgen',
  'Geen reactie na eerder contact',
  ...NIET_OPGEPAKT.filter((r) => r.startsWith('Niet opgepakt')),
];
