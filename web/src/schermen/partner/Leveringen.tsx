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
import { type Antwoord, api } from '../../api.ts';
import { AppLink } from '../../router.tsx';
import { Fout, Laden, Tabel, toonDatumTijd, useData } from '../../ui.tsx';
import { TV } from './teksten-leveringen.ts';

type Levering = Antwoord<'/api/vroegsignalen/leveringen'>[number];
const PER_PAGINA = 25;

/** The status filter from the address, so a link can open e.g. only the deliveries with rejected rows. */
const statusUitAdres = () => new URLSearchParams(location.search).get('status') ?? '';

/** Every upload, SFTP file and API batch of the own organisation, newest first; each opens its kept report. */
export function Leveringen() {
  const [invoer, zetInvoer] = useState(statusUitAdres);
  const [status, zetStatus] = useState(statusUitAdres);
  const [pagina, zetPagina] = useState(0);
  const filter = status ? `status=${encodeURIComponent(status)}` : '';
  const { data, fout } = useData(
    () =>
      Promise.all([
        api<Levering[]>(
          'GET',
          `/api/vroegsignalen/leveringen?limit=${PER_PAGINA}&offset=${pagina * PER_PAGINA}&${filter}`,
        ),
        api<{ totaal: number }>('GET', `/api/vroegsignalen/leveringen/aantallen?${filter}`),
      ]),
    `${filter}-${pagina}`,
  );
  const totaal = data?.[1].totaal ?? 0;
  const pasToe = (s: string) => {
    zetStatus(s);
    zetPagina(0);
    history.replaceState(null, '', `${location.pathname}${s ? `?status=${encodeURIComponent(s)}` : ''}`);
  };

  return (
    <>
      <Heading level={1}>{TV.titel}</Heading>
      <Paragraph>{TV.uitleg}</Paragraph>
      <form
        className="sr-formulier sr-rij"
        onSubmit={(e) => {
          e.preventDefault();
          pasToe(invoer);
        }}
      >
        <FormField>
          <FormLabel htmlFor="filter-levering-status">{TV.filterStatus}</FormLabel>
          <Select id="filter-levering-status" value={invoer} onChange={(e) => zetInvoer(e.target.value)}>
            <SelectOption value="">{TV.alle}</SelectOption>
            {Object.entries(TV.statussen).map(([w, t]) => (
              <SelectOption key={w} value={w}>
                {t}
              </SelectOption>
            ))}
          </Select>
        </FormField>
        <Button type="submit" appearance="secondary-action-button">
          {TV.tonen}
        </Button>
      </form>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Paragraph aria-live="polite">
          {TV.gevonden(totaal, Math.min(totaal, pagina * PER_PAGINA + 1), Math.min(totaal, (pagina + 1) * PER_PAGINA))}
        </Paragraph>
      )}
      {data && data[0].length > 0 && (
        <Tabel
          titel={TV.titel}
          koppen={[TV.ontvangen, TV.kanaal, TV.bestand, TV.regels, TV.geaccepteerd, TV.afgewezen, TV.status]}
          rijen={data[0].map((l) => [
            // The moment names the delivery: it is the link to its report.
            <AppLink key={l.id} href={`/signalen/leveringen/${l.id}`}>
              {toonDatumTijd(l.ontvangenOp)}
            </AppLink>,
            TV.kanalen[l.bron] ?? l.bron,
            l.bestandsnaam ?? TV.geenBestand,
            l.regels,
            l.geaccepteerd,
            l.afgewezen,
            TV.statussen[l.status] ?? l.status,
          ])}
        />
      )}
      {totaal > PER_PAGINA && (
        <nav className="sr-rij" aria-label={TV.paginas}>
          <Button appearance="subtle-button" disabled={pagina === 0} onClick={() => zetPagina((p) => p - 1)}>
            {TV.vorige}
          </Button>
          <Button
            appearance="subtle-button"
            disabled={(pagina + 1) * PER_PAGINA >= totaal}
            onClick={() => zetPagina((p) => p + 1)}
          >
            {TV.volgende}
          </Button>
        </nav>
      )}
    </>
  );
}
