import { useState } from 'react';
import {
  Button,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { type Antwoord, api, bestandstype, foutTekst, titelUit, upload } from '../../api.ts';
import { T } from '../../teksten.ts';
import { adres } from '../gemeente/model.ts';
import {
  BestandUpload,
  euro,
  Fout,
  Laden,
  Melding,
  Tabel,
  toonDatum,
  toonDatumTijd,
  useData,
  Voortgang,
} from '../../ui.tsx';

/** Only what the partner may see (the API's type): status and, with help accepted, its date and the suspension end. */
export type Signaal = Antwoord<'/api/vroegsignalen/signalen'>[number];

export function terugkoppelingTekst(s: Signaal): string {
  const tot = s.opschortingTot;
  if (s.status !== 'hulp-geaccepteerd') return '–';
  return tot
    ? `${T.signalen.hulpGeaccepteerd}, ${T.signalen.opgeschortTot(toonDatum(tot))}`
    : T.signalen.hulpGeaccepteerd;
}

const PER_PAGINA = 50;
const FILTERVELDEN = ['status', 'gemeentecode', 'van', 'tot', 'klantnummer', 'sorteer'] as const;
type Filters = Partial<Record<(typeof FILTERVELDEN)[number], string>>;

/** The filters from the address (the home page links to e.g. /signalen?status=hulp-geaccepteerd). */
function filtersUitAdres(): Filters {
  const q = new URLSearchParams(location.search);
  const f: Filters = {};
  for (const k of FILTERVELDEN) {
    const v = q.get(k);
    if (v) f[k] = v;
  }
  return f;
}
const queryVan = (f: Filters) => {
  const q = new URLSearchParams();
  for (const k of FILTERVELDEN) if (f[k]) q.set(k, f[k]!);
  return q.toString();
};

export function MijnSignalen() {
  const [versie, zetVersie] = useState(0);
  const [invoer, zetInvoer] = useState<Filters>(filtersUitAdres);
  const [filter, zetFilter] = useState<Filters>(filtersUitAdres);
  const [pagina, zetPagina] = useState(0);
  const q = queryVan(filter);
  const { data, fout } = useData(
    () =>
      Promise.all([
        api<Signaal[]>('GET', `/api/vroegsignalen/signalen?limit=${PER_PAGINA}&offset=${pagina * PER_PAGINA}&${q}`),
        api<{ totaal: number }>('GET', `/api/vroegsignalen/signalen/aantallen?${queryVan({ ...filter, sorteer: '' })}`),
      ]),
    `${versie}-${q}-${pagina}`,
  );
  const { data: convenanten } = useData(() =>
    api<Array<{ gemeentecode: string; gemeentenaam: string }>>('GET', '/api/partners/convenanten'),
  );
  const gemeenten = [...new Map((convenanten ?? []).map((c) => [c.gemeentecode, c.gemeentenaam])).entries()].sort(
    (a, b) => a[1].localeCompare(b[1], 'nl'),
  );
  const pasToe = (f: Filters) => {
    zetFilter(f);
    zetPagina(0);
    const qs = queryVan(f);
    history.replaceState(null, '', `${location.pathname}${qs ? `?${qs}` : ''}`);
  };
  const kies = (k: keyof Filters, label: string, opties: Array<[string, string]>) => (
    <FormField>
      <FormLabel htmlFor={`filter-${k}`}>{label}</FormLabel>
      <Select
        id={`filter-${k}`}
        value={invoer[k] ?? ''}
        onChange={(e) => zetInvoer({ ...invoer, [k]: e.target.value })}
      >
        {opties.map(([w, t]) => (
          <SelectOption key={w} value={w}>
            {t}
          </SelectOption>
        ))}
      </Select>
    </FormField>
  );
  const lijst = data?.[0];
  const totaal = data?.[1].totaal ?? 0;
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const [fractie, zetFractie] = useState<number>();

  const trekIn = async (s: Signaal) => {
    if (!window.confirm(T.signalen.intrekkenVraag)) return;
    try {
      const r = await api<{ resultaat: string }>('DELETE', `/api/vroegsignalen/signalen/${s.id}`);
      zetMelding({ soort: 'ok', tekst: T.signalen.ingetrokken(r.resultaat) });
      zetVersie((v) => v + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  const bulk = async (f: File) => {
    zetMelding(undefined);
    zetFractie(0);
    try {
      const r = await upload('/api/vroegsignalen/intrekkingen', f, zetFractie, bestandstype(f));
      if (r.status !== 200) {
        zetMelding({ soort: 'error', tekst: titelUit(r.tekst) });
        return;
      }
      const u = JSON.parse(r.tekst) as Antwoord<'/api/vroegsignalen/intrekkingen', 'post'>;
      const extra = u.afgewezen.map((a) => ` ${T.signalen.regel} ${a.regel}: ${a.reden}.`).join('');
      zetMelding({
        soort: 'ok',
        tekst: T.signalen.bulkResultaat(u.ingetrokken, u.nietGevonden.length) + extra,
      });
      zetVersie((v) => v + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    } finally {
      zetFractie(undefined);
    }
  };

  return (
    <>
      <Heading level={1}>{T.signalen.lijstTitel}</Heading>
      <Paragraph>{T.signalen.lijstUitleg}</Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <form
        className="sr-formulier sr-rij"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          pasToe({ ...invoer, klantnummer: invoer.klantnummer?.trim() ?? '' });
        }}
      >
        <FormFieldTextbox
          label={T.signalen.zoekKlant}
          name="klantnummer"
          value={invoer.klantnummer ?? ''}
          onChange={(e) => zetInvoer({ ...invoer, klantnummer: (e.target as HTMLInputElement).value })}
        />
        {kies('status', T.signalen.filterStatus, [
          ['', T.signalen.filterAlle],
          ['ontvangen', T.signalen.filterOntvangen],
          ['hulp-geaccepteerd', T.signalen.filterHulp],
        ])}
        {kies('gemeentecode', T.signalen.filterGemeente, [['', T.signalen.filterAlleGemeenten], ...gemeenten])}
        <FormFieldTextbox
          label={T.signalen.filterVan}
          name="van"
          type="date"
          value={invoer.van ?? ''}
          onChange={(e) => zetInvoer({ ...invoer, van: (e.target as HTMLInputElement).value })}
        />
        <FormFieldTextbox
          label={T.signalen.filterTot}
          name="tot"
          type="date"
          value={invoer.tot ?? ''}
          onChange={(e) => zetInvoer({ ...invoer, tot: (e.target as HTMLInputElement).value })}
        />
        {kies('sorteer', T.signalen.sorteer, Object.entries(T.signalen.sorteringen))}
        <Button type="submit" appearance="secondary-action-button">
          {T.signalen.zoeken}
        </Button>
        <Button
          type="button"
          appearance="subtle-button"
          onClick={() => {
            zetInvoer({});
            pasToe({});
          }}
        >
          {T.signalen.wisFilters}
        </Button>
      </form>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Paragraph aria-live="polite">
          {T.signalen.aantalGevonden(
            totaal,
            Math.min(totaal, pagina * PER_PAGINA + 1),
            Math.min(totaal, (pagina + 1) * PER_PAGINA),
          )}
        </Paragraph>
      )}
      {lijst && (
        <Tabel
          titel={T.signalen.lijstTitel}
          koppen={[
            T.signalen.klantnummer,
            T.signalen.adres,
            T.signalen.sector,
            T.signalen.achterstand,
            T.signalen.ontvangen,
            T.signalen.status,
            T.signalen.terugkoppeling,
            T.algemeen.acties,
          ]}
          rijen={lijst.map((s) => [
            s.klantnummer ?? '–',
            adres(s),
            s.sector,
            T.signalen.achterstandTekst(euro(s.bedragAchterstand), s.aantalMaandenAchterstand),
            toonDatumTijd(s.ontvangenOp),
            T.signalen.statusTekst[s.status] ?? s.status,
            terugkoppelingTekst(s),
            s.status === 'ontvangen' ? (
              <Button
                appearance="subtle-button"
                hint="danger"
                onClick={() => void trekIn(s)}
                aria-label={`${T.signalen.intrekken}: ${s.klantnummer ?? s.postcode}`}
              >
                {T.signalen.intrekken}
              </Button>
            ) : (
              '–'
            ),
          ])}
        />
      )}
      {totaal > PER_PAGINA && (
        <nav className="sr-rij" aria-label={T.signalen.lijstTitel}>
          <Button appearance="subtle-button" disabled={pagina === 0} onClick={() => zetPagina((p) => p - 1)}>
            {T.signalen.vorige}
          </Button>
          <Button
            appearance="subtle-button"
            disabled={(pagina + 1) * PER_PAGINA >= totaal}
            onClick={() => zetPagina((p) => p + 1)}
          >
            {T.signalen.volgende}
          </Button>
        </nav>
      )}
      <Heading level={2}>{T.signalen.bulkTitel}</Heading>
      <BestandUpload
        label={T.algemeen.bestand}
        uitleg={T.signalen.bulkUitleg}
        bezig={fractie !== undefined}
        onUpload={(f) => void bulk(f)}
      />
      {fractie !== undefined && <Voortgang fractie={fractie} />}
    </>
  );
}
