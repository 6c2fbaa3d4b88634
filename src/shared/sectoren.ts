import type { LcvSector } from '../db/schema.ts';

/** Dutch labels of the LCV sectors (src/db/schema.ts LCV_SECTOREN): reports, exports and the web app. */
export const SECTOR_LABEL: Record<LcvSector, string> = {
  energie: 'Energie',
  warmte: 'Warmte',
  drinkwater: 'Drinkwater',
  zorgverzekering: 'Zorgverzekering',
  huur: 'Huur',
  overig: 'Overig',
};
