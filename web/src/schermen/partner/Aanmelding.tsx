import { useState } from 'react';
import {
  Button,
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { api, ApiFout, foutTekst } from '../../api.ts';
import { useGebruiker } from '../../sessie.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, toonDatum, useData } from '../../ui.tsx';
import { GemeentenWijzigen } from './GemeentenWijzigen.tsx';

interface Aanmelding {
  type: string;
  sectoren: string[];
  rol: string;
  adHoc: boolean;
  contactpersoon: { naam: string; email: string; delen: boolean };
  tekenbevoegde: { naam: string; functie: string; email: string };
  aangemeldOp: string;
}
const SECTOREN: Record<string, string[]> = {
  Energie: ['energie', 'warmte'],
  Water: ['drinkwater'],
  Zorg: ['zorgverzekering'],
  Huur: ['huur'],
  'CAK Zorgverzekeringen': ['zorgverzekering'],
  'CAK Eigen bijdrage': ['zorgverzekering'],
  Hypotheek: ['overig'],
  DUO: ['overig'],
  Belastingdienst: ['overig'],
  'Dienst Toeslagen': ['overig'],
  Overige: ['overig'],
};

/** Registration as signal partner (NVVK form): one agreement per municipality follows, to be signed online. */
export function Aanmelding() {
  const g = useGebruiker();
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(async () => {
    const gemeenten = await api<Array<{ gemeentecode: string; naam: string; doetMeeVroegsignalering: boolean }>>(
      'GET',
      '/api/gemeenten',
    );
    try {
      const aanmelding = await api<Aanmelding>('GET', '/api/partners/aanmelding');
      const convenanten = await api<Array<{ gemeentecode: string; gemeentenaam: string; status: string }>>(
        'GET',
        '/api/partners/convenanten',
      );
      return { aanmelding, gemeenten, convenanten };
    } catch (e) {
      if (e instanceof ApiFout && e.status === 409) return { aanmelding: null, gemeenten, convenanten: [] };
      throw e;
    }
  }, versie);
  const [v, zetV] = useState({
    type: 'Huur',
    sector: 'huur',
    contactNaam: '',
    contactEmail: '',
    delen: true,
    tekenNaam: '',
    tekenFunctie: '',
    tekenEmail: '',
  });
  const [gekozen, zetGekozen] = useState<string[]>([]);
  const [melding, zetMelding] = useState<string>();
  const tekst = (k: keyof typeof v, label: string, type = 'text') => (
    <FormFieldTextbox
      label={label}
      name={k}
      type={type}
      required
      value={String(v[k])}
      onChange={(e) => zetV({ ...v, [k]: (e.target as HTMLInputElement).value })}
    />
  );

  const meldAan = async () => {
    try {
      await api('POST', '/api/partners/aanmelding', {
        type: v.type,
        sectoren: [v.sector],
        rol: 'eigen-beheer',
        adHoc: false,
        gemeenten: gekozen,
        contactpersoon: { naam: v.contactNaam, email: v.contactEmail, delen: v.delen },
        tekenbevoegde: { naam: v.tekenNaam, functie: v.tekenFunctie, email: v.tekenEmail },
      });
      zetVersie((n) => n + 1);
    } catch (e) {
      zetMelding(foutTekst(e));
    }
  };

  const a = data?.aanmelding;
  return (
    <>
      <Heading level={1}>{T.aanmelding.titel}</Heading>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {a && (
        <>
          <Melding soort="ok">{T.aanmelding.aangemeld(toonDatum(a.aangemeldOp))}</Melding>
          <dl className="sr-gegevens">
            <dt>{T.aanmelding.type}</dt>
            <dd>
              {a.type} ({a.sectoren.join(', ')})
            </dd>
            <dt>{T.aanmelding.contactpersoon}</dt>
            <dd>
              {a.contactpersoon.naam}, {a.contactpersoon.email}
            </dd>
            <dt>{T.aanmelding.tekenbevoegde}</dt>
            <dd>
              {a.tekenbevoegde.naam} ({a.tekenbevoegde.functie}), {a.tekenbevoegde.email}
            </dd>
          </dl>
          <Paragraph>{T.aanmelding.verder}</Paragraph>
          {g.beheerder && (
            <GemeentenWijzigen
              gemeenten={data.gemeenten}
              convenanten={data.convenanten}
              klein={a.adHoc}
              onGewijzigd={() => zetVersie((n) => n + 1)}
            />
          )}
        </>
      )}
      {data && !a && !g.beheerder && <Paragraph>{T.algemeen.alleenBeheerder}</Paragraph>}
      {data && !a && g.beheerder && (
        <>
          <Paragraph>{T.aanmelding.uitleg}</Paragraph>
          <div aria-live="polite">{melding && <Melding soort="error">{melding}</Melding>}</div>
          <form
            className="sr-formulier"
            onSubmit={(e) => {
              e.preventDefault();
              void meldAan();
            }}
          >
            <FormField>
              <FormLabel htmlFor="aanmelding-type">{T.aanmelding.type}</FormLabel>
              <Select
                id="aanmelding-type"
                value={v.type}
                onChange={(e) => zetV({ ...v, type: e.target.value, sector: SECTOREN[e.target.value]![0]! })}
              >
                {Object.keys(SECTOREN).map((t) => (
                  <SelectOption key={t} value={t}>
                    {t}
                  </SelectOption>
                ))}
              </Select>
            </FormField>
            <FormField>
              <FormLabel htmlFor="aanmelding-sector">{T.aanmelding.sector}</FormLabel>
              <Select id="aanmelding-sector" value={v.sector} onChange={(e) => zetV({ ...v, sector: e.target.value })}>
                {SECTOREN[v.type]!.map((s) => (
                  <SelectOption key={s} value={s}>
                    {s}
                  </SelectOption>
                ))}
              </Select>
            </FormField>
            {tekst('contactNaam', T.aanmelding.contactNaam)}
            {tekst('contactEmail', T.aanmelding.contactEmail, 'email')}
            <FormField type="checkbox">
              <Checkbox
                id="aanmelding-delen"
                checked={v.delen}
                onChange={(e) => zetV({ ...v, delen: e.target.checked })}
              />
              <FormLabel htmlFor="aanmelding-delen" type="checkbox">
                {T.aanmelding.delen}
              </FormLabel>
            </FormField>
            {tekst('tekenNaam', T.aanmelding.tekenNaam)}
            {tekst('tekenFunctie', T.aanmelding.tekenFunctie)}
            {tekst('tekenEmail', T.aanmelding.tekenEmail, 'email')}
            <Fieldset>
              <FieldsetLegend>{T.aanmelding.gemeenten}</FieldsetLegend>
              <div className="sr-keuzelijst">
                {data.gemeenten.map((g) => (
                  <FormField type="checkbox" key={g.gemeentecode}>
                    <Checkbox
                      id={`gm-${g.gemeentecode}`}
                      checked={gekozen.includes(g.gemeentecode)}
                      onChange={(e) =>
                        zetGekozen(
                          e.target.checked ? [...gekozen, g.gemeentecode] : gekozen.filter((c) => c !== g.gemeentecode),
                        )
                      }
                    />
                    <FormLabel htmlFor={`gm-${g.gemeentecode}`} type="checkbox">
                      {g.naam}
                      {g.doetMeeVroegsignalering ? '' : ` (${T.aanmelding.doetNietMee})`}
                    </FormLabel>
                  </FormField>
                ))}
              </div>
            </Fieldset>
            <Button type="submit" appearance="primary-action-button" disabled={gekozen.length === 0}>
              {T.aanmelding.aanmelden}
            </Button>
          </form>
        </>
      )}
    </>
  );
}
