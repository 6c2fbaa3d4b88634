import { useEffect, useId, useState, type ReactNode } from 'react';
import {
  Alert,
  Button,
  FormField,
  FormLabel,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  TableCaption,
} from '@utrecht/component-library-react';
import { foutTekst } from './api.ts';
import { T } from './teksten.ts';

/** Shared building blocks on top of the NL Design System components. */
export function Melding({ soort, children }: { soort: 'ok' | 'error' | 'warning' | 'info'; children: ReactNode }) {
  // Errors interrupt (role alert); other messages are announced politely.
  return (
    <Alert type={soort} role={soort === 'error' ? 'alert' : 'status'}>
      <Paragraph>{children}</Paragraph>
    </Alert>
  );
}

export function Fout({ fout }: { fout: unknown }) {
  return fout ? <Melding soort="error">{foutTekst(fout)}</Melding> : null;
}

/** Loads data once (and again when `opnieuw` changes). */
export function useData<D>(laad: () => Promise<D>, opnieuw: unknown = 0) {
  const [data, zetData] = useState<D>();
  const [fout, zetFout] = useState<unknown>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload only when the caller says so (`opnieuw`), not on every new closure
  useEffect(() => {
    let actief = true;
    zetFout(undefined);
    laad().then(
      (d) => {
        if (actief) zetData(d);
      },
      (e) => {
        if (actief) zetFout(e);
      },
    );
    return () => {
      actief = false;
    };
  }, [opnieuw]);
  return { data, fout };
}

export function Laden() {
  return <Paragraph role="status">{T.algemeen.laden}</Paragraph>;
}

export function Voortgang({ fractie }: { fractie: number }) {
  const pct = Math.round(fractie * 100);
  return (
    <div className="sr-voortgang">
      <label htmlFor="upload-voortgang">
        {T.algemeen.voortgang}: {pct}%
      </label>
      <progress id="upload-voortgang" max={100} value={pct}>
        {pct}%
      </progress>
      {fractie >= 1 && <Paragraph role="status">{T.algemeen.verwerken}</Paragraph>}
    </div>
  );
}

/** A labelled file input with an upload button (keyboard and screen reader friendly). */
export function BestandUpload({
  label,
  uitleg,
  bezig,
  onUpload,
  accept = '.csv,.txt,.xlsx',
}: {
  label: string;
  uitleg?: string;
  bezig: boolean;
  accept?: string;
  onUpload: (f: File) => void;
}) {
  const id = useId();
  const [bestand, zetBestand] = useState<File | null>(null);
  return (
    <form
      className="sr-formulier"
      onSubmit={(e) => {
        e.preventDefault();
        if (bestand) onUpload(bestand);
      }}
    >
      <FormField>
        <FormLabel htmlFor={id}>{label}</FormLabel>
        {uitleg && (
          <Paragraph id={`${id}-uitleg`} className="sr-uitleg">
            {uitleg}
          </Paragraph>
        )}
        <input
          id={id}
          type="file"
          accept={accept}
          className="sr-bestand"
          aria-describedby={uitleg ? `${id}-uitleg` : undefined}
          onChange={(e) => zetBestand(e.target.files?.[0] ?? null)}
        />
      </FormField>
      <Button type="submit" appearance="primary-action-button" disabled={!bestand || bezig} busy={bezig}>
        {T.algemeen.uploaden}
      </Button>
    </form>
  );
}

/** A simple table: caption, headers and rows of cells. */
export function Tabel({
  titel,
  koppen,
  rijen,
  leeg = T.algemeen.geen,
}: {
  titel: string;
  koppen: ReactNode[];
  rijen: ReactNode[][];
  leeg?: string;
}) {
  if (rijen.length === 0) return <Paragraph>{leeg}</Paragraph>;
  return (
    <div className="sr-tabel">
      <Table>
        <TableCaption>{titel}</TableCaption>
        <TableHeader>
          <TableRow>
            {koppen.map((k, i) => (
              <TableHeaderCell key={i} scope="col">
                {k}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rijen.map((r, i) => (
            <TableRow key={i}>
              {r.map((c, j) => (
                <TableCell key={j}>{c}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

const datumTijd = new Intl.DateTimeFormat('nl-NL', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Amsterdam',
});
const datum = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeZone: 'Europe/Amsterdam' });
export const toonDatumTijd = (d: string | null | undefined) => (d ? datumTijd.format(new Date(d)) : '–');
export const toonDatum = (d: string | null | undefined) =>
  d ? datum.format(new Date(d.length === 10 ? `${d}T12:00:00Z` : d)) : '–';
export const euro = (n: number) => new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(n);

const maandNaam = new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** A month as people say it: '2026-01' -> 'januari 2026'. */
export const toonMaand = (m: string) => (/^\d{4}-\d{2}$/.test(m) ? maandNaam.format(new Date(`${m}-15T12:00:00Z`)) : m);
