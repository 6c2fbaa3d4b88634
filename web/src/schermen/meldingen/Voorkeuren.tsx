import { useEffect, useState } from 'react';
import {
  Button,
  FormField,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { AppLink } from '../../router.tsx';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, useData } from '../../ui.tsx';

interface Voorkeur {
  type: string;
  omschrijving: string;
  standaard: string;
  kanaal: string;
}
const KANALEN = ['beide', 'app', 'mail', 'geen'];

/** Per event type the person's role receives: e-mail, app, both or none. */
export function Voorkeuren() {
  const { data, fout } = useData(() => api<Voorkeur[]>('GET', '/api/notificaties/voorkeuren'));
  const [keuzes, zetKeuzes] = useState<Record<string, string>>({});
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  useEffect(() => {
    if (data) zetKeuzes(Object.fromEntries(data.map((v) => [v.type, v.kanaal])));
  }, [data]);
  const bewaar = async () => {
    try {
      await api('PUT', '/api/notificaties/voorkeuren', {
        voorkeuren: Object.entries(keuzes).map(([type, kanaal]) => ({ type, kanaal })),
      });
      zetMelding({ soort: 'ok', tekst: T.meldingen.opgeslagen });
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  return (
    <>
      <Heading level={1}>{T.meldingen.voorkeurenTitel}</Heading>
      <Paragraph>{T.meldingen.voorkeurenUitleg}</Paragraph>
      <Paragraph>
        <AppLink href="/meldingen">{T.menu.meldingen}</AppLink>
      </Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && data.length === 0 && <Paragraph>{T.meldingen.geenSoorten}</Paragraph>}
      {data && data.length > 0 && (
        <form
          className="sr-formulier"
          onSubmit={(e) => {
            e.preventDefault();
            void bewaar();
          }}
        >
          {data.map((v) => (
            <FormField key={v.type}>
              <FormLabel htmlFor={`voorkeur-${v.type}`}>{v.omschrijving}</FormLabel>
              <Paragraph id={`voorkeur-${v.type}-uitleg`} className="sr-uitleg">
                {T.meldingen.standaard(T.meldingen.kanalen[v.standaard] ?? v.standaard)}
              </Paragraph>
              <Select
                id={`voorkeur-${v.type}`}
                aria-describedby={`voorkeur-${v.type}-uitleg`}
                value={keuzes[v.type] ?? v.kanaal}
                onChange={(e) => zetKeuzes({ ...keuzes, [v.type]: e.target.value })}
              >
                {KANALEN.map((k) => (
                  <SelectOption key={k} value={k}>
                    {T.meldingen.kanalen[k]}
                  </SelectOption>
                ))}
              </Select>
            </FormField>
          ))}
          <Button type="submit" appearance="primary-action-button">
            {T.algemeen.opslaan}
          </Button>
        </form>
      )}
    </>
  );
}
