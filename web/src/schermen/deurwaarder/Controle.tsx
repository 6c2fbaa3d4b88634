import { useState } from 'react';
import { Button, FormFieldTextbox, Heading, Paragraph } from '@utrecht/component-library-react';
import { type Antwoord, api, ApiFout } from '../../api.ts';
import { useGebruiker } from '../../sessie.ts';
import { T } from '../../teksten.ts';
import { Fout, Melding, Tabel } from '../../ui.tsx';
import { Bewijs } from './Bewijs.tsx';
import { VorderingFormulier } from './VorderingFormulier.tsx';

/** The answer with its proof (`bewijs`), typed from the API (npm run api-typen). */
type Resultaat = Antwoord<'/api/vish/controle', 'post'>;

/** Check one BSN. The BSN stays in this form only; the answer never repeats it (the proof shows it masked). */
export function Controle() {
  // Claims are the bailiff's (a municipality checks too, but sends no claims); the API decides the same way.
  const gebruiker = useGebruiker();
  const [bsn, zetBsn] = useState('');
  const [bezig, zetBezig] = useState(false);
  const [fout, zetFout] = useState<unknown>();
  const [bsnFout, zetBsnFout] = useState<string>();
  const [resultaat, zetResultaat] = useState<Resultaat>();

  const controleer = async () => {
    zetBezig(true);
    zetFout(undefined);
    zetBsnFout(undefined);
    zetResultaat(undefined);
    try {
      // Spaces, dots and dashes are fine: the server ignores them (one rule, src/shared/bsn.ts).
      zetResultaat(await api<Resultaat>('POST', '/api/vish/controle', { bsn: bsn.trim() }));
    } catch (e) {
      // A refused BSN is an error at the field; anything else (no connection, a server error) above the result.
      if (e instanceof ApiFout && e.status === 400) zetBsnFout(`${T.controle.ongeldig}: ${e.message}`);
      else zetFout(e);
    } finally {
      zetBezig(false);
    }
  };

  return (
    <>
      <Heading level={1}>{T.controle.titel}</Heading>
      <Paragraph>{T.controle.uitleg}</Paragraph>
      <form
        className="sr-formulier sr-niet-afdrukken"
        noValidate
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
          invalid={!!bsnFout}
          errorMessage={bsnFout && <span role="alert">{bsnFout}</span>}
          value={bsn}
          onChange={(e) => {
            // A result belongs to the BSN it was asked for: a changed BSN clears it (and its proof).
            zetBsn((e.target as HTMLInputElement).value);
            zetResultaat(undefined);
            zetFout(undefined);
            zetBsnFout(undefined);
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
              <Melding soort="warning">
                <strong>{T.controle.match(resultaat.contacten.map((c) => c.organisatie))}</strong>
                {`. ${T.controle.matchUitleg}`}
              </Melding>
              <Tabel
                titel={T.controle.contact}
                koppen={[T.controle.organisatie, T.controle.naam, T.controle.telefoon, T.controle.email]}
                rijen={resultaat.contacten.map((c) => [c.organisatie, c.naam, c.telefoon ?? '–', c.email ?? '–'])}
              />
            </>
          ) : (
            <Melding soort="info">
              <strong>{T.controle.geenMatch}</strong>
            </Melding>
          ))}
        {resultaat && (
          <Bewijs
            bewijs={resultaat.bewijs}
            contacten={resultaat.contacten}
            schuldenrustTot={resultaat.schuldenrustTot}
          />
        )}
        {resultaat?.match && !resultaat.bewijs.test && gebruiker.rol === 'deurwaarder' && (
          <VorderingFormulier bsn={bsn} hulpverleners={[...new Set(resultaat.contacten.map((c) => c.organisatie))]} />
        )}
      </div>
    </>
  );
}
