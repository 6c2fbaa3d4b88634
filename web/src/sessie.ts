import { createContext, useContext } from 'react';

export type OrganisatieType =
  | 'gemeente'
  | 'schuldhulpverlener'
  | 'wijkteam'
  | 'gerechtsdeurwaarder'
  | 'signaalpartner'
  | 'beheerder'
  | 'schuldeiser';
export interface Gebruiker {
  id: string;
  naam: string;
  email: string;
  rol: string;
  /** The organisation's administrator role: may do its administrative acts (the API decides). */
  beheerder: boolean;
  organisatie: { id: string; naam: string; type: OrganisatieType };
  /** What the session must do first: change a one-time password, then set up the authenticator app. */
  beperking: 'wachtwoord-wijzigen' | 'totp-instellen' | null;
}
export interface SessieAntwoord {
  gebruiker: Gebruiker;
  csrfToken: string;
  verlooptOp: string;
}

export const GebruikerContext = createContext<Gebruiker | null>(null);
export function useGebruiker(): Gebruiker {
  const g = useContext(GebruikerContext);
  if (!g) throw new Error('geen gebruiker');
  return g;
}
