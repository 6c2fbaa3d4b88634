/** Shapes of /api/signaalzaken (src/modules/signaalzaken/routes.ts) and the DDAS vocabularies the screens offer. */
export interface ZaakKern {
  id: string;
  gemeentecode: string;
  status: string;
  postcode: string;
  huisnummer: number;
  toevoeging: string | null;
  ontvangenOp: string;
  deadline: string;
  crisis: boolean;
  warmeOverdracht: boolean | null;
  teLaat: boolean;
  uiterlijkVandaag: boolean;
  terugval: boolean;
  datumOpgepakt: string | null;
  hulpGeaccepteerdOp: string | null;
  opschortingTot: string | null;
  resultaat: string | null;
  stopVerzocht: boolean;
}
export interface Wachtrij {
  tellingen: { open: number; teLaat: number; vandaag: number; terugval: number };
  zaken: Array<ZaakKern & { aantalSignalen: number; sectoren: string[] }>;
}
export interface Zaak extends ZaakKern {
  matchingsdatum: string;
  afgeslotenOp: string | null;
  terugvalRegel: string | null;
  signalen: Array<{
    id: string;
    sector: string;
    signaalpartnerType: string;
    achternaam: string;
    voorletters: string | null;
    straatnaam: string | null;
    huisnummer: number;
    toevoeging: string | null;
    postcode: string;
    woonplaats: string | null;
    telefoonnummers: string[];
    email: string | null;
    aantalMaandenAchterstand: number;
    bedragAchterstand: number;
    crisissignaal: boolean;
    intrekkingGevraagd: boolean;
    herhalingen: number;
    ontvangenOp: string;
  }>;
  contactpogingen: Array<{ id: string; soort: string; bereikt: boolean; datum: string; dagdeel: string | null }>;
  historie: Array<{ tijdstip: string; gebeurtenis: string; van: string | null; naar: string | null }>;
}

export const CONTACTSOORTEN = [
  'Telefoon',
  'Huisbezoek',
  'Brief',
  'Mail',
  'SMS/Whatsapp',
  'Kaartje',
  'Afspraak op locatie',
  'Overige',
  'Administratief',
] as const;
export const DAGDELEN = ['Ochtend', 'Middag', 'Avond'] as const;
export const EINDRESULTATEN = [
  'Vervolghulp en/of verwijzing financieel',
  'Vervolghulp en/of verwijzing niet financieel',
  '(Budget)advies en/of quick fix',
  'Inwoner hoeft geen hulp vanuit vroegsignalering',
  'Inwoner heeft zelf al betaald/betalingsregeling getroffen',
  'Inwoner al bekend bij schuldhulpverlening',
  'Inwoner heeft al een ander lopend traject',
  'Definitief geen contact kunnen krijgen',
  'Geen reactie na eerder contact',
  'Verwijzing zonder contact',
  'Niet opgepakt: herhaalde melding',
  'Niet opgepakt: onterecht signaal',
  'Niet opgepakt: andere reden',
  'Inwoner is overleden',
  'Persoon is geen inwoner (meer) in de gemeente',
] as const;

/** Postcode as people write it ("3511 AB"). */
export const postcode = (p: string) => p.replace(/^(\d{4})\s*([A-Za-z]{2})$/, '$1 $2').toUpperCase();
export const adres = (z: { postcode: string; huisnummer: number; toevoeging: string | null }) =>
  `${postcode(z.postcode)} ${z.huisnummer}${z.toevoeging ? ` ${z.toevoeging}` : ''}`;
