import { useState } from 'react';
import { Button, FormFieldTextbox, Heading, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { AppLink } from '../../router.tsx';
import type { Gebruiker, SessieAntwoord } from '../../sessie.ts';
import { Fout, Melding } from '../../ui.tsx';
import { TotpInstellen, WachtwoordWijzigen } from './Formulieren.tsx';
import { TA } from './teksten.ts';

/**
 * A session that must first change its one-time password, then set up the authenticator app: nothing else until
 * then (the API refuses everything else too).
 */
export function AccountInstellen({
  gebruiker,
  onBijgewerkt,
}: {
  gebruiker: Gebruiker;
  onBijgewerkt: (g: Gebruiker) => void;
}) {
  const [codesGezien, zetCodesGezien] = useState(false);
  const ververs = async () => onBijgewerkt((await api<SessieAntwoord>('GET', '/api/sessie/ik')).gebruiker);
  return (
    <section aria-labelledby="instellen-titel" className="sr-smal">
      <Heading level={1} id="instellen-titel">
        {TA.instellen.titel}
      </Heading>
      {gebruiker.beperking === 'wachtwoord-wijzigen' ? (
        <WachtwoordWijzigen eenmalig onGewijzigd={() => void ververs()} />
      ) : (
        !codesGezien && (
          <TotpInstellen
            onKlaar={() => {
              zetCodesGezien(true);
              void ververs();
            }}
          />
        )
      )}
    </section>
  );
}

/** The signed-in person's own account: change the password, set up the authenticator app again. */
export function MijnAccount() {
  const [opnieuw, zetOpnieuw] = useState(0);
  return (
    <>
      <Heading level={1}>{TA.account.titel}</Heading>
      <WachtwoordWijzigen />
      <TotpInstellen key={opnieuw} opnieuw onKlaar={() => zetOpnieuw((n) => n + 1)} />
    </>
  );
}

/** Ask for a password reset link (public). The answer is the same whether or not the address has an account. */
export function WachtwoordVergeten() {
  const [email, zetEmail] = useState('');
  const [klaar, zetKlaar] = useState(false);
  const [fout, zetFout] = useState<unknown>();
  const [bezig, zetBezig] = useState(false);
  const verstuur = async () => {
    if (!email.trim()) return zetFout(new Error(TA.vergeten.verplicht));
    zetBezig(true);
    zetFout(undefined);
    try {
      await api('POST', '/api/sessie/wachtwoord-vergeten', { email: email.trim() });
      zetKlaar(true);
    } catch (e) {
      zetFout(e);
    } finally {
      zetBezig(false);
    }
  };
  return (
    <section aria-labelledby="vergeten-titel" className="sr-smal">
      <Heading level={1} id="vergeten-titel">
        {TA.vergeten.titel}
      </Heading>
      <div aria-live="polite">{klaar && <Melding soort="ok">{TA.vergeten.verstuurd}</Melding>}</div>
      <Fout fout={fout} />
      {!klaar && (
        <>
          <Paragraph>{TA.vergeten.uitleg}</Paragraph>
          <form
            className="sr-formulier"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void verstuur();
            }}
          >
            <FormFieldTextbox
              label="E-mailadres"
              name="email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => zetEmail((e.target as HTMLInputElement).value)}
            />
            <Button type="submit" appearance="primary-action-button" busy={bezig} disabled={bezig}>
              {TA.vergeten.knop}
            </Button>
          </form>
        </>
      )}
      <Paragraph>
        <AppLink href="/">{TA.vergeten.terug}</AppLink>
      </Paragraph>
    </section>
  );
}

/** Set a new password with the token from the mail's link (`/wachtwoord-herstellen#<token>`: never sent to a server log). */
export function WachtwoordHerstellen() {
  const [token] = useState(() => location.hash.replace(/^#/, ''));
  const [nieuw, zetNieuw] = useState('');
  const [herhaal, zetHerhaal] = useState('');
  const [klaar, zetKlaar] = useState(false);
  const [fout, zetFout] = useState<unknown>();
  const [bezig, zetBezig] = useState(false);
  const verstuur = async () => {
    if (nieuw.length < 12) return zetFout(new Error(TA.wachtwoord.kort));
    if (nieuw !== herhaal) return zetFout(new Error(TA.wachtwoord.verschil));
    zetBezig(true);
    zetFout(undefined);
    try {
      await api('POST', '/api/sessie/wachtwoord-herstellen', { token, nieuw });
      history.replaceState(null, '', location.pathname);
      zetKlaar(true);
    } catch (e) {
      zetFout(e);
    } finally {
      zetBezig(false);
    }
  };
  return (
    <section aria-labelledby="herstellen-titel" className="sr-smal">
      <Heading level={1} id="herstellen-titel">
        {TA.herstellen.titel}
      </Heading>
      <div aria-live="polite">{klaar && <Melding soort="ok">{TA.herstellen.klaar}</Melding>}</div>
      <Fout fout={fout} />
      {!token && !klaar && <Melding soort="warning">{TA.herstellen.geenLink}</Melding>}
      {token && !klaar && (
        <>
          <Paragraph>{TA.herstellen.uitleg}</Paragraph>
          <form
            className="sr-formulier"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void verstuur();
            }}
          >
            <FormFieldTextbox
              label={TA.wachtwoord.nieuw}
              name="nieuw"
              type="password"
              autoComplete="new-password"
              required
              description={TA.wachtwoord.nieuwUitleg}
              value={nieuw}
              onChange={(e) => zetNieuw((e.target as HTMLInputElement).value)}
            />
            <FormFieldTextbox
              label={TA.wachtwoord.herhaal}
              name="herhaal"
              type="password"
              autoComplete="new-password"
              required
              value={herhaal}
              onChange={(e) => zetHerhaal((e.target as HTMLInputElement).value)}
            />
            <Button type="submit" appearance="primary-action-button" busy={bezig} disabled={bezig}>
              {TA.herstellen.knop}
            </Button>
          </form>
        </>
      )}
      <Paragraph>
        <AppLink href="/">{TA.vergeten.terug}</AppLink>
      </Paragraph>
    </section>
  );
}
