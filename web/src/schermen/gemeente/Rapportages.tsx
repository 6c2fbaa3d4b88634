import { useState } from 'react';
import { Button, FormFieldTextbox, Heading, Link, Paragraph } from '@utrecht/component-library-react';
import { api, type Antwoord } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Tabel, toonMaand, useData } from '../../ui.tsx';
import { dezeMaand, plusMaanden } from '../../datum.ts';
import { RT } from './rapportage-teksten.ts';
import { StaafGrafiek } from './StaafGrafiek.tsx';

type Rapport = Antwoord<'/api/signaalzaken/rapportage'>;
type Trend = Rapport['trend'][number];

const getal = (n: number | null) => (n === null ? '–' : n.toLocaleString('nl-NL'));
/** The API gives shares as percentages with one decimal. */
const pct = (n: number | null) =>
  n === null ? '–' : `${n.toLocaleString('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
const teken = (n: number) => (n > 0 ? '+' : n < 0 ? '−' : '');

/** The last 12 full months, Dutch time (the API's default too). */
function standaardPeriode() {
  const tot = plusMaanden(`${dezeMaand()}-01`, -1).slice(0, 7);
  return { van: plusMaanden(`${tot}-01`, -11).slice(0, 7), tot };
}

/** "↑ +12% t.o.v. vorige periode"; the reach rate in percentage points. The arrow is decoration, the text says it. */
function trendTekst(t: Trend) {
  if (t.verschil === null) return RT.geenVergelijking;
  if (t.verschil === 0) return `= ${RT.gelijk}`;
  const pijl = t.verschil > 0 ? '↑' : '↓';
  const abs = Math.abs(t.verschil).toLocaleString('nl-NL');
  if (t.kengetal === 'bereikgraad') return `${pijl} ${teken(t.verschil)}${abs} ${RT.procentpunt} ${RT.tovVorige}`;
  if (t.procent === null) return `${pijl} ${teken(t.verschil)}${abs} ${RT.tovVorige}`;
  return `${pijl} ${teken(t.procent)}${Math.abs(t.procent).toLocaleString('nl-NL')}% ${RT.tovVorige}`;
}

const waarde = (t: Trend, n: number | null) =>
  t.kengetal === 'bereikgraad' ? pct(n) : t.kengetal === 'doorlooptijdMediaan' ? RT.dagen(n) : getal(n);

/** The municipality's report: key figures with trend, a bar chart per month, the monthly table, breakdowns, DDAS. */
export function Rapportages() {
  const standaard = standaardPeriode();
  const [van, zetVan] = useState(standaard.van);
  const [tot, zetTot] = useState(standaard.tot);
  const [periode, zetPeriode] = useState(standaard);
  const fout = van && tot && van > tot ? 'De begin-maand ligt na de eind-maand.' : '';
  const query = `van=${encodeURIComponent(periode.van)}&tot=${encodeURIComponent(periode.tot)}`;
  const { data, fout: laadFout } = useData(() => api<Rapport>('GET', `/api/signaalzaken/rapportage?${query}`), query);

  return (
    <>
      <Heading level={1}>{T.rapport.titel}</Heading>
      <Paragraph>{RT.uitleg}</Paragraph>
      <form
        className="sr-formulier sr-rij"
        aria-label={RT.periode}
        onSubmit={(e) => {
          e.preventDefault();
          if (!fout && van && tot) zetPeriode({ van, tot });
        }}
      >
        <FormFieldTextbox
          label={T.rapport.van}
          name="van"
          type="month"
          value={van}
          onChange={(e) => zetVan((e.target as HTMLInputElement).value)}
        />
        <FormFieldTextbox
          label={T.rapport.tot}
          name="tot"
          type="month"
          value={tot}
          invalid={!!fout}
          errorMessage={fout || undefined}
          onChange={(e) => zetTot((e.target as HTMLInputElement).value)}
        />
        <Button type="submit" appearance="secondary-action-button">
          {RT.toon}
        </Button>
      </form>
      <Paragraph>
        <Link href={`/api/signaalzaken/rapportage/xlsx?${query}`} download>
          {RT.xlsx}
        </Link>
        {' · '}
        <Link href={`/api/signaalzaken/rapportage/csv?${query}`} download>
          {T.rapport.csv}
        </Link>
      </Paragraph>
      <Fout fout={laadFout} />
      {!data && !laadFout && <Laden />}
      {data && <Inhoud r={data} />}
    </>
  );
}

function Inhoud({ r }: { r: Rapport }) {
  const rij = (label: string, m: Rapport['totaal']) => [
    label,
    getal(m.signalen),
    getal(m.zaken),
    getal(m.bereikt),
    pct(m.bereikgraad),
    getal(m.hulpGeaccepteerd),
    RT.dagen(m.doorlooptijdMediaan),
    RT.dagen(m.doorlooptijdP90),
    getal(m.teLaat),
    `${pct(m.aandeelBinnenTermijn)} (${m.binnenTermijn}/${m.termijnBekend})`,
  ];
  const uitkomstKoppen = [RT.signalen, RT.zaken, RT.bereikt, RT.bereikgraad, RT.hulp];
  const uitkomst = (u: Omit<Rapport['perPartner'][number], 'partner'>) => [
    getal(u.signalen),
    getal(u.zaken),
    getal(u.bereikt),
    pct(u.bereikgraad),
    getal(u.hulpGeaccepteerd),
  ];
  const d = r.ddasMonitor;
  return (
    <>
      <Heading level={2}>{RT.kerncijfers}</Heading>
      <Paragraph>
        {toonMaand(r.van)} – {toonMaand(r.tot)}. {RT.vorigePeriode(toonMaand(r.vorigeVan), toonMaand(r.vorigeTot))}
      </Paragraph>
      <Tabel
        titel={RT.kerncijfers}
        koppen={[RT.kengetal, RT.dezePeriode, RT.vorige, RT.trend]}
        rijen={r.trend.map((t) => [
          RT.kengetallen[t.kengetal] ?? t.kengetal,
          waarde(t, t.huidig),
          waarde(t, t.vorig),
          trendTekst(t),
        ])}
      />

      <Heading level={2}>{RT.perMaand}</Heading>
      <StaafGrafiek
        titel={RT.grafiek(r.gemeentenaam)}
        uitleg={RT.grafiekUitleg}
        reeksen={[RT.legendaSignalen, RT.legendaZaken]}
        rijen={r.maanden.map((m) => ({
          label: toonMaand(m.maand),
          waarden: [m.signalen, m.zaken],
          titel: RT.staaf(toonMaand(m.maand), m.signalen, m.zaken),
        }))}
      />
      <Tabel
        titel={RT.perMaand}
        koppen={[
          RT.maand,
          RT.signalen,
          RT.zaken,
          RT.bereikt,
          RT.bereikgraad,
          RT.hulp,
          RT.mediaan,
          RT.p90,
          RT.teLaat,
          RT.opTijd,
        ]}
        rijen={[...r.maanden.map((m) => rij(toonMaand(m.maand), m)), rij(RT.totaal, r.totaal)]}
      />
      <Paragraph>{RT.toelichting}</Paragraph>

      <Heading level={2}>{RT.uitsplitsingen}</Heading>
      <Heading level={3}>{RT.perPartner}</Heading>
      <Tabel
        titel={RT.perPartner}
        leeg={RT.geenCijfers}
        koppen={[RT.partner, ...uitkomstKoppen]}
        rijen={r.perPartner.map((p) => [p.partner, ...uitkomst(p)])}
      />
      <Heading level={3}>{RT.perSector}</Heading>
      <Tabel
        titel={RT.perSector}
        leeg={RT.geenCijfers}
        koppen={[RT.sector, ...uitkomstKoppen]}
        rijen={r.perSector.map((s) => [s.sectorNaam, ...uitkomst(s)])}
      />
      <Heading level={3}>{RT.perMedewerker}</Heading>
      <Tabel
        titel={RT.perMedewerker}
        leeg={RT.geenCijfers}
        koppen={[RT.medewerker, RT.zaken, RT.bereikt, RT.bereikgraad, RT.hulp, RT.mediaan, RT.p90, RT.teLaat]}
        rijen={r.perMedewerker.map((m) => [
          m.medewerker,
          getal(m.zaken),
          getal(m.bereikt),
          pct(m.bereikgraad),
          getal(m.hulpGeaccepteerd),
          RT.dagen(m.doorlooptijdMediaan),
          RT.dagen(m.doorlooptijdP90),
          getal(m.teLaat),
        ])}
      />

      <Heading level={2}>{RT.monitor}</Heading>
      <Paragraph>{RT.monitorUitleg}</Paragraph>
      <Tabel
        titel={RT.monitorTabel}
        koppen={[RT.cijfer, RT.aantal]}
        rijen={[
          [RT.signalen, getal(d.signalen)],
          [RT.meervoudig, getal(d.meervoudig)],
          [RT.opeenvolgend, getal(d.opeenvolgend)],
          [RT.crisis, getal(d.crisissignalen)],
          [RT.warmJa, getal(d.warmeOverdracht.ja)],
          [RT.warmNee, getal(d.warmeOverdracht.nee)],
          [RT.warmOnbekend, getal(d.warmeOverdracht.onbekend)],
          ...d.zakenPerEindresultaat.map((e) => [RT.eindresultaat(e.eindresultaat), getal(e.zaken)]),
        ]}
      />
    </>
  );
}
