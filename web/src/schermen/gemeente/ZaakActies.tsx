import { useState } from 'react';
import {
  Button,
  Checkbox,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { useGebruiker } from '../../sessie.ts';
import { T } from '../../teksten.ts';
import { vandaag as vandaagNl } from '../../datum.ts';
import { CONTACTSOORTEN, DAGDELEN, EINDRESULTATEN, type Zaak } from './model.ts';

type Doe = (f: () => Promise<unknown>, tekst: string) => Promise<void>;

/** The actions on an open case, in the order of the work: pick up, contact, help accepted, close. */
export function ZaakActies({ zaak: z, doe }: { zaak: Zaak; doe: Doe }) {
  const g = useGebruiker();
  const vandaag = vandaagNl();
  const [c, zetC] = useState({ soort: 'Telefoon', bereikt: false, datum: vandaag, dagdeel: 'Ochtend' });
  const [resultaat, zetResultaat] = useState<string>(EINDRESULTATEN[0]);
  const pad = `/api/signaalzaken/zaken/${z.id}`;
  return (
    <section aria-labelledby="acties-titel">
      <Heading level={2} id="acties-titel">
        {T.zaken.acties}
      </Heading>
      <div className="sr-knoppen sr-links">
        {z.status === 'nieuw' && (
          <Button
            appearance="primary-action-button"
            onClick={() => void doe(() => api('POST', `${pad}/oppakken`, {}), T.zaken.opgepakt)}
          >
            {T.zaken.oppakken}
          </Button>
        )}
        {!z.crisis && g.organisatie.type === 'gemeente' && (
          <Button
            appearance="secondary-action-button"
            onClick={() => void doe(() => api('POST', `${pad}/crisis`), T.zaken.crisisGezet)}
          >
            {T.zaken.crisisMarkeren}
          </Button>
        )}
      </div>
      <Heading level={3}>{T.zaken.contactVastleggen}</Heading>
      <form
        className="sr-formulier"
        onSubmit={(e) => {
          e.preventDefault();
          void doe(() => api('POST', `${pad}/contactpogingen`, c), T.zaken.contactVastgelegd);
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
      {!z.hulpGeaccepteerdOp && (
        <div className="sr-knoppen sr-links">
          <Button
            appearance="primary-action-button"
            onClick={() => void doe(() => api('POST', `${pad}/hulp-geaccepteerd`, {}), T.zaken.hulpVastgelegd)}
          >
            {T.zaken.hulpGeaccepteerd}
          </Button>
        </div>
      )}
      <Heading level={3}>{T.zaken.afsluiten}</Heading>
      <form
        className="sr-formulier"
        onSubmit={(e) => {
          e.preventDefault();
          void doe(() => api('POST', `${pad}/afsluiten`, { resultaat }), T.zaken.afgesloten);
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
                void doe(() => api('POST', `${pad}/bezwaar`), T.zaken.bezwaarVastgelegd);
            }}
          >
            {T.zaken.bezwaar}
          </Button>
        </div>
      </form>
    </section>
  );
}
