import ExcelJS from 'exceljs';
import { LCV_SECTOREN } from '../../db/schema.ts';
import { type Rapport, SECTOR_LABEL } from './rapportage.ts';

type Kolom = { kop: string; breedte?: number; formaat?: string };
const MAAND_FORMAAT = 'mmmm yyyy';
const PROCENT = '0.0';

/** A month 'YYYY-MM' as a real date (the 1st, midnight UTC: Excel dates have no time zone). */
const maandDatum = (m: string) => new Date(`${m}-01T00:00:00Z`);

function blad(wb: ExcelJS.Workbook, naam: string, kolommen: Kolom[], rijen: (string | number | Date | null)[][]) {
  const ws = wb.addWorksheet(naam, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = kolommen.map((k) => ({ header: k.kop, width: k.breedte ?? Math.max(12, k.kop.length + 2) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rijen) ws.addRow(r);
  kolommen.forEach((k, i) => {
    if (k.formaat) ws.getColumn(i + 1).numFmt = k.formaat;
  });
  return ws;
}

const UITKOMST: Kolom[] = [
  { kop: 'Signalen' },
  { kop: 'Zaken' },
  { kop: 'Bereikt' },
  { kop: 'Contactuitkomst bekend' },
  { kop: 'Bereikgraad (%)', formaat: PROCENT },
  { kop: 'Hulp geaccepteerd' },
];

/**
 * The report as an Excel workbook: one sheet per breakdown, Dutch headers, numbers as numbers, months as dates.
 * Strings are stored as text cells, never formulas. No resident's name, address or BSN is in the report at all.
 */
export async function rapportXlsx(r: Rapport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Schuldenrust';
  wb.created = new Date();
  const periode = (m: Rapport['totaal']) => [
    ...LCV_SECTOREN.map((s) => m.signalenPerSector[s]),
    m.signalen,
    m.zaken,
    m.bereikt,
    m.contactuitkomstBekend,
    m.bereikgraad,
    m.hulpGeaccepteerd,
    m.aandeelHulpGeaccepteerd,
    m.doorlooptijdMediaan,
    m.doorlooptijdP90,
    m.teLaat,
    m.binnenTermijn,
    m.termijnBekend,
    m.aandeelBinnenTermijn,
    m.terugval,
  ];
  blad(
    wb,
    'Per maand',
    [
      { kop: 'Maand', formaat: MAAND_FORMAAT, breedte: 16 },
      ...LCV_SECTOREN.map((s) => ({ kop: `Signalen ${SECTOR_LABEL[s].toLowerCase()}` })),
      { kop: 'Signalen totaal' },
      { kop: 'Zaken' },
      { kop: 'Bereikt' },
      { kop: 'Contactuitkomst bekend' },
      { kop: 'Bereikgraad (%)', formaat: PROCENT },
      { kop: 'Hulp geaccepteerd' },
      { kop: 'Aandeel hulp geaccepteerd (%)', formaat: PROCENT },
      { kop: 'Doorlooptijd mediaan (kalenderdagen)', formaat: '0.0' },
      { kop: 'Doorlooptijd p90 (kalenderdagen)', formaat: '0.0' },
      { kop: 'Te laat (na Wgs-termijn)' },
      { kop: 'Binnen termijn' },
      { kop: 'Termijn bekend' },
      { kop: 'Aandeel binnen termijn (%)', formaat: PROCENT },
      { kop: 'Terugval' },
    ],
    [...r.maanden.map((m) => [maandDatum(m.maand), ...periode(m)]), ['Totaal', ...periode(r.totaal)]],
  );
  blad(
    wb,
    'Trend',
    [
      { kop: 'Kengetal', breedte: 28 },
      { kop: 'Deze periode' },
      { kop: 'Vorige periode' },
      { kop: 'Verschil' },
      { kop: 'Verschil (%)' },
    ],
    r.trend.map((t) => [TREND_NAAM[t.kengetal], t.huidig, t.vorig, t.verschil, t.procent]),
  );
  // The outcome columns (UITKOMST) of a breakdown row, in the same order for every breakdown.
  const uitkomst = (p: (typeof r.perPartner)[number] | (typeof r.perSector)[number]) => [
    p.signalen,
    p.zaken,
    p.bereikt,
    p.contactuitkomstBekend,
    p.bereikgraad,
    p.hulpGeaccepteerd,
  ];
  blad(
    wb,
    'Per partner',
    [{ kop: 'Signaalpartner', breedte: 30 }, ...UITKOMST],
    r.perPartner.map((p) => [p.partner, ...uitkomst(p)]),
  );
  blad(
    wb,
    'Per sector',
    [{ kop: 'Sector', breedte: 20 }, ...UITKOMST],
    r.perSector.map((p) => [p.sectorNaam, ...uitkomst(p)]),
  );
  blad(
    wb,
    'Per medewerker',
    [
      { kop: 'Medewerker', breedte: 30 },
      { kop: 'Zaken' },
      { kop: 'Bereikt' },
      { kop: 'Contactuitkomst bekend' },
      { kop: 'Bereikgraad (%)', formaat: PROCENT },
      { kop: 'Hulp geaccepteerd' },
      { kop: 'Doorlooptijd mediaan (kalenderdagen)', formaat: '0.0' },
      { kop: 'Doorlooptijd p90 (kalenderdagen)', formaat: '0.0' },
      { kop: 'Te laat (na Wgs-termijn)' },
    ],
    r.perMedewerker.map((m) => [
      m.medewerker,
      m.zaken,
      m.bereikt,
      m.contactuitkomstBekend,
      m.bereikgraad,
      m.hulpGeaccepteerd,
      m.doorlooptijdMediaan,
      m.doorlooptijdP90,
      m.teLaat,
    ]),
  );
  const d = r.ddasMonitor;
  blad(
    wb,
    'DDAS-monitor',
    [{ kop: 'Cijfer', breedte: 60 }, { kop: 'Aantal' }],
    [
      ['Signalen', d.signalen],
      ['Meervoudige signalen', d.meervoudig],
      ['Opeenvolgende signalen', d.opeenvolgend],
      ['Crisissignalen', d.crisissignalen],
      ['Warme overdracht: ja', d.warmeOverdracht.ja],
      ['Warme overdracht: nee', d.warmeOverdracht.nee],
      ['Warme overdracht: niet vastgelegd', d.warmeOverdracht.onbekend],
      ...d.zakenPerEindresultaat.map((e) => [
        `Zaken, eindresultaat: ${e.eindresultaat ?? 'nog niet afgesloten'}`,
        e.zaken,
      ]),
    ],
  );
  blad(
    wb,
    'Periode',
    [
      { kop: 'Gegeven', breedte: 24 },
      { kop: 'Waarde', breedte: 24 },
    ],
    [
      ['Gemeente', r.gemeentenaam],
      ['Gemeentecode', r.gemeentecode],
      ['Vanaf maand', maandDatum(r.van)],
      ['Tot en met maand', maandDatum(r.tot)],
      ['Vorige periode vanaf', maandDatum(r.vorigeVan)],
      ['Vorige periode tot en met', maandDatum(r.vorigeTot)],
    ],
  ).getColumn(2).numFmt = MAAND_FORMAAT;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Dutch names of the trend's key figures (also used by the web app's texts). */
export const TREND_NAAM: Record<Rapport['trend'][number]['kengetal'], string> = {
  signalen: 'Signalen',
  zaken: 'Zaken',
  bereikt: 'Inwoners bereikt',
  bereikgraad: 'Bereikgraad (%)',
  hulpGeaccepteerd: 'Hulp geaccepteerd',
  doorlooptijdMediaan: 'Doorlooptijd mediaan (kalenderdagen)',
  teLaat: 'Te laat (na Wgs-termijn)',
};
