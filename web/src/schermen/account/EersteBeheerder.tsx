import { useState } from 'react';
import {
  Button,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { TA } from './teksten.ts';

/**
 * Operator: invite an organisation's first administrator (a one-time password by mail). From then on the
 * organisation adds its own people.
 */
export function EersteBeheerder({
  organisaties,
  onKlaar,
}: {
  organisaties: Array<{ id: string; naam: string }>;
  onKlaar: (melding: { soort: 'ok' | 'error' | 'warning'; tekst: string }) => void;
}) {
  const [v, zetV] = useState({ organisatieId: '', naam: '', email: '' });
  const organisatieId = v.organisatieId || organisaties[0]?.id || '';
  const verstuur = async () => {
    const email = v.email.trim();
    if (!organisatieId || !v.naam.trim() || !email) return onKlaar({ soort: 'error', tekst: TA.eerste.verplicht });
    if (!window.confirm(TA.gebruikers.toevoegVraag(email))) return;
    try {
      const r = await api<{ email: string; uitnodigingVerstuurd: boolean; eenmaligWachtwoord?: string }>(
        'POST',
        '/api/beheer/gebruikers/eerste-beheerder',
        { organisatieId, naam: v.naam.trim(), email },
      );
      zetV({ ...v, naam: '', email: '' });
      onKlaar(
        r.uitnodigingVerstuurd
          ? { soort: 'ok', tekst: TA.gebruikers.verstuurd(r.email) }
          : { soort: 'warning', tekst: TA.gebruikers.nietVerstuurd(r.email, r.eenmaligWachtwoord ?? '') },
      );
    } catch (e) {
      onKlaar({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  return (
    <section aria-labelledby="eerste-titel">
      <Heading level={2} id="eerste-titel">
        {TA.eerste.titel}
      </Heading>
      <Paragraph>{TA.eerste.uitleg}</Paragraph>
      <form
        className="sr-formulier"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void verstuur();
        }}
      >
        <FormField>
          <FormLabel htmlFor="eerste-organisatie">{TA.eerste.organisatie}</FormLabel>
          <Select
            id="eerste-organisatie"
            value={organisatieId}
            onChange={(e) => zetV({ ...v, organisatieId: e.target.value })}
          >
            {organisaties.map((o) => (
              <SelectOption key={o.id} value={o.id}>
                {o.naam}
              </SelectOption>
            ))}
          </Select>
        </FormField>
        <FormFieldTextbox
          label={TA.eerste.naam}
          name="eerste-naam"
          required
          autoComplete="off"
          value={v.naam}
          onChange={(e) => zetV({ ...v, naam: (e.target as HTMLInputElement).value })}
        />
        <FormFieldTextbox
          label={TA.eerste.email}
          name="eerste-email"
          type="email"
          required
          autoComplete="off"
          value={v.email}
          onChange={(e) => zetV({ ...v, email: (e.target as HTMLInputElement).value })}
        />
        <Button type="submit" appearance="primary-action-button">
          {TA.eerste.knop}
        </Button>
      </form>
    </section>
  );
}
