import { Heading, Link, Paragraph } from '@utrecht/component-library-react';
import type { Antwoord } from '../../api.ts';
import { TV } from './teksten-leveringen.ts';

type Redengroep = Antwoord<'/api/vroegsignalen/leveringen/{id}'>['redenen'][number];

/** The rejected rows of a report grouped by reason: how many, on which lines, and how to fix them. */
export function Redenen({ redenen, leveringId }: { redenen: Redengroep[]; leveringId?: string }) {
  if (redenen.length === 0) return null;
  return (
    <section aria-labelledby="redenen-titel">
      <Heading level={3} id="redenen-titel">
        {TV.redenenTitel}
      </Heading>
      <Paragraph>{TV.redenenUitleg}</Paragraph>
      <ul className="sr-redenen">
        {redenen.map((g) => (
          <li key={g.code}>
            <Heading level={4}>
              {g.label}: {TV.regelsMet(g.aantal)}
            </Heading>
            <Paragraph>{TV.opRegels(g.regels, g.andere)}.</Paragraph>
            <Paragraph>
              <strong>{TV.zoLostUHetOp}:</strong> {g.hulp}
            </Paragraph>
          </li>
        ))}
      </ul>
      {leveringId && (
        <Paragraph>
          <Link href={`/api/vroegsignalen/leveringen/${encodeURIComponent(leveringId)}/afgewezen`} download>
            {TV.downloadAfgewezen}
          </Link>
        </Paragraph>
      )}
    </section>
  );
}
