import { useState } from 'react';
import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, bestandstype, downloadTekst, titelUit, upload } from '../../api.ts';
import { T } from '../../teksten.ts';
import { BestandUpload, Fout, Laden, Melding, Tabel, toonDatumTijd, useData, Voortgang } from '../../ui.tsx';
import { csvVan } from '../partner/rapport.ts';

interface Levering {
  id: string;
  status: string;
  bron: string;
  aantal: number;
  gestart_op: string;
  geactiveerd_op: string | null;
  verloopt_op: string | null;
}
interface Overzicht {
  bezig: Array<{ leveringId: string; regels: number; regelsPerSeconde: number }>;
  leveringen: Levering[];
}
interface Fouten {
  aantalFouten: number;
  fouten: Array<{ regel: number; veld: string; reden: string }>;
}

const DAG_MS = 24 * 3_600_000;

/** The state of the organisation's VISH delivery, for this screen and the home page. */
export async function vishStatus(): Promise<{
  tekst: string;
  soort: 'ok' | 'warning';
  actief?: Levering;
  overzicht: Overzicht;
}> {
  const o = await api<Overzicht>('GET', '/api/vish/leveringen');
  const actief = o.leveringen.find((l) => l.status === 'actief');
  if (!actief?.geactiveerd_op)
    return {
      tekst: o.leveringen.length ? T.vish.verlopenWaarschuwing : T.start.geenLevering,
      soort: 'warning',
      overzicht: o,
    };
  const leeftijd = Date.now() - new Date(actief.geactiveerd_op).getTime();
  if (leeftijd > DAG_MS)
    return { tekst: T.start.leveringOud(Math.floor(leeftijd / 3_600_000)), soort: 'warning', actief, overzicht: o };
  return {
    tekst: T.start.leveringOk(actief.aantal, toonDatumTijd(actief.geactiveerd_op)),
    soort: 'ok',
    actief,
    overzicht: o,
  };
}

export function VishLeveringen() {
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(vishStatus, versie);
  const [fractie, zetFractie] = useState<number>();
  const [uitkomst, zetUitkomst] = useState<{ ok?: number; fout?: string; rapport?: Fouten }>();

  const lever = async (f: File) => {
    zetUitkomst(undefined);
    zetFractie(0);
    try {
      const r = await upload('/api/vish/leveringen', f, zetFractie, bestandstype(f));
      if (r.status === 201)
        zetUitkomst({ ok: (JSON.parse(r.tekst) as { regelsGeaccepteerd: number }).regelsGeaccepteerd });
      else zetUitkomst({ fout: titelUit(r.tekst), rapport: (JSON.parse(r.tekst) as { details?: Fouten }).details });
    } catch (e) {
      zetUitkomst({ fout: e instanceof Error ? e.message : T.algemeen.fout });
    } finally {
      zetFractie(undefined);
      zetVersie((v) => v + 1);
    }
  };

  return (
    <>
      <Heading level={1}>{T.vish.titel}</Heading>
      <Paragraph>{T.vish.uitleg}</Paragraph>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <>
          <Melding soort={data.soort}>{data.tekst}</Melding>
          {data.actief && (
            <div className="sr-kaarten">
              <div className="sr-kaart">
                <span className="sr-getal">{data.actief.aantal}</span>
                {T.vish.aantal}
              </div>
              <div className="sr-kaart">
                <span className="sr-getal">{toonDatumTijd(data.actief.geactiveerd_op)}</span>
                {T.vish.geactiveerd}
              </div>
              <div className="sr-kaart">
                <span className="sr-getal">{toonDatumTijd(data.actief.verloopt_op)}</span>
                {T.vish.verloopt}
              </div>
            </div>
          )}
          {data.overzicht.bezig.map((b) => (
            <Melding key={b.leveringId} soort="info">
              {T.vish.bezig}: {b.regels} ({b.regelsPerSeconde}/s)
            </Melding>
          ))}
        </>
      )}
      <Heading level={2}>{T.vish.handmatig}</Heading>
      <BestandUpload
        label={T.algemeen.bestand}
        uitleg={T.algemeen.kiesCsv}
        accept=".csv,.txt"
        bezig={fractie !== undefined}
        onUpload={(f) => void lever(f)}
      />
      {fractie !== undefined && <Voortgang fractie={fractie} />}
      <div aria-live="polite">
        {uitkomst?.ok !== undefined && <Melding soort="ok">{T.vish.geaccepteerd(uitkomst.ok)}</Melding>}
        {uitkomst?.fout && (
          <Melding soort="error">
            {uitkomst.fout} {uitkomst.rapport && T.vish.geweigerd}
          </Melding>
        )}
        {uitkomst?.rapport && (
          <>
            <Tabel
              titel={T.signalen.rapport}
              koppen={[T.vish.regel, T.vish.veld, T.vish.reden]}
              rijen={uitkomst.rapport.fouten.map((f) => [f.regel, f.veld, f.reden])}
            />
            <Button
              appearance="secondary-action-button"
              onClick={() =>
                downloadTekst(
                  'vish-foutrapport.csv',
                  csvVan(
                    [T.vish.regel, T.vish.veld, T.vish.reden],
                    uitkomst.rapport!.fouten.map((f) => [f.regel, f.veld, f.reden]),
                  ),
                )
              }
            >
              {T.algemeen.downloadRapport}
            </Button>
          </>
        )}
      </div>
      <Heading level={2}>{T.vish.historie}</Heading>
      {data && (
        <Tabel
          titel={T.vish.historie}
          koppen={[T.vish.gestart, T.vish.status, T.vish.bron, T.vish.aantal, T.vish.verloopt]}
          rijen={data.overzicht.leveringen
            .slice(0, 20)
            .map((l) => [toonDatumTijd(l.gestart_op), l.status, l.bron, l.aantal, toonDatumTijd(l.verloopt_op)])}
        />
      )}
    </>
  );
}
