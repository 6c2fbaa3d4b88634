import { useState } from 'react';
import {
  Button,
  Checkbox,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Paragraph,
  RadioButton,
} from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { AppLink } from '../../router.tsx';
import { Fout, Laden, Melding, Tabel, toonDatum, toonDatumTijd, useData } from '../../ui.tsx';
import { TS } from './teksten.ts';

interface Kennisgeving {
  id: string;
  kenmerk: string | null;
  bsn: string | null;
  pauze: { startdatum: string; einddatum: string; status: 'actief' | 'beeindigd'; eindeReden: string | null };
  hulpverlener: { organisatie: string; consulent: string | null; telefoon: string | null; email: string | null };
  verstuurdOp: string;
  antwoord: 'erkend' | 'geen-vordering' | 'deurwaarder' | null;
  deurwaarder: string | null;
  beantwoordOp: string | null;
}

const antwoordTekst = (k: Kennisgeving) =>
  k.antwoord === 'erkend'
    ? TS.ontvangen.erkend(toonDatum(k.pauze.einddatum))
    : k.antwoord === 'geen-vordering'
      ? TS.ontvangen.geenVordering
      : k.antwoord === 'deurwaarder'
        ? `${TS.ontvangen.deurwaarder}: ${k.deurwaarder ?? ''}`
        : TS.ontvangen.open;

/** The creditor's work list: the Kennisgevingen for its own claims. */
export function Ontvangen() {
  const [open, zetOpen] = useState(true);
  const { data, fout } = useData(
    () => api<{ kennisgevingen: Kennisgeving[] }>('GET', `/api/schuldenrust/ontvangen${open ? '?open=true' : ''}`),
    open,
  );
  return (
    <>
      <Heading level={1}>{TS.ontvangen.titel}</Heading>
      <Paragraph>{TS.ontvangen.uitleg}</Paragraph>
      <FormField type="checkbox">
        <Checkbox id="alleen-open" checked={open} onChange={(e) => zetOpen((e.target as HTMLInputElement).checked)} />
        <FormLabel htmlFor="alleen-open" type="checkbox">
          {TS.ontvangen.alleenOpen}
        </FormLabel>
      </FormField>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Tabel
          titel={TS.ontvangen.titel}
          koppen={[TS.ontvangen.kenmerk, TS.ontvangen.periode, TS.ontvangen.hulpverlener, TS.ontvangen.antwoord]}
          rijen={data.kennisgevingen.map((k) => [
            <AppLink key={k.id} href={`/schuldenrust/ontvangen/${k.id}`}>
              {k.kenmerk ?? k.bsn ?? k.id.slice(0, 8)}
            </AppLink>,
            `${toonDatum(k.pauze.startdatum)} – ${toonDatum(k.pauze.einddatum)}`,
            k.hulpverlener.organisatie,
            k.pauze.status === 'beeindigd' && !k.antwoord ? TS.ontvangen.beeindigd : antwoordTekst(k),
          ])}
        />
      )}
    </>
  );
}

/** One Kennisgeving and the creditor's answer (once, while the pause is active). */
export function OntvangenDetail({ id }: { id: string }) {
  const [versie, zetVersie] = useState(0);
  const { data: k, fout } = useData(() => api<Kennisgeving>('GET', `/api/schuldenrust/ontvangen/${id}`), versie);
  const [keuze, zetKeuze] = useState<'erkend' | 'geen-vordering' | 'deurwaarder'>('erkend');
  const [deurwaarder, zetDeurwaarder] = useState('');
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const [bezig, zetBezig] = useState(false);
  if (!k) return fout ? <Fout fout={fout} /> : <Laden />;
  const opties = [
    ['erkend', TS.ontvangen.erkend(toonDatum(k.pauze.einddatum))],
    ['geen-vordering', TS.ontvangen.geenVordering],
    ['deurwaarder', TS.ontvangen.deurwaarder],
  ] as const;
  return (
    <>
      <Heading level={1}>{TS.ontvangen.detail}</Heading>
      <Paragraph>
        <AppLink href="/schuldenrust/ontvangen">{TS.ontvangen.terug}</AppLink>
      </Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <dl className="sr-gegevens">
        <dt>{TS.ontvangen.kenmerk}</dt>
        <dd>{k.kenmerk ?? '–'}</dd>
        {k.bsn && (
          <>
            <dt>{TS.ontvangen.bsn}</dt>
            <dd>{k.bsn}</dd>
          </>
        )}
        <dt>{TS.ontvangen.periode}</dt>
        <dd>{`${toonDatum(k.pauze.startdatum)} – ${toonDatum(k.pauze.einddatum)}`}</dd>
        <dt>{TS.ontvangen.hulpverlener}</dt>
        <dd>{k.hulpverlener.organisatie}</dd>
        <dt>{TS.ontvangen.consulent}</dt>
        <dd>{k.hulpverlener.consulent ?? '–'}</dd>
        <dt>{TS.ontvangen.telefoon}</dt>
        <dd>{k.hulpverlener.telefoon ?? '–'}</dd>
        <dt>{TS.ontvangen.email}</dt>
        <dd>{k.hulpverlener.email ?? '–'}</dd>
        <dt>{TS.ontvangen.antwoord}</dt>
        <dd>
          {antwoordTekst(k)}
          {k.beantwoordOp ? ` (${toonDatumTijd(k.beantwoordOp)})` : ''}
        </dd>
      </dl>
      {k.pauze.status === 'beeindigd' ? (
        <Melding soort="info">{TS.ontvangen.beeindigd}</Melding>
      ) : (
        !k.antwoord && (
          <form
            className="sr-formulier"
            onSubmit={async (e) => {
              e.preventDefault();
              zetBezig(true);
              try {
                await api('POST', `/api/schuldenrust/ontvangen/${id}/antwoord`, {
                  antwoord: keuze,
                  ...(keuze === 'deurwaarder' ? { deurwaarder } : {}),
                });
                zetMelding({ soort: 'ok', tekst: TS.ontvangen.bedankt });
                zetVersie((n) => n + 1);
              } catch (err) {
                zetMelding({ soort: 'error', tekst: foutTekst(err) });
              } finally {
                zetBezig(false);
              }
            }}
          >
            <fieldset className="sr-keuzes">
              <legend>{TS.ontvangen.vraag}</legend>
              {opties.map(([w, tekst]) => (
                <FormField key={w} type="radio">
                  <RadioButton
                    id={`antwoord-${w}`}
                    name="antwoord"
                    value={w}
                    checked={keuze === w}
                    onChange={() => zetKeuze(w)}
                  />
                  <FormLabel htmlFor={`antwoord-${w}`} type="radio">
                    {tekst}
                  </FormLabel>
                </FormField>
              ))}
            </fieldset>
            {keuze === 'deurwaarder' && (
              <FormFieldTextbox
                label={TS.ontvangen.deurwaarderNaam}
                name="deurwaarder"
                required
                value={deurwaarder}
                onChange={(e) => zetDeurwaarder((e.target as HTMLInputElement).value)}
              />
            )}
            <Button type="submit" appearance="primary-action-button" disabled={bezig}>
              {TS.ontvangen.versturen}
            </Button>
          </form>
        )
      )}
    </>
  );
}
