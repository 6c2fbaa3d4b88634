import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { EINDE_TEKST } from './vocabulaire.ts';

const dagFormaat = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' });
const datum = (d: string) => dagFormaat.format(new Date(`${d}T12:00:00Z`));

export interface BriefGegevens {
  schuldeiser: string;
  adres: string | null;
  kenmerk: string | null;
  startdatum: string;
  einddatum: string;
  status: 'actief' | 'beeindigd';
  eindeReden: string | null;
  hulpverlener: string;
  consulent: string | null;
  telefoon: string | null;
  email: string | null;
  /** The day the letter is made ('YYYY-MM-DD'). */
  dag: string;
}

/** The standard PDF fonts encode WinAnsi only: other letters lose their accents, anything else becomes '?'. */
const WINANSI = /[^\n\x20-\x7E\u00A0-\u00FF\u20AC\u2013\u2014\u2018\u2019\u201C\u201D\u2026]/g;
export const voorPdf = (t: string) =>
  t.replace(WINANSI, (c) => {
    const kaal = c.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    return kaal && !new RegExp(WINANSI.source).test(kaal) ? kaal : '?';
  });

/** Breaks text into lines that fit `breedte` points in `font` at `grootte`. */
function regels(tekst: string, font: PDFFont, grootte: number, breedte: number): string[] {
  const uit: string[] = [];
  for (const alinea of voorPdf(tekst).split('\n')) {
    let regel = '';
    for (const woord of alinea.split(' ')) {
      const poging = regel ? `${regel} ${woord}` : woord;
      if (font.widthOfTextAtSize(poging, grootte) > breedte && regel) {
        uit.push(regel);
        regel = woord;
      } else regel = poging;
    }
    uit.push(regel);
  }
  return uit;
}

/**
 * The Kennisgeving as a Dutch letter (PDF) for a creditor that is not connected: the creditor's own reference, the
 * pause's start and end, the counsellor's contact. Nothing about other creditors or debts; no BSN (a letter can go
 * astray). After a change (ended early, extended) the same letter states the new situation.
 */
export async function maakBrief(g: BriefGegevens): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Kennisgeving schuldenrust');
  pdf.setLanguage('nl-NL');
  pdf.setProducer('Schuldenrust');
  pdf.setCreationDate(new Date(`${g.dag}T12:00:00Z`));
  const gewoon = await pdf.embedFont(StandardFonts.Helvetica);
  const vet = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page: PDFPage = pdf.addPage([595.28, 841.89]); // A4
  const links = 70;
  const breedte = 595.28 - 2 * links;
  let y = 780;
  const schrijf = (tekst: string, o: { font?: PDFFont; grootte?: number; na?: number } = {}) => {
    const font = o.font ?? gewoon;
    const grootte = o.grootte ?? 11;
    for (const r of regels(tekst, font, grootte, breedte)) {
      page.drawText(r, { x: links, y, size: grootte, font, color: rgb(0, 0, 0) });
      y -= grootte * 1.4;
    }
    y -= o.na ?? 6;
  };
  schrijf(g.hulpverlener, { font: vet, na: 20 });
  schrijf(g.schuldeiser, { na: 0 });
  if (g.adres) schrijf(g.adres, { na: 0 });
  y -= 24;
  schrijf(`Datum: ${datum(g.dag)}`, { na: 0 });
  schrijf(`Uw kenmerk: ${g.kenmerk ?? '(niet bekend)'}`, { na: 20 });
  const beeindigd = g.status === 'beeindigd';
  schrijf(beeindigd ? 'Onderwerp: einde schuldenrust' : 'Onderwerp: kennisgeving schuldenrust', {
    font: vet,
    grootte: 13,
    na: 14,
  });
  schrijf('Geachte heer, mevrouw,', { na: 10 });
  if (beeindigd) {
    schrijf(
      `Wij hebben u laten weten dat de inwoner met een vordering onder uw kenmerk hierboven schuldhulpverlening krijgt. De schuldenrust die daarbij hoorde, is beëindigd per ${datum(g.einddatum)}${g.eindeReden && EINDE_TEKST[g.eindeReden] ? `, omdat ${EINDE_TEKST[g.eindeReden]}` : ''}.`,
    );
  } else {
    schrijf(
      `De inwoner met een vordering onder uw kenmerk hierboven is toegelaten tot schuldhulpverlening bij ${g.hulpverlener}. Volgens de afspraken over schuldenrust (NVVK) vragen wij u de incasso op te schorten van ${datum(g.startdatum)} tot en met ${datum(g.einddatum)}.`,
    );
    schrijf(
      'Dat betekent: geen nieuwe aanmaningen of incassokosten, geen overdracht aan een incassobureau of deurwaarder, geen beslag en geen afsluiting, opzegging of ontruiming in deze periode. Wij zoeken intussen samen met de inwoner naar een oplossing voor alle schulden.',
    );
    schrijf(
      'Wilt u binnen vijf werkdagen laten weten dat u de incasso opschort? Meld het ook als u onder dit kenmerk geen vordering kent, of als de vordering al bij een deurwaarder ligt (met de naam van de deurwaarder).',
    );
  }
  schrijf('Contact', { font: vet, na: 2 });
  schrijf(
    [
      g.consulent ? `Consulent: ${g.consulent}` : null,
      g.telefoon ? `Telefoon: ${g.telefoon}` : null,
      g.email ? `E-mail: ${g.email}` : null,
    ]
      .filter(Boolean)
      .join('\n'),
    { na: 16 },
  );
  schrijf('Met vriendelijke groet,', { na: 0 });
  schrijf(g.consulent ?? g.hulpverlener, { na: 0 });
  schrijf(g.hulpverlener);
  return pdf.save();
}
