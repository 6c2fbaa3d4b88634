import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import type { Antwoord } from '../../api.ts';
import { T } from '../../teksten.ts';
import { toonDatum } from '../../ui.tsx';
import './bewijs.css';

type Controle = Antwoord<'/api/vish/controle', 'post'>;

// Date and time with seconds, in Europe/Amsterdam: the moment the check was recorded in the audit trail.
const moment = new Intl.DateTimeFormat('nl-NL', {
  dateStyle: 'long',
  timeStyle: 'medium',
  timeZone: 'Europe/Amsterdam',
});

/** The printable proof of one check, for the bailiff's dossier: the BSN only masked, the audit reference to trace it. */
export function Bewijs({
  bewijs,
  contacten,
  schuldenrustTot,
}: {
  bewijs: Controle['bewijs'];
  contacten: Controle['contacten'];
  schuldenrustTot: string | null;
}) {
  const B = T.controle.bewijs;
  return (
    <section className="sr-bewijs" aria-labelledby="bewijs-titel">
      <Heading level={2} id="bewijs-titel">
        {B.titel}
      </Heading>
      {bewijs.test && <Paragraph className="sr-bewijs-test">{B.test}</Paragraph>}
      <dl className="sr-gegevens">
        <dt>{B.tijdstip}</dt>
        <dd>{moment.format(new Date(bewijs.tijdstip))}</dd>
        <dt>{B.referentie}</dt>
        <dd>{bewijs.referentie}</dd>
        <dt>{B.bsn}</dt>
        <dd>{bewijs.bsn}</dd>
        <dt>{B.resultaat}</dt>
        <dd>{bewijs.resultaat}</dd>
        {contacten.map((c) => (
          <FragmentContact key={`${c.organisatie}|${c.naam}`} c={c} />
        ))}
        {schuldenrustTot && (
          <>
            <dt>{B.schuldenrust}</dt>
            <dd>{toonDatum(schuldenrustTot)}</dd>
          </>
        )}
        <dt>{B.door}</dt>
        <dd>{bewijs.organisatie}</dd>
        <dt>{B.bron}</dt>
        <dd>{B.bronTekst}</dd>
      </dl>
      <Paragraph className="sr-uitleg">{B.uitleg}</Paragraph>
      <Button className="sr-niet-afdrukken" appearance="secondary-action-button" onClick={() => window.print()}>
        {B.afdrukken}
      </Button>
    </section>
  );
}

function FragmentContact({ c }: { c: Controle['contacten'][number] }) {
  return (
    <>
      <dt>{T.controle.bewijs.hulpverlener}</dt>
      <dd>{[c.organisatie, c.naam, c.telefoon, c.email].filter(Boolean).join(' · ')}</dd>
    </>
  );
}
