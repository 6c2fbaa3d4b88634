import { useState } from 'react';
import { Button, FormField, FormFieldTextbox, FormLabel, Heading, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { Fout, Melding } from '../../ui.tsx';
import { TV } from './teksten-vorderingen.ts';

type Veld = 'schuldeiser' | 'kenmerk' | 'hoofdsom' | 'kosten';
/** "1.250,50", "1250.50" or "1250" -> 1250.5; null when it is no amount. */
function bedrag(s: string): number | null {
  const t = s.trim().replace(/\s|€/g, '');
  if (!t) return null;
  const n = Number(/,\d{1,2}$/.test(t) ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, ''));
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * After a match: send the claim the bailiff holds to the helper the check named (POST /api/schuldenrust/vorderingen).
 * `bsn` is what the bailiff typed for the check; the server normalises and never returns it.
 */
export function VorderingFormulier({ bsn, hulpverleners }: { bsn: string; hulpverleners: string[] }) {
  const F = TV.formulier;
  const [v, zetV] = useState<Record<Veld, string>>({ schuldeiser: '', kenmerk: '', hoofdsom: '', kosten: '' });
  const [hulpverlener, zetHulpverlener] = useState(hulpverleners[0] ?? '');
  const [fouten, zetFouten] = useState<Partial<Record<Veld, string>>>({});
  const [fout, zetFout] = useState<unknown>();
  const [bezig, zetBezig] = useState(false);
  const [verstuurd, zetVerstuurd] = useState<string>();

  const controleer = () => {
    const f: Partial<Record<Veld, string>> = {};
    if (!v.schuldeiser.trim()) f.schuldeiser = F.verplicht;
    if (!v.kenmerk.trim()) f.kenmerk = F.verplicht;
    if (bedrag(v.hoofdsom) === null) f.hoofdsom = F.bedrag;
    if (v.kosten.trim() && bedrag(v.kosten) === null) f.kosten = F.bedrag;
    zetFouten(f);
    return Object.keys(f).length === 0;
  };

  const stuur = async () => {
    if (!controleer()) return;
    const hoofdsom = bedrag(v.hoofdsom)!;
    if (!window.confirm(F.bevestig(hoofdsom, hulpverlener))) return;
    zetBezig(true);
    zetFout(undefined);
    try {
      await api('POST', '/api/schuldenrust/vorderingen', {
        bsn: bsn.trim(),
        hulpverlener: hulpverleners.length > 1 ? hulpverlener : null,
        schuldeiser: v.schuldeiser.trim(),
        kenmerk: v.kenmerk.trim(),
        hoofdsom,
        kosten: bedrag(v.kosten),
      });
      zetVerstuurd(hulpverlener);
    } catch (e) {
      zetFout(e);
    } finally {
      zetBezig(false);
    }
  };

  const veld = (k: Veld, label: string, extra: Record<string, unknown> = {}) => (
    <FormFieldTextbox
      label={label}
      name={k}
      value={v[k]}
      invalid={!!fouten[k]}
      errorMessage={fouten[k]}
      onChange={(e) => zetV({ ...v, [k]: (e.target as HTMLInputElement).value })}
      {...extra}
    />
  );

  if (verstuurd) return <Melding soort="ok">{F.verstuurd(verstuurd)}</Melding>;
  return (
    <section className="sr-niet-afdrukken" aria-labelledby="vordering-titel">
      <Heading level={2} id="vordering-titel">
        {F.titel}
      </Heading>
      <Paragraph>{F.uitleg}</Paragraph>
      <form
        className="sr-formulier"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void stuur();
        }}
      >
        {hulpverleners.length > 1 && (
          <FormField>
            <FormLabel htmlFor="vordering-hulpverlener">{F.hulpverlener}</FormLabel>
            <select
              id="vordering-hulpverlener"
              className="utrecht-select utrecht-select--html-select"
              value={hulpverlener}
              onChange={(e) => zetHulpverlener(e.target.value)}
            >
              {hulpverleners.map((h) => (
                <option key={h}>{h}</option>
              ))}
            </select>
          </FormField>
        )}
        {veld('schuldeiser', F.schuldeiser, { required: true })}
        {veld('kenmerk', F.kenmerk, { required: true })}
        {veld('hoofdsom', F.hoofdsom, { required: true, inputMode: 'decimal' })}
        {veld('kosten', F.kosten, { inputMode: 'decimal' })}
        <Fout fout={fout} />
        <Button type="submit" appearance="primary-action-button" busy={bezig} disabled={bezig}>
          {F.knop}
        </Button>
      </form>
    </section>
  );
}
