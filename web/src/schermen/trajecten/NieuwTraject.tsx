import { useState } from 'react';
import { Button, FormFieldTextbox, Heading } from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Melding } from '../../ui.tsx';
import { vandaag } from '../../datum.ts';

const LEEG = {
  externId: '',
  bsn: '',
  achternaam: '',
  voorletters: '',
  postcode: '',
  huisnummer: '',
  toevoeging: '',
  startdatum: '',
  naam: '',
  telefoon: '',
  email: '',
};
type Veld = keyof typeof LEEG;

/** Record a new trajectory. The BSN is sent once and shown only on the trajectory itself. */
export function NieuwTraject({ onKlaar }: { onKlaar: () => void }) {
  const [v, zetV] = useState({ ...LEEG, startdatum: vandaag() });
  const [fout, zetFout] = useState<string>();
  const [bezig, zetBezig] = useState(false);
  const veld = (k: Veld, label: string, extra: Record<string, unknown> = {}) => (
    <FormFieldTextbox
      label={label}
      name={k}
      value={v[k]}
      onChange={(e) => zetV({ ...v, [k]: (e.target as HTMLInputElement).value })}
      {...extra}
    />
  );
  const leeg = (s: string) => (s.trim() ? s.trim() : undefined);

  const bewaar = async () => {
    zetBezig(true);
    zetFout(undefined);
    try {
      await api('POST', '/api/trajecten', {
        externId: leeg(v.externId),
        bsn: v.bsn.trim(),
        achternaam: v.achternaam.trim(),
        voorletters: leeg(v.voorletters),
        postcode: v.postcode.trim(),
        huisnummer: Number(v.huisnummer),
        toevoeging: leeg(v.toevoeging),
        startdatum: v.startdatum,
        consulent: { naam: v.naam.trim(), telefoon: leeg(v.telefoon), email: leeg(v.email) },
      });
      zetV({ ...LEEG, startdatum: v.startdatum });
      onKlaar();
    } catch (e) {
      zetFout(foutTekst(e));
    } finally {
      zetBezig(false);
    }
  };

  return (
    <section aria-labelledby="nieuw-traject">
      <Heading level={2} id="nieuw-traject">
        {T.trajecten.nieuw}
      </Heading>
      {fout && <Melding soort="error">{fout}</Melding>}
      <form
        className="sr-formulier"
        onSubmit={(e) => {
          e.preventDefault();
          void bewaar();
        }}
      >
        {veld('externId', T.trajecten.dossier)}
        {veld('bsn', T.controle.bsn, { required: true, autoComplete: 'off', description: T.controle.bsnUitleg })}
        {veld('achternaam', T.bezwaren.achternaam, { required: true })}
        {veld('voorletters', T.trajecten.voorletters)}
        {veld('postcode', T.bezwaren.postcode, { required: true, autoComplete: 'postal-code' })}
        {veld('huisnummer', T.bezwaren.huisnummer, { required: true })}
        {veld('toevoeging', T.bezwaren.toevoeging)}
        {veld('startdatum', T.trajecten.startdatum, { required: true, type: 'date' })}
        {veld('naam', T.trajecten.consulent, { required: true })}
        {veld('telefoon', T.trajecten.consulentTelefoon, { type: 'tel' })}
        {veld('email', T.trajecten.consulentEmail, { type: 'email' })}
        <Button type="submit" appearance="primary-action-button" busy={bezig} disabled={bezig}>
          {T.trajecten.opslaan}
        </Button>
      </form>
    </section>
  );
}
