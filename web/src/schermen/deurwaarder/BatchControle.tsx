import { useState } from 'react';
import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { ApiFout, downloadTekst, titelUit, upload } from '../../api.ts';
import { T } from '../../teksten.ts';
import { BestandUpload, Fout, Melding, Tabel, Voortgang } from '../../ui.tsx';

/** Batch check: CSV in, CSV out. The result (without BSNs) is offered as a download. */
export function BatchControle() {
  const [fractie, zetFractie] = useState<number>();
  const [fout, zetFout] = useState<unknown>();
  const [resultaat, zetResultaat] = useState<{ naam: string; tekst: string }>();

  const verstuur = async (f: File) => {
    zetFout(undefined);
    zetResultaat(undefined);
    zetFractie(0);
    try {
      const r = await upload('/api/vish/controle/batch', f, zetFractie, 'text/csv');
      if (r.status !== 200) throw new ApiFout(r.status, titelUit(r.tekst));
      zetResultaat({ naam: f.name.replace(/(\.csv|\.txt)?$/i, '-resultaat.csv'), tekst: r.tekst });
    } catch (e) {
      zetFout(e);
    } finally {
      zetFractie(undefined);
    }
  };

  const regels = resultaat?.tekst.trim().split(/\r?\n/) ?? [];
  const kop = regels[0]?.split(';') ?? [];
  const data = regels.slice(1).map((r) => r.split(';'));
  const matches = data.filter((r) => r[2] === 'match').length;
  return (
    <>
      <Heading level={1}>{T.batch.titel}</Heading>
      <Paragraph>{T.batch.uitleg}</Paragraph>
      <BestandUpload
        label={T.algemeen.bestand}
        uitleg={T.algemeen.kiesCsv}
        accept=".csv,.txt"
        bezig={fractie !== undefined}
        onUpload={(f) => void verstuur(f)}
      />
      {fractie !== undefined && <Voortgang fractie={fractie} />}
      <div aria-live="polite">
        <Fout fout={fout} />
        {resultaat && (
          <>
            <Melding soort="ok">{T.batch.klaar(data.length, matches)}</Melding>
            <Button appearance="primary-action-button" onClick={() => downloadTekst(resultaat.naam, resultaat.tekst)}>
              {T.batch.download}
            </Button>
            <Tabel titel={T.batch.voorbeeld} koppen={kop} rijen={data.slice(0, 20)} />
          </>
        )}
      </div>
    </>
  );
}
