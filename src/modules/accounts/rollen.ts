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
};

export function rolPastBij(rol: Rol, type: OrganisatieType): boolean {
  return ROL_ORGANISATIETYPEN[rol].includes(type);
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
