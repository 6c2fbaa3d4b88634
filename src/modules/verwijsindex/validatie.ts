import { normaliseBsn } from '../../shared/bsn.ts';
import { TRAJECT_FASEN, type TrajectFase } from '../../shared/vocabulaire.ts';
import { parseDatum } from '../../shared/datum.ts';
import { isEmail, isTelefoon } from '../../shared/contact.ts';

/**
 * Columns of a VISH delivery file: canonical key -> accepted titles (matched without regard to case, accents, spaces,
 * hyphens and underscores). The synonyms are the titles debt-help organisations' own systems export.
 */
export const VISH_KOLOMMEN: Record<string, string[]> = {
  bsn: ['BSN', 'Burgerservicenummer', 'BSN cliënt', 'BSN klant', 'Burgerservicenummer cliënt'],
  contactnaam: [
    'Contactnaam',
    'Contactpersoon',
    'Naam contactpersoon',
    'Naam contact',
    'Hulpverlener',
    'Naam hulpverlener',
    'Behandelaar',
    'Naam behandelaar',
    'Consulent',
    'Naam consulent',
    'Schuldhulpverlener',
    'Loket',
  ],
  telefoon: [
    'Telefoon',
    'Telefoonnummer',
    'Tel',
    'Telefoon hulpverlener',
    'Telefoonnummer hulpverlener',
    'Telefoonnummer contactpersoon',
  ],
  email: [
    'E-mail',
    'E-mailadres',
    'Email',
    'Mailadres',
    'E-mail hulpverlener',
    'E-mailadres hulpverlener',
    'E-mailadres contactpersoon',
  ],
  fase: ['Fase', 'Trajectfase', 'Fase traject'],
  startdatum: ['Startdatum', 'Datum start', 'Startdatum traject', 'Begindatum', 'Datum start traject'],
};
export const VISH_VERPLICHT = ['bsn', 'contactnaam'];

export interface VishRij {
  bsn: string;
  contact: { naam: string; telefoon: string | null; email: string | null };
  fase: TrajectFase | null;
  startdatum: string | null;
}

export interface RijFout {
  regel: number;
  veld: string;
  reden: string;
}

/** Validates one row. Error texts never contain the BSN. */
export function valideerVishRij(
  regel: number,
  v: Record<string, string | undefined>,
): { rij?: VishRij; fouten: RijFout[] } {
  const fouten: RijFout[] = [];
  const fout = (veld: string, reden: string) => fouten.push({ regel, veld, reden });

  const rawBsn = v.bsn?.trim() ?? '';
  const bsn = normaliseBsn(rawBsn);
  if (!rawBsn) fout('bsn', 'BSN ontbreekt');
  else if (!/^\d{8,9}$/.test(rawBsn)) fout('bsn', 'BSN moet uit 9 cijfers bestaan');
  else if (!bsn) fout('bsn', 'BSN voldoet niet aan de elfproef');

  const naam = v.contactnaam?.trim() ?? '';
  if (!naam) fout('contactnaam', 'Contactnaam ontbreekt');
  else if (naam.length > 200) fout('contactnaam', 'Contactnaam is langer dan 200 tekens');

  const telefoon = v.telefoon?.trim() || null;
  const email = v.email?.trim() || null;
  if (!telefoon && !email) fout('telefoon', 'Telefoonnummer of e-mailadres van de hulpverlener is verplicht');
  if (telefoon && !isTelefoon(telefoon)) fout('telefoon', 'Telefoonnummer heeft geen geldig formaat');
  if (email && !isEmail(email)) fout('email', 'E-mailadres heeft geen geldig formaat');

  let fase: TrajectFase | null = null;
  const rawFase = v.fase?.trim().toLowerCase().replace(/\s+/g, '-');
  if (rawFase) {
    if ((TRAJECT_FASEN as readonly string[]).includes(rawFase)) fase = rawFase as TrajectFase;
    else fout('fase', `Onbekende fase; toegestaan: ${TRAJECT_FASEN.join(', ')}`);
  }

  let startdatum: string | null = null;
  const rawDatum = v.startdatum?.trim();
  if (rawDatum) {
    startdatum = parseDatum(rawDatum);
    if (!startdatum) fout('startdatum', 'Startdatum moet JJJJ-MM-DD of DD-MM-JJJJ zijn');
  }

  if (fouten.length > 0 || !bsn) return { fouten };
  return { rij: { bsn, contact: { naam, telefoon, email }, fase, startdatum }, fouten };
}
