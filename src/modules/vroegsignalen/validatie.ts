import { LCV_SECTOREN, type LcvSector } from '../../db/schema.ts';
import { isEmail, isTelefoon } from '../../shared/contact.ts';
import { dagenTussen, parseDatum } from '../../shared/datum.ts';
import { normaliseerHuisnummer, normaliseerPostcode, normaliseerToevoeging } from '../gemeenten/index.ts';

/**
 * Columns of a signal file: canonical key -> accepted titles (first = display name). The seed's columns,
 * plus Sector, Vervaldatum, Klantnummer, Opdrachtgever (property managers) and the LCV art. 2.1 attestation.
 * Anything else refuses the whole file: delivering more than the law allows is forbidden.
 */
export const SIGNAAL_KOLOMMEN: Record<string, string[]> = {
  achternaam: ['Achternaam'],
  voorletters: ['Voorletters'],
  straatnaam: ['Straatnaam', 'Straat'],
  huisnummer: ['Huisnummer'],
  toevoeging: ['Huisnummer toevoeging', 'Huisnummertoevoeging', 'Toevoeging'],
  postcode: ['Postcode'],
  woonplaats: ['Woonplaats', 'Plaats'],
  telefoon1: ['Telefoonnummer 1', 'Telefoonnummer', 'Telefoon 1'],
  telefoon2: ['Telefoonnummer 2', 'Telefoon 2'],
  telefoon3: ['Telefoonnummer 3', 'Telefoon 3'],
  email: ['E-mailadres', 'E-mail', 'Email'],
  maanden: ['Aantal maanden achterstand', 'Maanden achterstand'],
  bedrag: ['Bedrag achterstand', 'Bedrag'],
  sector: ['Sector'],
  vervaldatum: ['Vervaldatum', 'Vervaldatum factuur'],
  klantnummer: ['Klantnummer'],
  opdrachtgever: ['Opdrachtgever'],
  herinnering: ['Herinnering verstuurd'],
  contactGezocht: ['Contact gezocht'],
  schuldhulpGenoemd: ['Schuldhulp genoemd'],
  overdrachtAangeboden: ['Gegevensoverdracht aangeboden'],
  // Threatening situation (eviction, cut-off, termination of health insurance): deadline 3 working days (signaalzaken).
  crisissignaal: ['Crisissignaal', 'Dreigende situatie', 'Dreigend'],
};
export const SIGNAAL_VERPLICHT = ['achternaam', 'huisnummer', 'postcode', 'maanden', 'bedrag'];
const naam = (k: string) => SIGNAAL_KOLOMMEN[k]![0]!;

/** LCV art. 3.1: arrears window in days per sector (max null = no upper bound). */
export const TERMIJNEN: Record<LcvSector, { min: number; max: number | null }> = {
  energie: { min: 50, max: 100 },
  warmte: { min: 50, max: 100 },
  drinkwater: { min: 30, max: 100 },
  zorgverzekering: { min: 30, max: 100 },
  huur: { min: 30, max: null },
  // Partner types outside the LCV (mortgage, DUO, tax, benefits, other): no LCV window; like rent, from 30 days.
  overig: { min: 30, max: null },
};

const SECTOR_ALIAS: Record<string, LcvSector> = {
  energie: 'energie',
  gas: 'energie',
  elektriciteit: 'energie',
  warmte: 'warmte',
  stadsverwarming: 'warmte',
  drinkwater: 'drinkwater',
  water: 'drinkwater',
  zorgverzekering: 'zorgverzekering',
  zorg: 'zorgverzekering',
  huur: 'huur',
  overig: 'overig',
};

export interface SignaalRij {
  regel: number;
  achternaam: string;
  voorletters: string | null;
  straatnaam: string | null;
  huisnummer: number;
  toevoeging: string | null;
  postcode: string;
  woonplaats: string | null;
  telefoon1: string | null;
  telefoon2: string | null;
  telefoon3: string | null;
  email: string | null;
  maanden: number;
  bedrag: string;
  vervaldatum: string | null;
  klantnummer: string | null;
  sector: LcvSector;
  opdrachtgever: string | null;
  herinnering: boolean | null;
  contactGezocht: boolean | null;
  schuldhulpGenoemd: boolean | null;
  overdrachtAangeboden: boolean | null;
  crisissignaal: boolean;
}

/** Text that a spreadsheet could run as a formula. Never stored. */
const FORMULE = /^[=+\-@\t\r]/;
/** Also when invisible characters (zero-width space, BOM, direction marks) or spaces come first. */
const isFormule = (s: string) => FORMULE.test(s.replace(/^[\p{Cf}\p{Z}]+/u, ''));
/** Control characters other than line breaks and tabs (which become a space in text fields). */
const STUURTEKEN = /\p{Cc}/u;

/** '1.234,56', '1234,5', '1234.56', '€ 80' -> '1234.56'; null when not an amount. */
export function parseBedrag(raw: string): string | null {
  let s = raw.replace(/€/g, '').replace(/\s/g, '');
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+,\d{1,2}$/.test(s)) s = s.replace(',', '.');
  else if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const n = Number(s);
  if (!Number.isFinite(n) || n >= 1e10) return null;
  return n.toFixed(2);
}

function parseJaNee(raw: string): boolean | null | 'fout' {
  const s = raw.trim().toLowerCase();
  if (s === '') return null;
  if (['ja', 'j', 'yes', 'y', 'true', '1', 'x'].includes(s)) return true;
  if (['nee', 'n', 'no', 'false', '0'].includes(s)) return false;
  return 'fout';
}

/**
 * Arrears outside the sector's window, in the file's own terms: the months it gave, and the due date when that decided
 * (a due date of today is 0 days, which must not read as if the file said 0 days).
 */
function buitenTermijn(sector: LcvSector, maanden: string, dagen: number, vervaldatum: string): string {
  const t = TERMIJNEN[sector];
  const termijn = `${t.max === null ? `vanaf ${t.min}` : `${t.min}–${t.max}`} dagen`;
  const mnd = `${maanden} ${maanden === '1' ? 'maand' : 'maanden'}`;
  if (!vervaldatum)
    return `Achterstand van ${mnd} (gerekend als ${dagen} dagen) valt buiten de termijn voor ${sector} (${termijn})`;
  const sinds = dagen < 0 ? 'ligt nog in de toekomst' : `is ${dagen} ${dagen === 1 ? 'dag' : 'dagen'} geleden`;
  return `Achterstand van ${mnd} volgens het bestand, maar de vervaldatum ${vervaldatum} ${sinds} (termijn voor ${sector}: ${termijn} na de vervaldatum)`;
}

export interface PartnerRegels {
  sectoren: LcvSector[];
  vastgoedmanager: boolean;
}

/** Validates one row. Reasons never contain the surname. */
export function valideerSignaalRij(
  regel: number,
  v: Record<string, string | undefined>,
  p: PartnerRegels,
  dag: string,
): { rij: SignaalRij } | { redenen: string[] } {
  const redenen: string[] = [];
  const tekst = (k: string, max: number): string | null => {
    // A line break or tab inside a (quoted) field becomes a space: a name or street is one line.
    const s = (v[k] ?? '').replace(/[\r\n\t]+/g, ' ').trim();
    if (!s) return null;
    if (isFormule(s)) {
      redenen.push(`${naam(k)} mag niet beginnen met =, +, -, @ of een tab (dat kan een spreadsheetformule zijn)`);
      return null;
    }
    if (STUURTEKEN.test(s)) {
      redenen.push(`${naam(k)} bevat een ongeldig teken (stuurteken)`);
      return null;
    }
    if (s.length > max) {
      redenen.push(`${naam(k)} is langer dan ${max} tekens`);
      return null;
    }
    return s;
  };

  const achternaam = tekst('achternaam', 200);
  if (!achternaam && !(v.achternaam ?? '').trim()) redenen.push('Achternaam ontbreekt');

  const rawHnr = (v.huisnummer ?? '').trim();
  const huisnummer = normaliseerHuisnummer(rawHnr);
  if (!rawHnr) redenen.push('Huisnummer ontbreekt');
  else if (!huisnummer)
    redenen.push('Huisnummer heeft geen geldig formaat (alleen cijfers; toevoeging in de eigen kolom)');
  const toevoeging = tekst('toevoeging', 10);
  if (toevoeging && !/^[\p{L}\p{N} -]{1,10}$/u.test(toevoeging))
    redenen.push('Huisnummer toevoeging heeft geen geldig formaat');

  const rawPc = (v.postcode ?? '').trim();
  const postcode = normaliseerPostcode(rawPc);
  if (!rawPc) redenen.push('Postcode ontbreekt');
  else if (!postcode) redenen.push('Postcode heeft geen geldig formaat (1234 AB)');

  const telefoons = (['telefoon1', 'telefoon2', 'telefoon3'] as const).map((k) => {
    const s = (v[k] ?? '').trim();
    if (!s) return null;
    if (!isTelefoon(s)) {
      redenen.push(`${naam(k)} heeft geen geldig formaat`);
      return null;
    }
    return s;
  });
  const email = (v.email ?? '').trim() || null;
  if (email && (!isEmail(email) || isFormule(email) || /[\p{Cc}\p{Cf}]/u.test(email)))
    redenen.push('E-mailadres heeft geen geldig formaat');

  const rawMaanden = (v.maanden ?? '').trim();
  let maanden: number | null = null;
  if (!rawMaanden) redenen.push('Aantal maanden achterstand ontbreekt');
  else if (!/^\d{1,3}([.,]\d)?$/.test(rawMaanden)) redenen.push('Aantal maanden achterstand moet een getal zijn');
  else maanden = Number(rawMaanden.replace(',', '.'));

  const rawBedrag = (v.bedrag ?? '').trim();
  const bedrag = rawBedrag ? parseBedrag(rawBedrag) : null;
  if (!rawBedrag) redenen.push('Bedrag achterstand ontbreekt');
  // Words ('honderd') or another notation ('€1,234.56') is a notation problem, not an amount of 0.
  else if (!bedrag && parseBedrag(rawBedrag.replace(/^([€\s]*)-/, '$1')))
    redenen.push('Bedrag achterstand moet groter dan 0 zijn');
  else if (!bedrag) redenen.push('Bedrag achterstand is geen getal: schrijf het bedrag in cijfers, zoals 123,45');
  else if (Number(bedrag) <= 0) redenen.push('Bedrag achterstand moet groter dan 0 zijn');

  let vervaldatum: string | null = null;
  const rawVerval = (v.vervaldatum ?? '').trim();
  if (rawVerval) {
    vervaldatum = parseDatum(rawVerval);
    if (!vervaldatum) redenen.push('Vervaldatum moet JJJJ-MM-DD of DD-MM-JJJJ zijn');
  }

  let sector: LcvSector | null = null;
  const rawSector = (v.sector ?? '').trim().toLowerCase();
  if (!rawSector) {
    if (p.sectoren.length === 1) sector = p.sectoren[0]!;
    else redenen.push(`Sector ontbreekt (uw organisatie levert voor: ${p.sectoren.join(', ')})`);
  } else {
    const s = SECTOR_ALIAS[rawSector];
    if (!s) redenen.push(`Onbekende sector; toegestaan: ${LCV_SECTOREN.join(', ')}`);
    else if (!p.sectoren.includes(s)) redenen.push(`Sector '${s}' hoort niet bij uw aanmelding`);
    else sector = s;
  }

  // LCV art. 3.1: from the due date when given, else months x 30.
  if (sector && maanden !== null && (vervaldatum || !rawVerval)) {
    const dagen = vervaldatum ? dagenTussen(vervaldatum, dag) : Math.round(maanden * 30);
    const t = TERMIJNEN[sector];
    if (dagen < t.min || (t.max !== null && dagen > t.max))
      redenen.push(buitenTermijn(sector, rawMaanden, dagen, rawVerval));
  }

  const attest = {} as Record<
    'herinnering' | 'contactGezocht' | 'schuldhulpGenoemd' | 'overdrachtAangeboden',
    boolean | null
  >;
  for (const k of ['herinnering', 'contactGezocht', 'schuldhulpGenoemd', 'overdrachtAangeboden'] as const) {
    const j = parseJaNee(v[k] ?? '');
    if (j === 'fout') {
      redenen.push(`${naam(k)} moet ja of nee zijn`);
      attest[k] = null;
    } else if (j === false) {
      redenen.push(`Maatschappelijk verantwoorde incasso niet doorlopen: '${naam(k)}' is nee`);
      attest[k] = null;
    } else attest[k] = j;
  }

  const crisis = parseJaNee(v.crisissignaal ?? '');
  if (crisis === 'fout') redenen.push(`${naam('crisissignaal')} moet ja of nee zijn`);

  const opdrachtgever = tekst('opdrachtgever', 200);
  if (p.vastgoedmanager && !opdrachtgever && !(v.opdrachtgever ?? '').trim()) redenen.push('Opdrachtgever ontbreekt');

  const voorletters = tekst('voorletters', 20);
  const straatnaam = tekst('straatnaam', 200);
  const woonplaats = tekst('woonplaats', 100);
  const klantnummer = tekst('klantnummer', 50);

  if (redenen.length > 0 || !achternaam || !huisnummer || !postcode || maanden === null || !bedrag || !sector) {
    return { redenen: redenen.length > 0 ? redenen : ['Regel is niet geldig'] };
  }
  return {
    rij: {
      regel,
      achternaam,
      voorletters,
      straatnaam,
      huisnummer,
      toevoeging: toevoeging ? normaliseerToevoeging(toevoeging) : null,
      postcode,
      woonplaats,
      telefoon1: telefoons[0]!,
      telefoon2: telefoons[1]!,
      telefoon3: telefoons[2]!,
      email,
      maanden,
      bedrag,
      vervaldatum,
      klantnummer,
      sector,
      opdrachtgever: p.vastgoedmanager ? opdrachtgever : null,
      ...attest,
      crisissignaal: crisis === true,
    },
  };
}
