import { useState } from 'react';
import { Button, FormFieldTextbox, Heading } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Melding } from '../../ui.tsx';
import { vandaag } from '../../datum.ts';
import { normaliseBsn } from '../../../../src/shared/bsn.ts';
import { TT } from './teksten.ts';
import { serverFouten, useFocusEersteFout, type Fouten } from '../../formulier.tsx';

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

/** Which field a refusal of the server is about (its messages name the field). */
const SERVER_VELDEN: Record<string, RegExp> = {
  bsn: /BSN/,
  postcode: /postcode/i,
  huisnummer: /huisnummer/i,
  achternaam: /achternaam/i,
  naam: /consulent/i,
  startdatum: /datum/i,
};

/** Checks in the browser first, with the server's rules (BSN elfproef, postcode format, dates). */
function controleer(v: typeof LEEG): Fouten {
  const f: Fouten = {};
  if (!v.bsn.trim()) f.bsn = TT.verplicht('het BSN');
  else if (!normaliseBsn(v.bsn)) f.bsn = TT.bsnOngeldig;
  if (!v.achternaam.trim()) f.achternaam = TT.verplicht('de achternaam');
  if (!v.postcode.trim()) f.postcode = TT.verplicht('de postcode');
  else if (!/^\s*[1-9]\d{3}\s?[a-zA-Z]{2}\s*$/.test(v.postcode)) f.postcode = TT.postcodeOngeldig;
  if (!v.huisnummer.trim()) f.huisnummer = TT.verplicht('het huisnummer');
  else if (!/^\d{1,5}$/.test(v.huisnummer.trim())) f.huisnummer = TT.huisnummerOngeldig;
  if (!v.startdatum) f.startdatum = TT.verplicht('de startdatum');
  else if (v.startdatum > vandaag()) f.startdatum = TT.datumToekomst;
  if (!v.naam.trim()) f.naam = TT.verplicht('de naam van de consulent');
  if (v.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim())) f.email = TT.emailOngeldig;
  return f;
}

/** Record a new trajectory. The BSN is sent once and shown only on the trajectory itself. */
export function NieuwTraject({ onKlaar }: { onKlaar: () => void }) {
  const [v, zetV] = useState({ ...LEEG, startdatum: vandaag() });
  const [fouten, zetFouten] = useState<Fouten>({});
  const [algemeen, zetAlgemeen] = useState<string>();
  const [poging, zetPoging] = useState(0);
  const [bezig, zetBezig] = useState(false);
  const formulier = useFocusEersteFout(fouten, poging);
  const veld = (k: Veld, label: string, extra: Record<string, unknown> = {}) => (
    <FormFieldTextbox
      label={label}
      name={k}
      value={v[k]}
      invalid={!!fouten[k]}
      errorMessage={fouten[k]}
      onChange={(e) => zetV({ ...v, [k]: (e.target as HTMLInputElement).value })}
      {...extra}
    />
  );
  const leeg = (s: string) => (s.trim() ? s.trim() : undefined);
  const aantal = Object.values(fouten).filter(Boolean).length;

  const bewaar = async () => {
    const f = controleer(v);
    zetAlgemeen(undefined);
    zetFouten(f);
    zetPoging((n) => n + 1);
    if (Object.keys(f).length > 0) return;
    zetBezig(true);
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
      const s = serverFouten(e, SERVER_VELDEN);
      zetFouten(s.fouten);
      zetAlgemeen(s.algemeen);
      zetPoging((n) => n + 1);
    } finally {
      zetBezig(false);
    }
  };

  return (
    <section aria-labelledby="nieuw-traject">
      <Heading level={2} id="nieuw-traject">
        {T.trajecten.nieuw}
      </Heading>
      {algemeen && <Melding soort="error">{algemeen}</Melding>}
      {aantal > 0 && <Melding soort="error">{TT.fouten(aantal)}</Melding>}
      <form
        ref={formulier}
        className="sr-formulier"
        noValidate
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
