import { aantal } from '../../teksten.ts';

/** Dutch texts of the signal partner's delivery history and the grouped reasons in a report. */
export const TV = {
  menu: 'Leveringen',
  titel: 'Leveringen',
  uitleg:
    'Alle aanleveringen van uw organisatie: via deze website, SFTP en de API. Open een levering voor het verwerkingsrapport met de afgewezen regels en hoe u ze herstelt. Een bestand dat in zijn geheel is geweigerd (bijvoorbeeld door een onbekende kolom) is niet verwerkt en staat hier niet.',
  filterStatus: 'Status',
  alle: 'Alle leveringen',
  tonen: 'Tonen',
  kanaal: 'Kanaal',
  kanalen: { upload: 'Website', sftp: 'SFTP', api: 'API' } as Record<string, string>,
  ontvangen: 'Ontvangen (open het rapport)',
  bestand: 'Bestand',
  regels: 'Regels',
  geaccepteerd: 'Geaccepteerd',
  afgewezen: 'Afgewezen',
  status: 'Status',
  statussen: {
    verwerkt: 'Alles geaccepteerd',
    'deels-afgewezen': 'Deels afgewezen',
    afgewezen: 'Alles afgewezen',
  } as Record<string, string>,
  geenBestand: '–',
  gevonden: (n: number, van: number, tot: number) =>
    n === 0 ? 'Geen leveringen gevonden.' : `${aantal(n, 'levering', 'leveringen')}; u ziet ${van} tot en met ${tot}.`,
  vorige: 'Vorige pagina',
  volgende: 'Volgende pagina',
  paginas: 'Pagina’s van de leveringen',
  // The report
  redenenTitel: 'Afgewezen regels per reden',
  redenenUitleg:
    'Verbeter deze regels in uw eigen bestand en lever alleen die regels opnieuw aan. Goede regels zijn al doorgestuurd.',
  regelsMet: (n: number) => aantal(n, 'regel', 'regels'),
  opRegels: (regels: number[], andere: number) =>
    `Regel ${regels.join(', ')}${andere > 0 ? ` en ${aantal(andere, 'andere', 'andere')}` : ''}`,
  zoLostUHetOp: 'Zo lost u het op',
  downloadAfgewezen: 'Afgewezen regels downloaden (CSV)',
  naarLeveringen: 'Naar alle leveringen',
};
