import { Checkbox, Fieldset, FieldsetLegend, FormField, FormLabel, Paragraph } from '@utrecht/component-library-react';
import { TL } from './teksten-levensloop.ts';

/** The four steps of socially responsible collection (LCV art. 2.1), as the API names them. */
export const MVI_STAPPEN = ['herinnering', 'contactGezocht', 'schuldhulpGenoemd', 'overdrachtAangeboden'] as const;
export type MviStap = (typeof MVI_STAPPEN)[number];
export type Mvi = Record<MviStap, boolean>;
export const geenMvi = (): Mvi => ({
  herinnering: false,
  contactGezocht: false,
  schuldhulpGenoemd: false,
  overdrachtAangeboden: false,
});
export const alleMvi = (m: Mvi) => MVI_STAPPEN.every((k) => m[k]);

/** The attestation: one checkbox per step, for one signal or a whole file. */
export function MviVerklaring({
  id,
  waarde,
  uitleg,
  onWijzig,
}: {
  id: string;
  waarde: Mvi;
  uitleg: string;
  onWijzig: (m: Mvi) => void;
}) {
  return (
    <Fieldset>
      <FieldsetLegend>{TL.mvi.titel}</FieldsetLegend>
      <Paragraph>{uitleg}</Paragraph>
      {MVI_STAPPEN.map((k) => (
        <FormField type="checkbox" key={k}>
          <Checkbox
            id={`${id}-${k}`}
            checked={waarde[k]}
            onChange={(e) => onWijzig({ ...waarde, [k]: e.target.checked })}
          />
          <FormLabel htmlFor={`${id}-${k}`} type="checkbox">
            {TL.mvi[k]}
          </FormLabel>
        </FormField>
      ))}
    </Fieldset>
  );
}
