import { useEffect, useState } from 'react';
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
import { type Antwoord, api, foutTekst } from '../../api.ts';
import { LCV_SECTOREN, sectorLabel } from '../../sectoren.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatumTijd, useData } from '../../ui.tsx';

type Werkgebieden = Antwoord<'/api/signaalzaken/eigen-werkgebieden'>;
type Beleidsplan = Antwoord<'/api/signaalzaken/beleidsplan'>;
const PLAATSEN = 3;

/** The municipality's administrator: who picks up its cases (work areas) and which signals first (policy plan). */
export function Inrichting() {
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(
    () =>
      Promise.all([
        api<Werkgebieden>('GET', '/api/signaalzaken/eigen-werkgebieden'),
        api<Beleidsplan>('GET', '/api/signaalzaken/beleidsplan'),
      ]),
    versie,
  );
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const [kies, zetKies] = useState('');
  const [crisis, zetCrisis] = useState(true);
  const [volgorde, zetVolgorde] = useState<string[]>([]);
  const [bedrag, zetBedrag] = useState('');
  useEffect(() => {
    const p = data?.[1];
    if (!p) return;
    zetCrisis(p.crisisEerst);
    zetVolgorde(p.sectoren);
    zetBedrag(p.bedragVanaf === null ? '' : String(p.bedragVanaf));
  }, [data]);
  const doe = async (f: () => Promise<unknown>, tekst: string) => {
    try {
      await f();
      zetMelding({ soort: 'ok', tekst });
      zetVersie((n) => n + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  const w = data?.[0];
  const gekozen = new Set(w?.werkgebieden.map((g) => g.organisatieId));
  const keuzes = (w?.organisaties ?? []).filter((o) => !gekozen.has(o.organisatieId));
  return (
    <>
      <Heading level={1}>{T.inrichting.titel}</Heading>
      <Paragraph>{T.inrichting.uitleg}</Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {w && (
        <section aria-labelledby="werkgebieden">
          <Heading level={2} id="werkgebieden">
            {T.inrichting.werkgebieden}
          </Heading>
          <Paragraph>{T.inrichting.werkgebiedenUitleg}</Paragraph>
          <Tabel
            titel={T.inrichting.werkgebieden}
            koppen={[T.inrichting.organisatie, T.inrichting.vish, T.algemeen.acties]}
            rijen={w.werkgebieden.map((g) => [
              g.organisatienaam,
              g.vish
                ? T.inrichting.vishActief(g.vish.aantal, toonDatumTijd(g.vish.actiefSinds))
                : T.inrichting.geenVish,
              <Button
                key={g.organisatieId}
                appearance="subtle-button"
                hint="danger"
                aria-label={`${T.inrichting.verwijderen}: ${g.organisatienaam}`}
                onClick={() => {
                  if (!window.confirm(T.inrichting.verwijderenVraag(g.organisatienaam))) return;
                  void doe(
                    () => api('DELETE', `/api/signaalzaken/eigen-werkgebieden/${g.organisatieId}`),
                    T.inrichting.verwijderd,
                  );
                }}
              >
                {T.inrichting.verwijderen}
              </Button>,
            ])}
            leeg={T.inrichting.geenWerkgebieden}
          />
          <form
            className="sr-formulier sr-rij"
            onSubmit={(e) => {
              e.preventDefault();
              if (kies)
                void doe(
                  () => api('POST', '/api/signaalzaken/eigen-werkgebieden', { organisatieId: kies }),
                  T.inrichting.toegevoegd,
                );
            }}
          >
            <FormField>
              <FormLabel htmlFor="werkgebied-kies">{T.inrichting.organisatie}</FormLabel>
              <Select id="werkgebied-kies" value={kies} onChange={(e) => zetKies(e.target.value)}>
                <SelectOption value="">{T.inrichting.kiesOrganisatie}</SelectOption>
                {keuzes.map((o) => (
                  <SelectOption key={o.organisatieId} value={o.organisatieId}>
                    {T.inrichting.organisatieKeuze(o.naam, o.actieveGebruikers)}
                  </SelectOption>
                ))}
              </Select>
            </FormField>
            <Button type="submit" appearance="secondary-action-button">
              {T.inrichting.toevoegen}
            </Button>
          </form>
        </section>
      )}
      {data && (
        <section aria-labelledby="beleidsplan">
          <Heading level={2} id="beleidsplan">
            {T.inrichting.beleidsplan}
          </Heading>
          <Paragraph>{T.inrichting.beleidsplanUitleg}</Paragraph>
          <form
            className="sr-formulier"
            onSubmit={(e) => {
              e.preventDefault();
              const sectoren = [...new Set(volgorde.filter(Boolean))];
              const b = bedrag.trim() === '' ? null : Number(bedrag.replace(/\./g, '').replace(',', '.'));
              void doe(
                () => api('PUT', '/api/signaalzaken/beleidsplan', { crisisEerst: crisis, sectoren, bedragVanaf: b }),
                T.inrichting.opgeslagen,
              );
            }}
          >
            <FormField type="checkbox">
              <Checkbox id="plan-crisis" checked={crisis} onChange={(e) => zetCrisis(e.target.checked)} />
              <FormLabel htmlFor="plan-crisis" type="checkbox">
                {T.inrichting.crisisEerst}
              </FormLabel>
            </FormField>
            {Array.from({ length: PLAATSEN }, (_, i) => (
              <FormField key={i}>
                <FormLabel htmlFor={`plan-sector-${i}`}>{T.inrichting.sectorPlaats(i + 1)}</FormLabel>
                <Select
                  id={`plan-sector-${i}`}
                  value={volgorde[i] ?? ''}
                  onChange={(e) => {
                    const v = [...volgorde];
                    v[i] = e.target.value;
                    zetVolgorde(v);
                  }}
                >
                  <SelectOption value="">{T.inrichting.geenSector}</SelectOption>
                  {LCV_SECTOREN.map((s) => (
                    <SelectOption key={s} value={s}>
                      {sectorLabel(s)}
                    </SelectOption>
                  ))}
                </Select>
              </FormField>
            ))}
            <FormFieldTextbox
              label={T.inrichting.bedragVanaf}
              name="bedragVanaf"
              inputMode="decimal"
              value={bedrag}
              onChange={(e) => zetBedrag((e.target as HTMLInputElement).value)}
            />
            <Button type="submit" appearance="primary-action-button">
              {T.inrichting.opslaan}
            </Button>
          </form>
        </section>
      )}
    </>
  );
}
