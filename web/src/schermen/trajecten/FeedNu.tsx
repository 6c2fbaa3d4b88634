import { useEffect, useRef, useState } from 'react';
import { Button, ButtonGroup, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, ApiFout, foutTekst } from '../../api.ts';
import { T } from '../../teksten.ts';

interface Resultaat {
  resultaat: string;
  aantal: number;
  melding?: string;
}

/** The question in the screen's own words (the API's message tells a program to send `bevestig: true`). */
function vraagTekst(e: ApiFout): string {
  const l = (e.details as { actieveLevering?: { aantal: number; bron: string } } | undefined)?.actieveLevering;
  return l ? T.trajecten.intrekkenUitleg(l.aantal, l.bron === 'trajecten') : e.message;
}

/**
 * "Nu leveren": builds the VISH delivery from the trajectories now. When that would withdraw the
 * organisation's active list (no trajectory qualifies), the platform refuses with 409; the screen then
 * asks first and only sends `bevestig: true` after the person confirms.
 */
export function FeedNu({ onKlaar }: { onKlaar: (m: { soort: 'ok' | 'error' | 'warning'; tekst: string }) => void }) {
  const [vraag, zetVraag] = useState<string>();
  const [bezig, zetBezig] = useState(false);
  const kop = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (vraag) kop.current?.focus();
  }, [vraag]);

  const lever = async (bevestig: boolean) => {
    zetBezig(true);
    try {
      const r = await api<Resultaat>(
        'POST',
        '/api/trajecten/vish/uitvoeren',
        bevestig ? { bevestig: true } : undefined,
      );
      zetVraag(undefined);
      if (r.resultaat === 'fout') onKlaar({ soort: 'error', tekst: r.melding ?? T.algemeen.fout });
      else if (r.resultaat === 'leeg') onKlaar({ soort: 'warning', tekst: T.trajecten.feedLeeg });
      else onKlaar({ soort: 'ok', tekst: T.trajecten.feedGestart });
    } catch (e) {
      if (e instanceof ApiFout && e.status === 409) zetVraag(vraagTekst(e));
      else onKlaar({ soort: 'error', tekst: foutTekst(e) });
    } finally {
      zetBezig(false);
    }
  };

  if (!vraag)
    return (
      <Button appearance="secondary-action-button" disabled={bezig} onClick={() => void lever(false)}>
        {T.trajecten.feedNu}
      </Button>
    );
  return (
    <section aria-labelledby="feed-intrekken">
      <Heading level={3} id="feed-intrekken" ref={kop} tabIndex={-1}>
        {T.trajecten.intrekkenTitel}
      </Heading>
      <Paragraph>{vraag}</Paragraph>
      <ButtonGroup>
        <Button appearance="primary-action-button" disabled={bezig} onClick={() => void lever(true)}>
          {T.trajecten.intrekkenJa}
        </Button>
        <Button appearance="secondary-action-button" disabled={bezig} onClick={() => zetVraag(undefined)}>
          {T.trajecten.intrekkenNee}
        </Button>
      </ButtonGroup>
    </section>
  );
}
