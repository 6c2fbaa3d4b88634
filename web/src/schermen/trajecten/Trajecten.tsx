import { useState } from 'react';
import {
  Button,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatum, toonDatumTijd, useData } from '../../ui.tsx';
import type { Feed, Traject } from './model.ts';
import { FeedNu } from './FeedNu.tsx';
import { NieuwTraject } from './NieuwTraject.tsx';
import { AppLink } from '../../router.tsx';
import { TT } from './teksten.ts';

const PER_PAGINA = 25;
type Status = 'open' | 'gesloten' | 'alle';

export const trajectNaam = (t: Pick<Traject, 'externId' | 'achternaam' | 'id'>) => t.externId ?? t.achternaam ?? t.id;

/** Own trajectories: searched, sorted and paged by the server; each opens its own page. And the VISH feed. */
export function Trajecten() {
  const [versie, zetVersie] = useState(0);
  const [status, zetStatus] = useState<Status>('open');
  const [sortering, zetSortering] = useState('nieuwste');
  const [zoekInvoer, zetZoekInvoer] = useState('');
  const [zoek, zetZoek] = useState('');
  const [pagina, zetPagina] = useState(1);
  const [sorteer, richting] = sortering.split('-') as [string, string | undefined];
  const query = new URLSearchParams({ perPagina: String(PER_PAGINA), pagina: String(pagina), sorteer });
  if (richting) query.set('richting', richting);
  if (status !== 'alle') query.set('status', status);
  if (zoek) query.set('zoek', zoek);
  const { data, fout } = useData(
    () =>
      Promise.all([
        api<{ totaal: number; trajecten: Traject[] }>('GET', `/api/trajecten?${query.toString()}`),
        api<Feed>('GET', '/api/trajecten/vish'),
      ]),
    `${versie}-${query.toString()}`,
  );
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error' | 'warning'; tekst: string }>();
  const totaal = data?.[0].totaal ?? 0;
  const paginas = Math.max(1, Math.ceil(totaal / PER_PAGINA));

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
      <form
        className="sr-formulier"
        role="search"
        aria-label={TT.zoeken}
        onSubmit={(e) => {
          e.preventDefault();
          zetZoek(zoekInvoer.trim());
          zetPagina(1);
        }}
      >
        <FormFieldTextbox
          label={TT.zoekLabel}
          description={TT.zoekUitleg}
          name="zoek"
          type="search"
          value={zoekInvoer}
          onChange={(e) => zetZoekInvoer((e.target as HTMLInputElement).value)}
        />
        <div className="sr-rij">
          <FormField>
            <FormLabel htmlFor="traject-status">{T.trajecten.status}</FormLabel>
            <Select
              id="traject-status"
              value={status}
              onChange={(e) => {
                zetStatus(e.target.value as Status);
                zetPagina(1);
              }}
            >
              <SelectOption value="open">{T.trajecten.open}</SelectOption>
              <SelectOption value="gesloten">{T.trajecten.gesloten}</SelectOption>
              <SelectOption value="alle">{TT.alle}</SelectOption>
            </Select>
          </FormField>
          <FormField>
            <FormLabel htmlFor="traject-sortering">{TT.sorteer}</FormLabel>
            <Select
              id="traject-sortering"
              value={sortering}
              onChange={(e) => {
                zetSortering(e.target.value);
                zetPagina(1);
              }}
            >
              {Object.entries(TT.sorteringen).map(([k, label]) => (
                <SelectOption key={k} value={k}>
                  {label}
                </SelectOption>
              ))}
            </Select>
          </FormField>
        </div>
        <Button type="submit" appearance="primary-action-button">
          {TT.zoeken}
        </Button>
      </form>
      {data && (
        <>
          <Paragraph role="status">
            {TT.gevonden(
              totaal,
              Math.min(totaal, (pagina - 1) * PER_PAGINA + 1),
              Math.min(totaal, pagina * PER_PAGINA),
            )}
          </Paragraph>
          <Tabel
            titel={`${T.trajecten.lijst} (${totaal})`}
            koppen={[
              T.trajecten.dossier,
              TT.naam,
              T.trajecten.fase,
              T.trajecten.startdatum,
              T.trajecten.consulent,
              T.algemeen.acties,
            ]}
            rijen={data[0].trajecten.map((t) => [
              t.externId ?? '–',
              `${t.achternaam ?? '–'}${t.voorletters ? `, ${t.voorletters}` : ''}`,
              t.einddatum
                ? `${T.trajecten.uitstroom} (${TT.uitstroomredenen[t.uitstroomreden ?? ''] ?? t.uitstroomreden ?? ''}, ${toonDatum(t.einddatum)})`
                : (T.trajecten.fasen[t.fase] ?? t.fase),
              toonDatum(t.startdatum),
              t.consulent.naam ?? '–',
              <div key="a" className="sr-acties">
                <AppLink href={`/trajecten/${t.id}`}>{TT.openen(trajectNaam(t))}</AppLink>
                <AppLink href={`/schuldenrust/trajecten/${t.id}`}>
                  {`${T.trajecten.schuldenrust}: ${trajectNaam(t)}`}
                </AppLink>
              </div>,
            ])}
          />
          {paginas > 1 && (
            <nav aria-label={TT.pagina(pagina, paginas)}>
              <Paragraph>{TT.pagina(pagina, paginas)}</Paragraph>
              <div className="sr-rij">
                <Button
                  appearance="secondary-action-button"
                  disabled={pagina <= 1}
                  onClick={() => zetPagina((p) => p - 1)}
                >
                  {TT.vorige}
                </Button>
                <Button
                  appearance="secondary-action-button"
                  disabled={pagina >= paginas}
                  onClick={() => zetPagina((p) => p + 1)}
                >
                  {TT.volgende}
                </Button>
              </div>
            </nav>
          )}
        </>
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
