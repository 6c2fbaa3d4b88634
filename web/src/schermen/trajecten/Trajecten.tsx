import { useState } from 'react';
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
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatum, toonDatumTijd, useData } from '../../ui.tsx';
import { FASEN, fasedeel, UITSTROOMREDENEN, type Feed, type Traject } from './model.ts';
import { FeedNu } from './FeedNu.tsx';
import { NieuwTraject } from './NieuwTraject.tsx';
import { AppLink } from '../../router.tsx';
import { vandaag as vandaagNl } from '../../datum.ts';

/** Own trajectories: list, record, move to a next phase, close; and the VISH feed built from them. */
export function Trajecten() {
  const [versie, zetVersie] = useState(0);
  const [status, zetStatus] = useState<'open' | 'gesloten'>('open');
  const { data, fout } = useData(
    () =>
      Promise.all([
        api<{ totaal: number; trajecten: Traject[] }>('GET', `/api/trajecten?status=${status}&perPagina=100`),
        api<Feed>('GET', '/api/trajecten/vish'),
      ]),
    `${versie}-${status}`,
  );
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error' | 'warning'; tekst: string }>();
  const [keuze, zetKeuze] = useState<Record<string, string>>({});
  const vandaag = vandaagNl();
  const doe = async (f: () => Promise<unknown>, tekst: string) => {
    try {
      await f();
      zetMelding({ soort: 'ok', tekst });
      zetVersie((n) => n + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };

  const acties = (t: Traject) => {
    const rust = (
      <AppLink href={`/schuldenrust/trajecten/${t.id}`}>
        {`${T.trajecten.schuldenrust}: ${t.externId ?? t.achternaam ?? t.id}`}
      </AppLink>
    );
    if (t.einddatum) return rust;
    const volgende = FASEN.slice(FASEN.indexOf(t.fase as (typeof FASEN)[number]) + 1);
    const fase = keuze[`f${t.id}`] ?? volgende[0] ?? '';
    const reden = keuze[`r${t.id}`] ?? UITSTROOMREDENEN[0];
    const naam = t.externId ?? t.achternaam ?? t.id;
    return (
      <div className="sr-acties">
        {rust}
        {volgende.length > 0 && (
          <div className="sr-rij">
            <FormField>
              <FormLabel htmlFor={`f${t.id}`}>{T.trajecten.naarFase}</FormLabel>
              <Select
                id={`f${t.id}`}
                value={fase}
                onChange={(e) => zetKeuze({ ...keuze, [`f${t.id}`]: e.target.value })}
              >
                {volgende.map((f) => (
                  <SelectOption key={f} value={f}>
                    {T.trajecten.fasen[f] ?? f}
                  </SelectOption>
                ))}
              </Select>
            </FormField>
            <Button
              appearance="secondary-action-button"
              aria-label={`${T.trajecten.faseBijwerken}: ${naam}`}
              onClick={() =>
                void doe(
                  () => api('PATCH', `/api/trajecten/${t.id}`, { ddas: fasedeel(fase, vandaag) }),
                  T.trajecten.faseBijgewerkt,
                )
              }
            >
              {T.trajecten.faseBijwerken}
            </Button>
          </div>
        )}
        <div className="sr-rij">
          <FormField>
            <FormLabel htmlFor={`r${t.id}`}>{T.trajecten.reden}</FormLabel>
            <Select
              id={`r${t.id}`}
              value={reden}
              onChange={(e) => zetKeuze({ ...keuze, [`r${t.id}`]: e.target.value })}
            >
              {UITSTROOMREDENEN.map((r) => (
                <SelectOption key={r} value={r}>
                  {r}
                </SelectOption>
              ))}
            </Select>
          </FormField>
          <Button
            appearance="subtle-button"
            aria-label={`${T.trajecten.afsluiten}: ${naam}`}
            onClick={() => {
              if (window.confirm(T.trajecten.afsluitenVraag(naam)))
                void doe(
                  () => api('POST', `/api/trajecten/${t.id}/afsluiten`, { datum: vandaag, reden }),
                  T.trajecten.afgeslotenVan(naam),
                );
            }}
          >
            {T.trajecten.afsluiten}
          </Button>
        </div>
      </div>
    );
  };

  const feed = data?.[1];
  return (
    <>
      <Heading level={1}>{T.trajecten.titel}</Heading>
      <Paragraph>{T.trajecten.uitleg}</Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {feed && (
        <section aria-labelledby="vish-feed">
          <Heading level={2} id="vish-feed">
            {T.trajecten.feed}
          </Heading>
          <Melding soort={feed.actief && feed.laatsteResultaat !== 'fout' ? 'info' : 'warning'}>
            {feed.actief ? T.trajecten.feedAan(T.trajecten.regels[feed.regel] ?? feed.regel) : T.trajecten.feedUit}{' '}
            {feed.laatsteRunOp
              ? T.trajecten.feedRun(
                  toonDatumTijd(feed.laatsteRunOp),
                  feed.laatsteAantal ?? 0,
                  feed.laatsteResultaat ?? '–',
                )
              : T.trajecten.feedNooit}
            {feed.laatsteMelding && ` ${feed.laatsteMelding}`}
          </Melding>
          {feed.actief && (
            <FeedNu
              onKlaar={(m) => {
                zetMelding(m);
                zetVersie((n) => n + 1);
              }}
            />
          )}
        </section>
      )}
      <Heading level={2}>{T.trajecten.lijst}</Heading>
      <form className="sr-rij" onSubmit={(e) => e.preventDefault()}>
        <FormField>
          <FormLabel htmlFor="traject-status">{T.trajecten.status}</FormLabel>
          <Select id="traject-status" value={status} onChange={(e) => zetStatus(e.target.value as 'open' | 'gesloten')}>
            <SelectOption value="open">{T.trajecten.open}</SelectOption>
            <SelectOption value="gesloten">{T.trajecten.gesloten}</SelectOption>
          </Select>
        </FormField>
      </form>
      {data && (
        <Tabel
          titel={`${T.trajecten.lijst} (${data[0].totaal})`}
          koppen={[
            T.trajecten.dossier,
            T.bezwaren.achternaam,
            T.trajecten.fase,
            T.trajecten.startdatum,
            T.trajecten.consulent,
            T.algemeen.acties,
          ]}
          rijen={data[0].trajecten.map((t) => [
            t.externId ?? '–',
            `${t.achternaam ?? '–'}${t.voorletters ? `, ${t.voorletters}` : ''}`,
            t.einddatum
              ? `${T.trajecten.uitstroom} (${t.uitstroomreden ?? ''}, ${toonDatum(t.einddatum)})`
              : (T.trajecten.fasen[t.fase] ?? t.fase),
            toonDatum(t.startdatum),
            t.consulent.naam ?? '–',
            acties(t),
          ])}
        />
      )}
      <NieuwTraject
        onKlaar={() => {
          zetMelding({ soort: 'ok', tekst: T.trajecten.opgeslagen });
          zetVersie((n) => n + 1);
        }}
      />
    </>
  );
}
