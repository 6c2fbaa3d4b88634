import { LCV_SECTOREN } from '../../src/db/schema.ts';

/** The LCV sectors: the platform's one list (src/db/schema.ts), shared with the server's validation. */
export { LCV_SECTOREN };

export const SECTOR_LABEL: Record<(typeof LCV_SECTOREN)[number], string> = {
  energie: 'Energie',
  warmte: 'Warmte',
  drinkwater: 'Drinkwater',
  zorgverzekering: 'Zorgverzekering',
  huur: 'Huur',
  overig: 'Overig',
};

/** The Dutch label of a sector code; an unknown code is shown as it is. */
export const sectorLabel = (s: string) => SECTOR_LABEL[s as keyof typeof SECTOR_LABEL] ?? s;
