/** Public face of the accounts module: people, roles, passwords, TOTP, sessions; the secret box (Kluis). */
export { type Beperking, CSRF_HEADER, SESSIE_COOKIE } from './accounts.ts';
export { ruimSessiesOp } from './bewaartermijn.ts';
export { Kluis } from './geheimen.ts';
export { ALLEEN_GENOEMD, BEHEERROLLEN } from './rollen.ts';
