import { useState } from 'react';
import {
  Button,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { T } from '../../teksten.ts';
import { OrganisatieKeuze, type Geheimen, type Organisatie } from './gedeeld.tsx';

const FG = 'functionaris-gegevensbescherming';
/**
 * The roles the operator can give (src/modules/accounts/rollen.ts; the API checks it again): in its own organisation
 * any, elsewhere only the organisation's administrator role, who adds the organisation's other people.
 */
const ROLLEN: Record<string, string[]> = {
  beheerder: ['beheerder', FG],
  gemeente: ['gemeente-coordinator'],
  schuldhulpverlener: ['organisatie-beheerder'],
  wijkteam: ['organisatie-beheerder'],
  gerechtsdeurwaarder: ['organisatie-beheerder'],
  signaalpartner: ['signaalpartner-beheerder'],
  schuldeiser: ['organisatie-beheerder'],
};

/** Form to create a user; the secrets of the answer go to `onAangemaakt` (shown once by the caller). */
export function NieuweGebruiker({
  organisaties,
  start,
  onAangemaakt,
  onFout,
}: {
  organisaties: Organisatie[];
  start: string;
  onAangemaakt: (g: Geheimen) => void;
  onFout: (tekst: string) => void;
}) {
  const [v, zetV] = useState({ organisatieId: start || organisaties[0]?.id || '', naam: '', email: '', rol: '' });
  const type = organisaties.find((o) => o.id === v.organisatieId)?.type ?? '';
  const rollen = ROLLEN[type] ?? [];
  const rol = rollen.includes(v.rol) ? v.rol : (rollen[0] ?? '');
  const maak = async () => {
    try {
      const g = await api<Geheimen>('POST', '/api/beheer/gebruikers', {
        organisatieId: v.organisatieId,
        naam: v.naam.trim(),
        email: v.email.trim(),
        rol,
      });
      zetV({ ...v, naam: '', email: '' });
      onAangemaakt(g);
    } catch (e) {
      onFout(foutTekst(e));
    }
  };
  return (
    <>
      <Heading level={2}>{T.gebruikers.nieuw}</Heading>
      <form
        className="sr-formulier"
        onSubmit={(e) => {
          e.preventDefault();
          void maak();
        }}
      >
        <OrganisatieKeuze
          id="nieuw-organisatie"
          organisaties={organisaties}
          waarde={v.organisatieId}
          onChange={(organisatieId) => zetV({ ...v, organisatieId })}
        />
        <FormFieldTextbox
          label={T.gebruikers.naam}
          name="naam"
          required
          autoComplete="off"
          value={v.naam}
          onChange={(e) => zetV({ ...v, naam: (e.target as HTMLInputElement).value })}
        />
        <FormFieldTextbox
          label={T.gebruikers.email}
          name="email"
          type="email"
          required
          autoComplete="off"
          value={v.email}
          onChange={(e) => zetV({ ...v, email: (e.target as HTMLInputElement).value })}
        />
        <FormField>
          <FormLabel htmlFor="nieuw-rol">{T.gebruikers.rol}</FormLabel>
          <Select id="nieuw-rol" value={rol} onChange={(e) => zetV({ ...v, rol: e.target.value })}>
            {rollen.map((r) => (
              <SelectOption key={r} value={r}>
                {T.rollen[r] ?? r}
              </SelectOption>
            ))}
          </Select>
        </FormField>
        <Button
          type="submit"
          appearance="primary-action-button"
          disabled={!v.organisatieId || !v.naam.trim() || !v.email.trim() || !rol}
        >
          {T.gebruikers.aanmaken}
        </Button>
      </form>
    </>
  );
}
