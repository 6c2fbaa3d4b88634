import { useState } from 'react';
import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { ApiFout, bestandstype, downloadTekst, titelUit, upload } from '../../api.ts';
import { T } from '../../teksten.ts';
import { BestandUpload, Fout, Melding, Tabel, Voortgang } from '../../ui.tsx';

/** One line of the answer (';', cells quoted when needed, as the server writes them). */
function cellen(regel: string): string[] {
  const uit: string[] = [];
  let cel = '';
  let quote = false;
  for (let i = 0; i < regel.length; i++) {
    const c = regel[i]!;
    if (quote) {
      if (c === '"' && regel[i + 1] === '"') {
        cel += '"';
        i++;
      } else if (c === '"') quote = false;
      else cel += c;
    } else if (c === '"') quote = true;
    else if (c === ';') {
      uit.push(cel);
      cel = '';
    } else cel += c;
  }
  uit.push(cel);
  return uit;
}

/** Batch check: CSV or xlsx in (the server tells them apart by content), CSV out, offered as a download. */
export function BatchControle() {
  const [fractie, zetFractie] = useState<number>();
  const [fout, zetFout] = useState<unknown>();
  const [resultaat, zetResultaat] = useState<{ naam: string; tekst: string; referentie: string | null }>();

  const verstuur = async (f: File) => {
    zetFout(undefined);
    zetResultaat(undefined);
    zetFractie(0);
    try {
      const r = await upload('/api/vish/controle/batch', f, zetFractie, bestandstype(f));
      if (r.status !== 200) throw new ApiFout(r.status, titelUit(r.tekst));
      zetResultaat({
        naam: f.name.replace(/(\.csv|\.txt|\.xlsx)?$/i, '-resultaat.csv'),
        tekst: r.tekst,
        referentie: r.kop('x-controle-referentie'),
      });
    } catch (e) {
      zetFout(e);
    } finally {
      zetFractie(undefined);
    }
  };

  const data = (resultaat?.tekst.trim().split(/\r?\n/) ?? []).slice(1).map(cellen);
  const matches = data.filter((r) => r[2] === 'match').length;
  // People read the Dutch description (last column), not the machine code.
  const rijen = data.slice(0, 20).map((r) => [r[0], r[1], r[8] ?? r[2], r[3], r[4], r[5], r[6], r[7]] as string[]);
  return (
    <>
      <Heading level={1}>{T.batch.titel}</Heading>
      <Paragraph>{T.batch.uitleg}</Paragraph>
      <BestandUpload
        label={T.algemeen.bestand}
        uitleg={T.batch.bestandUitleg}
        accept=".csv,.txt,.xlsx"
        bezig={fractie !== undefined}
        onUpload={(f) => void verstuur(f)}
      />
      {fractie !== undefined && <Voortgang fractie={fractie} />}
      <div aria-live="polite">
        <Fout fout={fout} />
        {resultaat && (
          <>
            <Melding soort="ok">{T.batch.klaar(data.length, matches)}</Melding>
            {resultaat.referentie && <Paragraph>{T.batch.referentie(resultaat.referentie)}</Paragraph>}
            <Button appearance="primary-action-button" onClick={() => downloadTekst(resultaat.naam, resultaat.tekst)}>
              {T.batch.download}
            </Button>
            <Tabel titel={T.batch.voorbeeld} koppen={T.batch.koppen} rijen={rijen} />
          </>
        )}
      </div>
    </>
  );
}
