import { useState } from 'react';
import { Button, FormField, FormLabel, Heading, Select, SelectOption } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { T } from '../../teksten.ts';
import type { Zaak } from './model.ts';
import type { Doe, PlekMelding } from './ZaakPagina.tsx';
import { MeldingHier } from './ZaakActies.tsx';
const WAARDE = { ja: true, nee: false, onbekend: null } as const;
const keuze = (w: boolean | null) => (w === true ? 'ja' : w === false ? 'nee' : 'onbekend');

/** Warm handover (DDAS warmeOverdracht): the worker records whether the partner handed the resident over in person. */
export function WarmeOverdracht({ zaak: z, doe, melding }: { zaak: Zaak; doe: Doe; melding: PlekMelding | undefined }) {
  const [w, zetW] = useState<keyof typeof WAARDE>(keuze(z.warmeOverdracht));
  return (
    <section aria-labelledby="warm-titel">
      <Heading level={2} id="warm-titel">
        {T.zaken.warm}
      </Heading>
      <form
        className="sr-formulier"
        onSubmit={(e) => {
          e.preventDefault();
          void doe(
            () => api('POST', `/api/signaalzaken/zaken/${z.id}/warme-overdracht`, { warmeOverdracht: WAARDE[w] }),
            T.zaken.warmVastgelegd,
            'warm',
          );
        }}
      >
        <FormField>
          <FormLabel htmlFor="warme-overdracht">{T.zaken.warmVraag}</FormLabel>
          <Select id="warme-overdracht" value={w} onChange={(e) => zetW(e.target.value as keyof typeof WAARDE)}>
            <SelectOption value="onbekend">{T.zaken.warmOnbekend}</SelectOption>
            <SelectOption value="ja">{T.algemeen.ja}</SelectOption>
            <SelectOption value="nee">{T.algemeen.nee}</SelectOption>
          </Select>
        </FormField>
        <Button type="submit" appearance="secondary-action-button">
          {T.zaken.warmOpslaan}
        </Button>
      </form>
      <MeldingHier plek="warm" melding={melding} />
    </section>
  );
}
