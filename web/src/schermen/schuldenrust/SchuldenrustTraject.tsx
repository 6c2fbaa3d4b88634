import { useEffect, useRef, useState } from 'react';
import {
  Button,
  ButtonGroup,
  Checkbox,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Link,
  Paragraph,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { AppLink } from '../../router.tsx';
import { euro, Fout, Laden, Melding, Tabel, toonDatum, toonDatumTijd, useData } from '../../ui.tsx';
import { TS } from './teksten.ts';

type Kanaal = 'portaal' | 'api' | 'brief';
interface Overzicht {
  trajectId: string;
  toegelaten: boolean;
  open: boolean;
  schulden: Array<{
    id: string;
    schuldeiserId: string | null;
    schuldeiser: string;
    kenmerk: string | null;
    bedrag: number | null;
    /** The bailiff that sent this claim after a VISH match. */
    deurwaarder?: string | null;
    kanaal: Kanaal;
  }>;
  pauzes: Array<{
    id: string;
    startdatum: string;
    einddatum: string;
    status: 'actief' | 'beeindigd';
    eindeReden: string | null;
    kennisgevingen: Array<{
      id: string;
      schuldId: string;
      schuldeiser: string;
      kenmerk: string | null;
      kanaal: Kanaal;
      status: string;
      verstuurdOp: string;
      beantwoordOp: string | null;
      deurwaarder: string | null;
    }>;
    historie: Array<{ tijdstip: string; gebeurtenis: string; einddatum: string | null; reden: string | null }>;
  }>;
}
interface Schuldeiser {
  id: string;
  naam: string;
  soort: string;
  kanaal: Kanaal;
}

/** The counsellor's schuldenrust screen of one trajectory: debt inventory, the Kennisgeving, the pause and answers. */
export function SchuldenrustTraject({ id }: { id: string }) {
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(
    () =>
      Promise.all([
        api<Overzicht>('GET', `/api/schuldenrust/trajecten/${id}`),
        api<{ schuldeisers: Schuldeiser[] }>('GET', '/api/schuldenrust/schuldeisers'),
      ]),
    versie,
  );
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const [gekozen, zetGekozen] = useState<string[]>([]);
  const [vraag, zetVraag] = useState(false);
  const [bezig, zetBezig] = useState(false);
  const vraagKop = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (vraag) vraagKop.current?.focus();
  }, [vraag]);

  const doe = async (f: () => Promise<unknown>, tekst: (r: unknown) => string) => {
    zetBezig(true);
    try {
      const r = await f();
      zetMelding({ soort: 'ok', tekst: tekst(r) });
      zetVersie((n) => n + 1);
      return true;
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
      return false;
    } finally {
      zetBezig(false);
    }
  };

  if (!data) return fout ? <Fout fout={fout} /> : <Laden />;
  const [o, { schuldeisers }] = data;
  const actief = o.pauzes.find((p) => p.status === 'actief');
  const alVerstuurd = new Set(actief?.kennisgevingen.map((k) => k.schuldId) ?? []);
  const kiesbaar = o.schulden.filter((s) => !alVerstuurd.has(s.id));

  return (
    <>
      <Heading level={1}>{TS.traject.titel}</Heading>
      <Paragraph>
        <AppLink href="/trajecten">{TS.traject.terug}</AppLink>
      </Paragraph>
      <Paragraph>{TS.traject.uitleg}</Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      {!o.open && <Melding soort="info">{TS.traject.gesloten}</Melding>}
      {o.open && !o.toegelaten && <Melding soort="warning">{TS.traject.nietToegelaten}</Melding>}

      <Heading level={2}>{TS.traject.schulden}</Heading>
      <Tabel
        titel={TS.traject.schuldenTabel}
        koppen={[TS.traject.kies, TS.traject.schuldeiser, TS.traject.kenmerk, TS.traject.bedrag, TS.traject.kanaal]}
        rijen={o.schulden.map((s) => [
          alVerstuurd.has(s.id) ? (
            '–'
          ) : (
            <Checkbox
              key={s.id}
              id={`kies-${s.id}`}
              aria-label={TS.traject.kiesSchuld(s.schuldeiser)}
              checked={gekozen.includes(s.id)}
              disabled={!o.open || !o.toegelaten}
              onChange={(e) =>
                zetGekozen((g) => ((e.target as HTMLInputElement).checked ? [...g, s.id] : g.filter((x) => x !== s.id)))
              }
            />
          ),
          s.deurwaarder ? `${s.schuldeiser} (${TS.traject.viaDeurwaarder(s.deurwaarder)})` : s.schuldeiser,
          s.kenmerk ?? '–',
          s.bedrag === null ? '–' : euro(s.bedrag),
          TS.traject.kanalen[s.kanaal] ?? s.kanaal,
        ])}
      />
      {o.open && o.toegelaten && kiesbaar.length > 0 && !vraag && (
        <Button
          appearance="primary-action-button"
          disabled={gekozen.length === 0 || bezig}
          onClick={() => zetVraag(true)}
        >
          {TS.traject.versturen}
        </Button>
      )}
      {vraag && (
        <section aria-labelledby="kennisgeving-vraag" className="sr-kaart">
          <Heading level={3} id="kennisgeving-vraag" ref={vraagKop} tabIndex={-1}>
            {TS.traject.bevestigTitel}
          </Heading>
          <Paragraph>{TS.traject.bevestigTekst(gekozen.length)}</Paragraph>
          <ButtonGroup>
            <Button
              appearance="primary-action-button"
              disabled={bezig}
              onClick={async () => {
                const ok = await doe(
                  () =>
                    api('POST', `/api/schuldenrust/trajecten/${id}/kennisgeving`, {
                      schulden: gekozen,
                      bevestigd: true,
                    }),
                  (r) => TS.traject.verstuurd(toonDatum((r as { einddatum: string }).einddatum)),
                );
                zetVraag(false);
                if (ok) zetGekozen([]);
              }}
            >
              {TS.traject.ja}
            </Button>
            <Button appearance="secondary-action-button" disabled={bezig} onClick={() => zetVraag(false)}>
              {TS.traject.nee}
            </Button>
          </ButtonGroup>
        </section>
      )}
      {o.open && <NieuweSchuld trajectId={id} schuldeisers={schuldeisers} onKlaar={doe} />}

      {o.pauzes.map((p) => (
        <Pauze key={p.id} p={p} bezig={bezig} onDoe={doe} />
      ))}
    </>
  );
}

function Pauze({
  p,
  bezig,
  onDoe,
}: {
  p: Overzicht['pauzes'][number];
  bezig: boolean;
  onDoe: (f: () => Promise<unknown>, tekst: (r: unknown) => string) => Promise<boolean>;
}) {
  const [einddatum, zetEinddatum] = useState('');
  const [reden, zetReden] = useState('');
  const [eindeReden, zetEindeReden] = useState('regeling-getroffen');
  const kop = `pauze-${p.id}`;
  return (
    <section aria-labelledby={kop}>
      <Heading level={2} id={kop}>
        {TS.traject.pauze}
      </Heading>
      {p.status === 'actief' ? (
        <Melding soort="info">{TS.traject.pauzeActief(toonDatum(p.startdatum), toonDatum(p.einddatum))}</Melding>
      ) : (
        <Melding soort="info">
          {TS.traject.pauzeBeeindigd(TS.traject.eindeRedenen[p.eindeReden ?? ''] ?? p.eindeReden ?? '')}
        </Melding>
      )}
      <Tabel
        titel={TS.traject.perSchuldeiser}
        koppen={[
          TS.traject.schuldeiser,
          TS.traject.kenmerk,
          TS.traject.status,
          TS.traject.verstuurdOp,
          TS.traject.beantwoordOp,
          TS.traject.brief,
        ]}
        rijen={p.kennisgevingen.map((k) => [
          k.schuldeiser,
          k.kenmerk ?? '–',
          `${TS.traject.statussen[k.status] ?? k.status}${k.deurwaarder ? `: ${k.deurwaarder}` : ''}`,
          toonDatumTijd(k.verstuurdOp),
          toonDatumTijd(k.beantwoordOp),
          k.kanaal === 'brief' ? (
            <Link key={k.id} href={`/api/schuldenrust/kennisgevingen/${k.id}/brief`} download>
              {TS.traject.briefDownload(k.schuldeiser)}
            </Link>
          ) : (
            '–'
          ),
        ])}
      />
      {p.status === 'actief' && (
        <div className="sr-rij">
          <form
            className="sr-formulier"
            onSubmit={(e) => {
              e.preventDefault();
              void onDoe(
                () => api('POST', `/api/schuldenrust/pauzes/${p.id}/verlengen`, { einddatum, reden }),
                () => TS.traject.verlengd,
              );
            }}
          >
            <Heading level={3}>{TS.traject.verlengen}</Heading>
            <FormFieldTextbox
              label={TS.traject.nieuweEinddatum}
              type="date"
              name="einddatum"
              required
              value={einddatum}
              onChange={(e) => zetEinddatum((e.target as HTMLInputElement).value)}
            />
            <FormFieldTextbox
              label={TS.traject.reden}
              name="reden"
              required
              value={reden}
              onChange={(e) => zetReden((e.target as HTMLInputElement).value)}
            />
            <Button
              type="submit"
              appearance="secondary-action-button"
              disabled={bezig || !einddatum || reden.length < 3}
            >
              {TS.traject.verlengen}
            </Button>
          </form>
          <form
            className="sr-formulier"
            onSubmit={(e) => {
              e.preventDefault();
              if (!window.confirm(TS.traject.bevestigEinde)) return;
              void onDoe(
                () =>
                  api('POST', `/api/schuldenrust/pauzes/${p.id}/beeindigen`, { reden: eindeReden, bevestigd: true }),
                () => TS.traject.beeindigd,
              );
            }}
          >
            <Heading level={3}>{TS.traject.beeindigen}</Heading>
            <FormField>
              <FormLabel htmlFor={`einde-${p.id}`}>{TS.traject.eindeReden}</FormLabel>
              <Select id={`einde-${p.id}`} value={eindeReden} onChange={(e) => zetEindeReden(e.target.value)}>
                {['regeling-getroffen', 'ingetrokken', 'traject-gesloten'].map((r) => (
                  <SelectOption key={r} value={r}>
                    {TS.traject.eindeRedenen[r]}
                  </SelectOption>
                ))}
              </Select>
            </FormField>
            <Button type="submit" appearance="subtle-button" disabled={bezig}>
              {TS.traject.beeindigen}
            </Button>
          </form>
        </div>
      )}
      <Tabel
        titel={TS.traject.historie}
        koppen={[TS.traject.tijdstip, TS.traject.gebeurtenis, TS.traject.reden]}
        rijen={p.historie.map((h) => [
          toonDatumTijd(h.tijdstip),
          `${TS.traject.gebeurtenissen[h.gebeurtenis] ?? h.gebeurtenis}${h.einddatum && (h.gebeurtenis === 'gestart' || h.gebeurtenis === 'verlengd') ? ` (tot ${toonDatum(h.einddatum)})` : ''}`,
          h.reden ? (TS.traject.eindeRedenen[h.reden] ?? h.reden) : '–',
        ])}
      />
    </section>
  );
}

function NieuweSchuld({
  trajectId,
  schuldeisers,
  onKlaar,
}: {
  trajectId: string;
  schuldeisers: Schuldeiser[];
  onKlaar: (f: () => Promise<unknown>, tekst: (r: unknown) => string) => Promise<boolean>;
}) {
  const [schuldeiserId, zetSchuldeiserId] = useState('');
  const [naam, zetNaam] = useState('');
  const [adres, zetAdres] = useState('');
  const [kenmerk, zetKenmerk] = useState('');
  const [bedrag, zetBedrag] = useState('');
  return (
    <form
      className="sr-formulier"
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await onKlaar(
          () =>
            api('POST', `/api/schuldenrust/trajecten/${trajectId}/schulden`, {
              ...(schuldeiserId ? { schuldeiserId } : { naam, adres }),
              kenmerk: kenmerk || null,
              bedrag: bedrag ? Number(bedrag.replace(',', '.')) : null,
            }),
          () => TS.traject.toegevoegd,
        );
        if (ok) {
          zetKenmerk('');
          zetBedrag('');
          zetNaam('');
          zetAdres('');
        }
      }}
    >
      <Heading level={2}>{TS.traject.nieuweSchuld}</Heading>
      <FormField>
        <FormLabel htmlFor="schuld-schuldeiser">{TS.traject.schuldeiser}</FormLabel>
        <Select id="schuld-schuldeiser" value={schuldeiserId} onChange={(e) => zetSchuldeiserId(e.target.value)}>
          <SelectOption value="">{TS.traject.andere}</SelectOption>
          {schuldeisers.map((s) => (
            <SelectOption key={s.id} value={s.id}>
              {`${s.naam} (${TS.traject.kanalen[s.kanaal] ?? s.kanaal})`}
            </SelectOption>
          ))}
        </Select>
      </FormField>
      {!schuldeiserId && (
        <>
          <FormFieldTextbox
            label={TS.traject.naam}
            name="naam"
            required
            value={naam}
            onChange={(e) => zetNaam((e.target as HTMLInputElement).value)}
          />
          <FormFieldTextbox
            label={TS.traject.adres}
            name="adres"
            required
            value={adres}
            onChange={(e) => zetAdres((e.target as HTMLInputElement).value)}
          />
        </>
      )}
      <FormFieldTextbox
        label={TS.traject.kenmerk}
        name="kenmerk"
        value={kenmerk}
        onChange={(e) => zetKenmerk((e.target as HTMLInputElement).value)}
      />
      <FormFieldTextbox
        label={TS.traject.bedrag}
        name="bedrag"
        inputMode="decimal"
        value={bedrag}
        onChange={(e) => zetBedrag((e.target as HTMLInputElement).value)}
      />
      <Button type="submit" appearance="secondary-action-button">
        {TS.traject.toevoegen}
      </Button>
    </form>
  );
}
