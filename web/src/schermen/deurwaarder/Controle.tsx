import { useState } from 'react';
import { Button, FormFieldTextbox, Heading, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Melding, Tabel } from '../../ui.tsx';

interface Resultaat {
  match: boolean;
  contacten: Array<{ organisatie: string; naam: string; telefoon: string | null; email: string | null }>;
  /** "schuldenrust tot 1 april 2027" when the person has an active collection pause (no creditor named). */
  schuldenrust?: string | null;
}

/** Check one BSN. The BSN stays in this form only; the answer never repeats it. */
export function Controle() {
  const [bsn, zetBsn] = useState('');
  const [bezig, zetBezig] = useState(false);
  const [fout, zetFout] = useState<unknown>();
  const [resultaat, zetResultaat] = useState<Resultaat>();

  const controleer = async () => {
    zetBezig(true);
    zetFout(undefined);
    zetResultaat(undefined);
    try {
      zetResultaat(await api<Resultaat>('POST', '/api/vish/controle', { bsn: bsn.trim() }));
    } catch (e) {
      zetFout(e);
    } finally {
      zetBezig(false);
    }
  };

  return (
    <>
      <Heading level={1}>{T.controle.titel}</Heading>
      <Paragraph>{T.controle.uitleg}</Paragraph>
      <form
        className="sr-formulier"
        onSubmit={(e) => {
          e.preventDefault();
          void controleer();
        }}
      >
        <FormFieldTextbox
          label={T.controle.bsn}
          description={T.controle.bsnUitleg}
          name="bsn"
          autoComplete="off"
          inputRef={(el) => el?.setAttribute('inputmode', 'numeric')}
          required
          value={bsn}
          onChange={(e) => {
            // A result belongs to the BSN it was asked for: a changed BSN clears it.
            zetBsn((e.target as HTMLInputElement).value);
            zetResultaat(undefined);
            zetFout(undefined);
          }}
        />
        <Button type="submit" appearance="primary-action-button" busy={bezig} disabled={bezig || !bsn.trim()}>
          {T.controle.knop}
        </Button>
      </form>
      <div aria-live="polite">
        <Fout fout={fout} />
        {resultaat?.schuldenrust && (
          <Melding soort="warning">
            <strong>{resultaat.schuldenrust.charAt(0).toUpperCase() + resultaat.schuldenrust.slice(1)}</strong>
            {`. ${T.controle.schuldenrust}`}
          </Melding>
        )}
        {resultaat &&
          (resultaat.match ? (
            <>
              <Melding soort="warning">{T.controle.match}</Melding>
              <Tabel
                titel={T.controle.contact}
                koppen={[T.controle.organisatie, T.controle.naam, T.controle.telefoon, T.controle.email]}
                rijen={resultaat.contacten.map((c) => [c.organisatie, c.naam, c.telefoon ?? '–', c.email ?? '–'])}
              />
            </>
          ) : (
            <Melding soort="info">{T.controle.geenMatch}</Melding>
          ))}
      </div>
    </>
  );
}
