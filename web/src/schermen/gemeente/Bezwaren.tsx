import { useState } from 'react';
import { Button, FormFieldTextbox, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatumTijd, useData } from '../../ui.tsx';

interface Bezwaar {
  id: string;
  postcode: string;
  huisnummer: number;
  toevoeging: string | null;
  geregistreerdOp: string;
}
const LEEG = { postcode: '', huisnummer: '', huisnummerToevoeging: '', achternaam: '' };

/** The municipality's objections register: stores an address (and a name key), shows addresses only. */
export function Bezwaren() {
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(() => api<Bezwaar[]>('GET', '/api/vroegsignalen/bezwaren'), versie);
  const [v, zetV] = useState(LEEG);
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const veld = (k: keyof typeof LEEG) => (e: { target: EventTarget }) =>
    zetV({ ...v, [k]: (e.target as HTMLInputElement).value });

  const registreer = async () => {
    try {
      await api('POST', '/api/vroegsignalen/bezwaren', {
        postcode: v.postcode,
        huisnummer: v.huisnummer,
        achternaam: v.achternaam,
        ...(v.huisnummerToevoeging ? { huisnummerToevoeging: v.huisnummerToevoeging } : {}),
      });
      zetMelding({ soort: 'ok', tekst: T.bezwaren.geregistreerd });
      zetV(LEEG);
      zetVersie((n) => n + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  const verwijder = async (b: Bezwaar) => {
    if (!window.confirm(T.bezwaren.verwijderVraag)) return;
    try {
      await api('DELETE', `/api/vroegsignalen/bezwaren/${b.id}`);
      zetMelding({ soort: 'ok', tekst: T.bezwaren.verwijderd });
      zetVersie((n) => n + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };

  return (
    <>
      <Heading level={1}>{T.bezwaren.titel}</Heading>
      <Paragraph>{T.bezwaren.uitleg}</Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <form
        className="sr-formulier"
        onSubmit={(e) => {
          e.preventDefault();
          void registreer();
        }}
      >
        <FormFieldTextbox
          label={T.bezwaren.postcode}
          name="postcode"
          autoComplete="postal-code"
          required
          value={v.postcode}
          onChange={veld('postcode')}
        />
        <FormFieldTextbox
          label={T.bezwaren.huisnummer}
          name="huisnummer"
          inputMode="numeric"
          required
          value={v.huisnummer}
          onChange={veld('huisnummer')}
        />
        <FormFieldTextbox
          label={T.bezwaren.toevoeging}
          name="toevoeging"
          value={v.huisnummerToevoeging}
          onChange={veld('huisnummerToevoeging')}
        />
        <FormFieldTextbox
          label={T.bezwaren.achternaam}
          name="achternaam"
          autoComplete="off"
          required
          value={v.achternaam}
          onChange={veld('achternaam')}
        />
        <Button type="submit" appearance="primary-action-button">
          {T.bezwaren.registreren}
        </Button>
      </form>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Tabel
          titel={T.bezwaren.titel}
          koppen={[
            T.bezwaren.postcode,
            T.bezwaren.huisnummer,
            T.bezwaren.toevoeging,
            T.bezwaren.datum,
            T.algemeen.acties,
          ]}
          rijen={data.map((b) => [
            b.postcode,
            b.huisnummer,
            b.toevoeging ?? '–',
            toonDatumTijd(b.geregistreerdOp),
            <Button appearance="subtle-button" hint="danger" onClick={() => void verwijder(b)}>
              {T.bezwaren.verwijderen}
            </Button>,
          ])}
        />
      )}
    </>
  );
}
