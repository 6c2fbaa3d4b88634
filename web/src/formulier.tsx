import { useEffect, useId, useRef, type ReactNode } from 'react';
import {
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Select,
} from '@utrecht/component-library-react';
import { ApiFout, foutTekst } from './api.ts';

/** Field errors by field name: the Dutch message shown at the field. */
export type Fouten = Partial<Record<string, string>>;

/**
 * After a submit with errors: focus the first invalid field (`poging` changes on each submit, so a second
 * failed submit focuses again). The fields carry aria-invalid and point at their message with aria-describedby.
 */
export function useFocusEersteFout(fouten: Fouten, poging: number) {
  const formulier = useRef<HTMLFormElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only after a submit (`poging`)
  useEffect(() => {
    if (Object.values(fouten).some(Boolean))
      formulier.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [poging]);
  return formulier;
}

/** A server refusal placed at a field: its `fouten[].veld` when it names one we show, else by the message's subject. */
export function serverFouten(
  e: unknown,
  velden: Record<string, RegExp>,
  standaard?: string,
): { fouten: Fouten; algemeen?: string } {
  const tekst = foutTekst(e);
  const fouten: Fouten = {};
  if (e instanceof ApiFout && e.fouten)
    for (const f of e.fouten) {
      const veld = f.veld in velden ? f.veld : f.veld === 'datums' ? standaard : undefined;
      if (veld && !fouten[veld]) fouten[veld] = f.melding;
    }
  if (Object.keys(fouten).length === 0) {
    const veld = Object.entries(velden).find(([, r]) => r.test(tekst))?.[0] ?? standaard;
    if (veld && e instanceof ApiFout && e.status === 400) fouten[veld] = tekst;
  }
  return Object.keys(fouten).length > 0 ? { fouten } : { fouten, algemeen: tekst };
}

/** A labelled select with its error at the field (aria-invalid, aria-describedby to the message). */
export function KeuzeVeld({
  label,
  waarde,
  onKies,
  fout,
  uitleg,
  children,
  id: gegevenId,
}: {
  label: string;
  waarde: string;
  onKies: (v: string) => void;
  fout?: string | undefined;
  uitleg?: string;
  children: ReactNode;
  id?: string;
}) {
  const eigenId = useId();
  const id = gegevenId ?? eigenId;
  const beschrijving = [uitleg ? `${id}-uitleg` : '', fout ? `${id}-fout` : ''].filter(Boolean).join(' ');
  return (
    <FormField invalid={!!fout}>
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>{label}</FormLabel>
      </div>
      {uitleg && <FormFieldDescription id={`${id}-uitleg`}>{uitleg}</FormFieldDescription>}
      {fout && <FormFieldErrorMessage id={`${id}-fout`}>{fout}</FormFieldErrorMessage>}
      <div className="utrecht-form-field__input">
        <Select
          id={id}
          value={waarde}
          invalid={!!fout}
          aria-describedby={beschrijving || undefined}
          onChange={(e) => onKies(e.target.value)}
        >
          {children}
        </Select>
      </div>
    </FormField>
  );
}
