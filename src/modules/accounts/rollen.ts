import { ORGANISATIE_TYPES, ROLLEN, type OrganisatieType, type Rol } from '../../db/schema.ts';

export { ROLLEN, type Rol };

/** Which organisation types a role fits. A user's role must fit the type of the user's organisation. */
export const ROL_ORGANISATIETYPEN: Record<Rol, readonly OrganisatieType[]> = {
  beheerder: ['beheerder'],
  'gemeente-medewerker': ['gemeente'],
  'gemeente-coordinator': ['gemeente'],
  // Many municipalities run debt help themselves.
  schuldhulpverlener: ['schuldhulpverlener', 'gemeente'],
  wijkteam: ['wijkteam'],
  deurwaarder: ['gerechtsdeurwaarder'],
  'signaalpartner-medewerker': ['signaalpartner'],
  'signaalpartner-beheerder': ['signaalpartner'],
  // Every organisation has its own privacy officer (AVG art. 37-39): reads its own audit trail.
  'functionaris-gegevensbescherming': ORGANISATIE_TYPES,
  // The administrator of the types that had only a work role: settings, keys, (later) its own users.
  'organisatie-beheerder': ['schuldhulpverlener', 'wijkteam', 'gerechtsdeurwaarder', 'schuldeiser'],
  // A creditor's clerk (schuldenrust): answers the Kennisgevingen. A signal partner may join as creditor too.
  'schuldeiser-medewerker': ['schuldeiser', 'signaalpartner'],
};

/**
 * The administrator role of each organisation type: the only role that may do the organisation's administrative acts
 * (participation, agreements, SFTP and API keys, delivery settings, work areas, webhooks, its own users). Machines
 * (API key, certificate) are the organisation itself and are judged by organisation type only.
 */
export const BEHEERROLLEN: Record<OrganisatieType, readonly Rol[]> = {
  beheerder: ['beheerder'],
  gemeente: ['gemeente-coordinator'],
  signaalpartner: ['signaalpartner-beheerder'],
  schuldhulpverlener: ['organisatie-beheerder'],
  wijkteam: ['organisatie-beheerder'],
  gerechtsdeurwaarder: ['organisatie-beheerder'],
  schuldeiser: ['organisatie-beheerder'],
};

/**
 * Roles that reach only the routes that name them (and those open to every organisation type, such as the session):
 * the privacy officer reads the audit trail, the organisation administrator administers; neither does the
 * organisation's casework, so neither sees residents' data by default. The creditor's clerk (schuldenrust) likewise.
 */
export const ALLEEN_GENOEMD: ReadonlySet<Rol> = new Set([
  'functionaris-gegevensbescherming',
  'organisatie-beheerder',
  // A creditor's clerk answers Kennisgevingen only: in a signal partner it sees nothing of the signals.
  'schuldeiser-medewerker',
]);

export function rolPastBij(rol: Rol, type: OrganisatieType): boolean {
  return ROL_ORGANISATIETYPEN[rol].includes(type);
}

export function isBeheerder(rol: Rol, type: OrganisatieType): boolean {
  return BEHEERROLLEN[type].includes(rol);
}

/** 'gemeente-coördinator' and other spellings with diacritics map to the stored role code. */
export function leesRol(s: string): Rol | undefined {
  const r = s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();
  return (ROLLEN as readonly string[]).includes(r) ? (r as Rol) : undefined;
}
