import { useState } from 'react';
import { Button, FormField, FormFieldTextbox, FormLabel, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { useGebruiker } from '../../sessie.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatumTijd, useData } from '../../ui.tsx';

interface Sleutel {
  id: string;
  type: string;
  vingerafdruk: string;
  omschrijving: string;
  aangemaaktOp: string;
  ingetrokkenOp: string | null;
}

export function SftpSleutels() {
  const g = useGebruiker();
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(() => api<Sleutel[]>('GET', '/api/sftp/sleutels'), versie);
  const [sleutel, zetSleutel] = useState('');
  const [omschrijving, zetOmschrijving] = useState('');
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();

  const voegToe = async () => {
    try {
      await api('POST', '/api/sftp/sleutels', { publiekeSleutel: sleutel.trim(), omschrijving: omschrijving.trim() });
      zetMelding({ soort: 'ok', tekst: T.sftp.toegevoegd });
      zetSleutel('');
      zetOmschrijving('');
      zetVersie((v) => v + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  const trekIn = async (s: Sleutel) => {
    try {
      await api('DELETE', `/api/sftp/sleutels/${s.id}`);
      zetVersie((v) => v + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };

  return (
    <>
      <Heading level={1}>{T.sftp.titel}</Heading>
      <Paragraph>{T.sftp.uitleg(g.organisatie.id)}</Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      {!g.beheerder && <Paragraph>{T.algemeen.alleenBeheerder}</Paragraph>}
      {g.beheerder && (
        <form
          className="sr-formulier"
          onSubmit={(e) => {
            e.preventDefault();
            void voegToe();
          }}
        >
          <FormField>
            <FormLabel htmlFor="sftp-sleutel">{T.sftp.sleutel}</FormLabel>
            <textarea
              id="sftp-sleutel"
              className="utrecht-textarea sr-textarea"
              required
              value={sleutel}
              onChange={(e) => zetSleutel(e.target.value)}
            />
          </FormField>
          <FormFieldTextbox
            label={T.sftp.omschrijving}
            name="omschrijving"
            required
            value={omschrijving}
            onChange={(e) => zetOmschrijving((e.target as HTMLInputElement).value)}
          />
          <Button type="submit" appearance="primary-action-button" disabled={!sleutel.trim() || !omschrijving.trim()}>
            {T.sftp.toevoegen}
          </Button>
        </form>
      )}
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Tabel
          titel={T.sftp.titel}
          koppen={[
            T.sftp.omschrijving,
            T.sftp.type,
            T.sftp.vingerafdruk,
            T.sftp.aangemaakt,
            T.sftp.ingetrokken,
            T.algemeen.acties,
          ]}
          rijen={data.map((s) => [
            s.omschrijving,
            s.type,
            <span className="sr-code">{s.vingerafdruk}</span>,
            toonDatumTijd(s.aangemaaktOp),
            toonDatumTijd(s.ingetrokkenOp),
            s.ingetrokkenOp || !g.beheerder ? (
              '–'
            ) : (
              <Button appearance="subtle-button" hint="danger" onClick={() => void trekIn(s)}>
                {T.sftp.intrekken}
              </Button>
            ),
          ])}
        />
      )}
    </>
  );
}
