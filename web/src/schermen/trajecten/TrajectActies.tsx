import { useState } from 'react';
import { Button, FormFieldTextbox, Heading, Paragraph, SelectOption } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Melding } from '../../ui.tsx';
import { vandaag } from '../../datum.ts';
import { FASEN, fasedeel, UITSTROOMREDENEN, type Traject } from './model.ts';
import { TT } from './teksten.ts';
import { KeuzeVeld, serverFouten, useFocusEersteFout, type Fouten } from '../../formulier.tsx';

/** A date the counsellor may give for something that happened: not empty, not in the future, not before the start. */
function datumFout(datum: string, startdatum: string, label: string): string | undefined {
  if (!datum) return TT.verplicht(label.toLowerCase());
  if (datum > vandaag()) return TT.datumToekomst;
  if (datum < startdatum) return TT.datumVoorStart;
  return undefined;
}

/** Move the trajectory to a later phase, from a date; errors at the field. */
export function FaseWijzigen({ traject, onKlaar }: { traject: Traject; onKlaar: (tekst: string) => void }) {
  const volgende = FASEN.slice(FASEN.indexOf(traject.fase as (typeof FASEN)[number]) + 1);
  const [fase, zetFase] = useState<string>(volgende[0] ?? '');
  const [datum, zetDatum] = useState(vandaag());
  const [fouten, zetFouten] = useState<Fouten>({});
  const [algemeen, zetAlgemeen] = useState<string>();
  const [poging, zetPoging] = useState(0);
  const [bezig, zetBezig] = useState(false);
  const formulier = useFocusEersteFout(fouten, poging);
  if (volgende.length === 0) return <Paragraph>{TT.geenVolgendeFase}</Paragraph>;

  const bewaar = async () => {
    const f: Fouten = {
      fase: fase ? undefined : TT.kiesVerplicht(TT.nieuweFase.toLowerCase()),
      datum: datumFout(datum, traject.startdatum, TT.faseDatum),
    };
    zetAlgemeen(undefined);
    zetFouten(f);
    zetPoging((n) => n + 1);
    if (Object.values(f).some(Boolean)) return;
    zetBezig(true);
    try {
      await api('PATCH', `/api/trajecten/${traject.id}`, { ddas: fasedeel(fase, datum) });
      onKlaar(T.trajecten.faseBijgewerkt);
    } catch (e) {
      const s = serverFouten(e, { datum: /datum/i }, 'datum');
      zetFouten(s.fouten);
      zetAlgemeen(s.algemeen);
      zetPoging((n) => n + 1);
    } finally {
      zetBezig(false);
    }
  };

  return (
    <form
      ref={formulier}
      className="sr-formulier"
      aria-labelledby="fase-wijzigen"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void bewaar();
      }}
    >
      <Heading level={3} id="fase-wijzigen">
        {TT.faseWijzigen}
      </Heading>
      {algemeen && <Melding soort="error">{algemeen}</Melding>}
      <KeuzeVeld id="nieuwe-fase" label={TT.nieuweFase} waarde={fase} onKies={zetFase} fout={fouten.fase}>
        {volgende.map((f) => (
          <SelectOption key={f} value={f}>
            {T.trajecten.fasen[f] ?? f}
          </SelectOption>
        ))}
      </KeuzeVeld>
      <FormFieldTextbox
        label={TT.faseDatum}
        description={TT.faseDatumUitleg}
        name="faseDatum"
        type="date"
        value={datum}
        invalid={!!fouten.datum}
        errorMessage={fouten.datum}
        onChange={(e) => zetDatum((e.target as HTMLInputElement).value)}
      />
      <Button type="submit" appearance="primary-action-button" busy={bezig} disabled={bezig}>
        {TT.faseOpslaan}
      </Button>
    </form>
  );
}

/** Close the trajectory (uitstroom) after an explicit confirmation. */
export function Afsluiten({ traject, onKlaar }: { traject: Traject; onKlaar: (tekst: string) => void }) {
  const naam = traject.externId ?? traject.achternaam ?? traject.id;
  const [reden, zetReden] = useState<string>(UITSTROOMREDENEN[0]);
  const [datum, zetDatum] = useState(vandaag());
  const [fouten, zetFouten] = useState<Fouten>({});
  const [algemeen, zetAlgemeen] = useState<string>();
  const [poging, zetPoging] = useState(0);
  const [vraag, zetVraag] = useState(false);
  const [bezig, zetBezig] = useState(false);
  const formulier = useFocusEersteFout(fouten, poging);

  const controleer = () => {
    const f: Fouten = { datum: datumFout(datum, traject.startdatum, TT.uitstroomDatum) };
    zetAlgemeen(undefined);
    zetFouten(f);
    zetPoging((n) => n + 1);
    if (!Object.values(f).some(Boolean)) zetVraag(true);
  };
  const sluit = async () => {
    zetBezig(true);
    try {
      await api('POST', `/api/trajecten/${traject.id}/afsluiten`, { datum, reden });
      zetVraag(false);
      onKlaar(T.trajecten.afgeslotenVan(naam));
    } catch (e) {
      const s = serverFouten(e, { datum: /datum/i }, 'datum');
      zetVraag(false);
      zetFouten(s.fouten);
      zetAlgemeen(s.algemeen);
      zetPoging((n) => n + 1);
    } finally {
      zetBezig(false);
    }
  };

  return (
    <form
      ref={formulier}
      className="sr-formulier"
      aria-labelledby="traject-afsluiten"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        controleer();
      }}
    >
      <Heading level={3} id="traject-afsluiten">
        {TT.afsluitenKop}
      </Heading>
      {algemeen && <Melding soort="error">{algemeen}</Melding>}
      <KeuzeVeld id="uitstroomreden" label={T.trajecten.reden} waarde={reden} onKies={zetReden}>
        {UITSTROOMREDENEN.map((r) => (
          <SelectOption key={r} value={r}>
            {TT.uitstroomredenen[r] ?? r}
          </SelectOption>
        ))}
      </KeuzeVeld>
      <FormFieldTextbox
        label={TT.uitstroomDatum}
        name="uitstroomDatum"
        type="date"
        value={datum}
        invalid={!!fouten.datum}
        errorMessage={fouten.datum}
        onChange={(e) => zetDatum((e.target as HTMLInputElement).value)}
      />
      {!vraag && (
        <Button type="submit" appearance="secondary-action-button">
          {T.trajecten.afsluiten}
        </Button>
      )}
      {vraag && (
        <div
          role="alertdialog"
          aria-labelledby="afsluiten-vraag"
          aria-describedby="afsluiten-uitleg"
          className="sr-stap"
        >
          <Heading level={4} id="afsluiten-vraag">
            {TT.afsluitenVraagKop}
          </Heading>
          <Paragraph id="afsluiten-uitleg">{TT.afsluitenVraag(naam)}</Paragraph>
          <div className="sr-rij">
            <Button appearance="primary-action-button" busy={bezig} disabled={bezig} onClick={() => void sluit()}>
              {TT.afsluitenBevestig}
            </Button>
            <Button appearance="secondary-action-button" onClick={() => zetVraag(false)}>
              {TT.afsluitenAnnuleer}
            </Button>
          </div>
        </div>
      )}
    </form>
  );
}
