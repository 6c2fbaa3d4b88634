import { useState } from 'react';
import { Heading, Paragraph } from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { AppLink } from '../../router.tsx';
import { T } from '../../teksten.ts';
import { euro, Fout, Laden, Melding, Tabel, toonDatum, toonDatumTijd, useData } from '../../ui.tsx';
import { adres, type Zaak } from './model.ts';
import { WarmeOverdracht } from './WarmeOverdracht.tsx';
import { ZaakActies } from './ZaakActies.tsx';
import { Tijdlijn } from './Tijdlijn.tsx';
import { dagenTussen, vandaag } from '../../datum.ts';

/** Where on the page an action was done: its message appears there, and focus goes to that message. */
export type Plek = 'oppakken' | 'toewijzen' | 'contact' | 'hulp' | 'notitie' | 'warm' | 'afsluiten';
export type Doe = (f: () => Promise<unknown>, tekst: string, plek: Plek) => Promise<boolean>;
export interface PlekMelding {
  soort: 'ok' | 'error';
  tekst: string;
  plek: Plek;
  /** Changes with every message, so the same text twice is announced and focused again. */
  n: number;
}

/** The next required step of the case and its deadline, in words. */
export function volgendeStap(z: Zaak, dag = vandaag()): { tekst: string; termijn?: string } | null {
  if (z.status === 'afgesloten') return null;
  const termijn = (datum: string) => {
    const d = dagenTussen(dag, datum);
    return T.stap.termijn(toonDatum(datum), d);
  };
  if (z.status === 'nieuw') return { tekst: T.stap.oppakken, termijn: termijn(z.deadline) };
  if (z.contactpogingen.length === 0)
    return { tekst: T.stap.contact, ...(z.eersteActieOp ? {} : { termijn: termijn(z.deadline) }) };
  if (!z.contactpogingen.some((c) => c.bereikt)) return { tekst: T.stap.opnieuw };
  if (!z.hulpGeaccepteerdOp) return { tekst: T.stap.hulpOfAfsluiten };
  return {
    tekst: T.stap.afsluiten,
    ...(z.opschortingTot ? { termijn: T.stap.opschorting(toonDatum(z.opschortingTot)) } : {}),
  };
}

/** One case: the next step, the resident's details the municipality may see, the actions, and the timeline. */
export function ZaakPagina({ id }: { id: string }) {
  const [versie, zetVersie] = useState(0);
  const { data: z, fout } = useData(
    () => api<Zaak>('GET', `/api/signaalzaken/zaken/${encodeURIComponent(id)}`),
    versie,
  );
  const [melding, zetMelding] = useState<PlekMelding>();
  const doe: Doe = async (f, tekst, plek) => {
    try {
      await f();
      zetMelding({ soort: 'ok', tekst, plek, n: Date.now() });
      zetVersie((n) => n + 1);
      return true;
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e), plek, n: Date.now() });
      return false;
    }
  };
  const eerste = z?.signalen[0];
  const stap = z ? volgendeStap(z) : null;
  return (
    <>
      <Paragraph>
        <AppLink href="/zaken">{T.zaken.terug}</AppLink>
      </Paragraph>
      <Heading level={1}>
        {T.zaken.zaak}
        {z ? `: ${adres(eerste ? { ...eerste } : z)}` : ''}
      </Heading>
      <Fout fout={fout} />
      {!z && !fout && <Laden />}
      {z && (
        <>
          {z.crisis && <Melding soort="warning">{T.zaken.crisisUitleg}</Melding>}
          {z.teLaat && <Melding soort="error">{T.zaken.teLaatUitleg}</Melding>}
          {z.stopVerzocht && <Melding soort="warning">{T.zaken.stopUitleg}</Melding>}
          {z.terugval && <Melding soort="info">{T.zaken.terugvalUitleg}</Melding>}
          {stap && (
            <section className="sr-stap" aria-labelledby="stap-titel">
              <Heading level={2} id="stap-titel">
                {T.stap.titel}
              </Heading>
              <Paragraph>
                <strong>{stap.tekst}</strong>
                {stap.termijn ? ` ${stap.termijn}` : ''}
              </Paragraph>
            </section>
          )}
          <dl className="sr-gegevens">
            <dt>{T.zaken.status}</dt>
            <dd>
              {T.zaken.statussen[z.status] ?? z.status}
              {z.resultaat ? ` – ${z.resultaat}` : ''}
            </dd>
            <dt>{T.zaken.behandelaar}</dt>
            <dd>{z.behandelaarNaam ?? T.zaken.nietToegewezenKort}</dd>
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
              adres(s),
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
          <ZaakActies zaak={z} doe={doe} melding={melding} />
          <WarmeOverdracht key={String(z.warmeOverdracht)} zaak={z} doe={doe} melding={melding} />
          <Tijdlijn zaak={z} />
        </>
      )}
    </>
  );
}
