import { useState } from 'react';
import { Button, FormFieldTextbox, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, downloadTekst, foutTekst } from '../../api.ts';
import { Fout, Laden, Tabel, useData } from '../../ui.tsx';
import { TS } from './teksten.ts';

interface Rapport {
  van: string;
  tot: string;
  pauzes: { gestart: number; actief: number; beeindigd: number };
  perSoort: Array<{
    soort: string;
    verstuurd: number;
    erkend: number;
    geenVordering: number;
    deurwaarder: number;
    onbeantwoord: number;
    mediaanUrenTotErkenning: number | null;
    aandeelOnbeantwoord: number | null;
  }>;
}

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);

/** Reports of the own organisation's pauses: counts only. */
export function SchuldenrustRapportage() {
  const [van, zetVan] = useState('');
  const [tot, zetTot] = useState('');
  const [vraag, zetVraag] = useState('');
  const [fout, zetFout] = useState<unknown>();
  const { data, fout: laadFout } = useData(() => api<Rapport>('GET', `/api/schuldenrust/rapportage${vraag}`), vraag);
  const query = () => {
    const q = new URLSearchParams();
    if (van) q.set('van', van);
    if (tot) q.set('tot', tot);
    const s = q.toString();
    return s ? `?${s}` : '';
  };
  return (
    <>
      <Heading level={1}>{TS.rapportage.titel}</Heading>
      <Paragraph>{TS.rapportage.uitleg}</Paragraph>
      <form
        className="sr-rij"
        onSubmit={(e) => {
          e.preventDefault();
          zetVraag(query());
        }}
      >
        <FormFieldTextbox
          label={TS.rapportage.van}
          type="date"
          name="van"
          value={van}
          onChange={(e) => zetVan((e.target as HTMLInputElement).value)}
        />
        <FormFieldTextbox
          label={TS.rapportage.tot}
          type="date"
          name="tot"
          value={tot}
          onChange={(e) => zetTot((e.target as HTMLInputElement).value)}
        />
        <Button type="submit" appearance="secondary-action-button">
          {TS.rapportage.toon}
        </Button>
      </form>
      <Fout fout={laadFout ?? fout} />
      {!data && !laadFout && <Laden />}
      {data && (
        <>
          <div className="sr-kaarten">
            {(
              [
                [TS.rapportage.gestart, data.pauzes.gestart],
                [TS.rapportage.actief, data.pauzes.actief],
                [TS.rapportage.beeindigd, data.pauzes.beeindigd],
              ] as const
            ).map(([l, n]) => (
              <div className="sr-kaart" key={l}>
                <span className="sr-getal">{n}</span>
                {l}
              </div>
            ))}
          </div>
          <Tabel
            titel={TS.rapportage.perSoort}
            koppen={[
              TS.rapportage.soort,
              TS.rapportage.verstuurd,
              TS.rapportage.erkend,
              TS.rapportage.geenVordering,
              TS.rapportage.deurwaarder,
              TS.rapportage.onbeantwoord,
              TS.rapportage.mediaan,
              TS.rapportage.aandeel,
            ]}
            rijen={data.perSoort.map((s) => [
              TS.rapportage.soorten[s.soort] ?? s.soort,
              s.verstuurd,
              s.erkend,
              s.geenVordering,
              s.deurwaarder,
              s.onbeantwoord,
              s.mediaanUrenTotErkenning === null ? '–' : String(s.mediaanUrenTotErkenning).replace('.', ','),
              pct(s.aandeelOnbeantwoord),
            ])}
          />
          <Button
            appearance="secondary-action-button"
            onClick={async () => {
              try {
                const r = await fetch(`/api/schuldenrust/rapportage/csv${vraag}`, { credentials: 'same-origin' });
                if (!r.ok) throw new Error(`HTTP ${r.status}`);
                downloadTekst(`schuldenrust-${data.van}-${data.tot}.csv`, await r.text());
              } catch (e) {
                zetFout(new Error(foutTekst(e)));
              }
            }}
          >
            {TS.rapportage.csv}
          </Button>
        </>
      )}
    </>
  );
}
