import { useEffect, useState } from 'react';
import {
  Button,
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Page,
  PageContent,
  PageFooter,
  PageHeader,
  Paragraph,
  SkipLink,
} from '@utrecht/component-library-react';
import { api, ApiFout, zetCsrf, type Antwoord } from '../../api.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, toonDatum } from '../../ui.tsx';
import { P } from './teksten.ts';

type Sessie = Antwoord<'/api/pauzeknop/sessie'>;
type Aanvraag = Antwoord<'/api/pauzeknop/aanvragen'>['aanvragen'][number];
type Schuldeiser = { naam: string; kenmerk: string };
const DREIGINGEN = Object.keys(P.dreigingen);

/**
 * The public Pauzeknop page for residents (no staff login): OpenID Connect login (DigiD through a broker), the request
 * form in plain Dutch, a confirmation step, then the state of the request.
 */
export function Pauzeknop() {
  const [sessie, zetSessie] = useState<Sessie | null>();
  const [aanvragen, zetAanvragen] = useState<Aanvraag[]>();
  // The last day of the resident's active pause (schuldenrust), if any.
  const [pauzeTot, zetPauzeTot] = useState<string | null>(null);
  const [bericht, zetBericht] = useState<string>();
  const mislukt = new URLSearchParams(location.search).get('inloggen') === 'mislukt';

  useEffect(() => {
    document.title = `${P.titel} – ${T.app.naam}`;
    api<Sessie>('GET', '/api/pauzeknop/sessie').then(
      (s) => {
        zetCsrf(s.csrfToken);
        zetSessie(s);
      },
      () => zetSessie(null),
    );
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once the session is known (laadAanvragen is a plain function)
  useEffect(() => {
    if (sessie) void laadAanvragen();
  }, [sessie]);
  async function laadAanvragen() {
    try {
      const r = await api<{ aanvragen: Aanvraag[]; pauzeTot: string | null }>('GET', '/api/pauzeknop/aanvragen');
      zetAanvragen(r.aanvragen);
      zetPauzeTot(r.pauzeTot);
    } catch (e) {
      if (e instanceof ApiFout && e.status === 401) {
        zetSessie(null);
        zetBericht(P.sessieVerlopen);
      }
    }
  }
  async function uitloggen() {
    try {
      await api('POST', '/api/pauzeknop/uitloggen');
    } catch {
      /* the session is gone either way */
    }
    zetSessie(null);
    zetAanvragen(undefined);
    zetBericht(P.uitgelogd);
  }

  const [nieuw, zetNieuw] = useState(false);
  // The latest request and its state; once the municipality made contact the resident may ask again.
  const laatste = aanvragen?.[0];
  return (
    <Page className="sr-pagina">
      <SkipLink href="#inhoud">{T.app.naarInhoud}</SkipLink>
      <PageHeader>
        <div className="sr-kop">
          <div>
            <Paragraph className="sr-logo">{T.app.naam}</Paragraph>
            <Paragraph className="sr-ondertitel">{T.app.ondertitel}</Paragraph>
          </div>
          {sessie && (
            <div className="sr-knoppen">
              <Button appearance="secondary-action-button" onClick={() => void uitloggen()}>
                {P.uitloggen}
              </Button>
            </div>
          )}
        </div>
      </PageHeader>
      <PageContent>
        <main id="inhoud" tabIndex={-1} className="sr-inhoud">
          <Heading level={1}>{P.titel}</Heading>
          {sessie && pauzeTot && (
            <section aria-labelledby="pauze-kop">
              <Heading level={2} id="pauze-kop">
                {P.pauzeKop}
              </Heading>
              <Melding soort="info">{P.pauze(toonDatum(pauzeTot))}</Melding>
            </section>
          )}
          {sessie === undefined ? (
            <Laden />
          ) : sessie === null ? (
            <>
              {P.intro.map((p) => (
                <Paragraph key={p}>{p}</Paragraph>
              ))}
              {mislukt && !bericht && <Melding soort="error">{P.inloggenMislukt}</Melding>}
              {bericht && <Melding soort="info">{bericht}</Melding>}
              <Paragraph>{P.inloggenUitleg}</Paragraph>
              <Paragraph>
                <a className="utrecht-button utrecht-button--primary-action sr-knoplink" href="/api/pauzeknop/inloggen">
                  {P.inloggen}
                </a>
              </Paragraph>
            </>
          ) : aanvragen === undefined ? (
            <Laden />
          ) : laatste && !nieuw ? (
            <>
              <Status aanvraag={laatste} />
              {laatste.status === 'contact' && (
                <Button appearance="secondary-action-button" onClick={() => zetNieuw(true)}>
                  {P.opnieuw}
                </Button>
              )}
            </>
          ) : (
            <Formulier
              sessie={sessie}
              onVerstuurd={(a) => {
                zetNieuw(false);
                zetAanvragen([a, ...(aanvragen ?? [])]);
              }}
            />
          )}
        </main>
      </PageContent>
      <PageFooter>
        <div className="sr-voet">
          <Paragraph>{T.app.voettekst}</Paragraph>
        </div>
      </PageFooter>
    </Page>
  );
}

function Status({ aanvraag }: { aanvraag: Aanvraag }) {
  const klaar = { ontvangen: true, opgepakt: aanvraag.status !== 'ontvangen', contact: aanvraag.status === 'contact' };
  return (
    <section aria-labelledby="status-kop">
      <Heading level={2} id="status-kop">
        {P.statusKop}
      </Heading>
      <Melding soort="ok">
        {aanvraag.status === 'contact'
          ? P.contactGehadInwoner(aanvraag.gemeentenaam)
          : P.ontvangen(aanvraag.gemeentenaam, toonDatum(aanvraag.deadline))}
      </Melding>
      <ol className="sr-stappen" data-status={aanvraag.status}>
        {(['ontvangen', 'opgepakt', 'contact'] as const).map((s) => (
          <li key={s}>
            {P.stappen[s]}: <strong>{klaar[s] ? P.klaar : P.nogNiet}</strong>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Formulier({ sessie, onVerstuurd }: { sessie: Sessie; onVerstuurd: (a: Aanvraag) => void }) {
  const [postcode, zetPostcode] = useState('');
  const [huisnummer, zetHuisnummer] = useState('');
  const [gemeente, zetGemeente] = useState<string>();
  const [telefoon, zetTelefoon] = useState('');
  const [email, zetEmail] = useState('');
  const [schuldeisers, zetSchuldeisers] = useState<Schuldeiser[]>([{ naam: '', kenmerk: '' }]);
  const [dreigingen, zetDreigingen] = useState<string[]>([]);
  const [toestemming, zetToestemming] = useState(false);
  const [controle, zetControle] = useState(false);
  const [fout, zetFout] = useState<unknown>();
  const [bezig, zetBezig] = useState(false);

  async function zoekGemeente(): Promise<string | undefined> {
    zetFout(undefined);
    try {
      const g = await api<{ gemeentenaam: string }>(
        'GET',
        `/api/pauzeknop/gemeente?postcode=${encodeURIComponent(postcode)}&huisnummer=${encodeURIComponent(huisnummer)}`,
      );
      zetGemeente(g.gemeentenaam);
      return g.gemeentenaam;
    } catch (e) {
      zetGemeente(undefined);
      zetFout(e);
      return undefined;
    }
  }
  async function naarControle() {
    if (!postcode.trim() || !huisnummer.trim()) return zetFout(new Error(P.verplichtAdres));
    if (!telefoon.trim() && !email.trim()) return zetFout(new Error(P.verplichtContact));
    if (!toestemming) return zetFout(new Error(P.verplichtToestemming));
    if (!(await zoekGemeente())) return;
    zetFout(undefined);
    zetControle(true);
  }
  async function verstuur() {
    zetBezig(true);
    zetFout(undefined);
    try {
      const a = await api<Aanvraag>('POST', '/api/pauzeknop/aanvragen', {
        postcode,
        huisnummer: Number(huisnummer),
        ...(telefoon.trim() ? { telefoon: telefoon.trim() } : {}),
        ...(email.trim() ? { email: email.trim() } : {}),
        schuldeisers: schuldeisers
          .filter((s) => s.naam.trim())
          .map((s) => ({ naam: s.naam.trim(), ...(s.kenmerk.trim() ? { kenmerk: s.kenmerk.trim() } : {}) })),
        dreigingen,
        toestemming,
        toestemmingVersie: sessie.toestemming.versie,
      });
      onVerstuurd(a);
    } catch (e) {
      zetFout(e);
      zetControle(false);
    } finally {
      zetBezig(false);
    }
  }
  const zetSchuldeiser = (i: number, s: Partial<Schuldeiser>) =>
    zetSchuldeisers(schuldeisers.map((x, j) => (i === j ? { ...x, ...s } : x)));

  if (controle) {
    const gekozen = schuldeisers.filter((s) => s.naam.trim());
    return (
      <section aria-labelledby="controle-kop">
        <Heading level={2} id="controle-kop">
          {P.stap2}
        </Heading>
        <Paragraph>{P.controleUitleg}</Paragraph>
        <Fout fout={fout} />
        <dl className="sr-gegevens">
          <dt>{P.adresKop}</dt>
          <dd>
            {postcode} {huisnummer} ({gemeente})
          </dd>
          <dt>{P.telefoon}</dt>
          <dd>{telefoon.trim() || P.geen}</dd>
          <dt>{P.email}</dt>
          <dd>{email.trim() || P.geen}</dd>
          <dt>{P.schuldeisersKop}</dt>
          <dd>
            {gekozen.length
              ? gekozen.map((s) => (s.kenmerk.trim() ? `${s.naam} (${s.kenmerk})` : s.naam)).join(', ')
              : P.geen}
          </dd>
          <dt>{P.dreigingKop}</dt>
          <dd>{dreigingen.length ? dreigingen.map((d) => P.dreigingen[d]).join(', ') : P.geenDreiging}</dd>
        </dl>
        <div className="sr-knoppen sr-links">
          <Button appearance="primary-action-button" busy={bezig} disabled={bezig} onClick={() => void verstuur()}>
            {bezig ? P.bezig : P.versturen}
          </Button>
          <Button appearance="secondary-action-button" disabled={bezig} onClick={() => zetControle(false)}>
            {P.terug}
          </Button>
        </div>
      </section>
    );
  }

  return (
    <form
      className="sr-formulier"
      aria-labelledby="formulier-kop"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void naarControle();
      }}
    >
      <Heading level={2} id="formulier-kop">
        {P.stap1}
      </Heading>
      <Fieldset>
        <FieldsetLegend>{P.adresKop}</FieldsetLegend>
        <FormFieldTextbox
          label={P.postcode}
          name="postcode"
          autoComplete="postal-code"
          description={P.postcodeUitleg}
          required
          value={postcode}
          onChange={(e) => zetPostcode((e.target as HTMLInputElement).value)}
        />
        <FormFieldTextbox
          label={P.huisnummer}
          name="huisnummer"
          inputMode="numeric"
          required
          value={huisnummer}
          onChange={(e) => zetHuisnummer((e.target as HTMLInputElement).value)}
        />
        <Button appearance="secondary-action-button" onClick={() => void zoekGemeente()}>
          {P.zoekGemeente}
        </Button>
        {gemeente && <Paragraph role="status">{P.uwGemeente(gemeente)}</Paragraph>}
      </Fieldset>
      <Fieldset>
        <FieldsetLegend>{P.contactKop}</FieldsetLegend>
        <Paragraph>{P.contactUitleg}</Paragraph>
        <FormFieldTextbox
          label={P.telefoon}
          name="telefoon"
          type="tel"
          autoComplete="tel"
          value={telefoon}
          onChange={(e) => zetTelefoon((e.target as HTMLInputElement).value)}
        />
        <FormFieldTextbox
          label={P.email}
          name="email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => zetEmail((e.target as HTMLInputElement).value)}
        />
      </Fieldset>
      <Fieldset>
        <FieldsetLegend>{P.schuldeisersKop}</FieldsetLegend>
        <Paragraph>{P.schuldeisersUitleg}</Paragraph>
        {schuldeisers.map((s, i) => (
          <div key={i} className="sr-schuldeiser">
            <FormFieldTextbox
              label={`${P.schuldeiser(i + 1)}: ${P.naam}`}
              name={`schuldeiser-${i}-naam`}
              value={s.naam}
              onChange={(e) => zetSchuldeiser(i, { naam: (e.target as HTMLInputElement).value })}
            />
            <FormFieldTextbox
              label={`${P.schuldeiser(i + 1)}: ${P.kenmerk}`}
              name={`schuldeiser-${i}-kenmerk`}
              value={s.kenmerk}
              onChange={(e) => zetSchuldeiser(i, { kenmerk: (e.target as HTMLInputElement).value })}
            />
            {schuldeisers.length > 1 && (
              <Button
                appearance="subtle-button"
                onClick={() => zetSchuldeisers(schuldeisers.filter((_, j) => j !== i))}
              >
                {P.schuldeiserWeg(i + 1)}
              </Button>
            )}
          </div>
        ))}
        <Button
          appearance="secondary-action-button"
          onClick={() => zetSchuldeisers([...schuldeisers, { naam: '', kenmerk: '' }])}
        >
          {P.schuldeiserErbij}
        </Button>
      </Fieldset>
      <Fieldset>
        <FieldsetLegend>{P.dreigingKop}</FieldsetLegend>
        <Paragraph>{P.dreigingUitleg}</Paragraph>
        {DREIGINGEN.map((d) => (
          <FormField type="checkbox" key={d}>
            <Checkbox
              id={`dreiging-${d}`}
              checked={dreigingen.includes(d)}
              onChange={(e) => zetDreigingen(e.target.checked ? [...dreigingen, d] : dreigingen.filter((x) => x !== d))}
            />
            <FormLabel htmlFor={`dreiging-${d}`} type="checkbox">
              {P.dreigingen[d]}
            </FormLabel>
          </FormField>
        ))}
      </Fieldset>
      <Fieldset>
        <FieldsetLegend>{P.toestemmingKop}</FieldsetLegend>
        {sessie.toestemming.tekst.map((p) => (
          <Paragraph key={p}>{p}</Paragraph>
        ))}
        <FormField type="checkbox">
          <Checkbox
            id="toestemming"
            checked={toestemming}
            onChange={(e) => {
              zetToestemming(e.target.checked);
              zetFout(undefined);
            }}
          />
          <FormLabel htmlFor="toestemming" type="checkbox">
            {P.toestemmingVinkje}
          </FormLabel>
        </FormField>
      </Fieldset>
      <Fout fout={fout} />
      <Button type="submit" appearance="primary-action-button">
        {P.controleren}
      </Button>
    </form>
  );
}
