import { useState } from 'react';
import { FormFieldTextbox, Heading, Link, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Tabel, toonMaand, useData } from '../../ui.tsx';
import { dezeMaand } from '../../datum.ts';

interface Maand {
  maand: string;
  signalenPerSector: Record<string, number>;
  signalen: number;
  zaken: number;
  binnenTermijn: number;
  termijnBekend: number;
  aandeelBinnenTermijn: number | null;
  hulpGeaccepteerd: number;
  aandeelHulpGeaccepteerd: number | null;
  terugval: number;
}
interface Rapport {
  gemeentenaam: string;
  van: string;
  tot: string;
  maanden: Maand[];
}

/** The API gives shares as percentages with one decimal. */
const pct = (n: number | null) => (n === null ? '–' : `${n.toLocaleString('nl-NL')}%`);
const KLEUREN = ['#154273', '#39870c', '#a90061', '#e17000', '#42145f'];

/** Monthly report with bar charts; the table below each chart holds the same numbers (text alternative). */
export function Rapportages() {
  const jaar = dezeMaand().slice(0, 4);
  const [van, zetVan] = useState(`${jaar}-01`);
  const [tot, zetTot] = useState(dezeMaand());
  const query = `van=${encodeURIComponent(van)}&tot=${encodeURIComponent(tot)}`;
  const { data, fout } = useData(() => api<Rapport>('GET', `/api/signaalzaken/rapportage?${query}`), query);
  const sectoren = [...new Set(data?.maanden.flatMap((m) => Object.keys(m.signalenPerSector)) ?? [])].sort();
  const max = Math.max(1, ...(data?.maanden.map((m) => m.signalen) ?? []));

  return (
    <>
      <Heading level={1}>{T.rapport.titel}</Heading>
      <Paragraph>{T.rapport.uitleg}</Paragraph>
      <form className="sr-formulier sr-rij" onSubmit={(e) => e.preventDefault()}>
        <FormFieldTextbox
          label={T.rapport.van}
          name="van"
          type="month"
          value={van}
          onChange={(e) => zetVan((e.target as HTMLInputElement).value)}
        />
        <FormFieldTextbox
          label={T.rapport.tot}
          name="tot"
          type="month"
          value={tot}
          onChange={(e) => zetTot((e.target as HTMLInputElement).value)}
        />
      </form>
      <Paragraph>
        <Link href={`/api/signaalzaken/rapportage/csv?${query}`} download>
          {T.rapport.csv}
        </Link>
      </Paragraph>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <>
          <Heading level={2}>{T.rapport.perMaand}</Heading>
          <figure className="sr-grafiek" aria-labelledby="grafiek-signalen">
            <figcaption id="grafiek-signalen">{T.rapport.grafiekSignalen(data.gemeentenaam)}</figcaption>
            <ul className="sr-legenda" aria-hidden="true">
              {sectoren.map((s, i) => (
                <li key={s}>
                  <span style={{ background: KLEUREN[i % KLEUREN.length] }} />
                  {s}
                </li>
              ))}
            </ul>
            <div aria-hidden="true">
              {data.maanden.map((m) => (
                <div key={m.maand} className="sr-staaf-rij">
                  <span className="sr-staaf-label">{toonMaand(m.maand)}</span>
                  <span className="sr-staaf">
                    {sectoren.map((s, i) => (
                      <span
                        key={s}
                        style={{
                          inlineSize: `${((m.signalenPerSector[s] ?? 0) / max) * 100}%`,
                          background: KLEUREN[i % KLEUREN.length],
                        }}
                      />
                    ))}
                  </span>
                  <span>{m.signalen}</span>
                </div>
              ))}
            </div>
          </figure>
          <figure className="sr-grafiek" aria-labelledby="grafiek-aandelen">
            <figcaption id="grafiek-aandelen">{T.rapport.grafiekAandelen}</figcaption>
            <ul className="sr-legenda" aria-hidden="true">
              <li>
                <span style={{ background: KLEUREN[0] }} />
                {T.rapport.opTijd}
              </li>
              <li>
                <span style={{ background: KLEUREN[1] }} />
                {T.rapport.geaccepteerd}
              </li>
            </ul>
            <div aria-hidden="true">
              {data.maanden.map((m) => (
                <div key={m.maand} className="sr-staaf-rij">
                  <span className="sr-staaf-label">{toonMaand(m.maand)}</span>
                  <span className="sr-staaf sr-staaf-dubbel">
                    <span style={{ inlineSize: `${m.aandeelBinnenTermijn ?? 0}%`, background: KLEUREN[0] }} />
                    <span style={{ inlineSize: `${m.aandeelHulpGeaccepteerd ?? 0}%`, background: KLEUREN[1] }} />
                  </span>
                  <span>
                    {pct(m.aandeelBinnenTermijn)} / {pct(m.aandeelHulpGeaccepteerd)}
                  </span>
                </div>
              ))}
            </div>
          </figure>
          <Tabel
            titel={T.rapport.tabel}
            koppen={[
              T.rapport.maand,
              ...sectoren,
              T.rapport.signalen,
              T.rapport.zaken,
              T.rapport.opTijd,
              T.rapport.geaccepteerd,
              T.rapport.terugval,
            ]}
            rijen={data.maanden.map((m) => [
              toonMaand(m.maand),
              ...sectoren.map((s) => m.signalenPerSector[s] ?? 0),
              m.signalen,
              m.zaken,
              `${pct(m.aandeelBinnenTermijn)} (${m.binnenTermijn}/${m.termijnBekend})`,
              `${pct(m.aandeelHulpGeaccepteerd)} (${m.hulpGeaccepteerd})`,
              m.terugval,
            ])}
          />
        </>
      )}
    </>
  );
}
