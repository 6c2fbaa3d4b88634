import { useState } from 'react';
import { Button, FormFieldTextbox, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Melding, Tabel, toonDatumTijd } from '../../ui.tsx';

export interface Uitzondering {
  id: string;
  pc6: string;
  huisnummer: number | null;
  gemeentecode: string;
  gemeentenaam: string;
  aangemaakt_op: string;
}

/** The exceptions of split PC4s: a PC6 (optionally with house number) that belongs to one municipality. */
export function PostcodeUitzonderingen({
  uitzonderingen,
  onGewijzigd,
}: {
  uitzonderingen: Uitzondering[];
  onGewijzigd: () => void;
}) {
  const [v, zetV] = useState({ postcode: '', huisnummer: '', gemeentecode: '' });
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const veld = (k: keyof typeof v) => ({
    value: v[k],
    onChange: (e: { target: unknown }) => zetV({ ...v, [k]: (e.target as HTMLInputElement).value }),
  });
  const voegToe = async () => {
    try {
      const huisnummer = v.huisnummer.trim() ? Number(v.huisnummer.trim()) : undefined;
      const u = await api<Uitzondering>('POST', '/api/gemeenten/postcode-uitzonderingen', {
        postcode: v.postcode.trim(),
        gemeentecode: v.gemeentecode.trim().toUpperCase(),
        ...(huisnummer !== undefined ? { huisnummer } : {}),
      });
      zetMelding({
        soort: 'ok',
        tekst: T.postcodes.vastgelegd(`${u.pc6}${u.huisnummer ? ` ${u.huisnummer}` : ''}`, u.gemeentecode),
      });
      zetV({ postcode: '', huisnummer: '', gemeentecode: '' });
      onGewijzigd();
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  return (
    <>
      <Heading level={2}>{T.postcodes.uitzonderingen}</Heading>
      <Paragraph>{T.postcodes.uitzonderingUitleg}</Paragraph>
      <form
        className="sr-formulier"
        onSubmit={(e) => {
          e.preventDefault();
          void voegToe();
        }}
      >
        <FormFieldTextbox
          label={T.postcodes.postcode}
          name="postcode"
          required
          autoComplete="off"
          {...veld('postcode')}
        />
        <FormFieldTextbox
          label={T.postcodes.huisnummer}
          name="huisnummer"
          inputMode="numeric"
          description={T.postcodes.huisnummerUitleg}
          autoComplete="off"
          {...veld('huisnummer')}
        />
        <FormFieldTextbox
          label={T.postcodes.gemeentecode}
          name="gemeentecode"
          required
          description={T.postcodes.gemeentecodeUitleg}
          autoComplete="off"
          {...veld('gemeentecode')}
        />
        <Button
          type="submit"
          appearance="primary-action-button"
          disabled={!v.postcode.trim() || !v.gemeentecode.trim()}
        >
          {T.postcodes.toevoegen}
        </Button>
      </form>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <Tabel
        titel={T.postcodes.uitzonderingen}
        koppen={[T.postcodes.postcode, T.postcodes.huisnummer, T.postcodes.gemeente, T.postcodes.toegevoegd]}
        rijen={uitzonderingen.map((u) => [
          u.pc6,
          u.huisnummer ?? T.postcodes.alleHuisnummers,
          `${u.gemeentenaam} (${u.gemeentecode})`,
          toonDatumTijd(u.aangemaakt_op),
        ])}
      />
    </>
  );
}
