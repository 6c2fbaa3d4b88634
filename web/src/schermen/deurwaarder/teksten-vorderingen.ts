import { euro, toonDatum } from '../../ui.tsx';

/** Dutch texts of the bailiff's claims: sending one after a match, and the list with each claim's pause state. */
export const TV = {
  menu: 'Vorderingen',
  titel: 'Vorderingen',
  uitleg:
    'Vorderingen die u na een match naar de schuldhulpverlener hebt gestuurd. U ziet per vordering of de incasso gepauzeerd is; verder niets van het traject.',
  geen: 'U hebt nog geen vorderingen gestuurd. Dat kan na een match op het scherm BSN controleren.',
  tabel: 'Verstuurde vorderingen',
  koppen: ['Verstuurd op', 'Hulpverlener', 'Schuldeiser', 'Kenmerk', 'Hoofdsom', 'Kosten', 'Status'],
  status: {
    verstuurd: 'Ontvangen door de hulpverlener, nog geen schuldenrust',
    gepauzeerd: (tot: string | null) =>
      tot ? `Schuldenrust: incasso opschorten tot ${toonDatum(tot)}` : 'Schuldenrust',
    beeindigd: 'Beëindigd',
  },
  formulier: {
    titel: 'Vordering sturen naar de hulpverlener',
    uitleg:
      'Stuur de vordering die u voor deze persoon hebt naar de schuldhulpverlener. Die neemt haar op in de schuldenlijst van het traject.',
    hulpverlener: 'Hulpverlener',
    schuldeiser: 'Schuldeiser (opdrachtgever)',
    kenmerk: 'Uw kenmerk',
    hoofdsom: 'Hoofdsom in euro',
    kosten: 'Kosten tot nu toe in euro (optioneel)',
    knop: 'Vordering sturen',
    bevestig: (bedrag: number, aan: string) =>
      `Vordering van ${euro(bedrag)} sturen naar ${aan}? U kunt dit niet ongedaan maken.`,
    verstuurd: (aan: string) => `De vordering is verstuurd naar ${aan}. U vindt haar onder Vorderingen.`,
    verplicht: 'Vul dit veld in.',
    bedrag: 'Vul een bedrag in euro in, bijvoorbeeld 1250,50.',
  },
};
