import { useState } from 'react';
import {
  Button,
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Paragraph,
} from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { AppLink } from '../../router.tsx';
import { Fout, Laden, Melding, useData } from '../../ui.tsx';
import { TL } from './teksten-levensloop.ts';

/** Path of the public sign-up page for small landlords (shown when nobody is logged in). */
export const VERHUURDER_PAD = '/aanmelden-verhuurder';

interface Antwoord {
  gebruiker: { email: string; totpGeheim: string; totpUri: string; herstelcodes: string[] };
}

/** A small landlord signs up without the operator: organisation, contact, signatory, municipalities, password. */
export function VerhuurderAanmelden() {
  const { data, fout } = useData(() =>
    api<Array<{ gemeentecode: string; naam: string }>>('GET', '/api/partners/verhuurders/gemeenten'),
  );
  const [v, zetV] = useState({
    organisatie: '',
    contactNaam: '',
    contactEmail: '',
    tekenNaam: '',
    tekenFunctie: '',
    tekenEmail: '',
    wachtwoord: '',
  });
  const [delen, zetDelen] = useState(true);
  const [akkoord, zetAkkoord] = useState(false);
  const [gekozen, zetGekozen] = useState<string[]>([]);
  const [melding, zetMelding] = useState<string>();
  const [klaar, zetKlaar] = useState<Antwoord>();

  const tekst = (k: keyof typeof v, type = 'text', autoComplete?: string) => (
    <FormFieldTextbox
      label={TL.verhuurder[k]}
      name={k}
      type={type}
      required
      autoComplete={autoComplete}
      value={v[k]}
      onChange={(e) => zetV({ ...v, [k]: (e.target as HTMLInputElement).value })}
    />
  );

  const meldAan = async () => {
    zetMelding(undefined);
    try {
      zetKlaar(
        await api<Antwoord>('POST', '/api/partners/verhuurders', {
          organisatie: v.organisatie.trim(),
          contactpersoon: { naam: v.contactNaam.trim(), email: v.contactEmail.trim(), delen },
          tekenbevoegde: { naam: v.tekenNaam.trim(), functie: v.tekenFunctie.trim(), email: v.tekenEmail.trim() },
          gemeenten: gekozen,
          wachtwoord: v.wachtwoord,
          akkoord: true,
        }),
      );
    } catch (e) {
      zetMelding(foutTekst(e));
    }
  };

  if (klaar)
    return (
      <section aria-labelledby="verhuurder-klaar" className="sr-smal">
        <Heading level={1} id="verhuurder-klaar">
          {TL.verhuurder.titel}
        </Heading>
        <Melding soort="ok">{TL.verhuurder.gelukt}</Melding>
        <Paragraph>{TL.verhuurder.totpUitleg}</Paragraph>
        <dl className="sr-gegevens">
          <dt>{TL.verhuurder.geheim}</dt>
          <dd>
            <code data-testid="totp-geheim">{klaar.gebruiker.totpGeheim}</code>
          </dd>
        </dl>
        <Paragraph>{TL.verhuurder.herstelUitleg}</Paragraph>
        <ul>
          {klaar.gebruiker.herstelcodes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <Paragraph>
          <AppLink href="/">{TL.verhuurder.nuInloggen}</AppLink>
        </Paragraph>
      </section>
    );

  return (
    <section aria-labelledby="verhuurder-titel" className="sr-smal">
      <Heading level={1} id="verhuurder-titel">
        {TL.verhuurder.titel}
      </Heading>
      <Paragraph>{TL.verhuurder.uitleg}</Paragraph>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      <div aria-live="polite">{melding && <Melding soort="error">{melding}</Melding>}</div>
      {data && (
        <form
          className="sr-formulier"
          onSubmit={(e) => {
            e.preventDefault();
            void meldAan();
          }}
        >
          {tekst('organisatie', 'text', 'organization')}
          {tekst('contactNaam', 'text', 'name')}
          {tekst('contactEmail', 'email', 'email')}
          <FormField type="checkbox">
            <Checkbox id="verhuurder-delen" checked={delen} onChange={(e) => zetDelen(e.target.checked)} />
            <FormLabel htmlFor="verhuurder-delen" type="checkbox">
              {TL.verhuurder.delen}
            </FormLabel>
          </FormField>
          {tekst('tekenNaam')}
          {tekst('tekenFunctie')}
          {tekst('tekenEmail', 'email')}
          {tekst('wachtwoord', 'password', 'new-password')}
          <Fieldset>
            <FieldsetLegend>{TL.verhuurder.gemeenten}</FieldsetLegend>
            <div className="sr-keuzelijst">
              {data.map((g) => (
                <FormField type="checkbox" key={g.gemeentecode}>
                  <Checkbox
                    id={`vh-${g.gemeentecode}`}
                    checked={gekozen.includes(g.gemeentecode)}
                    onChange={(e) =>
                      zetGekozen(
                        e.target.checked ? [...gekozen, g.gemeentecode] : gekozen.filter((c) => c !== g.gemeentecode),
                      )
                    }
                  />
                  <FormLabel htmlFor={`vh-${g.gemeentecode}`} type="checkbox">
                    {g.naam}
                  </FormLabel>
                </FormField>
              ))}
            </div>
          </Fieldset>
          <FormField type="checkbox">
            <Checkbox id="verhuurder-akkoord" checked={akkoord} onChange={(e) => zetAkkoord(e.target.checked)} />
            <FormLabel htmlFor="verhuurder-akkoord" type="checkbox">
              {TL.verhuurder.akkoord}
            </FormLabel>
          </FormField>
          <Button type="submit" appearance="primary-action-button" disabled={!akkoord || gekozen.length === 0}>
            {TL.verhuurder.aanmelden}
          </Button>
        </form>
      )}
      <Paragraph>
        <AppLink href="/">{TL.verhuurder.naarInloggen}</AppLink>
      </Paragraph>
    </section>
  );
}
