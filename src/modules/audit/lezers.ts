import { forbidden } from '../../shared/errors.ts';

export const AUDIT_LEZERS = ['beheerder', 'functionaris-gegevensbescherming'] as const;

/**
 * Only people read the audit trail and answer subject access requests: the operator all of it, a privacy officer
 * (functionaris gegevensbescherming) what concerns the own organisation. Machine credentials are refused.
 */
export function auditLezer(id: { actor: { soort: string }; rol?: string | null | undefined; organisatieId: string }): {
  organisatieId: string | null;
} {
  if (id.actor.soort !== 'gebruiker' || !id.rol || !(AUDIT_LEZERS as readonly string[]).includes(id.rol))
    throw forbidden();
  return { organisatieId: id.rol === 'beheerder' ? null : id.organisatieId };
}
