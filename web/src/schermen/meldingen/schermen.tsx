import type { Scherm } from '../../menu.tsx';
import type { Gebruiker } from '../../sessie.ts';
import { T } from '../../teksten.ts';
import { LeveringRapport } from '../partner/LeveringRapport.tsx';
import { Meldingen } from './Meldingen.tsx';
import { Voorkeuren } from './Voorkeuren.tsx';
import { Webhooks } from './Webhooks.tsx';

/** The notification screens for a signed-in person: the list and preferences for everyone, webhooks for administrators. */
export function meldingSchermen(g: Gebruiker): Scherm[] {
  const schermen: Scherm[] = [
    { pad: '/meldingen', titel: T.menu.meldingen, scherm: () => <Meldingen />, verborgen: true },
    { pad: '/meldingen/voorkeuren', titel: T.menu.voorkeuren, scherm: () => <Voorkeuren />, verborgen: true },
  ];
  // Webhooks are an administrative act: the organisation's administrator role (as the API checks).
  if (g.beheerder && g.organisatie.type !== 'gerechtsdeurwaarder')
    schermen.push({ pad: '/webhooks', titel: T.menu.webhooks, scherm: () => <Webhooks /> });
  if (g.organisatie.type === 'signaalpartner')
    schermen.push({
      pad: '/signalen/leveringen/:id',
      titel: T.menu.levering,
      scherm: (p) => <LeveringRapport id={p.id!} />,
      verborgen: true,
    });
  return schermen;
}
