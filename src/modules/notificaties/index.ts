/**
 * Public face of the notifications module (docs/notificaties.md). Other modules call only these:
 * - `publiceer(tx, type, invoer)`: write events into the outbox in the caller's transaction;
 * - `accountMailer(config)`: transactional account mails (invitation, password reset), sent at once;
 * - the routes, the worker (`startBezorger`), and the local SMTP receiver for development.
 */
import './tabellen.ts';

export { publiceer } from './publiceren.ts';
export { CATALOGUS, GEBEURTENIS_TYPEN, type GebeurtenisType, type Invoer } from './catalogus.ts';
export { notificatieRoutes, webhookRoutes } from './routes.ts';
export { maakBezorger, startBezorger } from './werker.ts';
export { schoonNotificatiesOp } from './opschonen.ts';
export { achterstandSeconden } from './wachtrij.ts';
export { startSmtpOntvanger, type OntvangenMail } from './smtp-ontvanger.ts';
export { accountMailer, type AccountMail, type AccountMailer } from './accountmail.ts';
export { controleerHandtekening, HANDTEKENING_HEADER } from './ondertekening.ts';
