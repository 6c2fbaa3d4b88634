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
import { Melding, Tabel } from '../../ui.tsx';
import { TL } from './teksten-levensloop.ts';

interface Convenant {
  gemeentecode: string;
  gemeentenaam: string;
  status: string;
}

/** After registering: add a municipality (a new agreement) or remove one (its agreement is terminated). */
export function GemeentenWijzigen({
  gemeenten,
  convenanten,
  klein,
  onGewijzigd,
}: {
  gemeenten: Array<{ gemeentecode: string; naam: string }>;
  convenanten: Convenant[];
  klein: boolean;
  onGewijzigd: () => void;
}) {
  const lopend = convenanten.filter((c) => c.status !== 'beeindigd');
  const bezet = new Set(lopend.map((c) => c.gemeentecode));
  const kiesbaar = gemeenten.filter((g) => !bezet.has(g.gemeentecode));
  const [keuze, zetKeuze] = useState('');
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();

  const wijzig = async (body: { toevoegen?: string[]; verwijderen?: string[] }, gelukt: string) => {
    try {
      await api('POST', '/api/partners/aanmelding/gemeenten', body);
      zetMelding({ soort: 'ok', tekst: gelukt });
      zetKeuze('');
      onGewijzigd();
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  const naam = (code: string) => gemeenten.find((g) => g.gemeentecode === code)?.naam ?? code;

  return (
    <section aria-labelledby="gemeenten-wijzigen">
      <Heading level={2} id="gemeenten-wijzigen">
        {TL.gemeenten.titel}
      </Heading>
      <Paragraph>{klein ? TL.gemeenten.uitlegKlein : TL.gemeenten.uitleg}</Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <form
        className="sr-formulier"
        onSubmit={(e) => {
          e.preventDefault();
          if (keuze) void wijzig({ toevoegen: [keuze] }, TL.gemeenten.toegevoegd(naam(keuze)));
        }}
      >
        <FormField>
          <FormLabel htmlFor="gemeente-toevoegen">{TL.gemeenten.kies}</FormLabel>
          <Select id="gemeente-toevoegen" value={keuze} onChange={(e) => zetKeuze(e.target.value)}>
            <SelectOption value="">–</SelectOption>
            {kiesbaar.map((g) => (
              <SelectOption key={g.gemeentecode} value={g.gemeentecode}>
                {g.naam}
              </SelectOption>
            ))}
          </Select>
        </FormField>
        <Button type="submit" appearance="primary-action-button" disabled={!keuze}>
          {TL.gemeenten.toevoegen}
        </Button>
      </form>
      <Tabel
        titel={TL.gemeenten.huidig}
        koppen={[TL.gemeenten.huidig, '']}
        rijen={lopend.map((c) => [
          `${c.gemeentenaam} (${c.gemeentecode})`,
          <Button
            key={c.gemeentecode}
            appearance="secondary-action-button"
            aria-label={`${TL.gemeenten.verwijderen}: ${c.gemeentenaam}`}
            onClick={() => {
              if (window.confirm(TL.gemeenten.bevestig(c.gemeentenaam)))
                void wijzig({ verwijderen: [c.gemeentecode] }, TL.gemeenten.verwijderd(c.gemeentenaam));
            }}
          >
            {TL.gemeenten.verwijderen}
          </Button>,
        ])}
      />
    </section>
  );
}
