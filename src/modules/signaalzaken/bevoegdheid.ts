import { AppError } from '../../shared/errors.ts';
import type { Bereik } from './store.ts';

/** The acts on a case (the names in its history and audit trail). */
export type Handeling =
  | 'opgepakt'
  | 'contactpoging'
  | 'hulp-geaccepteerd'
  | 'afgesloten'
  | 'bezwaar'
  | 'crisis'
  | 'warme-overdracht'
  | 'toegewezen'
  | 'notitie';

/**
 * Who may act on a case: the one rule. The municipality acts on every case of its own municipality. A debt-help
 * organisation or neighbourhood team acts only on a case assigned to it (a relapse case, or one it picked up). In its
 * work area it may read the unassigned cases and pick one up; picking up assigns the case to it, and only then may it
 * record contact or help accepted, close the case or register an objection. Which cases a caller sees at all (else
 * "not found") is decided by the queries (`store.Bereik`); this decides what it may do with a case it sees.
 */
export function magHandelen(b: Bereik, zaak: { organisatie_id: string | null }, handeling: Handeling): void {
  if (b.soort === 'gemeente') return;
  if (zaak.organisatie_id === b.organisatieId) return;
  if (zaak.organisatie_id === null && handeling === 'opgepakt') return;
  throw new AppError(
    403,
    'niet_toegewezen',
    'Deze zaak is niet aan uw organisatie toegewezen. Pak de zaak eerst op; daarna kunt u contact vastleggen, de zaak afsluiten of een bezwaar registreren.',
  );
}
