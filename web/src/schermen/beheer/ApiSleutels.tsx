import { useState } from 'react';
import { Button, Heading } from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatumTijd, useData } from '../../ui.tsx';

interface Sleutel {
  id: string;
  organisatie_id: string;
  omschrijving: string;
  aangemaakt_op: string;
  ingetrokken_op: string | null;
}

export function ApiSleutels() {
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(
    () =>
      Promise.all([
        api<Sleutel[]>('GET', '/api/beheer/api-sleutels'),
        api<Array<{ id: string; naam: string }>>('GET', '/api/beheer/organisaties'),
      ]),
    versie,
  );
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const naam = (id: string) => data?.[1].find((o) => o.id === id)?.naam ?? id;
  const trekIn = async (s: Sleutel) => {
    if (!window.confirm(T.beheer.intrekkenVraag(naam(s.organisatie_id)))) return;
    try {
      await api('POST', `/api/beheer/api-sleutels/${s.id}/intrekken`);
      zetMelding({ soort: 'ok', tekst: T.beheer.ingetrokkenMelding(naam(s.organisatie_id)) });
      zetVersie((v) => v + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  return (
    <>
      <Heading level={1}>{T.beheer.apiSleutels}</Heading>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Tabel
          titel={T.beheer.apiSleutels}
          koppen={[
            T.beheer.id,
            T.beheer.organisatie,
            T.beheer.omschrijving,
            T.beheer.aangemaakt,
            T.beheer.ingetrokken,
            T.algemeen.acties,
          ]}
          rijen={data[0].map((s) => [
            s.id,
            naam(s.organisatie_id),
            s.omschrijving,
            toonDatumTijd(s.aangemaakt_op),
            toonDatumTijd(s.ingetrokken_op),
            s.ingetrokken_op ? (
              '–'
            ) : (
              <Button
                appearance="subtle-button"
                hint="danger"
                onClick={() => void trekIn(s)}
                aria-label={`${T.beheer.intrekken}: ${s.id}`}
              >
                {T.beheer.intrekken}
              </Button>
            ),
          ])}
        />
      )}
    </>
  );
}
