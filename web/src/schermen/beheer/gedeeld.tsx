import { useEffect, useRef } from 'react';
import { Button, FormField, FormLabel, Select, SelectOption } from '@utrecht/component-library-react';
import { T } from '../../teksten.ts';
import { Melding } from '../../ui.tsx';

/** Building blocks shared by the operator screens. */
export interface Organisatie {
  id: string;
  naam: string;
  type: string;
  status: string;
  aansluitfase: string;
}

/** A labelled choice of organisation; with `alle`, an empty value means every organisation. */
export function OrganisatieKeuze({
  id,
  organisaties,
  waarde,
  onChange,
  alle = false,
}: {
  id: string;
  organisaties: Organisatie[];
  waarde: string;
  onChange: (id: string) => void;
  alle?: boolean;
}) {
  const label = alle ? T.beheerKeuze.filter : T.beheerKeuze.organisatie;
  return (
    <FormField>
      <FormLabel htmlFor={id}>{label}</FormLabel>
      <Select id={id} value={waarde} onChange={(e) => onChange(e.target.value)}>
        {alle && <SelectOption value="">{T.beheerKeuze.alle}</SelectOption>}
        {organisaties.map((o) => (
          <SelectOption key={o.id} value={o.id}>
            {o.naam}
          </SelectOption>
        ))}
      </Select>
    </FormField>
  );
}

export interface Geheimen {
  email?: string;
  wachtwoord?: string;
  totpGeheim?: string;
  totpUri?: string;
  herstelcodes?: string[];
}

/** Secrets handed out once (a new user, a TOTP reset, new recovery codes), with a clear warning. */
export function EenmaligeGeheimen({ geheimen, onSluit }: { geheimen: Geheimen; onSluit: () => void }) {
  const ref = useRef<HTMLElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll into view each time new secrets are shown
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [geheimen]);
  const rij = (label: string, waarde: string | undefined) =>
    waarde && (
      <>
        <dt>{label}</dt>
        <dd>
          <span className="sr-code">{waarde}</span>
        </dd>
      </>
    );
  return (
    <section className="sr-eenmalig" ref={ref}>
      <Melding soort="warning">{T.eenmalig.waarschuwing}</Melding>
      <dl className="sr-gegevens">
        {rij(T.eenmalig.email, geheimen.email)}
        {rij(T.eenmalig.wachtwoord, geheimen.wachtwoord)}
        {rij(T.eenmalig.totpGeheim, geheimen.totpGeheim)}
        {rij(T.eenmalig.totpUri, geheimen.totpUri)}
        {geheimen.herstelcodes && (
          <>
            <dt>{T.eenmalig.herstelcodes}</dt>
            <dd>
              <ul className="sr-codes">
                {geheimen.herstelcodes.map((c) => (
                  <li key={c} className="sr-code">
                    {c}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <Button appearance="secondary-action-button" onClick={onSluit}>
        {T.eenmalig.sluiten}
      </Button>
    </section>
  );
}
