import { Heading, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { AppLink } from '../../router.tsx';
import { T } from '../../teksten.ts';
import { Fout, Laden, useData } from '../../ui.tsx';
import { RapportWeergave, type Rapport } from './SignaalUpload.tsx';

/** The report of one own delivery (upload, API or SFTP): where a "delivery processed" notification links to. */
export function LeveringRapport({ id }: { id: string }) {
  const { data, fout } = useData(
    () => api<Rapport>('GET', `/api/vroegsignalen/leveringen/${encodeURIComponent(id)}`),
    id,
  );
  return (
    <>
      <Heading level={1}>{T.levering.titel}</Heading>
      {data?.bestandsnaam && <Paragraph>{data.bestandsnaam}</Paragraph>}
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && <RapportWeergave rapport={data} />}
      <Paragraph>
        <AppLink href="/signalen/aanleveren">{T.levering.terug}</AppLink>
      </Paragraph>
    </>
  );
}
