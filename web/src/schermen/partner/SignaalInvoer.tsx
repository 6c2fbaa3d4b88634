import { useState } from 'react';
import {
  Button,
  Checkbox,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { Fout, Laden, Melding, useData } from '../../ui.tsx';
import { alleMvi, geenMvi, type Mvi, MviVerklaring } from './MviVerklaring.tsx';
import type { Rapport } from './SignaalUpload.tsx';
import { TL } from './teksten-levensloop.ts';

const LEEG = {
  achternaam: '',
  voorletters: '',
  straatnaam: '',
  huisnummer: '',
  toevoeging: '',
  postcode: '',
  woonplaats: '',
  telefoon: '',
  email: '',
  maanden: '',
  bedrag: '',
  vervaldatum: '',
  klantnummer: '',
};
type Veld = keyof typeof LEEG;
const VERPLICHT: Veld[] = ['achternaam', 'huisnummer', 'postcode', 'maanden', 'bedrag'];

/** One signal by hand ("handmatig … bij een zeer laag aantal signalen"), with the MVI attestation for it. */
export function SignaalInvoer() {
  const { data, fout } = useData(() => api<{ sectoren: string[] }>('GET', '/api/partners/aanmelding'));
  const [v, zetV] = useState(LEEG);
  const [sector, zetSector] = useState('');
  const [crisis, zetCrisis] = useState(false);
  const [mvi, zetMvi] = useState<Mvi>(geenMvi);
  const [rapport, zetRapport] = useState<Rapport>();
  const [melding, zetMelding] = useState<string>();

  const tekst = (k: Veld, type = 'text') => (
    <FormFieldTextbox
      label={TL.invoer[k === 'telefoon' ? 'telefoon' : k]}
      name={k}
      type={type}
      required={VERPLICHT.includes(k)}
      value={v[k]}
      onChange={(e) => zetV({ ...v, [k]: (e.target as HTMLInputElement).value })}
    />
  );

  const verstuur = async () => {
    zetMelding(undefined);
    zetRapport(undefined);
    const optioneel = (s: string) => (s.trim() ? s.trim() : undefined);
    const signaal = {
      achternaam: v.achternaam.trim(),
      voorletters: optioneel(v.voorletters),
      straatnaam: optioneel(v.straatnaam),
      huisnummer: v.huisnummer.trim(),
      huisnummerToevoeging: optioneel(v.toevoeging),
      postcode: v.postcode.trim(),
      woonplaats: optioneel(v.woonplaats),
      telefoonnummers: v.telefoon.trim() ? [v.telefoon.trim()] : undefined,
      email: optioneel(v.email),
      aantalMaandenAchterstand: v.maanden.trim(),
      bedragAchterstand: v.bedrag.trim(),
      sector: sector || data?.sectoren[0],
      vervaldatum: optioneel(v.vervaldatum),
      klantnummer: optioneel(v.klantnummer),
      crisissignaal: crisis,
      herinneringVerstuurd: mvi.herinnering,
      contactGezocht: mvi.contactGezocht,
      schuldhulpGenoemd: mvi.schuldhulpGenoemd,
      gegevensoverdrachtAangeboden: mvi.overdrachtAangeboden,
    };
    try {
      const r = await api<Rapport>(
        'POST',
        '/api/vroegsignalen/signalen',
        { signalen: [signaal] },
        {
          'idempotency-key': crypto.randomUUID(),
        },
      );
      zetRapport(r);
      if (r.geaccepteerd === 1) {
        zetV(LEEG);
        zetCrisis(false);
        zetMvi(geenMvi());
      }
    } catch (e) {
      zetMelding(foutTekst(e));
    }
  };

  return (
    <>
      <Heading level={1}>{TL.invoer.titel}</Heading>
      <Paragraph>{TL.invoer.uitleg}</Paragraph>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <form
          className="sr-formulier"
          onSubmit={(e) => {
            e.preventDefault();
            void verstuur();
          }}
        >
          {tekst('achternaam')}
          {tekst('voorletters')}
          {tekst('straatnaam')}
          {tekst('huisnummer')}
          {tekst('toevoeging')}
          {tekst('postcode')}
          {tekst('woonplaats')}
          {tekst('telefoon', 'tel')}
          {tekst('email', 'email')}
          {tekst('maanden')}
          {tekst('bedrag')}
          {tekst('vervaldatum')}
          {tekst('klantnummer')}
          {data.sectoren.length > 1 && (
            <FormField>
              <FormLabel htmlFor="invoer-sector">{TL.invoer.sector}</FormLabel>
              <Select id="invoer-sector" value={sector || data.sectoren[0]} onChange={(e) => zetSector(e.target.value)}>
                {data.sectoren.map((s) => (
                  <SelectOption key={s} value={s}>
                    {s}
                  </SelectOption>
                ))}
              </Select>
            </FormField>
          )}
          <FormField type="checkbox">
            <Checkbox id="invoer-crisis" checked={crisis} onChange={(e) => zetCrisis(e.target.checked)} />
            <FormLabel htmlFor="invoer-crisis" type="checkbox">
              {TL.invoer.crisis}
            </FormLabel>
          </FormField>
          <MviVerklaring id="mvi-signaal" waarde={mvi} uitleg={TL.mvi.uitlegSignaal} onWijzig={zetMvi} />
          <Button type="submit" appearance="primary-action-button" disabled={!alleMvi(mvi)}>
            {TL.invoer.versturen}
          </Button>
        </form>
      )}
      <div aria-live="polite">
        {melding && <Melding soort="error">{melding}</Melding>}
        {rapport?.geaccepteerd === 1 && <Melding soort="ok">{TL.invoer.geaccepteerd}</Melding>}
        {rapport && rapport.geaccepteerd === 0 && (
          <Melding soort="error">
            {TL.invoer.geweigerd} {rapport.afgewezen.map((a) => a.reden).join(' ')}
          </Melding>
        )}
      </div>
    </>
  );
}
