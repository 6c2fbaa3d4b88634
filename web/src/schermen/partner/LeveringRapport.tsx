import { Heading, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { AppLink } from '../../router.tsx';
import { T } from '../../teksten.ts';
import { Fout, Laden, toonDatumTijd, useData } from '../../ui.tsx';
import { RapportWeergave, type Rapport } from './SignaalUpload.tsx';
import { TV } from './teksten-leveringen.ts';

/** The kept report of one own delivery (upload, API or SFTP): from the history and from a "delivery processed" notification. */
export function LeveringRapport({ id }: { id: string }) {
  const { data, fout } = useData(
    () => api<Rapport>('GET', `/api/vroegsignalen/leveringen/${encodeURIComponent(id)}`),
    id,
  );
  return (
    <>
      <Heading level={1}>{T.levering.titel}</Heading>
      {data && (
        <Paragraph>
          {[toonDatumTijd(data.ontvangenOp), TV.kanalen[data.bron] ?? data.bron, data.bestandsnaam]
            .filter(Boolean)
            .join(' · ')}
        </Paragraph>
      )}
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && <RapportWeergave rapport={data} />}
      <Paragraph>
        <AppLink href="/signalen/leveringen">{TV.naarLeveringen}</AppLink>
      </Paragraph>
      <Paragraph>
        <AppLink href="/signalen/aanleveren">{T.levering.terug}</AppLink>
      </Paragraph>
    </>
  );
}
