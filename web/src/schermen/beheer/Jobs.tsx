import { useState } from 'react';
import { Button, Heading, Paragraph, SelectOption } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Tabel, toonDatumTijd, useData } from '../../ui.tsx';
import { KeuzeVeld } from '../../formulier.tsx';
import { TB } from './teksten-beheer.ts';

interface Run {
  id: number | string;
  job: string;
  gestart_op: string;
  beeindigd_op: string | null;
  resultaat: string | null;
  details: unknown;
  volgendeRunOp: string | null;
}

const jobNaam = (job: string) => TB.jobs.namen[job] ?? job;

/** The result with an icon and a word: colour is never the only sign. */
function Resultaat({ r }: { r: Run }) {
  const [teken, tekst, kleur] =
    r.resultaat === 'ok'
      ? ['✓', TB.jobs.ok, '#00703c']
      : r.resultaat === 'fout'
        ? ['✗', TB.jobs.fout, '#a4001c']
        : r.beeindigd_op === null
          ? ['…', TB.jobs.bezig, '#1a1a1a']
          : ['•', r.resultaat ?? '–', '#1a1a1a'];
  return (
    <span style={{ color: kleur, fontWeight: 'bold' }}>
      <span aria-hidden="true">{teken} </span>
      {tekst}
    </span>
  );
}

/** A run's counts as readable lines ("Geanonimiseerd: 3"), nested objects one level deep. */
function Details({ details }: { details: unknown }) {
  if (!details || typeof details !== 'object') return <>–</>;
  const regels = Object.entries(details as Record<string, unknown>).flatMap(([k, w]): Array<[string, string]> => {
    const naam = TB.jobs.sleutels[k] ?? k;
    if (w && typeof w === 'object' && !Array.isArray(w))
      return Object.entries(w as Record<string, unknown>).map(([k2, w2]) => [
        `${naam} – ${TB.jobs.sleutels[k2] ?? k2}`,
        typeof w2 === 'object' ? JSON.stringify(w2) : String(w2),
      ]);
    return [[naam, Array.isArray(w) ? String(w.length) : String(w)]];
  });
  if (regels.length === 0) return <>–</>;
  return (
    <dl className="sr-gegevens" style={{ marginBlock: 0 }}>
      {regels.map(([k, w]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd>{w}</dd>
        </div>
      ))}
    </dl>
  );
}

const duur = (r: Run) =>
  r.beeindigd_op ? TB.jobs.seconden((Date.parse(r.beeindigd_op) - Date.parse(r.gestart_op)) / 1000) : TB.jobs.bezig;

/** Runs of the scheduled jobs as a table (newest first), filtered by job, with the next planned run. */
export function Jobs() {
  const [keuze, zetKeuze] = useState('');
  const [job, zetJob] = useState('');
  const { data, fout } = useData(
    () => api<Run[]>('GET', `/api/beheer/jobs${job ? `?job=${encodeURIComponent(job)}` : ''}`),
    job,
  );
  return (
    <>
      <Heading level={1}>{T.beheer.jobs}</Heading>
      <Paragraph>{TB.jobs.uitleg}</Paragraph>
      <form
        className="sr-formulier sr-rij"
        role="search"
        aria-label={TB.jobs.filteren}
        onSubmit={(e) => {
          e.preventDefault();
          zetJob(keuze);
        }}
      >
        <KeuzeVeld id="job-filter" label={TB.jobs.filter} waarde={keuze} onKies={zetKeuze}>
          <SelectOption value="">{TB.jobs.alle}</SelectOption>
          {Object.entries(TB.jobs.namen).map(([k, naam]) => (
            <SelectOption key={k} value={k}>
              {naam}
            </SelectOption>
          ))}
        </KeuzeVeld>
        <Button type="submit" appearance="primary-action-button">
          {TB.jobs.toepassen}
        </Button>
      </form>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Tabel
          titel={T.beheer.jobs}
          leeg={TB.jobs.geen}
          koppen={[TB.jobs.taak, TB.jobs.gestart, TB.jobs.duur, TB.jobs.resultaat, TB.jobs.details, TB.jobs.volgende]}
          rijen={data.map((r) => [
            jobNaam(r.job),
            toonDatumTijd(r.gestart_op),
            duur(r),
            <Resultaat key="r" r={r} />,
            <Details key="d" details={r.details} />,
            r.volgendeRunOp ? toonDatumTijd(r.volgendeRunOp) : '–',
          ])}
        />
      )}
    </>
  );
}
