import type { Contactsoort, Eindresultaat } from '../signaalzaken/index.ts';

/**
 * The platform's own vocabulary codes (signaalzaken/vocabulaire.ts) mapped to each version of the DDAS
 * Vroegsignalering Uitwisselmodel. v0.9 is delivered by default (DDAS_VS_MODELVERSIE); v1.0 (VNG-Realisatie
 * ddas-vroegsignalering, folder v1.0) changed two code lists:
 * - EnumContactsoort: 'Overige' is gone, 'Afspraak op locatie' is new;
 * - EnumEindresultaat: 'Inwoner hoeft geen hulp vanuit vroegsignalering' became 'Inwoner regelt het zelf/hoeft
 *   geen hulp vanuit vroegsignalering', 'Verwijzing zonder contact' became 'Verwijzing zonder toestemming'.
 * The other lists (signal status, partner type, part of day) are the same in both versions.
 * A code without a counterpart in a version maps to null: the (optional) field is then left out.
 */
export type VsVersie = '0.9' | '1.0';

const CONTACTSOORT: Record<Contactsoort, Record<VsVersie, string | null>> = {
  Mail: { '0.9': 'Mail', '1.0': 'Mail' },
  Brief: { '0.9': 'Brief', '1.0': 'Brief' },
  'SMS/Whatsapp': { '0.9': 'SMS/Whatsapp', '1.0': 'SMS/Whatsapp' },
  Telefoon: { '0.9': 'Telefoon', '1.0': 'Telefoon' },
  Huisbezoek: { '0.9': 'Huisbezoek', '1.0': 'Huisbezoek' },
  Kaartje: { '0.9': 'Kaartje', '1.0': 'Kaartje' },
  Overige: { '0.9': 'Overige', '1.0': null },
  Administratief: { '0.9': 'Administratief', '1.0': 'Administratief' },
  'Afspraak op locatie': { '0.9': 'Overige', '1.0': 'Afspraak op locatie' },
};

const gelijk = (s: string) => ({ '0.9': s, '1.0': s });
const EINDRESULTAAT: Record<Eindresultaat, Record<VsVersie, string>> = {
  'Niet opgepakt: herhaalde melding': gelijk('Niet opgepakt: herhaalde melding'),
  'Niet opgepakt: onterecht signaal': gelijk('Niet opgepakt: onterecht signaal'),
  'Inwoner is overleden': gelijk('Inwoner is overleden'),
  'Persoon is geen inwoner (meer) in de gemeente': gelijk('Persoon is geen inwoner (meer) in de gemeente'),
  'Niet opgepakt: andere reden': gelijk('Niet opgepakt: andere reden'),
  'Inwoner al bekend bij schuldhulpverlening': gelijk('Inwoner al bekend bij schuldhulpverlening'),
  'Inwoner heeft al een ander lopend traject': gelijk('Inwoner heeft al een ander lopend traject'),
  'Definitief geen contact kunnen krijgen': gelijk('Definitief geen contact kunnen krijgen'),
  'Geen reactie na eerder contact': gelijk('Geen reactie na eerder contact'),
  'Inwoner hoeft geen hulp vanuit vroegsignalering': {
    '0.9': 'Inwoner hoeft geen hulp vanuit vroegsignalering',
    '1.0': 'Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering',
  },
  'Inwoner heeft zelf al betaald/betalingsregeling getroffen': gelijk(
    'Inwoner heeft zelf al betaald/betalingsregeling getroffen',
  ),
  '(Budget)advies en/of quick fix': gelijk('(Budget)advies en/of quick fix'),
  'Vervolghulp en/of verwijzing financieel': gelijk('Vervolghulp en/of verwijzing financieel'),
  'Verwijzing zonder contact': { '0.9': 'Verwijzing zonder contact', '1.0': 'Verwijzing zonder toestemming' },
  'Vervolghulp en/of verwijzing niet financieel': gelijk('Vervolghulp en/of verwijzing niet financieel'),
};

/** The v1.0 code lists that differ from v0.9 (for the tests and the docs). */
export const V1_0_CODELIJSTEN = {
  EnumContactsoort: [
    'Mail',
    'Brief',
    'SMS/Whatsapp',
    'Telefoon',
    'Huisbezoek',
    'Kaartje',
    'Administratief',
    'Afspraak op locatie',
  ],
  EnumEindresultaat: [
    'Niet opgepakt: herhaalde melding',
    'Niet opgepakt: onterecht signaal',
    'Inwoner is overleden',
    'Persoon is geen inwoner (meer) in de gemeente',
    'Niet opgepakt: andere reden',
    'Inwoner al bekend bij schuldhulpverlening',
    'Inwoner heeft al een ander lopend traject',
    'Definitief geen contact kunnen krijgen',
    'Geen reactie na eerder contact',
    'Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering',
    'Inwoner heeft zelf al betaald/betalingsregeling getroffen',
    '(Budget)advies en/of quick fix',
    'Vervolghulp en/of verwijzing financieel',
    'Verwijzing zonder toestemming',
    'Vervolghulp en/of verwijzing niet financieel',
  ],
} as const;

/** The value of an own contact-kind code in `versie` (null: not in that version; unknown codes also null). */
export const contactsoortIn = (code: string, versie: VsVersie): string | null =>
  CONTACTSOORT[code as Contactsoort]?.[versie] ?? null;

/** The value of an own end-result code in `versie` (unknown codes: null). */
export const eindresultaatIn = (code: string, versie: VsVersie): string | null =>
  EINDRESULTAAT[code as Eindresultaat]?.[versie] ?? null;

export const ALLE_CONTACTSOORTEN = Object.keys(CONTACTSOORT) as Contactsoort[];
export const ALLE_EINDRESULTATEN = Object.keys(EINDRESULTAAT) as Eindresultaat[];
