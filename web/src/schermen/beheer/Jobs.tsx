import { Heading } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Tabel, toonDatumTijd, useData } from '../../ui.tsx';

interface Run {
  id: number;
  job: string;
  gestart_op: string;
  beeindigd_op: string | null;
  resultaat: string | null;
  details: unknown;
}

/** Runs of the scheduled jobs (retention, missed deliveries, ...), newest first. */
export function Jobs() {
  const { data, fout } = useData(() => api<Run[]>('GET', '/api/beheer/jobs'));
  return (
    <>
      <Heading level={1}>{T.beheer.jobs}</Heading>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Tabel
          titel={T.beheer.jobs}
          koppen={[T.beheer.job, T.beheer.gestart, T.beheer.beeindigd, T.beheer.resultaat, T.beheer.details]}
          rijen={data.map((r) => [
            r.job,
            toonDatumTijd(r.gestart_op),
            toonDatumTijd(r.beeindigd_op),
            r.resultaat ?? '–',
            r.details ? JSON.stringify(r.details) : '–',
          ])}
        />
      )}
    </>
  );
}
