/** Public face of the audit module: the append-only, hash-chained audit log. */
export { AuditLog, SYSTEEM, type Actor, type AuditBewijs, type AuditEntry } from './audit.ts';
export { TransactieAudit } from './transactie.ts';
export { legKopVast, verwijderOudeAudit } from './store.ts';
export { auditOver } from './store.ts';
export { auditLezer, AUDIT_LEZERS } from './lezers.ts';
export { auditReferentie } from './referentie.ts';
