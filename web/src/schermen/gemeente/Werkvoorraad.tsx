import { useState } from 'react';
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
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { AppLink } from '../../router.tsx';
import { LCV_SECTOREN, sectorLabel } from '../../sectoren.ts';
import { T } from '../../teksten.ts';
import { euro, Fout, Laden, toonDatum, useData } from '../../ui.tsx';
import { adres, type Wachtrij, type ZaakKern } from './model.ts';
import { useGebruiker } from '../../sessie.ts';
import { PauzeknopAanmeldingen } from '../pauzeknop/Aanmeldingen.tsx';

const PAUZEKNOP_ROLLEN = ['gemeente-medewerker', 'gemeente-coordinator', 'schuldhulpverlener'];

const PER_PAGINA = 50;

type Sortering = 'deadline' | 'naam' | 'straat' | 'bedrag' | 'ontvangen';
type Termijn = '' | 'te-laat' | 'vandaag' | 'binnen-3-dagen';
interface Filters {
  status: string;
  sector: string;
  behandelaar: '' | 'ik' | 'niemand';
  crisis: boolean;
  terugval: boolean;
  termijn: Termijn;
  zoek: string;
}
const GEEN_FILTERS: Filters = {
  status: 'open',
  sector: '',
  behandelaar: '',
  crisis: false,
  terugval: false,
  termijn: '',
  zoek: '',
};

/** The query string of the queue API for the chosen filters, order and page. */
export function wachtrijQuery(f: Filters, sorteer: Sortering, aflopend: boolean, pagina: number): string {
  const q = new URLSearchParams();
  if (['open', 'afgesloten', 'alle'].includes(f.status)) q.set('filter', f.status);
  else {
    q.set('filter', 'alle');
    q.set('status', f.status);
  }
  if (f.sector) q.set('sector', f.sector);
  if (f.behandelaar) q.set('behandelaar', f.behandelaar);
  if (f.crisis) q.set('crisis', 'true');
  if (f.terugval) q.set('terugval', 'true');
  if (f.termijn) q.set('termijn', f.termijn);
  if (f.zoek.trim()) q.set('zoek', f.zoek.trim());
  q.set('sorteer', sorteer);
  if (aflopend) q.set('aflopend', 'true');
  q.set('limit', String(PER_PAGINA));
  q.set('offset', String(pagina * PER_PAGINA));
  return q.toString();
}

/** Days left as words and a colour class: overdue, today, within 3 days; text carries the meaning, not colour alone. */
export function termijnTekst(z: Pick<ZaakKern, 'dagenOver' | 'eersteActieOp' | 'status'>): {
  tekst: string;
  soort: 'te-laat' | 'vandaag' | 'kort' | 'normaal' | 'klaar';
} {
  if (z.eersteActieOp || z.status === 'afgesloten') return { tekst: T.zaken.termijnGehaald, soort: 'klaar' };
  const d = z.dagenOver;
  if (d < 0) return { tekst: T.zaken.dagenTeLaat(-d), soort: 'te-laat' };
  if (d === 0) return { tekst: T.zaken.vandaagKort, soort: 'vandaag' };
  return { tekst: T.zaken.nogDagen(d), soort: d <= 3 ? 'kort' : 'normaal' };
}

/** The work queue: search, filters, sortable columns, the count cards as filters, pages of 50 from the server. */
export function Werkvoorraad() {
  const [invoer, zetInvoer] = useState<Filters>(GEEN_FILTERS);
  const [f, zetF] = useState<Filters>(GEEN_FILTERS);
  const [sorteer, zetSorteer] = useState<Sortering>('deadline');
  const [aflopend, zetAflopend] = useState(false);
  const [pagina, zetPagina] = useState(0);
  const query = wachtrijQuery(f, sorteer, aflopend, pagina);
  const { data, fout } = useData(() => api<Wachtrij>('GET', `/api/signaalzaken/zaken?${query}`), query);
  const t = data?.tellingen;
  const g = useGebruiker();
  // The municipality's own Pauzeknop registrations (residents who asked for help themselves): a list of their own.
  const pauzeknop = g.organisatie.type === 'gemeente' && PAUZEKNOP_ROLLEN.includes(g.rol);

  const pas = (nieuw: Filters) => {
    zetInvoer(nieuw);
    zetF(nieuw);
    zetPagina(0);
  };
  const kaart = (naam: string, getal: number, actief: boolean, filter: Partial<Filters>) => (
    <Button
      appearance="secondary-action-button"
      className={`sr-kaart sr-kaart-knop${actief ? ' sr-kaart-actief' : ''}`}
      aria-pressed={actief}
      onClick={() => pas({ ...GEEN_FILTERS, zoek: f.zoek, ...(actief ? {} : filter) })}
    >
      <span className="sr-getal">{getal}</span>
      {naam}
    </Button>
  );
  const kop = (s: Sortering, tekst: string) => {
    const actief = sorteer === s;
    return (
      <TableHeaderCell scope="col" aria-sort={actief ? (aflopend ? 'descending' : 'ascending') : undefined}>
        <button
          type="button"
          className="sr-sorteer"
          onClick={() => {
            zetAflopend(actief ? !aflopend : false);
            zetSorteer(s);
            zetPagina(0);
          }}
        >
          {tekst}
          <span aria-hidden="true">{actief ? (aflopend ? ' ▼' : ' ▲') : ' ↕'}</span>
          <span className="sr-onzichtbaar">{T.zaken.sorteerOp}</span>
        </button>
      </TableHeaderCell>
    );
  };
  const van = pagina * PER_PAGINA + 1;
  const tot = data ? pagina * PER_PAGINA + data.zaken.length : 0;

  return (
    <>
      <Heading level={1}>{T.zaken.titel}</Heading>
      <Paragraph>{T.zaken.uitleg}</Paragraph>
      <Fout fout={fout} />
      {t && (
        <div className="sr-kaarten">
          {kaart(T.zaken.open, t.open, f.status === 'open' && !f.termijn && !f.terugval && !f.behandelaar, {})}
          {kaart(T.zaken.teLaat, t.teLaat, f.termijn === 'te-laat', { termijn: 'te-laat' })}
          {kaart(T.zaken.vandaag, t.vandaag, f.termijn === 'vandaag', { termijn: 'vandaag' })}
          {kaart(T.zaken.terugval, t.terugval, f.terugval, { terugval: true })}
        </div>
      )}
      <form
        className="sr-filters"
        role="search"
        aria-label={T.zaken.zoekenEnFilteren}
        onSubmit={(e) => {
          e.preventDefault();
          pas(invoer);
        }}
      >
        <FormFieldTextbox
          label={T.zaken.zoek}
          description={T.zaken.zoekUitleg}
          name="zoek"
          type="search"
          value={invoer.zoek}
          onChange={(e) => zetInvoer({ ...invoer, zoek: (e.target as HTMLInputElement).value })}
        />
        <FormField>
          <FormLabel htmlFor="zaak-filter">{T.trajecten.status}</FormLabel>
          <Select id="zaak-filter" value={invoer.status} onChange={(e) => pas({ ...invoer, status: e.target.value })}>
            <SelectOption value="open">{T.zaken.filterOpen}</SelectOption>
            <SelectOption value="nieuw">{T.zaken.statussen.nieuw}</SelectOption>
            <SelectOption value="opgepakt">{T.zaken.statussen.opgepakt}</SelectOption>
            <SelectOption value="contact">{T.zaken.statussen.contact}</SelectOption>
            <SelectOption value="afgesloten">{T.zaken.filterAfgesloten}</SelectOption>
            <SelectOption value="alle">{T.zaken.filterAlle}</SelectOption>
          </Select>
        </FormField>
        <FormField>
          <FormLabel htmlFor="zaak-sector">{T.signalen.sector}</FormLabel>
          <Select id="zaak-sector" value={invoer.sector} onChange={(e) => pas({ ...invoer, sector: e.target.value })}>
            <SelectOption value="">{T.zaken.alleSectoren}</SelectOption>
            {LCV_SECTOREN.map((s) => (
              <SelectOption key={s} value={s}>
                {sectorLabel(s)}
              </SelectOption>
            ))}
          </Select>
        </FormField>
        <FormField>
          <FormLabel htmlFor="zaak-behandelaar">{T.zaken.behandelaar}</FormLabel>
          <Select
            id="zaak-behandelaar"
            value={invoer.behandelaar}
            onChange={(e) => pas({ ...invoer, behandelaar: e.target.value as Filters['behandelaar'] })}
          >
            <SelectOption value="">{T.zaken.iedereen}</SelectOption>
            <SelectOption value="ik">{T.zaken.mijnZaken}</SelectOption>
            <SelectOption value="niemand">{T.zaken.nietToegewezen}</SelectOption>
          </Select>
        </FormField>
        <FormField type="checkbox">
          <Checkbox
            id="zaak-crisis"
            checked={invoer.crisis}
            onChange={(e) => pas({ ...invoer, crisis: e.target.checked })}
          />
          <FormLabel htmlFor="zaak-crisis" type="checkbox">
            {T.zaken.alleenCrisis}
          </FormLabel>
        </FormField>
        <FormField type="checkbox">
          <Checkbox
            id="zaak-terugval"
            checked={invoer.terugval}
            onChange={(e) => pas({ ...invoer, terugval: e.target.checked })}
          />
          <FormLabel htmlFor="zaak-terugval" type="checkbox">
            {T.zaken.alleenTerugval}
          </FormLabel>
        </FormField>
        <div className="sr-knoppen sr-links">
          <Button type="submit" appearance="primary-action-button">
            {T.signalen.zoeken}
          </Button>
          <Button type="button" appearance="subtle-button" onClick={() => pas(GEEN_FILTERS)}>
            {T.zaken.wisFilters}
          </Button>
        </div>
      </form>
      {!data && !fout && <Laden />}
      {data && (
        <>
          <Paragraph role="status">
            {data.totaal === 0 ? T.zaken.geenZaken : T.zaken.bereik(van, tot, data.totaal)}
          </Paragraph>
          {data.zaken.length > 0 && (
            <div className="sr-tabel">
              <Table>
                <TableCaption>{T.zaken.titel}</TableCaption>
                <TableHeader>
                  <TableRow>
                    {kop('naam', T.zaken.naam)}
                    {kop('straat', T.zaken.adres)}
                    {kop('bedrag', T.zaken.bedragSector)}
                    {kop('deadline', T.zaken.dagenOver)}
                    <TableHeaderCell scope="col">{T.zaken.status}</TableHeaderCell>
                    <TableHeaderCell scope="col">{T.zaken.behandelaar}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {data.zaken.map((z) => {
                    const termijn = termijnTekst(z);
                    const bijzonder = [
                      z.crisis && T.zaken.crisis,
                      z.terugval && T.zaken.terugvalKort,
                      z.stopVerzocht && T.zaken.stop,
                      z.hulpGeaccepteerdOp && T.signalen.hulpGeaccepteerd,
                    ].filter(Boolean);
                    return (
                      <TableRow key={z.id}>
                        <TableCell>
                          <AppLink href={`/zaken/${z.id}`}>
                            {z.naam ? `${z.voorletters ? `${z.voorletters} ` : ''}${z.naam}` : T.zaken.zaak}
                          </AppLink>
                          {bijzonder.length > 0 && <div className="sr-uitleg">{bijzonder.join(' · ')}</div>}
                        </TableCell>
                        <TableCell>{adres(z)}</TableCell>
                        <TableCell>
                          {euro(z.bedragAchterstand)}
                          <div className="sr-uitleg">{z.sectoren.map(sectorLabel).join(', ')}</div>
                        </TableCell>
                        <TableCell>
                          <span className={`sr-termijn sr-termijn-${termijn.soort}`}>{termijn.tekst}</span>
                          <div className="sr-uitleg">{toonDatum(z.deadline)}</div>
                        </TableCell>
                        <TableCell>{T.zaken.statussen[z.status] ?? z.status}</TableCell>
                        <TableCell>{z.behandelaarNaam ?? T.zaken.nietToegewezenKort}</TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </div>
          )}
          {data.totaal > PER_PAGINA && (
            <nav aria-label={T.zaken.paginas} className="sr-knoppen sr-links">
              <Button
                appearance="secondary-action-button"
                disabled={pagina === 0}
                onClick={() => zetPagina(pagina - 1)}
              >
                {T.zaken.vorige}
              </Button>
              <Paragraph>{T.zaken.pagina(pagina + 1, Math.ceil(data.totaal / PER_PAGINA))}</Paragraph>
              <Button
                appearance="secondary-action-button"
                disabled={tot >= data.totaal}
                onClick={() => zetPagina(pagina + 1)}
              >
                {T.zaken.volgende}
              </Button>
            </nav>
          )}
        </>
      )}
      {pauzeknop && <PauzeknopAanmeldingen />}
    </>
  );
}
