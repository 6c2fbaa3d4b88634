import { useState } from 'react';
import { Button, Checkbox, FormField, FormLabel, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { AppLink } from '../../router.tsx';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatumTijd, useData } from '../../ui.tsx';
import { verversBel } from './Bel.tsx';

interface Notificatie {
  id: string;
  type: string;
  titel: string;
  tekst: string;
  link: string;
  aangemaaktOp: string;
  gelezenOp: string | null;
}

/** The own notifications, newest first; each links to its case, signal, agreement or delivery. */
export function Meldingen() {
  const [versie, zetVersie] = useState(0);
  const [alleenOngelezen, zetAlleenOngelezen] = useState(false);
  const { data, fout } = useData(
    () =>
      api<{ ongelezen: number; notificaties: Notificatie[] }>(
        'GET',
        `/api/notificaties?limit=100${alleenOngelezen ? '&ongelezen=true' : ''}`,
      ),
    `${versie}-${alleenOngelezen}`,
  );
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const klaar = () => {
    zetVersie((v) => v + 1);
    verversBel();
  };
  const markeer = async (n: Notificatie) => {
    if (n.gelezenOp) return;
    try {
      await api('POST', `/api/notificaties/${n.id}/gelezen`);
      klaar();
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  const allesGelezen = async () => {
    try {
      const r = await api<{ gemarkeerd: number }>('POST', '/api/notificaties/gelezen');
      zetMelding({ soort: 'ok', tekst: T.meldingen.gemarkeerd(r.gemarkeerd) });
      klaar();
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };

  return (
    <>
      <Heading level={1}>{T.meldingen.titel}</Heading>
      <Paragraph>{T.meldingen.uitleg}</Paragraph>
      <Paragraph>
        <AppLink href="/meldingen/voorkeuren">{T.meldingen.naarVoorkeuren}</AppLink>
      </Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <div className="sr-rij">
        <FormField type="checkbox">
          <Checkbox
            id="alleen-ongelezen"
            checked={alleenOngelezen}
            onChange={(e) => zetAlleenOngelezen(e.target.checked)}
          />
          <FormLabel htmlFor="alleen-ongelezen" type="checkbox">
            {T.meldingen.alleen}
          </FormLabel>
        </FormField>
        {!!data?.ongelezen && (
          <Button appearance="secondary-action-button" onClick={() => void allesGelezen()}>
            {T.meldingen.allesGelezen}
          </Button>
        )}
      </div>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Tabel
          titel={T.meldingen.titel}
          leeg={T.meldingen.geen}
          koppen={[T.meldingen.melding, T.meldingen.ontvangen, T.meldingen.status, T.algemeen.acties]}
          rijen={data.notificaties.map((n) => [
            <>
              <AppLink href={n.link} onKlik={() => void markeer(n)}>
                {n.gelezenOp ? n.titel : <strong>{n.titel}</strong>}
              </AppLink>
              <Paragraph className="sr-uitleg">{n.tekst}</Paragraph>
            </>,
            toonDatumTijd(n.aangemaaktOp),
            n.gelezenOp ? T.meldingen.gelezen : T.meldingen.ongelezen,
            n.gelezenOp ? (
              '–'
            ) : (
              <Button appearance="subtle-button" onClick={() => void markeer(n)}>
                {T.meldingen.markeer}
              </Button>
            ),
          ])}
        />
      )}
    </>
  );
}
