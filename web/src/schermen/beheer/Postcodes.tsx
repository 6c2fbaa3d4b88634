import { useState } from 'react';
import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { downloadTekst, titelUit, upload, api } from '../../api.ts';
import { T } from '../../teksten.ts';
import { BestandUpload, Fout, Laden, Melding, Tabel, useData, Voortgang } from '../../ui.tsx';
import { csvVan } from '../partner/rapport.ts';
import { PostcodeUitzonderingen, type Uitzondering } from './PostcodeUitzonderingen.tsx';

interface Overzicht {
  rijen: number;
  pc4: number;
  gemeenten: number;
  gesplitst: string[];
  uitzonderingen: Uitzondering[];
}
interface Uitkomst {
  ok?: {
    formaat: 'pc4' | 'cbs-pc6hnr';
    rijen: number;
    pc4: number;
    gesplitst: string[];
    uitzonderingen?: number;
    vorigeRijen: number;
  };
  fout?: string;
  fouten?: Array<{ regel: number; reden: string }>;
}

/** Operator: the PC4 -> municipality table (import the CBS file, all or nothing) and the PC6 exceptions. */
export function Postcodes() {
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(() => api<Overzicht>('GET', '/api/gemeenten/postcodes'), versie);
  const [fractie, zetFractie] = useState<number>();
  const [uitkomst, zetUitkomst] = useState<Uitkomst>();

  const importeer = async (f: File) => {
    zetUitkomst(undefined);
    zetFractie(0);
    try {
      const r = await upload('/api/gemeenten/postcodes/import', f, zetFractie, 'text/csv');
      if (r.status === 200) zetUitkomst({ ok: JSON.parse(r.tekst) as Uitkomst['ok'] });
      else
        zetUitkomst({
          fout: titelUit(r.tekst),
          fouten: (JSON.parse(r.tekst) as { details?: { fouten?: Uitkomst['fouten'] } }).details?.fouten,
        });
    } catch (e) {
      zetUitkomst({ fout: e instanceof Error ? e.message : T.algemeen.fout });
    } finally {
      zetFractie(undefined);
      zetVersie((v) => v + 1);
    }
  };
  const koppen = [T.postcodes.regel, T.postcodes.reden];

  return (
    <>
      <Heading level={1}>{T.postcodes.titel}</Heading>
      <Paragraph>{T.postcodes.uitleg}</Paragraph>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <div className="sr-kaarten">
          <div className="sr-kaart">
            <span className="sr-getal">{data.rijen}</span>
            {T.postcodes.rijen}
          </div>
          <div className="sr-kaart">
            <span className="sr-getal">{data.pc4}</span>
            {T.postcodes.pc4}
          </div>
          <div className="sr-kaart">
            <span className="sr-getal">{data.gemeenten}</span>
            {T.postcodes.gemeenten}
          </div>
        </div>
      )}
      <Heading level={2}>{T.postcodes.importeren}</Heading>
      <BestandUpload
        label={T.algemeen.bestand}
        uitleg={T.postcodes.bestandUitleg}
        accept=".csv,.txt"
        bezig={fractie !== undefined}
        onUpload={(f) => void importeer(f)}
      />
      {fractie !== undefined && <Voortgang fractie={fractie} />}
      <div aria-live="polite">
        {uitkomst?.ok && (
          <Melding soort="ok">
            {uitkomst.ok.formaat === 'cbs-pc6hnr'
              ? T.postcodes.geimporteerdCbs(
                  uitkomst.ok.rijen,
                  uitkomst.ok.pc4,
                  uitkomst.ok.uitzonderingen ?? 0,
                  uitkomst.ok.vorigeRijen,
                )
              : T.postcodes.geimporteerd(uitkomst.ok.rijen, uitkomst.ok.pc4, uitkomst.ok.vorigeRijen)}
          </Melding>
        )}
        {uitkomst?.fout && (
          <Melding soort="error">
            {uitkomst.fout} {T.postcodes.geweigerd}
          </Melding>
        )}
        {uitkomst?.fouten && (
          <>
            <Tabel titel={T.postcodes.rapport} koppen={koppen} rijen={uitkomst.fouten.map((f) => [f.regel, f.reden])} />
            <Button
              appearance="secondary-action-button"
              onClick={() =>
                downloadTekst(
                  'postcodes-foutrapport.csv',
                  csvVan(
                    koppen,
                    uitkomst.fouten!.map((f) => [f.regel, f.reden]),
                  ),
                )
              }
            >
              {T.algemeen.downloadRapport}
            </Button>
          </>
        )}
      </div>
      {data && data.gesplitst.length > 0 && (
        <>
          <Heading level={2}>{T.postcodes.gesplitst}</Heading>
          <Paragraph>{T.postcodes.gesplitstUitleg}</Paragraph>
          <Paragraph>
            <span className="sr-code">{data.gesplitst.join(', ')}</span>
          </Paragraph>
        </>
      )}
      {data && (
        <PostcodeUitzonderingen uitzonderingen={data.uitzonderingen} onGewijzigd={() => zetVersie((v) => v + 1)} />
      )}
    </>
  );
}
