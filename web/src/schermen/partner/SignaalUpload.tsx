import { useState } from 'react';
import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { type Antwoord, bestandstype, downloadTekst, titelUit, upload } from '../../api.ts';
import { T } from '../../teksten.ts';
import { BestandUpload, Melding, Tabel, Voortgang } from '../../ui.tsx';
import { csvVan } from './rapport.ts';
import { geenMvi, type Mvi, MVI_STAPPEN, MviVerklaring } from './MviVerklaring.tsx';
import { TL } from './teksten-levensloop.ts';
import { Redenen } from './Redenen.tsx';

/** A delivery's report (upload answer and kept report alike), with its rejected rows grouped by reason. */
export type Rapport = Antwoord<'/api/vroegsignalen/leveringen/{id}'>;

/** The attested steps as the upload's `mvi` parameter (empty when none). */
const mviQuery = (m: Mvi) => {
  const stappen = MVI_STAPPEN.filter((k) => m[k]);
  return stappen.length ? `&mvi=${stappen.join(',')}` : '';
};

/** Upload a signal file with a progress bar; show and offer the per-row report. */
export function SignaalUpload() {
  const [fractie, zetFractie] = useState<number>();
  const [rapport, zetRapport] = useState<Rapport>();
  const [fout, zetFout] = useState<string>();
  const [mvi, zetMvi] = useState<Mvi>(geenMvi);

  const verstuur = async (f: File) => {
    zetRapport(undefined);
    zetFout(undefined);
    zetFractie(0);
    try {
      const r = await upload(
        `/api/vroegsignalen/leveringen?bestandsnaam=${encodeURIComponent(f.name)}${mviQuery(mvi)}`,
        f,
        zetFractie,
        bestandstype(f),
      );
      if (r.status === 201) zetRapport(JSON.parse(r.tekst) as Rapport);
      else zetFout(titelUit(r.tekst));
    } catch (e) {
      zetFout(e instanceof Error ? e.message : T.algemeen.fout);
    } finally {
      zetFractie(undefined);
    }
  };

  return (
    <>
      <Heading level={1}>{T.signalen.uploadTitel}</Heading>
      <Paragraph>{T.signalen.uploadUitleg}</Paragraph>
      <MviVerklaring id="mvi-bestand" waarde={mvi} uitleg={TL.mvi.uitlegBestand} onWijzig={zetMvi} />
      <BestandUpload
        label={T.algemeen.bestand}
        uitleg={T.algemeen.kiesBestand}
        bezig={fractie !== undefined}
        onUpload={(f) => void verstuur(f)}
      />
      {fractie !== undefined && <Voortgang fractie={fractie} />}
      <div aria-live="polite">
        {fout && (
          <Melding soort="error">
            {T.signalen.bestandGeweigerd} {fout}
          </Melding>
        )}
        {rapport && <RapportWeergave rapport={rapport} />}
      </div>
    </>
  );
}

export function RapportWeergave({ rapport: r }: { rapport: Rapport }) {
  const koppen = [T.signalen.regel, T.signalen.klantnummer, T.signalen.reden];
  const rijen = r.afgewezen.map((a) => [a.regel, a.klantnummer ?? '', a.reden]);
  return (
    <section aria-labelledby="rapport-titel">
      <Heading level={2} id="rapport-titel">
        {T.signalen.rapport}
      </Heading>
      {r.afgewezenAantal === 0 ? (
        <Melding soort="ok">{T.signalen.alleGoed}</Melding>
      ) : (
        <Melding soort="warning">
          {T.signalen.afgewezen}: {r.afgewezenAantal} / {r.regels}
        </Melding>
      )}
      <div className="sr-kaarten">
        <div className="sr-kaart">
          <span className="sr-getal">{r.regels}</span>
          {T.signalen.regels}
        </div>
        <div className="sr-kaart">
          <span className="sr-getal">{r.geaccepteerd}</span>
          {T.signalen.geaccepteerd}
        </div>
        <div className="sr-kaart">
          <span className="sr-getal">{r.herhaling}</span>
          {T.signalen.herhaling}
        </div>
        <div className="sr-kaart">
          <span className="sr-getal">{r.afgewezenAantal}</span>
          {T.signalen.afgewezen}
        </div>
      </div>
      <Tabel
        titel={T.signalen.perGemeente}
        koppen={[T.signalen.gemeente, T.signalen.nieuw, T.signalen.herhaling]}
        rijen={r.perGemeente.map((g) => [`${g.gemeentenaam} (${g.gemeentecode})`, g.nieuw, g.herhaling])}
      />
      <Redenen redenen={r.redenen} leveringId={r.leveringId} />
      {rijen.length > 0 && (
        <>
          <Tabel titel={T.signalen.afgewezen} koppen={koppen} rijen={rijen} />
          <Button
            appearance="secondary-action-button"
            onClick={() =>
              downloadTekst(
                `${(r.bestandsnaam ?? 'signalen').replace(/\.\w+$/, '')}-rapport.csv`,
                csvVan(koppen, rijen),
              )
            }
          >
            {T.algemeen.downloadRapport}
          </Button>
        </>
      )}
    </section>
  );
}
