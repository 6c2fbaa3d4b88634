import { useState } from 'react';
import {
  Button,
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Paragraph,
} from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatumTijd, useData } from '../../ui.tsx';

interface Abonnement {
  id: string;
  url: string;
  gebeurtenissen: string[];
  omschrijving: string;
  actief: boolean;
  vorigGeheimGeldigTot: string | null;
  mislukt: number;
}
interface Aflevering {
  id: string;
  gebeurtenisId: string;
  type: string;
  status: string;
  pogingen: number;
  laatsteFout: string | null;
  aangemaaktOp: string;
}

/** An organisation's webhooks: register (the secret is shown once), rotate the secret, switch off, remove; failed calls and replay. */
export function Webhooks() {
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(
    () =>
      Promise.all([
        api<Abonnement[]>('GET', '/api/webhooks'),
        api<Array<{ type: string; omschrijving: string }>>('GET', '/api/webhooks/gebeurtenissen'),
      ]),
    versie,
  );
  const [url, zetUrl] = useState('');
  const [omschrijving, zetOmschrijving] = useState('');
  const [gekozen, zetGekozen] = useState<string[]>([]);
  const [geheim, zetGeheim] = useState<string>();
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error'; tekst: string }>();
  const [open, zetOpen] = useState<Abonnement>();
  const opnieuwLaden = () => zetVersie((v) => v + 1);
  const doe = async (f: () => Promise<unknown>, ok?: string) => {
    try {
      await f();
      if (ok) zetMelding({ soort: 'ok', tekst: ok });
      opnieuwLaden();
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  const omschrijvingVan = (type: string) => data?.[1].find((g) => g.type === type)?.omschrijving ?? type;

  const voegToe = () =>
    doe(async () => {
      const a = await api<{ geheim: string }>('POST', '/api/webhooks', {
        url: url.trim(),
        gebeurtenissen: gekozen,
        omschrijving,
      });
      zetGeheim(a.geheim);
      zetUrl('');
      zetOmschrijving('');
      zetGekozen([]);
    }, T.webhooks.toegevoegd);
  const roteer = (a: Abonnement) => {
    if (!window.confirm(T.webhooks.roteerVraag)) return;
    void doe(async () => {
      const r = await api<{ geheim: string; vorigGeheimGeldigTot: string }>('POST', `/api/webhooks/${a.id}/geheim`);
      zetGeheim(r.geheim);
      zetMelding({ soort: 'ok', tekst: T.webhooks.geroteerd(toonDatumTijd(r.vorigGeheimGeldigTot)) });
    });
  };
  const verwijder = (a: Abonnement) => {
    if (!window.confirm(T.webhooks.verwijderVraag)) return;
    if (open?.id === a.id) zetOpen(undefined);
    void doe(() => api('DELETE', `/api/webhooks/${a.id}`), T.webhooks.verwijderd);
  };

  return (
    <>
      <Heading level={1}>{T.webhooks.titel}</Heading>
      <Paragraph>{T.webhooks.uitleg}</Paragraph>
      <div aria-live="polite">
        {melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}
        {geheim && (
          <section className="sr-eenmalig" aria-labelledby="geheim-titel">
            <Heading level={2} id="geheim-titel">
              {T.webhooks.geheimTitel}
            </Heading>
            <Paragraph>{T.webhooks.geheimUitleg}</Paragraph>
            <Paragraph className="sr-code">{geheim}</Paragraph>
            <Button appearance="secondary-action-button" onClick={() => zetGeheim(undefined)}>
              {T.webhooks.geheimGezien}
            </Button>
          </section>
        )}
      </div>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <>
          <Tabel
            titel={T.webhooks.titel}
            leeg={T.webhooks.geen}
            koppen={[
              T.webhooks.url,
              T.webhooks.omschrijving,
              T.webhooks.gebeurtenissen,
              T.webhooks.status,
              T.webhooks.mislukt,
              T.algemeen.acties,
            ]}
            rijen={data[0].map((a) => [
              <span className="sr-code">{a.url}</span>,
              a.omschrijving || '–',
              a.gebeurtenissen.map(omschrijvingVan).join('; '),
              <>
                {a.actief ? T.webhooks.aan : T.webhooks.uit}
                {a.vorigGeheimGeldigTot && (
                  <Paragraph className="sr-uitleg">
                    {T.webhooks.vorigGeheim(toonDatumTijd(a.vorigGeheimGeldigTot))}
                  </Paragraph>
                )}
              </>,
              a.mislukt,
              <div className="sr-acties">
                <Button appearance="secondary-action-button" onClick={() => zetOpen(a)}>
                  {T.webhooks.toonAfleveringen}
                </Button>
                <Button appearance="subtle-button" onClick={() => roteer(a)}>
                  {T.webhooks.roteren}
                </Button>
                <Button
                  appearance="subtle-button"
                  onClick={() => void doe(() => api('PATCH', `/api/webhooks/${a.id}`, { actief: !a.actief }))}
                >
                  {a.actief ? T.webhooks.uitzetten : T.webhooks.aanzetten}
                </Button>
                <Button appearance="subtle-button" hint="danger" onClick={() => verwijder(a)}>
                  {T.webhooks.verwijderen}
                </Button>
              </div>,
            ])}
          />
          {open && (
            <Afleveringen abonnement={open} versie={versie} onMelding={zetMelding} omschrijvingVan={omschrijvingVan} />
          )}
          <Heading level={2}>{T.webhooks.nieuw}</Heading>
          <form
            className="sr-formulier"
            onSubmit={(e) => {
              e.preventDefault();
              void voegToe();
            }}
          >
            <FormFieldTextbox
              label={T.webhooks.url}
              name="webhook-url"
              type="url"
              required
              value={url}
              onChange={(e) => zetUrl((e.target as HTMLInputElement).value)}
            />
            <FormFieldTextbox
              label={T.webhooks.omschrijving}
              name="webhook-omschrijving"
              value={omschrijving}
              onChange={(e) => zetOmschrijving((e.target as HTMLInputElement).value)}
            />
            <Fieldset>
              <FieldsetLegend>{T.webhooks.gebeurtenissen}</FieldsetLegend>
              {data[1].map((g) => (
                <FormField type="checkbox" key={g.type}>
                  <Checkbox
                    id={`webhook-${g.type}`}
                    checked={gekozen.includes(g.type)}
                    onChange={(e) =>
                      zetGekozen(e.target.checked ? [...gekozen, g.type] : gekozen.filter((x) => x !== g.type))
                    }
                  />
                  <FormLabel htmlFor={`webhook-${g.type}`} type="checkbox">
                    {g.omschrijving}
                  </FormLabel>
                </FormField>
              ))}
            </Fieldset>
            {gekozen.length === 0 && <Paragraph className="sr-uitleg">{T.webhooks.kiesGebeurtenis}</Paragraph>}
            <Button type="submit" appearance="primary-action-button" disabled={!url.trim() || gekozen.length === 0}>
              {T.webhooks.toevoegen}
            </Button>
          </form>
        </>
      )}
    </>
  );
}

function Afleveringen({
  abonnement: a,
  versie,
  onMelding,
  omschrijvingVan,
}: {
  abonnement: Abonnement;
  versie: number;
  onMelding: (m: { soort: 'ok' | 'error'; tekst: string }) => void;
  omschrijvingVan: (type: string) => string;
}) {
  const [alleenMislukt, zetAlleenMislukt] = useState(a.mislukt > 0);
  const [eigen, zetEigen] = useState(0);
  const { data, fout } = useData(
    () =>
      api<Aflevering[]>('GET', `/api/webhooks/${a.id}/afleveringen?limit=100${alleenMislukt ? '&status=mislukt' : ''}`),
    `${a.id}-${versie}-${eigen}-${alleenMislukt}`,
  );
  const opnieuw = async (x: Aflevering) => {
    try {
      await api('POST', `/api/webhooks/${a.id}/afleveringen/${x.id}/opnieuw`);
      onMelding({ soort: 'ok', tekst: T.webhooks.opnieuwGepland });
      zetEigen((v) => v + 1);
    } catch (e) {
      onMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  return (
    <section aria-labelledby="afleveringen-titel">
      <Heading level={2} id="afleveringen-titel">
        {T.webhooks.afleveringenTitel(a.url)}
      </Heading>
      <FormField type="checkbox">
        <Checkbox id="alleen-mislukt" checked={alleenMislukt} onChange={(e) => zetAlleenMislukt(e.target.checked)} />
        <FormLabel htmlFor="alleen-mislukt" type="checkbox">
          {T.webhooks.alleenMislukt}
        </FormLabel>
      </FormField>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <Tabel
          titel={T.webhooks.afleveringen}
          koppen={[
            T.webhooks.gebeurtenis,
            T.webhooks.kenmerk,
            T.webhooks.status,
            T.webhooks.pogingen,
            T.webhooks.fout,
            T.webhooks.aangemaakt,
            T.algemeen.acties,
          ]}
          rijen={data.map((x) => [
            omschrijvingVan(x.type),
            <span className="sr-code">{x.gebeurtenisId}</span>,
            T.webhooks.statussen[x.status] ?? x.status,
            x.pogingen,
            x.laatsteFout ?? '–',
            toonDatumTijd(x.aangemaaktOp),
            x.status === 'mislukt' || x.status === 'afgeleverd' ? (
              <Button appearance="secondary-action-button" onClick={() => void opnieuw(x)}>
                {T.webhooks.opnieuw}
              </Button>
            ) : (
              '–'
            ),
          ])}
        />
      )}
    </section>
  );
}
