import { useState } from 'react';
import { Button, FormFieldTextbox, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, ApiFout, foutTekst } from '../../api.ts';
import { useGebruiker } from '../../sessie.ts';
import { vandaag } from '../../datum.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatum, useData } from '../../ui.tsx';
import { TL } from './teksten-levensloop.ts';

interface Opdrachtgever {
  id: string;
  naam: string;
  mandaatTot: string | null;
}

/** Property managers: the investors (principals) they hold a mandate for — list, add (or renew), end. */
export function Opdrachtgevers() {
  const g = useGebruiker();
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(async () => {
    try {
      return await api<Opdrachtgever[]>('GET', '/api/partners/opdrachtgevers');
    } catch (e) {
      if (e instanceof ApiFout && e.status === 409) return null;
      throw e;
    }
  }, versie);
  const [naam, zetNaam] = useState('');
  const [tot, zetTot] = useState('');
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();

  const doe = async (werk: () => Promise<string>) => {
    try {
      zetMelding({ soort: 'ok', tekst: await werk() });
      zetVersie((n) => n + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  const voegToe = () =>
    doe(async () => {
      const o = await api<Opdrachtgever>('POST', '/api/partners/opdrachtgevers', {
        naam: naam.trim(),
        ...(tot ? { mandaatTot: tot } : {}),
      });
      zetNaam('');
      zetTot('');
      return TL.opdrachtgevers.toegevoegd(o.naam);
    });
  const beeindig = (o: Opdrachtgever) => {
    if (!window.confirm(TL.opdrachtgevers.bevestig(o.naam))) return;
    void doe(async () => {
      await api('DELETE', `/api/partners/opdrachtgevers/${o.id}`);
      return TL.opdrachtgevers.beeindigd(o.naam);
    });
  };
  const geldig = (o: Opdrachtgever) => !o.mandaatTot || o.mandaatTot >= vandaag();

  return (
    <>
      <Heading level={1}>{TL.opdrachtgevers.titel}</Heading>
      <Paragraph>{TL.opdrachtgevers.uitleg}</Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <Fout fout={fout} />
      {data === undefined && !fout && <Laden />}
      {data === null && <Melding soort="info">{TL.opdrachtgevers.geenVastgoedmanager}</Melding>}
      {data && (
        <>
          <Tabel
            titel={TL.opdrachtgevers.titel}
            leeg={TL.opdrachtgevers.geen}
            koppen={[TL.opdrachtgevers.naam, TL.opdrachtgevers.mandaatTot, TL.opdrachtgevers.geldig, T.algemeen.acties]}
            rijen={data.map((o) => [
              o.naam,
              o.mandaatTot ? toonDatum(o.mandaatTot) : TL.opdrachtgevers.onbepaald,
              geldig(o) ? T.algemeen.ja : T.algemeen.nee,
              g.beheerder && geldig(o) ? (
                <Button
                  key={o.id}
                  appearance="secondary-action-button"
                  aria-label={`${TL.opdrachtgevers.beeindigen}: ${o.naam}`}
                  onClick={() => beeindig(o)}
                >
                  {TL.opdrachtgevers.beeindigen}
                </Button>
              ) : (
                '–'
              ),
            ])}
          />
          {g.beheerder ? (
            <form
              className="sr-formulier"
              onSubmit={(e) => {
                e.preventDefault();
                void voegToe();
              }}
            >
              <FormFieldTextbox
                label={TL.opdrachtgevers.naam}
                name="naam"
                required
                value={naam}
                onChange={(e) => zetNaam((e.target as HTMLInputElement).value)}
              />
              <FormFieldTextbox
                label={TL.opdrachtgevers.mandaatTot}
                name="mandaatTot"
                type="date"
                value={tot}
                onChange={(e) => zetTot((e.target as HTMLInputElement).value)}
              />
              <Button type="submit" appearance="primary-action-button" disabled={!naam.trim()}>
                {TL.opdrachtgevers.toevoegen}
              </Button>
            </form>
          ) : (
            <Paragraph>{T.algemeen.alleenBeheerder}</Paragraph>
          )}
        </>
      )}
    </>
  );
}
