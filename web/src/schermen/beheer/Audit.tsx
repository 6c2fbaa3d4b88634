import { useState } from 'react';
import { Button, FormFieldTextbox, Heading, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Tabel, toonDatumTijd, useData } from '../../ui.tsx';

interface Regel {
  id: number;
  tijdstip: string;
  organisatie_id: string | null;
  actor_soort: string;
  actor_id: string | null;
  actie: string;
  onderwerp: string | null;
  resultaat: string;
}

/** Audit log search (operator): by action (or prefix such as "vish."), subject and period; newest first. */
export function Audit() {
  const [v, zetV] = useState({ actie: '', onderwerp: '', van: '', tot: '' });
  const [zoek, zetZoek] = useState(v);
  const query = new URLSearchParams(
    Object.entries(zoek)
      .filter(([, w]) => w.trim())
      .map(([k, w]) => [k, w.trim()]),
  );
  query.set('aantal', '200');
  const { data, fout } = useData(
    () => api<{ items: Regel[] }>('GET', `/api/audit?${query.toString()}`),
    query.toString(),
  );
  const veld = (k: keyof typeof v, label: string, extra: Record<string, unknown> = {}) => (
    <FormFieldTextbox
      label={label}
      name={k}
      value={v[k]}
      onChange={(e) => zetV({ ...v, [k]: (e.target as HTMLInputElement).value })}
      {...extra}
    />
  );
  return (
    <>
      <Heading level={1}>{T.audit.titel}</Heading>
      <Paragraph>{T.audit.uitleg}</Paragraph>
      <form
        className="sr-formulier"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          zetZoek(v);
        }}
      >
        {veld('actie', T.audit.actie, { description: T.audit.actieUitleg })}
        {veld('onderwerp', T.audit.onderwerp)}
        {veld('van', T.audit.van, { type: 'date' })}
        {veld('tot', T.audit.tot, { type: 'date' })}
        <Button type="submit" appearance="primary-action-button">
          {T.signalen.zoeken}
        </Button>
      </form>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Tabel
          titel={T.audit.titel}
          koppen={[T.audit.tijdstip, T.audit.actie, T.audit.onderwerp, T.audit.wie, T.audit.resultaat]}
          rijen={data.items.map((r) => [
            toonDatumTijd(r.tijdstip),
            r.actie,
            r.onderwerp ?? '–',
            `${r.actor_soort}${r.actor_id ? ` ${r.actor_id}` : ''}`,
            r.resultaat,
          ])}
        />
      )}
    </>
  );
}
