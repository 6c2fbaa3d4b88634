import { useState } from 'react';
import { Button, Checkbox, FormField, FormLabel, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { useGebruiker } from '../../sessie.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatum, useData } from '../../ui.tsx';

interface Convenant {
  id: string;
  gemeentecode: string;
  gemeentenaam: string;
  partner: string;
  sectoren: string[];
  status: string;
  einddatum: string | null;
}

/** Agreements: a municipality sets them ready, the partner signs them online. */
export function Convenanten() {
  const g = useGebruiker();
  const gemeente = g.organisatie.type === 'gemeente';
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(() => api<Convenant[]>('GET', '/api/partners/convenanten'), versie);
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const [akkoord, zetAkkoord] = useState<Record<string, boolean>>({});

  const actie = async (c: Convenant) => {
    try {
      if (gemeente) await api('POST', `/api/partners/convenanten/${c.id}/gereed`, {});
      else await api('POST', `/api/partners/convenanten/${c.id}/ondertekenen`, { akkoord: true });
      zetMelding({ soort: 'ok', tekst: gemeente ? T.convenanten.klaargezet : T.convenanten.ondertekend });
      zetVersie((v) => v + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };

  const knop = (c: Convenant) => {
    if (!g.beheerder) return '–';
    if (gemeente)
      return c.status === 'te-ondertekenen' ? (
        <Button appearance="primary-action-button" onClick={() => void actie(c)}>
          {T.convenanten.klaarzetten}
        </Button>
      ) : (
        '–'
      );
    if (c.status !== 'gereed') return '–';
    const id = `akkoord-${c.id}`;
    return (
      <div>
        <FormField type="checkbox">
          <Checkbox
            id={id}
            checked={!!akkoord[c.id]}
            onChange={(e) => zetAkkoord({ ...akkoord, [c.id]: e.target.checked })}
          />
          <FormLabel htmlFor={id} type="checkbox">
            {T.convenanten.akkoord}
          </FormLabel>
        </FormField>
        <Button appearance="primary-action-button" disabled={!akkoord[c.id]} onClick={() => void actie(c)}>
          {T.convenanten.ondertekenen}
        </Button>
      </div>
    );
  };

  return (
    <>
      <Heading level={1}>{T.convenanten.titel}</Heading>
      <Paragraph>{gemeente ? T.convenanten.uitlegGemeente : T.convenanten.uitlegPartner}</Paragraph>
      {!g.beheerder && <Paragraph>{T.algemeen.alleenBeheerder}</Paragraph>}
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Tabel
          titel={T.convenanten.titel}
          koppen={[
            gemeente ? T.convenanten.partner : T.convenanten.gemeente,
            T.convenanten.sectoren,
            T.convenanten.status,
            T.convenanten.einddatum,
            T.algemeen.acties,
          ]}
          rijen={data.map((c) => [
            gemeente ? c.partner : `${c.gemeentenaam} (${c.gemeentecode})`,
            c.sectoren.join(', '),
            T.convenanten.statusTekst[c.status] ?? c.status,
            toonDatum(c.einddatum),
            knop(c),
          ])}
        />
      )}
    </>
  );
}
