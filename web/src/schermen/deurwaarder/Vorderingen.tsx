import { Heading, Paragraph } from '@utrecht/component-library-react';
import { type Antwoord, api } from '../../api.ts';
import { euro, Fout, Laden, Tabel, toonDatumTijd, useData } from '../../ui.tsx';
import { TV } from './teksten-vorderingen.ts';

type Vordering = Antwoord<'/api/schuldenrust/vorderingen'>['vorderingen'][number];

const status = (v: Vordering) => (v.status === 'gepauzeerd' ? TV.status.gepauzeerd(v.pauzeTot) : TV.status[v.status]);

/** The bailiff's sent claims, newest first, each with its pause state (the API gives nothing else of the trajectory). */
export function Vorderingen() {
  const { data, fout } = useData(() =>
    api<Antwoord<'/api/schuldenrust/vorderingen'>>('GET', '/api/schuldenrust/vorderingen'),
  );
  return (
    <>
      <Heading level={1}>{TV.titel}</Heading>
      <Paragraph>{TV.uitleg}</Paragraph>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && data.vorderingen.length === 0 && <Paragraph>{TV.geen}</Paragraph>}
      {data && data.vorderingen.length > 0 && (
        <Tabel
          titel={TV.tabel}
          koppen={TV.koppen}
          rijen={data.vorderingen.map((v) => [
            toonDatumTijd(v.verstuurdOp),
            v.hulpverlener,
            v.schuldeiser,
            v.kenmerk ?? '–',
            v.hoofdsom === null ? '–' : euro(v.hoofdsom),
            v.kosten === null ? '–' : euro(v.kosten),
            status(v),
          ])}
        />
      )}
    </>
  );
}
