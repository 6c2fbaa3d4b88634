import { useState } from 'react';
import { Heading, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatum, toonDatumTijd, useData } from '../../ui.tsx';
import { AppLink } from '../../router.tsx';
import type { Traject } from './model.ts';
import { TT } from './teksten.ts';
import { Afsluiten, FaseWijzigen } from './TrajectActies.tsx';

interface Overzicht {
  traject: Traject & { ondernemer: boolean };
  fasen: Array<{ fase: string; datum: string | null; bereikt: boolean; huidig: boolean }>;
  vish: { opgenomen: boolean; reden: string; sinds: string | null; laatsteLeveringOp: string | null };
  terugval: Array<{
    zaakId: string;
    ontvangenOp: string;
    regel: string | null;
    status: string;
    afgeslotenOp: string | null;
    eigen: boolean;
  }>;
}
interface Pauze {
  startdatum: string;
  einddatum: string;
  status: 'actief' | 'beeindigd';
}

/** One own trajectory: the resident, the phases as a timeline, VISH, the pause, relapse signals and the actions. */
export function TrajectDetail({ id }: { id: string }) {
  const [versie, zetVersie] = useState(0);
  const [melding, zetMelding] = useState<string>();
  const { data, fout } = useData(
    () =>
      Promise.all([
        api<Overzicht>('GET', `/api/trajecten/${encodeURIComponent(id)}/overzicht`),
        // The pause through the schuldenrust module's own API (its tables are not read here).
        api<{ pauzes: Pauze[] }>('GET', `/api/schuldenrust/trajecten/${encodeURIComponent(id)}`).catch(() => null),
      ]),
    `${id}-${versie}`,
  );
  const klaar = (tekst: string) => {
    zetMelding(tekst);
    zetVersie((n) => n + 1);
  };
  const t = data?.[0].traject;
  const naam = t ? (t.externId ?? t.achternaam ?? t.id) : '';
  return (
    <>
      <AppLink href="/trajecten">{TT.terug}</AppLink>
      <Heading level={1}>{t ? `${TT.detailTitel} ${naam}` : TT.detailTitel}</Heading>
      <div aria-live="polite">{melding && <Melding soort="ok">{melding}</Melding>}</div>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && t && (
        <>
          <section aria-labelledby="inwoner">
            <Heading level={2} id="inwoner">
              {TT.inwoner}
            </Heading>
            <dl className="sr-gegevens">
              <dt>{T.trajecten.dossier}</dt>
              <dd>{t.externId ?? '–'}</dd>
              <dt>{TT.naam}</dt>
              <dd>{`${t.achternaam ?? '–'}${t.voorletters ? `, ${t.voorletters}` : ''}`}</dd>
              <dt>{TT.adres}</dt>
              <dd>
                {t.postcode ? `${t.postcode} ${t.huisnummer ?? ''}${t.toevoeging ? ` ${t.toevoeging}` : ''}` : '–'}
              </dd>
              <dt>{TT.gemeente}</dt>
              <dd>{t.gemeentecode}</dd>
              <dt>{TT.ondernemer}</dt>
              <dd>{t.ondernemer ? TT.ja : TT.nee}</dd>
              <dt>{T.trajecten.startdatum}</dt>
              <dd>{toonDatum(t.startdatum)}</dd>
              <dt>{TT.status}</dt>
              <dd>
                {t.einddatum
                  ? TT.afgesloten(
                      TT.uitstroomredenen[t.uitstroomreden ?? ''] ?? t.uitstroomreden ?? '',
                      toonDatum(t.einddatum),
                    )
                  : `${TT.lopend} – ${T.trajecten.fasen[t.fase] ?? t.fase}`}
              </dd>
              <dt>{T.trajecten.consulent}</dt>
              <dd>{[t.consulent.naam, t.consulent.telefoon, t.consulent.email].filter(Boolean).join(', ') || '–'}</dd>
            </dl>
          </section>
          <section aria-labelledby="fasen">
            <Heading level={2} id="fasen">
              {TT.fasen}
            </Heading>
            <ol className="sr-tijdlijn">
              {data[0].fasen
                .filter((f) => f.bereikt || f.fase !== 'uitstroom')
                .map((f) => (
                  <li key={f.fase} className="sr-tijdlijn-item" aria-current={f.huidig ? 'step' : undefined}>
                    <p className="sr-tijdlijn-kop">
                      {f.huidig ? (
                        <strong>{T.trajecten.fasen[f.fase] ?? f.fase}</strong>
                      ) : (
                        (T.trajecten.fasen[f.fase] ?? f.fase)
                      )}
                    </p>
                    <p className="sr-tijdlijn-tekst">
                      {f.huidig ? TT.faseHuidig : f.bereikt ? TT.faseBereikt : TT.faseNiet}
                      {f.bereikt && `: ${f.datum ? toonDatum(f.datum) : TT.zonderDatum}`}
                    </p>
                  </li>
                ))}
            </ol>
          </section>
          <section aria-labelledby="vish">
            <Heading level={2} id="vish">
              {TT.vish}
            </Heading>
            <Paragraph>
              {data[0].vish.opgenomen && data[0].vish.sinds
                ? TT.vishOpgenomen(toonDatum(data[0].vish.sinds))
                : TT.vishNiet}{' '}
              {TT.vishRedenen[data[0].vish.reden] ?? ''}{' '}
              {data[0].vish.opgenomen &&
                (data[0].vish.laatsteLeveringOp
                  ? TT.vishLaatst(toonDatumTijd(data[0].vish.laatsteLeveringOp))
                  : TT.vishNogNiet)}
            </Paragraph>
          </section>
          <section aria-labelledby="rust">
            <Heading level={2} id="rust">
              {TT.rust}
            </Heading>
            {(data[1]?.pauzes ?? []).length === 0 ? (
              <Paragraph>{TT.rustGeen}</Paragraph>
            ) : (
              (data[1]?.pauzes ?? []).map((p) => (
                <Paragraph key={`${p.startdatum}-${p.einddatum}`}>
                  {(p.status === 'actief' ? TT.rustActief : TT.rustBeeindigd)(
                    toonDatum(p.startdatum),
                    toonDatum(p.einddatum),
                  )}
                </Paragraph>
              ))
            )}
            <AppLink href={`/schuldenrust/trajecten/${t.id}`}>{TT.rustBeheren}</AppLink>
          </section>
          <section aria-labelledby="terugval">
            <Heading level={2} id="terugval">
              {TT.terugval}
            </Heading>
            <Paragraph>{TT.terugvalUitleg}</Paragraph>
            <Tabel
              titel={TT.terugval}
              leeg={TT.terugvalGeen}
              koppen={[TT.ontvangen, TT.regel, TT.zaakStatus, TT.zaak]}
              rijen={data[0].terugval.map((z) => [
                toonDatumTijd(z.ontvangenOp),
                TT.regels[z.regel ?? ''] ?? z.regel ?? '–',
                T.zaken.statussen[z.status] ?? z.status,
                z.eigen ? <AppLink href={`/zaken/${z.zaakId}`}>{TT.zaakOpenen}</AppLink> : TT.nietEigen,
              ])}
            />
          </section>
          {!t.einddatum && !t.geanonimiseerdOp && (
            <section aria-labelledby="acties">
              <Heading level={2} id="acties">
                {TT.acties}
              </Heading>
              <FaseWijzigen key={`f-${versie}`} traject={t} onKlaar={klaar} />
              <Afsluiten key={`a-${versie}`} traject={t} onKlaar={klaar} />
            </section>
          )}
        </>
      )}
    </>
  );
}
