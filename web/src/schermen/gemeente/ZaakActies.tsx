import { useEffect, useRef, useState } from 'react';
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
import { api } from '../../api.ts';
import { useGebruiker } from '../../sessie.ts';
import { T } from '../../teksten.ts';
import { Melding, useData } from '../../ui.tsx';
import { vandaag as vandaagNl } from '../../datum.ts';
import { CONTACTSOORTEN, DAGDELEN, EINDRESULTATEN, type Zaak } from './model.ts';
import type { Doe, Plek, PlekMelding } from './ZaakPagina.tsx';

/**
 * The message of an action, shown where the worker acted; focus moves to it, so a keyboard or screen reader user
 * stays at the same place on the page (the button they pressed may be gone, e.g. after "help accepted").
 */
export function MeldingHier({ plek, melding }: { plek: Plek; melding: PlekMelding | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  const hier = melding?.plek === plek ? melding : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus once per new message (`n`)
  useEffect(() => {
    if (hier) ref.current?.focus();
  }, [hier?.n]);
  return (
    <div aria-live="polite" ref={ref} tabIndex={-1} className="sr-plekmelding">
      {hier && <Melding soort={hier.soort}>{hier.tekst}</Melding>}
    </div>
  );
}

const leegContact = (datum: string) => ({ soort: 'Telefoon', bereikt: false, datum, dagdeel: 'Ochtend' });

/** The actions on a case, in the order of the work: pick up or assign, contact, note, help accepted, close. */
export function ZaakActies({ zaak: z, doe, melding }: { zaak: Zaak; doe: Doe; melding: PlekMelding | undefined }) {
  const g = useGebruiker();
  const vandaag = vandaagNl();
  const [c, zetC] = useState(leegContact(vandaag));
  const [notitie, zetNotitie] = useState('');
  const [resultaat, zetResultaat] = useState<string>(EINDRESULTATEN[0]);
  const coordinator = g.rol === 'gemeente-coordinator';
  const { data: collegas } = useData(() =>
    coordinator ? api<Array<{ id: string; naam: string }>>('GET', '/api/signaalzaken/collegas') : Promise.resolve([]),
  );
  const [collega, zetCollega] = useState('');
  const pad = `/api/signaalzaken/zaken/${z.id}`;
  const open = z.status !== 'afgesloten';
  const bereikt = z.contactpogingen.some((p) => p.bereikt);
  return (
    <section aria-labelledby="acties-titel">
      <Heading level={2} id="acties-titel">
        {T.zaken.acties}
      </Heading>
      {open && (
        <>
          <div className="sr-knoppen sr-links">
            {z.status === 'nieuw' && (
              <Button
                appearance="primary-action-button"
                onClick={() => void doe(() => api('POST', `${pad}/oppakken`, {}), T.zaken.opgepakt, 'oppakken')}
              >
                {T.zaken.oppakken}
              </Button>
            )}
            {z.behandelaarId !== g.id && z.status !== 'nieuw' && (
              <Button
                appearance="secondary-action-button"
                onClick={() =>
                  void doe(
                    () => api('POST', `${pad}/toewijzen`, { behandelaarId: g.id }),
                    T.zaken.aanMijToegewezen,
                    'oppakken',
                  )
                }
              >
                {T.zaken.aanMijToewijzen}
              </Button>
            )}
            {!z.crisis && g.organisatie.type === 'gemeente' && (
              <Button
                appearance="secondary-action-button"
                onClick={() => void doe(() => api('POST', `${pad}/crisis`), T.zaken.crisisGezet, 'oppakken')}
              >
                {T.zaken.crisisMarkeren}
              </Button>
            )}
          </div>
          <MeldingHier plek="oppakken" melding={melding} />
          {coordinator && collegas && collegas.length > 0 && (
            <form
              className="sr-formulier sr-rij"
              onSubmit={(e) => {
                e.preventDefault();
                const naam = collegas.find((x) => x.id === collega)?.naam;
                if (naam)
                  void doe(
                    () => api('POST', `${pad}/toewijzen`, { behandelaarId: collega }),
                    T.zaken.toegewezenAan(naam),
                    'toewijzen',
                  );
              }}
            >
              <FormField>
                <FormLabel htmlFor="zaak-collega">{T.zaken.toewijzenAan}</FormLabel>
                <Select id="zaak-collega" value={collega} onChange={(e) => zetCollega(e.target.value)}>
                  <SelectOption value="">{T.zaken.kiesCollega}</SelectOption>
                  {collegas.map((x) => (
                    <SelectOption key={x.id} value={x.id}>
                      {x.naam}
                    </SelectOption>
                  ))}
                </Select>
              </FormField>
              <Button type="submit" appearance="secondary-action-button" disabled={!collega}>
                {T.zaken.toewijzen}
              </Button>
            </form>
          )}
          <MeldingHier plek="toewijzen" melding={melding} />
          <Heading level={3}>{T.zaken.contactVastleggen}</Heading>
          <form
            className="sr-formulier"
            onSubmit={(e) => {
              e.preventDefault();
              void doe(() => api('POST', `${pad}/contactpogingen`, c), T.zaken.contactVastgelegd, 'contact').then(
                (ok) => {
                  // A new attempt starts unreached: "bereikt" must be ticked again, never carried over.
                  if (ok) zetC({ ...c, bereikt: false });
                },
              );
            }}
          >
            <FormField>
              <FormLabel htmlFor="contact-soort">{T.zaken.soort}</FormLabel>
              <Select id="contact-soort" value={c.soort} onChange={(e) => zetC({ ...c, soort: e.target.value })}>
                {CONTACTSOORTEN.map((s) => (
                  <SelectOption key={s} value={s}>
                    {s}
                  </SelectOption>
                ))}
              </Select>
            </FormField>
            <FormFieldTextbox
              label={T.zaken.datum}
              name="contact-datum"
              type="date"
              min={z.matchingsdatum}
              max={vandaag}
              value={c.datum}
              onChange={(e) => zetC({ ...c, datum: (e.target as HTMLInputElement).value })}
            />
            <FormField>
              <FormLabel htmlFor="contact-dagdeel">{T.zaken.dagdeel}</FormLabel>
              <Select id="contact-dagdeel" value={c.dagdeel} onChange={(e) => zetC({ ...c, dagdeel: e.target.value })}>
                {DAGDELEN.map((s) => (
                  <SelectOption key={s} value={s}>
                    {s}
                  </SelectOption>
                ))}
              </Select>
            </FormField>
            <FormField type="checkbox">
              <Checkbox
                id="contact-bereikt"
                checked={c.bereikt}
                onChange={(e) => zetC({ ...c, bereikt: e.target.checked })}
              />
              <FormLabel htmlFor="contact-bereikt" type="checkbox">
                {T.zaken.inwonerBereikt}
              </FormLabel>
            </FormField>
            <Button type="submit" appearance="secondary-action-button">
              {T.zaken.contactVastleggen}
            </Button>
          </form>
          <MeldingHier plek="contact" melding={melding} />
          {!z.hulpGeaccepteerdOp && (
            <>
              <Heading level={3}>{T.signalen.hulpGeaccepteerd}</Heading>
              {bereikt ? (
                <div className="sr-knoppen sr-links">
                  <Button
                    appearance="primary-action-button"
                    onClick={() => {
                      if (window.confirm(T.zaken.hulpVraag))
                        void doe(() => api('POST', `${pad}/hulp-geaccepteerd`, {}), T.zaken.hulpVastgelegd, 'hulp');
                    }}
                  >
                    {T.zaken.hulpGeaccepteerd}
                  </Button>
                </div>
              ) : (
                <Paragraph className="sr-uitleg">{T.zaken.hulpNaContact}</Paragraph>
              )}
            </>
          )}
          <MeldingHier plek="hulp" melding={melding} />
        </>
      )}
      <Heading level={3}>{T.zaken.notitie}</Heading>
      <form
        className="sr-formulier"
        onSubmit={(e) => {
          e.preventDefault();
          void doe(() => api('POST', `${pad}/notities`, { tekst: notitie }), T.zaken.notitieOpgeslagen, 'notitie').then(
            (ok) => {
              if (ok) zetNotitie('');
            },
          );
        }}
      >
        <FormField>
          <FormLabel htmlFor="zaak-notitie">{T.zaken.notitieLabel}</FormLabel>
          <Paragraph id="zaak-notitie-uitleg" className="sr-uitleg">
            {T.zaken.notitieUitleg}
          </Paragraph>
          <textarea
            id="zaak-notitie"
            className="sr-textarea sr-notitie"
            aria-describedby="zaak-notitie-uitleg"
            maxLength={2000}
            value={notitie}
            onChange={(e) => zetNotitie(e.target.value)}
          />
        </FormField>
        <Button type="submit" appearance="secondary-action-button" disabled={!notitie.trim()}>
          {T.zaken.notitieOpslaan}
        </Button>
      </form>
      <MeldingHier plek="notitie" melding={melding} />
      {open && (
        <>
          <Heading level={3}>{T.zaken.afsluiten}</Heading>
          <form
            className="sr-formulier"
            onSubmit={(e) => {
              e.preventDefault();
              if (window.confirm(T.zaken.afsluitenVraag(resultaat)))
                void doe(
                  () => api('POST', `${pad}/afsluiten`, { resultaat }),
                  T.zaken.afgeslotenMet(resultaat),
                  'afsluiten',
                );
            }}
          >
            <FormField>
              <FormLabel htmlFor="zaak-resultaat">{T.zaken.resultaat}</FormLabel>
              <Select id="zaak-resultaat" value={resultaat} onChange={(e) => zetResultaat(e.target.value)}>
                {EINDRESULTATEN.map((s) => (
                  <SelectOption key={s} value={s}>
                    {s}
                  </SelectOption>
                ))}
              </Select>
            </FormField>
            <div className="sr-knoppen sr-links">
              <Button type="submit" appearance="secondary-action-button">
                {T.zaken.afsluiten}
              </Button>
              <Button
                type="button"
                appearance="subtle-button"
                hint="danger"
                onClick={() => {
                  if (window.confirm(T.zaken.bezwaarVraag))
                    void doe(() => api('POST', `${pad}/bezwaar`), T.zaken.bezwaarVastgelegd, 'afsluiten');
                }}
              >
                {T.zaken.bezwaar}
              </Button>
            </div>
          </form>
        </>
      )}
      <MeldingHier plek="afsluiten" melding={melding} />
    </section>
  );
}
