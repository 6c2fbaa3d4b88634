import { useState } from 'react';
import { Button, FormFieldTextbox, Heading, Paragraph } from '@utrecht/component-library-react';
import { type Antwoord, api, bestandstype, foutTekst, titelUit, upload } from '../../api.ts';
import { T } from '../../teksten.ts';
import { adres } from '../gemeente/model.ts';
import {
  BestandUpload,
  euro,
  Fout,
  Laden,
  Melding,
  Tabel,
  toonDatum,
  toonDatumTijd,
  useData,
  Voortgang,
} from '../../ui.tsx';

/** Only what the partner may see (the API's type): status and, with help accepted, its date and the suspension end. */
export type Signaal = Antwoord<'/api/vroegsignalen/signalen'>[number];

export function terugkoppelingTekst(s: Signaal): string {
  const tot = s.opschortingTot;
  if (s.status !== 'hulp-geaccepteerd') return '–';
  return tot
    ? `${T.signalen.hulpGeaccepteerd}, ${T.signalen.opgeschortTot(toonDatum(tot))}`
    : T.signalen.hulpGeaccepteerd;
}

export function MijnSignalen() {
  const [versie, zetVersie] = useState(0);
  const [zoek, zetZoek] = useState('');
  const [filter, zetFilter] = useState('');
  const { data, fout } = useData(
    () =>
      api<Signaal[]>(
        'GET',
        `/api/vroegsignalen/signalen?limit=200${filter ? `&klantnummer=${encodeURIComponent(filter)}` : ''}`,
      ),
    `${versie}-${filter}`,
  );
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const [fractie, zetFractie] = useState<number>();

  const trekIn = async (s: Signaal) => {
    if (!window.confirm(T.signalen.intrekkenVraag)) return;
    try {
      const r = await api<{ resultaat: string }>('DELETE', `/api/vroegsignalen/signalen/${s.id}`);
      zetMelding({ soort: 'ok', tekst: T.signalen.ingetrokken(r.resultaat) });
      zetVersie((v) => v + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  const bulk = async (f: File) => {
    zetMelding(undefined);
    zetFractie(0);
    try {
      const r = await upload('/api/vroegsignalen/intrekkingen', f, zetFractie, bestandstype(f));
      if (r.status !== 200) {
        zetMelding({ soort: 'error', tekst: titelUit(r.tekst) });
        return;
      }
      const u = JSON.parse(r.tekst) as Antwoord<'/api/vroegsignalen/intrekkingen', 'post'>;
      const extra = u.afgewezen.map((a) => ` ${T.signalen.regel} ${a.regel}: ${a.reden}.`).join('');
      zetMelding({
        soort: 'ok',
        tekst: T.signalen.bulkResultaat(u.ingetrokken, u.nietGevonden.length) + extra,
      });
      zetVersie((v) => v + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    } finally {
      zetFractie(undefined);
    }
  };

  return (
    <>
      <Heading level={1}>{T.signalen.lijstTitel}</Heading>
      <Paragraph>{T.signalen.lijstUitleg}</Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <form
        className="sr-formulier sr-rij"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          zetFilter(zoek.trim());
        }}
      >
        <FormFieldTextbox
          label={T.signalen.zoekKlant}
          name="klantnummer"
          value={zoek}
          onChange={(e) => zetZoek((e.target as HTMLInputElement).value)}
        />
        <Button type="submit" appearance="secondary-action-button">
          {T.signalen.zoeken}
        </Button>
      </form>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Tabel
          titel={T.signalen.lijstTitel}
          koppen={[
            T.signalen.klantnummer,
            T.signalen.adres,
            T.signalen.sector,
            T.signalen.achterstand,
            T.signalen.ontvangen,
            T.signalen.status,
            T.signalen.terugkoppeling,
            T.algemeen.acties,
          ]}
          rijen={data.map((s) => [
            s.klantnummer ?? '–',
            adres(s),
            s.sector,
            T.signalen.achterstandTekst(euro(s.bedragAchterstand), s.aantalMaandenAchterstand),
            toonDatumTijd(s.ontvangenOp),
            T.signalen.statusTekst[s.status] ?? s.status,
            terugkoppelingTekst(s),
            s.status === 'ontvangen' ? (
              <Button
                appearance="subtle-button"
                hint="danger"
                onClick={() => void trekIn(s)}
                aria-label={`${T.signalen.intrekken}: ${s.klantnummer ?? s.postcode}`}
              >
                {T.signalen.intrekken}
              </Button>
            ) : (
              '–'
            ),
          ])}
        />
      )}
      <Heading level={2}>{T.signalen.bulkTitel}</Heading>
      <BestandUpload
        label={T.algemeen.bestand}
        uitleg={T.signalen.bulkUitleg}
        bezig={fractie !== undefined}
        onUpload={(f) => void bulk(f)}
      />
      {fractie !== undefined && <Voortgang fractie={fractie} />}
    </>
  );
}
