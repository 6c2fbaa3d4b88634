import { useRef, useState } from 'react';
import { Button, FormFieldTextbox, Heading, Paragraph, SelectOption } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { T } from '../../teksten.ts';
import { useGebruiker } from '../../sessie.ts';
import { Fout, Laden, Tabel, toonDatumTijd, useData } from '../../ui.tsx';
import { KeuzeVeld } from '../../formulier.tsx';
import { TB } from './teksten-beheer.ts';

interface Regel {
  id: number;
  volgnr: number | null;
  tijdstip: string;
  actie: string;
  onderwerp: string | null;
  wie: string;
  organisatie: string | null;
  actieTekst: string;
  resultaatTekst: string;
  referentie: string | null;
}
type Label = { code: string; label: string };
const AANTAL = 50;
const LEEG = { organisatie: '', actie: '', resultaat: '', vanDag: '', totDag: '', referentie: '' };

/** The audit log, readable: who by name, actions in Dutch, filters by choice, pages; the operator all, an FG the own. */
export function Audit() {
  const gebruiker = useGebruiker();
  const operator = gebruiker.rol === 'beheerder';
  const [v, zetV] = useState(LEEG);
  const [filter, zetFilter] = useState(LEEG);
  const [fouten, zetFouten] = useState<Partial<Record<keyof typeof LEEG, string>>>({});
  // Page cursors: the first page has none; "Volgende" pushes the server's cursor, "Vorige" pops it.
  const [cursors, zetCursors] = useState<number[]>([]);
  const formulier = useRef<HTMLFormElement>(null);
  const keuzes = useData(() =>
    Promise.all([
      api<{ acties: Label[]; groepen: Label[]; resultaten: Label[] }>('GET', '/api/audit/acties'),
      operator ? api<Array<{ id: string; naam: string }>>('GET', '/api/beheer/organisaties') : Promise.resolve([]),
    ]),
  );
  const query = new URLSearchParams(Object.entries(filter).filter(([, w]) => w.trim()));
  query.set('aantal', String(AANTAL));
  const voor = cursors[cursors.length - 1];
  if (voor) query.set('voor', String(voor));
  const { data, fout } = useData(
    () => api<{ items: Regel[]; volgende: number | null }>('GET', `/api/audit?${query.toString()}`),
    query.toString(),
  );

  const pasToe = () => {
    const f: typeof fouten = {};
    if (v.referentie.trim() && !/^\s*(?:A\s*-?\s*)?\d{1,15}\s*$/i.test(v.referentie))
      f.referentie = TB.audit.referentieOngeldig;
    if (v.vanDag && v.totDag && v.totDag < v.vanDag) f.totDag = TB.audit.periodeOngeldig;
    zetFouten(f);
    if (Object.keys(f).length > 0) {
      requestAnimationFrame(() => formulier.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    zetFilter({ ...v, referentie: v.referentie.trim() });
    zetCursors([]);
  };
  const datum = (k: 'vanDag' | 'totDag', label: string) => (
    <FormFieldTextbox
      label={label}
      name={k}
      type="date"
      value={v[k]}
      invalid={!!fouten[k]}
      errorMessage={fouten[k]}
      onChange={(e) => zetV({ ...v, [k]: (e.target as HTMLInputElement).value })}
    />
  );
  const [labels, organisaties] = keuzes.data ?? [undefined, []];

  return (
    <>
      <Heading level={1}>{T.audit.titel}</Heading>
      <Paragraph>{TB.audit.uitleg}</Paragraph>
      {!operator && <Paragraph>{TB.audit.eigenOrganisatie(gebruiker.organisatie.naam)}</Paragraph>}
      <Fout fout={keuzes.fout} />
      <form
        ref={formulier}
        className="sr-formulier"
        role="search"
        aria-label={TB.audit.filters}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          pasToe();
        }}
      >
        {operator && (
          <KeuzeVeld
            id="audit-organisatie"
            label={TB.audit.organisatie}
            waarde={v.organisatie}
            onKies={(w) => zetV({ ...v, organisatie: w })}
          >
            <SelectOption value="">{TB.audit.alleOrganisaties}</SelectOption>
            {[...organisaties]
              .sort((a, b) => a.naam.localeCompare(b.naam, 'nl'))
              .map((o) => (
                <SelectOption key={o.id} value={o.id}>
                  {o.naam}
                </SelectOption>
              ))}
          </KeuzeVeld>
        )}
        <KeuzeVeld id="audit-actie" label={TB.audit.actie} waarde={v.actie} onKies={(w) => zetV({ ...v, actie: w })}>
          <SelectOption value="">{TB.audit.alleActies}</SelectOption>
          <optgroup label={TB.audit.groepen}>
            {labels?.groepen.map((g) => (
              <SelectOption key={g.code} value={g.code}>
                {g.label}
              </SelectOption>
            ))}
          </optgroup>
          <optgroup label={TB.audit.acties}>
            {labels?.acties.map((a) => (
              <SelectOption key={a.code} value={a.code}>
                {a.label}
              </SelectOption>
            ))}
          </optgroup>
        </KeuzeVeld>
        <KeuzeVeld
          id="audit-resultaat"
          label={TB.audit.resultaat}
          waarde={v.resultaat}
          onKies={(w) => zetV({ ...v, resultaat: w })}
        >
          <SelectOption value="">{TB.audit.alleResultaten}</SelectOption>
          {labels?.resultaten.map((r) => (
            <SelectOption key={r.code} value={r.code}>
              {r.label}
            </SelectOption>
          ))}
        </KeuzeVeld>
        {datum('vanDag', TB.audit.van)}
        {datum('totDag', TB.audit.tot)}
        <FormFieldTextbox
          label={TB.audit.referentie}
          description={TB.audit.referentieUitleg}
          name="referentie"
          value={v.referentie}
          invalid={!!fouten.referentie}
          errorMessage={fouten.referentie}
          onChange={(e) => zetV({ ...v, referentie: (e.target as HTMLInputElement).value })}
        />
        <div className="sr-rij">
          <Button type="submit" appearance="primary-action-button">
            {TB.audit.zoeken}
          </Button>
          <Button
            appearance="secondary-action-button"
            onClick={() => {
              zetV(LEEG);
              zetFouten({});
              zetFilter(LEEG);
              zetCursors([]);
            }}
          >
            {TB.audit.wissen}
          </Button>
        </div>
      </form>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <>
          <Paragraph role="status">{`${TB.audit.pagina(cursors.length + 1)}. ${TB.audit.perPagina(AANTAL)}`}</Paragraph>
          <Tabel
            titel={T.audit.titel}
            leeg={TB.audit.geen}
            koppen={[
              TB.audit.tijdstip,
              TB.audit.referentieKop,
              TB.audit.wie,
              TB.audit.organisatieKop,
              TB.audit.actie,
              TB.audit.onderwerp,
              TB.audit.resultaat,
            ]}
            rijen={data.items.map((r) => [
              toonDatumTijd(r.tijdstip),
              r.referentie ?? '–',
              r.wie,
              r.organisatie ?? '–',
              <span key="a" title={r.actie}>
                {r.actieTekst}
              </span>,
              r.onderwerp ?? '–',
              r.resultaatTekst,
            ])}
          />
          <nav aria-label={TB.audit.paginering} className="sr-rij">
            <Button
              appearance="secondary-action-button"
              disabled={cursors.length === 0}
              onClick={() => zetCursors((c) => c.slice(0, -1))}
            >
              {TB.audit.vorige}
            </Button>
            <Button
              appearance="secondary-action-button"
              disabled={data.volgende === null}
              onClick={() => data.volgende !== null && zetCursors((c) => [...c, data.volgende!])}
            >
              {TB.audit.volgende}
            </Button>
          </nav>
        </>
      )}
    </>
  );
}
