import { useState } from 'react';
import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatumTijd, useData } from '../../ui.tsx';

interface Termijn {
  soort: string;
  gegevens: string;
  termijn: string;
  na: string;
  reden: string;
}
interface Run {
  id: number;
  gestart_op: string;
  beeindigd_op: string | null;
  resultaat: string | null;
  details: unknown;
}

/** Retention periods per kind of personal data, the runs of the retention job, and running it now. */
export function Bewaartermijnen() {
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(
    () =>
      Promise.all([
        api<Termijn[]>('GET', '/api/beheer/bewaartermijnen/termijnen'),
        api<Run[]>('GET', '/api/beheer/bewaartermijnen/runs'),
      ]),
    versie,
  );
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const voerUit = async () => {
    try {
      await api('POST', '/api/beheer/bewaartermijnen/uitvoeren');
      zetMelding({ soort: 'ok', tekst: T.bewaar.gestart });
      zetVersie((n) => n + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  return (
    <>
      <Heading level={1}>{T.bewaar.titel}</Heading>
      <Paragraph>{T.bewaar.uitleg}</Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <Button appearance="secondary-action-button" onClick={() => void voerUit()}>
        {T.bewaar.nu}
      </Button>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <>
          <Tabel
            titel={T.bewaar.runs}
            koppen={[T.beheer.gestart, T.beheer.beeindigd, T.beheer.resultaat, T.beheer.details]}
            rijen={data[1].map((r) => [
              toonDatumTijd(r.gestart_op),
              toonDatumTijd(r.beeindigd_op),
              r.resultaat ?? '–',
              r.details ? JSON.stringify(r.details) : '–',
            ])}
          />
          <Tabel
            titel={T.bewaar.termijnen}
            koppen={[T.bewaar.gegevens, T.bewaar.termijn, T.bewaar.daarna, T.bewaar.reden]}
            rijen={data[0].map((t) => [t.gegevens, t.termijn, t.na, t.reden])}
          />
        </>
      )}
    </>
  );
}
