import { LCV_SECTOREN } from '../../src/db/schema.ts';
import { SECTOR_LABEL } from '../../src/shared/sectoren.ts';

/** The LCV sectors and their Dutch labels: the platform's one list, shared with the server. */
export { LCV_SECTOREN, SECTOR_LABEL };

/** The Dutch label of a sector code; an unknown code is shown as it is. */
export const sectorLabel = (s: string) => SECTOR_LABEL[s as keyof typeof SECTOR_LABEL] ?? s;
