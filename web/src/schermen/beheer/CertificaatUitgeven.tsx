import { useState } from 'react';
import { Button, FormFieldTextbox, Heading } from '@utrecht/component-library-react';
import { api, downloadBestand, foutTekst } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Melding } from '../../ui.tsx';
import { OrganisatieKeuze, type Organisatie } from './gedeeld.tsx';

interface Uitgegeven {
  serienummer: string;
  vingerafdruk: string;
  certificaatPem: string;
  privesleutelPem: string;
  caPem: string;
}
const PEM = 'application/x-pem-file';

/** Issues a client certificate; the certificate and its private key are offered once, as files (kept in this screen only). */
export function CertificaatUitgeven({
  organisaties,
  start,
  onUitgegeven,
}: {
  organisaties: Organisatie[];
  start: string;
  onUitgegeven: () => void;
}) {
  const [v, zetV] = useState({ organisatieId: '', dagen: '365' });
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const [c, zetC] = useState<Uitgegeven>();
  const voor = v.organisatieId || start || organisaties[0]?.id || '';
  const geefUit = async () => {
    try {
      zetC(await api<Uitgegeven>('POST', `/api/beheer/organisaties/${voor}/certificaten`, { dagen: Number(v.dagen) }));
      zetMelding({
        soort: 'ok',
        tekst: T.certificaten.uitgegeven(organisaties.find((o) => o.id === voor)?.naam ?? voor),
      });
      onUitgegeven();
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  const download = (naam: string, inhoud: string) => downloadBestand(naam, inhoud, PEM);
  return (
    <>
      <Heading level={2}>{T.certificaten.nieuw}</Heading>
      <form
        className="sr-formulier"
        onSubmit={(e) => {
          e.preventDefault();
          void geefUit();
        }}
      >
        <OrganisatieKeuze
          id="nieuw-organisatie"
          organisaties={organisaties}
          waarde={voor}
          onChange={(organisatieId) => zetV({ ...v, organisatieId })}
        />
        <FormFieldTextbox
          label={T.certificaten.dagen}
          name="dagen"
          type="number"
          min={1}
          max={3650}
          required
          description={T.certificaten.dagenUitleg}
          value={v.dagen}
          onChange={(e) => zetV({ ...v, dagen: (e.target as HTMLInputElement).value })}
        />
        <Button type="submit" appearance="primary-action-button" disabled={!voor || !v.dagen}>
          {T.certificaten.uitgeven}
        </Button>
      </form>
      <div aria-live="polite">
        {melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}
        {c && (
          <section className="sr-eenmalig">
            <Melding soort="warning">{T.certificaten.sleutelWaarschuwing}</Melding>
            <dl className="sr-gegevens">
              <dt>{T.certificaten.serienummer}</dt>
              <dd>
                <span className="sr-code">{c.serienummer}</span>
              </dd>
              <dt>{T.certificaten.vingerafdruk}</dt>
              <dd>
                <span className="sr-code">{c.vingerafdruk}</span>
              </dd>
            </dl>
            <div className="sr-knoppen sr-links">
              <Button
                appearance="primary-action-button"
                onClick={() => download(`${c.serienummer}.crt.pem`, c.certificaatPem)}
              >
                {T.certificaten.downloadCert}
              </Button>
              <Button
                appearance="primary-action-button"
                onClick={() => download(`${c.serienummer}.key.pem`, c.privesleutelPem)}
              >
                {T.certificaten.downloadSleutel}
              </Button>
              <Button appearance="secondary-action-button" onClick={() => download('ca.crt.pem', c.caPem)}>
                {T.certificaten.downloadCa}
              </Button>
              <Button
                appearance="subtle-button"
                onClick={() => {
                  zetC(undefined);
                  zetMelding(undefined);
                }}
              >
                {T.certificaten.sluiten}
              </Button>
            </div>
          </section>
        )}
      </div>
    </>
  );
}
