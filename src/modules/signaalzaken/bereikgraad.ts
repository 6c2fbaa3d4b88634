import { sql } from 'kysely';

/**
 * The reach rate ("bereikgraad"), defined here only: the share of residents reached among the cases whose contact
 * outcome is settled. A case's contact outcome is settled when the resident was reached (at least one contact
 * attempt with `bereikt`), or when the case was closed after at least one contact attempt without reaching them
 * (outreach given up). Cases closed without any attempt (not picked up, resident deceased or moved away) had no
 * outreach and are not in the denominator; open cases still being tried are not counted yet.
 *
 * The fragments read the columns `c_bereikt` (any attempt reached), `c_pogingen` (number of attempts) and `z_status`
 * (the case's status) of the report queries (rapport-store.ts).
 */
export const BEREIKT = sql<boolean>`(c_bereikt IS TRUE)`;
export const CONTACTUITKOMST_BEKEND = sql<boolean>`(c_bereikt IS TRUE OR (z_status = 'afgesloten' AND c_pogingen > 0))`;

/** Reached / settled contact outcome as a percentage with one decimal; null when nothing is settled yet. */
export const bereikgraad = (bereikt: number, uitkomstBekend: number) =>
  uitkomstBekend === 0 ? null : Math.round((bereikt / uitkomstBekend) * 1000) / 10;
