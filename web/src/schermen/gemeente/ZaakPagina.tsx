import { useState } from 'react';
import { Heading, Paragraph } from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { AppLink } from '../../router.tsx';
import { T } from '../../teksten.ts';
import { euro, Fout, Laden, Melding, Tabel, toonDatum, toonDatumTijd, useData } from '../../ui.tsx';
import { adres, type Zaak } from './model.ts';
import { WarmeOverdracht } from './WarmeOverdracht.tsx';
import { ZaakActies } from './ZaakActies.tsx';

/** One case: its signals (with the resident's details the municipality may see), contact attempts, history, actions. */
export function ZaakPagina({ id }: { id: string }) {
  const [versie, zetVersie] = useState(0);
  const { data: z, fout } = useData(
    () => api<Zaak>('GET', `/api/signaalzaken/zaken/${encodeURIComponent(id)}`),
    versie,
  );
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const doe = async (f: () => Promise<unknown>, tekst: string) => {
    try {
      await f();
      zetMelding({ soort: 'ok', tekst });
      zetVersie((n) => n + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  return (
    <>
      <Paragraph>
        <AppLink href="/zaken">{T.zaken.terug}</AppLink>
      </Paragraph>
      <Heading level={1}>
        {T.zaken.zaak}
        {z ? `: ${adres(z)}` : ''}
      </Heading>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <Fout fout={fout} />
      {!z && !fout && <Laden />}
      {z && (
        <>
          {z.crisis && <Melding soort="warning">{T.zaken.crisisUitleg}</Melding>}
          {z.teLaat && <Melding soort="error">{T.zaken.teLaatUitleg}</Melding>}
          {z.stopVerzocht && <Melding soort="warning">{T.zaken.stopUitleg}</Melding>}
          {z.terugval && <Melding soort="info">{T.zaken.terugvalUitleg}</Melding>}
          <dl className="sr-gegevens">
            <dt>{T.zaken.status}</dt>
            <dd>
              {T.zaken.statussen[z.status] ?? z.status}
              {z.resultaat ? ` – ${z.resultaat}` : ''}
            </dd>
            <dt>{T.zaken.deadline}</dt>
            <dd>{toonDatum(z.deadline)}</dd>
            <dt>{T.zaken.ontvangen}</dt>
            <dd>{toonDatumTijd(z.ontvangenOp)}</dd>
            <dt>{T.signalen.hulpGeaccepteerd}</dt>
            <dd>
              {z.hulpGeaccepteerdOp
                ? `${toonDatum(z.hulpGeaccepteerdOp)} (${T.signalen.opgeschortTot(toonDatum(z.opschortingTot))})`
                : T.algemeen.nee}
            </dd>
          </dl>
          <Tabel
            titel={T.zaken.signalen}
            koppen={[
              T.zaken.naam,
              T.zaken.adres,
              T.zaken.contact,
              T.signalen.sector,
              T.zaken.gemeldDoor,
              T.signalen.achterstand,
              T.signalen.ontvangen,
            ]}
            rijen={z.signalen.map((s) => [
              `${s.voorletters ? `${s.voorletters} ` : ''}${s.achternaam}`,
              `${s.straatnaam ?? ''} ${adres(s)}${s.woonplaats ? `, ${s.woonplaats}` : ''}`,
              [...s.telefoonnummers, s.email].filter(Boolean).join(', ') || '–',
              `${s.sector}${s.intrekkingGevraagd ? ` (${T.signalen.statusTekst['intrekking-gevraagd']})` : ''}`,
              [
                s.signaalpartner.naam,
                s.signaalpartner.opdrachtgever ? T.zaken.namens(s.signaalpartner.opdrachtgever) : null,
                s.signaalpartner.contactpersoon
                  ? T.zaken.contactpersoonPartner(
                      s.signaalpartner.contactpersoon.naam,
                      s.signaalpartner.contactpersoon.email,
                    )
                  : T.zaken.geenContactpersoon,
              ]
                .filter(Boolean)
                .join(', '),
              T.signalen.achterstandTekst(euro(s.bedragAchterstand), s.aantalMaandenAchterstand),
              toonDatumTijd(s.ontvangenOp),
            ])}
          />
          {z.status !== 'afgesloten' && <ZaakActies zaak={z} doe={doe} />}
          <WarmeOverdracht key={String(z.warmeOverdracht)} zaak={z} doe={doe} />
          <Tabel
            titel={T.zaken.contactpogingen}
            koppen={[T.zaken.datum, T.zaken.soort, T.zaken.dagdeel, T.zaken.bereikt]}
            rijen={z.contactpogingen.map((c) => [
              toonDatum(c.datum),
              c.soort,
              c.dagdeel ?? '–',
              c.bereikt ? T.algemeen.ja : T.algemeen.nee,
            ])}
            leeg={T.zaken.geenPogingen}
          />
          <Tabel
            titel={T.zaken.historie}
            koppen={[T.zaken.tijdstip, T.zaken.gebeurtenis, T.zaken.status]}
            rijen={z.historie.map((h) => [
              toonDatumTijd(h.tijdstip),
              h.gebeurtenis,
              h.van || h.naar ? `${h.van ?? '–'} → ${h.naar ?? '–'}` : '–',
            ])}
          />
        </>
      )}
    </>
  );
}
