import { useState } from 'react';
import { Button, Checkbox, FormField, FormLabel, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { useGebruiker } from '../../sessie.ts';
import { plusDagen, vandaag } from '../../datum.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatum, toonDatumTijd, useData } from '../../ui.tsx';
import { TL } from './teksten-levensloop.ts';

interface Convenant {
  id: string;
  gemeentecode: string;
  gemeentenaam: string;
  partner: string;
  sectoren: string[];
  status: string;
  einddatum: string | null;
  verlopen: boolean;
}
interface Stap {
  gebeurtenis: string;
  op: string;
  einddatum: string | null;
  door: { organisatie: string; soort: string };
}

/** 'YYYY-MM-DD' of today + n days in the Netherlands. */
const overDagen = (n: number) => plusDagen(vandaag(), n);

/** Agreements: a municipality sets them ready, the partner signs them online. */
export function Convenanten() {
  const g = useGebruiker();
  const gemeente = g.organisatie.type === 'gemeente';
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(() => api<Convenant[]>('GET', '/api/partners/convenanten'), versie);
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const [akkoord, zetAkkoord] = useState<Record<string, boolean>>({});
  const [historie, zetHistorie] = useState<{ c: Convenant; stappen: Stap[] }>();
  const met = (c: Convenant) => (gemeente ? c.partner : `gemeente ${c.gemeentenaam}`);

  const doe = async (werk: () => Promise<string>) => {
    try {
      zetMelding({ soort: 'ok', tekst: await werk() });
      zetVersie((v) => v + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  const verleng = (c: Convenant) =>
    doe(async () => {
      const r = await api<{ einddatum: string }>('POST', `/api/partners/convenanten/${c.id}/verlengen`, {
        akkoord: true,
      });
      return TL.convenant.verlengd(toonDatum(r.einddatum));
    });
  const beeindig = (c: Convenant) => {
    if (!window.confirm(TL.convenant.bevestigTekst(met(c)))) return;
    void doe(async () => {
      await api('POST', `/api/partners/convenanten/${c.id}/beeindigen`, { akkoord: true });
      return TL.convenant.beeindigd;
    });
  };
  const toonHistorie = async (c: Convenant) => {
    try {
      zetHistorie({ c, stappen: await api<Stap[]>('GET', `/api/partners/convenanten/${c.id}/historie`) });
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };

  const actie = async (c: Convenant) => {
    try {
      if (gemeente) await api('POST', `/api/partners/convenanten/${c.id}/gereed`, {});
      else await api('POST', `/api/partners/convenanten/${c.id}/ondertekenen`, { akkoord: true });
      zetMelding({ soort: 'ok', tekst: gemeente ? T.convenanten.klaargezet : T.convenanten.ondertekend });
      zetVersie((v) => v + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };

  const tekenknop = (c: Convenant) => {
    if (gemeente)
      return c.status === 'te-ondertekenen' ? (
        <Button appearance="primary-action-button" onClick={() => void actie(c)}>
          {T.convenanten.klaarzetten}
        </Button>
      ) : null;
    if (c.status !== 'gereed') return null;
    const id = `akkoord-${c.id}`;
    return (
      <div>
        <FormField type="checkbox">
          <Checkbox
            id={id}
            checked={!!akkoord[c.id]}
            onChange={(e) => zetAkkoord({ ...akkoord, [c.id]: e.target.checked })}
          />
          <FormLabel htmlFor={id} type="checkbox">
            {T.convenanten.akkoord}
          </FormLabel>
        </FormField>
        <Button appearance="primary-action-button" disabled={!akkoord[c.id]} onClick={() => void actie(c)}>
          {T.convenanten.ondertekenen}
        </Button>
      </div>
    );
  };

  const knop = (c: Convenant) => {
    if (!g.beheerder)
      return (
        <Button appearance="subtle-button" onClick={() => void toonHistorie(c)}>
          {TL.convenant.geschiedenis}
        </Button>
      );
    const verlengbaar = !gemeente && c.status === 'ondertekend' && !!c.einddatum && c.einddatum <= overDagen(60);
    return (
      <div className="sr-knoppen">
        {tekenknop(c)}
        {verlengbaar && (
          <Button appearance="primary-action-button" onClick={() => void verleng(c)}>
            {TL.convenant.verlengen}
          </Button>
        )}
        {c.status !== 'beeindigd' && (
          <Button appearance="secondary-action-button" onClick={() => beeindig(c)}>
            {TL.convenant.beeindigen}
          </Button>
        )}
        <Button appearance="subtle-button" onClick={() => void toonHistorie(c)}>
          {TL.convenant.geschiedenis}
        </Button>
      </div>
    );
  };

  const statusTekst = (c: Convenant) => {
    if (c.status === 'beeindigd') return TL.convenant.beeindigdStatus;
    if (c.verlopen) return `${TL.convenant.verlopenStatus}. ${TL.convenant.verlopenOp(toonDatum(c.einddatum))}`;
    if (c.status === 'ondertekend' && c.einddatum && c.einddatum <= overDagen(60))
      return `${T.convenanten.statusTekst.ondertekend}. ${TL.convenant.bijnaVerlopen(toonDatum(c.einddatum))}`;
    return T.convenanten.statusTekst[c.status] ?? c.status;
  };

  return (
    <>
      <Heading level={1}>{T.convenanten.titel}</Heading>
      <Paragraph>{gemeente ? T.convenanten.uitlegGemeente : T.convenanten.uitlegPartner}</Paragraph>
      {!g.beheerder && <Paragraph>{T.algemeen.alleenBeheerder}</Paragraph>}
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Tabel
          titel={T.convenanten.titel}
          koppen={[
            gemeente ? T.convenanten.partner : T.convenanten.gemeente,
            T.convenanten.sectoren,
            T.convenanten.status,
            T.convenanten.einddatum,
            T.algemeen.acties,
          ]}
          rijen={data.map((c) => [
            gemeente ? c.partner : `${c.gemeentenaam} (${c.gemeentecode})`,
            c.sectoren.join(', '),
            statusTekst(c),
            toonDatum(c.einddatum),
            knop(c),
          ])}
        />
      )}
      {historie && (
        <section aria-labelledby="historie-titel">
          <Heading level={2} id="historie-titel">
            {TL.convenant.geschiedenisVan(met(historie.c))}
          </Heading>
          <Tabel
            titel={TL.convenant.geschiedenis}
            koppen={[TL.convenant.stap, TL.convenant.wanneer, TL.convenant.door, TL.convenant.loopt]}
            rijen={historie.stappen.map((h) => [
              TL.convenant.gebeurtenis[h.gebeurtenis] ?? h.gebeurtenis,
              toonDatumTijd(h.op),
              h.door.soort === 'platform' ? TL.convenant.platform : h.door.organisatie,
              h.einddatum ? toonDatum(h.einddatum) : '–',
            ])}
          />
          <Button appearance="subtle-button" onClick={() => zetHistorie(undefined)}>
            {TL.convenant.verbergen}
          </Button>
        </section>
      )}
    </>
  );
}
