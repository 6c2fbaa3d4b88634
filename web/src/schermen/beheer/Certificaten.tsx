import { useState } from 'react';
import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatumTijd, useData } from '../../ui.tsx';
import { OrganisatieKeuze, type Organisatie } from './gedeeld.tsx';
import { CertificaatUitgeven } from './CertificaatUitgeven.tsx';

interface Certificaat {
  serienummer: string;
  organisatieId: string;
  onderwerp: string;
  geldigVanaf: string;
  geldigTot: string;
  ingetrokkenOp: string | null;
  status: string;
}

/** Operator: client certificates per organisation (list, revoke, issue). */
export function Certificaten() {
  const [organisatieId, zetOrganisatieId] = useState('');
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(
    () =>
      Promise.all([
        api<Certificaat[]>('GET', `/api/beheer/certificaten${organisatieId ? `?organisatieId=${organisatieId}` : ''}`),
        api<Organisatie[]>('GET', '/api/beheer/organisaties'),
      ]),
    `${organisatieId}/${versie}`,
  );
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const naam = (id: string) => data?.[1].find((o) => o.id === id)?.naam ?? id;
  const trekIn = async (c: Certificaat) => {
    if (!window.confirm(T.certificaten.intrekVraag(c.serienummer))) return;
    try {
      await api('POST', `/api/beheer/certificaten/${c.serienummer}/intrekken`);
      zetMelding({ soort: 'ok', tekst: T.certificaten.ingetrokken });
      zetVersie((n) => n + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  return (
    <>
      <Heading level={1}>{T.certificaten.titel}</Heading>
      <Paragraph>{T.certificaten.uitleg}</Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <>
          <div className="sr-formulier">
            <OrganisatieKeuze
              id="filter-organisatie"
              organisaties={data[1]}
              waarde={organisatieId}
              onChange={zetOrganisatieId}
              alle
            />
          </div>
          <Tabel
            titel={T.certificaten.titel}
            koppen={[
              T.certificaten.serienummer,
              T.certificaten.organisatie,
              T.certificaten.onderwerp,
              T.certificaten.vanaf,
              T.certificaten.tot,
              T.certificaten.status,
              T.algemeen.acties,
            ]}
            rijen={data[0].map((c) => [
              <span className="sr-code">{c.serienummer}</span>,
              naam(c.organisatieId),
              c.onderwerp,
              toonDatumTijd(c.geldigVanaf),
              toonDatumTijd(c.geldigTot),
              `${T.certificaten.statussen[c.status] ?? c.status}${c.ingetrokkenOp ? ` (${toonDatumTijd(c.ingetrokkenOp)})` : ''}`,
              c.ingetrokkenOp ? (
                '–'
              ) : (
                <Button
                  appearance="subtle-button"
                  hint="danger"
                  onClick={() => void trekIn(c)}
                  aria-label={`${T.certificaten.intrekken}: ${c.serienummer}`}
                >
                  {T.certificaten.intrekken}
                </Button>
              ),
            ])}
          />
          <CertificaatUitgeven
            organisaties={data[1]}
            start={organisatieId}
            onUitgegeven={() => zetVersie((n) => n + 1)}
          />
        </>
      )}
    </>
  );
}
