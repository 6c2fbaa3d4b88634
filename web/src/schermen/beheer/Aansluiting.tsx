import { useState } from 'react';
import {
  Button,
  FormField,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatumTijd, useData } from '../../ui.tsx';
import { OrganisatieKeuze, type Organisatie } from './gedeeld.tsx';

interface Stap {
  stap: string;
  toelichting: string | null;
  door_soort: string;
  door_naam: string | null;
  op: string;
}
const FASEN = ['intake', 'overeenkomst', 'technische-inrichting', 'testlevering', 'productie'];
const fase = (f: string) => T.aansluiting.fasen[f] ?? f;

/** Operator: the joining steps of an organisation, their status and date, and recording the next step. */
export function Aansluiting() {
  const [gekozen, zetGekozen] = useState('');
  const [versie, zetVersie] = useState(0);
  const orgs = useData(() => api<Organisatie[]>('GET', '/api/beheer/organisaties'), versie);
  const id = gekozen || orgs.data?.[0]?.id || '';
  const { data, fout } = useData(
    async () =>
      id
        ? api<{ aansluitfase: string; stappen: Stap[] }>('GET', `/api/beheer/organisaties/${id}/aansluitstappen`)
        : undefined,
    `${id}/${versie}`,
  );
  const nu = FASEN.indexOf(data?.aansluitfase ?? 'intake');
  const [keuze, zetKeuze] = useState({ stap: '', toelichting: '' });
  const stap = keuze.stap || FASEN[Math.min(nu + 1, FASEN.length - 1)]!;
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();

  const leg = async () => {
    try {
      await api('POST', `/api/beheer/organisaties/${id}/aansluitstappen`, {
        stap,
        ...(keuze.toelichting.trim() ? { toelichting: keuze.toelichting.trim() } : {}),
      });
      zetMelding({ soort: 'ok', tekst: T.aansluiting.vastgelegd(fase(stap)) });
      zetKeuze({ stap: '', toelichting: '' });
      zetVersie((n) => n + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  const status = (i: number) =>
    i < nu
      ? T.aansluiting.afgerond
      : i === nu
        ? T.aansluiting.huidigKort
        : i === nu + 1
          ? T.aansluiting.volgende
          : T.aansluiting.nogNiet;
  const datum = (f: string) => toonDatumTijd(data?.stappen.filter((s) => s.stap === f).at(-1)?.op);

  return (
    <>
      <Heading level={1}>{T.aansluiting.titel}</Heading>
      <Paragraph>{T.aansluiting.uitleg}</Paragraph>
      <Fout fout={orgs.fout ?? fout} />
      {orgs.data && (
        <div className="sr-formulier">
          <OrganisatieKeuze
            id="aansluiting-organisatie"
            organisaties={orgs.data}
            waarde={id}
            onChange={(o) => {
              zetGekozen(o);
              zetKeuze({ stap: '', toelichting: '' });
              zetMelding(undefined);
            }}
          />
        </div>
      )}
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      {!data && !fout && <Laden />}
      {data && (
        <>
          <Melding soort={data.aansluitfase === 'productie' ? 'ok' : 'info'}>
            {T.aansluiting.huidig(fase(data.aansluitfase))}
          </Melding>
          <Tabel
            titel={T.aansluiting.stappen}
            koppen={[T.aansluiting.stap, T.aansluiting.status, T.aansluiting.datum]}
            rijen={FASEN.map((f, i) => [fase(f), status(i), datum(f)])}
          />
          <Heading level={2}>{T.aansluiting.vastleggen}</Heading>
          <form
            className="sr-formulier"
            onSubmit={(e) => {
              e.preventDefault();
              void leg();
            }}
          >
            <FormField>
              <FormLabel htmlFor="aansluiting-stap">{T.aansluiting.stap}</FormLabel>
              <Select id="aansluiting-stap" value={stap} onChange={(e) => zetKeuze({ ...keuze, stap: e.target.value })}>
                {FASEN.slice(0, nu + 2).map((f) => (
                  <SelectOption key={f} value={f}>
                    {fase(f)}
                  </SelectOption>
                ))}
              </Select>
            </FormField>
            <FormField>
              <FormLabel htmlFor="aansluiting-toelichting">{T.aansluiting.toelichting}</FormLabel>
              <textarea
                id="aansluiting-toelichting"
                className="utrecht-textarea sr-textarea"
                maxLength={1000}
                value={keuze.toelichting}
                onChange={(e) => zetKeuze({ ...keuze, toelichting: e.target.value })}
              />
            </FormField>
            <Button type="submit" appearance="primary-action-button" disabled={!id}>
              {T.aansluiting.vastleggen}
            </Button>
          </form>
          <Tabel
            titel={T.aansluiting.geschiedenis}
            koppen={[T.aansluiting.datum, T.aansluiting.stap, T.aansluiting.toelichtingKort, T.aansluiting.door]}
            rijen={[...data.stappen]
              .reverse()
              .map((s) => [toonDatumTijd(s.op), fase(s.stap), s.toelichting ?? '–', s.door_naam ?? s.door_soort])}
          />
        </>
      )}
    </>
  );
}
