import { useState } from 'react';
import { Button, Heading, Paragraph, StatusBadge } from '@utrecht/component-library-react';
import { api, type Antwoord } from '../../api.ts';
import { Fout, Tabel, toonDatum, toonDatumTijd, useData } from '../../ui.tsx';
import { P } from './teksten.ts';

type Lijst = Antwoord<'/api/pauzeknop/aanmeldingen'>;

/** The municipality's Pauzeknop registrations (a separate list on the work queue page): pick up, record contact. */
export function PauzeknopAanmeldingen() {
  const [opnieuw, zetOpnieuw] = useState(0);
  const [fout, zetFout] = useState<unknown>();
  const { data, fout: laadFout } = useData(() => api<Lijst>('GET', '/api/pauzeknop/aanmeldingen'), opnieuw);
  const doe = async (pad: string, body: unknown) => {
    zetFout(undefined);
    try {
      await api('POST', pad, body);
      zetOpnieuw((n) => n + 1);
    } catch (e) {
      zetFout(e);
    }
  };
  return (
    <section aria-labelledby="pauzeknop-kop" className="sr-pauzeknop-lijst">
      <Heading level={2} id="pauzeknop-kop">
        {P.lijstKop}
      </Heading>
      <Paragraph>{P.lijstUitleg}</Paragraph>
      <Fout fout={laadFout ?? fout} />
      {data && (
        <Tabel
          titel={P.lijstKop}
          leeg={P.geenAanmeldingen}
          koppen={P.kolommen}
          rijen={data.aanmeldingen.map((a) => [
            toonDatumTijd(a.ontvangenOp as unknown as string),
            <>
              {toonDatum(a.deadline)}
              {a.teLaat && (
                <>
                  {' '}
                  <StatusBadge status="danger">{P.teLaat}</StatusBadge>
                </>
              )}
            </>,
            `${a.postcode.replace(/^(\d{4})/, '$1 ')} ${a.huisnummer}`,
            [a.telefoon, a.email].filter(Boolean).join(' · '),
            a.schuldeisers.map((s) => (s.kenmerk ? `${s.naam} (${s.kenmerk})` : s.naam)).join(', ') || '–',
            a.dreigingen.map((d) => P.dreigingen[d] ?? d).join(', ') || '–',
            P.statussen[a.status] ?? a.status,
            a.status === 'ontvangen' ? (
              <Button
                appearance="secondary-action-button"
                onClick={() => void doe(`/api/pauzeknop/aanmeldingen/${a.id}/oppakken`, {})}
              >
                {P.oppakken}
              </Button>
            ) : a.status === 'opgepakt' ? (
              <Button
                appearance="secondary-action-button"
                onClick={() => void doe(`/api/pauzeknop/aanmeldingen/${a.id}/contact`, { soort: 'Telefoon' })}
              >
                {P.contactGehad}
              </Button>
            ) : (
              '–'
            ),
          ])}
        />
      )}
    </section>
  );
}
