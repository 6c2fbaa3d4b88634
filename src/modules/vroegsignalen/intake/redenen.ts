import { csvRegel } from '../../../shared/csv-bron.ts';
import { REDEN_DOET_NIET_MEE, REDEN_DUBBEL, REDEN_GEEN_CONVENANT, REDEN_GEEN_MANDAAT, REDEN_MVI } from './rapport.ts';

/**
 * The one table of reasons a row is rejected: code -> Dutch label -> how to fix it ("Zo lost u het op"). `herken` matches
 * one reason as the intake words it (validatie.ts, valideren.ts, routeren.ts); the report groups its rejected rows by it.
 * Reports are grouped when read, so reports kept from before this table are grouped too.
 */
interface Reden {
  code: string;
  label: string;
  hulp: string;
  herken: (reden: string) => boolean;
}

const begint =
  (...s: string[]) =>
  (r: string) =>
    s.some((x) => r.startsWith(x));
const past = (re: RegExp) => (r: string) => re.test(r);

export const REDENEN: readonly Reden[] = [
  {
    code: 'regel-onleesbaar',
    label: 'Regel heeft niet evenveel velden als de kopregel',
    hulp: 'Controleer of deze regels evenveel kolommen hebben als de kopregel. Zet tekst met een puntkomma of komma erin tussen dubbele aanhalingstekens.',
    herken: past(/^Regel heeft \d+ velde?n?, de kopregel/),
  },
  {
    code: 'veld-ontbreekt',
    label: 'Verplicht veld is leeg',
    hulp: 'Vul Achternaam, Huisnummer, Postcode, Aantal maanden achterstand en Bedrag achterstand in (en Opdrachtgever als u vastgoedmanager bent).',
    herken: past(
      /^(Achternaam|Huisnummer|Postcode|Aantal maanden achterstand|Bedrag achterstand|Opdrachtgever) ontbreekt$/,
    ),
  },
  {
    code: 'sector-ontbreekt',
    label: 'Sector is leeg',
    hulp: 'Uw organisatie levert voor meer dan één sector: vul bij elke regel de sector in, bijvoorbeeld energie of drinkwater.',
    herken: begint('Sector ontbreekt'),
  },
  {
    code: 'sector-onjuist',
    label: 'Sector onbekend of niet aangemeld',
    hulp: 'Gebruik een sector waarvoor uw organisatie is aangemeld: energie, warmte, drinkwater, zorgverzekering of huur.',
    herken: past(/^(Onbekende sector|Sector '.*' hoort niet bij uw aanmelding)/),
  },
  {
    code: 'huisnummer-formaat',
    label: 'Huisnummer of toevoeging onjuist',
    hulp: 'Zet in Huisnummer alleen cijfers, bijvoorbeeld 12. Een letter of toevoeging (A, bis, 2-hoog) hoort in de kolom Huisnummer toevoeging.',
    herken: begint('Huisnummer heeft geen geldig formaat', 'Huisnummer toevoeging heeft geen geldig formaat'),
  },
  {
    code: 'postcode-formaat',
    label: 'Postcode onjuist geschreven',
    hulp: 'Schrijf de postcode als 4 cijfers en 2 letters, bijvoorbeeld 3511 AB.',
    herken: begint('Postcode heeft geen geldig formaat'),
  },
  {
    code: 'postcode-onbekend',
    label: 'Postcode hoort bij geen of meer gemeenten',
    hulp: 'Controleer de postcode in de brief of het klantsysteem. Klopt hij, neem dan contact op met de beheerder van het platform.',
    herken: begint('Postcode onbekend', 'Postcode ligt in twee gemeenten'),
  },
  {
    code: 'contact-formaat',
    label: 'Telefoonnummer of e-mailadres onjuist',
    hulp: 'Schrijf een telefoonnummer met 10 cijfers (bijvoorbeeld 0612345678 of +31612345678) en een e-mailadres als naam@voorbeeld.nl. Weet u het niet zeker, laat het veld dan leeg.',
    herken: past(/^(Telefoonnummer \d|E-mailadres) heeft geen geldig formaat$/),
  },
  {
    code: 'maanden-geen-getal',
    label: 'Aantal maanden achterstand is geen getal',
    hulp: 'Schrijf het aantal maanden als getal, bijvoorbeeld 2 of 2,5. Laat woorden als "maanden" weg.',
    herken: begint('Aantal maanden achterstand moet'),
  },
  {
    code: 'bedrag-geen-getal',
    label: 'Bedrag achterstand is geen getal',
    hulp: 'Schrijf het bedrag in cijfers met een komma voor de centen, bijvoorbeeld 123,45 of 1.234,56. Geen woorden zoals "honderd".',
    herken: begint('Bedrag achterstand is geen getal'),
  },
  {
    code: 'bedrag-nul',
    label: 'Bedrag achterstand is 0',
    hulp: 'Lever alleen signalen met een openstaand bedrag groter dan 0.',
    herken: begint('Bedrag achterstand moet groter dan 0 zijn'),
  },
  {
    code: 'vervaldatum-formaat',
    label: 'Vervaldatum onjuist geschreven',
    hulp: 'Schrijf de vervaldatum als 31-12-2026 of 2026-12-31, of laat het veld leeg.',
    herken: begint('Vervaldatum moet'),
  },
  {
    code: 'buiten-termijn',
    label: 'Achterstand te kort of te lang voor de sector',
    hulp: 'Lever een signaal pas aan als de achterstand lang genoeg is volgens het convenant (bij energie en warmte 50 tot 100 dagen, bij drinkwater en zorgverzekering 30 tot 100 dagen, bij huur vanaf 30 dagen). Klopt de vervaldatum niet met het aantal maanden, verbeter dan de vervaldatum.',
    herken: begint('Achterstand van '),
  },
  {
    code: 'ja-nee',
    label: 'Ja/nee-kolom onjuist ingevuld',
    hulp: 'Vul in de kolommen Herinnering verstuurd, Contact gezocht, Schuldhulp genoemd, Gegevensoverdracht aangeboden en Crisissignaal alleen ja of nee in.',
    herken: past(/ moet ja of nee zijn$/),
  },
  {
    code: 'mvi-niet-doorlopen',
    label: 'Stappen van maatschappelijk verantwoord incasseren niet gezet',
    hulp: 'Lever een signaal pas aan nadat u een herinnering hebt gestuurd, persoonlijk contact hebt gezocht, schuldhulp hebt genoemd en gegevensoverdracht hebt aangeboden. Vul dan bij elke stap ja in.',
    herken: begint('Maatschappelijk verantwoorde incasso niet doorlopen', REDEN_MVI),
  },
  {
    code: 'onveilige-tekst',
    label: 'Tekst met een formule, stuurteken of te veel tekens',
    hulp: 'Laat tekstvelden niet beginnen met =, +, - of @, verwijder onzichtbare tekens en kort te lange tekst in.',
    herken: past(/( mag niet beginnen met =| bevat een ongeldig teken| is langer dan \d+ tekens)/),
  },
  {
    code: 'geen-mandaat',
    label: 'Geen geldig mandaat van de opdrachtgever',
    hulp: 'Leg het mandaat van deze opdrachtgever vast onder Opdrachtgevers, of schrijf de naam precies zoals daar.',
    herken: begint(REDEN_GEEN_MANDAAT),
  },
  {
    code: 'dubbel',
    label: 'Adres staat twee keer in het bestand',
    hulp: 'Houd per adres en sector één regel over: tel achterstanden op dat adres bij elkaar op.',
    herken: begint(REDEN_DUBBEL),
  },
  {
    code: 'gemeente-doet-niet-mee',
    label: 'Gemeente doet niet mee aan vroegsignalering',
    hulp: 'Voor deze gemeente kunt u (nog) geen signalen leveren. U hoeft niets te doen; lever deze regels niet opnieuw aan.',
    herken: begint(REDEN_DOET_NIET_MEE),
  },
  {
    code: 'geen-convenant',
    label: 'Geen geldig convenant met de gemeente',
    hulp: 'Onderteken of verleng het convenant met deze gemeente onder Convenanten en lever deze regels daarna opnieuw aan.',
    herken: past(new RegExp(`^(${REDEN_GEEN_CONVENANT}|Het convenant met gemeente .* is (beëindigd|verlopen))`)),
  },
];

const OVERIG: Omit<Reden, 'herken'> = {
  code: 'overig',
  label: 'Overige fouten',
  hulp: 'Lees de melding bij de regel in de tabel hieronder en verbeter het veld dat daar genoemd wordt.',
};

/** The reason's entry in the table (OVERIG when the intake words it in a way the table does not know). */
export function redenVan(reden: string): Omit<Reden, 'herken'> {
  const r = REDENEN.find((x) => x.herken(reden));
  return r ? { code: r.code, label: r.label, hulp: r.hulp } : OVERIG;
}

/**
 * The reasons of one rejected row: the validator joins several with '; '. A piece the table does not know continues the
 * reason before it (some reasons have a '; ' of their own, e.g. "Onbekende sector; toegestaan: ...").
 */
function delen(reden: string): string[] {
  const uit: string[] = [];
  for (const d of reden.split('; ')) {
    if (uit.length > 0 && !REDENEN.some((x) => x.herken(d))) uit[uit.length - 1] += `; ${d}`;
    else uit.push(d);
  }
  return uit;
}

/** How many line numbers a group lists; the rest is counted ("en 37 andere"). */
export const REGELS_PER_REDEN = 20;

export interface Redengroep {
  code: string;
  label: string;
  hulp: string;
  aantal: number;
  regels: number[];
  andere: number;
}

/** Rejected rows grouped by reason, largest group first; a row with two reasons counts in both. */
export function groepeerRedenen(afgewezen: readonly { regel: number; reden: string }[]): Redengroep[] {
  const groepen = new Map<string, Redengroep>();
  for (const a of afgewezen) {
    const codes = new Set<string>();
    for (const d of delen(a.reden)) {
      const r = redenVan(d);
      if (codes.has(r.code)) continue;
      codes.add(r.code);
      const g = groepen.get(r.code) ?? groepen.set(r.code, { ...r, aantal: 0, regels: [], andere: 0 }).get(r.code)!;
      g.aantal++;
      if (g.regels.length < REGELS_PER_REDEN) g.regels.push(a.regel);
      else g.andere++;
    }
  }
  return [...groepen.values()].sort((a, b) => b.aantal - a.aantal || a.label.localeCompare(b.label, 'nl'));
}

/** The rejected rows as CSV (';', BOM, formula-safe): line, customer number, reason and how to fix it. Never a name. */
export function afgewezenCsv(afgewezen: readonly { regel: number; reden: string; klantnummer?: string }[]): string {
  const kop = csvRegel(['Regel', 'Klantnummer', 'Reden', 'Soort fout', 'Zo lost u het op']);
  const rijen = afgewezen.map((a) => {
    const soorten = [...new Map(delen(a.reden).map((d) => [redenVan(d).code, redenVan(d)])).values()];
    return csvRegel([
      a.regel,
      a.klantnummer ?? '',
      a.reden,
      soorten.map((s) => s.label).join('; '),
      soorten.map((s) => s.hulp).join(' '),
    ]);
  });
  return `\uFEFF${[kop, ...rijen].join('')}`;
}
