import { useState } from 'react';
import { Button, FormFieldTextbox, Heading, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../api.ts';
import { Fout, Melding } from '../../ui.tsx';
import { TA } from './teksten.ts';

const veld = (zet: (v: string) => void) => (e: { target: unknown }) => zet((e.target as HTMLInputElement).value);

/** Change the password with the current (or one-time) password. */
export function WachtwoordWijzigen({
  eenmalig = false,
  onGewijzigd,
}: {
  eenmalig?: boolean;
  onGewijzigd?: (sessiesBeeindigd: number) => void;
}) {
  const [huidig, zetHuidig] = useState('');
  const [nieuw, zetNieuw] = useState('');
  const [herhaal, zetHerhaal] = useState('');
  const [fout, zetFout] = useState<unknown>();
  const [klaar, zetKlaar] = useState<string>();
  const [bezig, zetBezig] = useState(false);

  const verstuur = async () => {
    zetKlaar(undefined);
    if (!huidig || !nieuw || !herhaal) return zetFout(new Error(TA.wachtwoord.verplicht));
    if (nieuw.length < 12) return zetFout(new Error(TA.wachtwoord.kort));
    if (nieuw !== herhaal) return zetFout(new Error(TA.wachtwoord.verschil));
    zetBezig(true);
    zetFout(undefined);
    try {
      const r = await api<{ sessiesBeeindigd: number }>('POST', '/api/sessie/wachtwoord', { huidig, nieuw });
      zetHuidig('');
      zetNieuw('');
      zetHerhaal('');
      zetKlaar(TA.wachtwoord.klaar(r.sessiesBeeindigd));
      onGewijzigd?.(r.sessiesBeeindigd);
    } catch (e) {
      zetFout(e);
    } finally {
      zetBezig(false);
    }
  };

  return (
    <section aria-labelledby="wachtwoord-titel">
      <Heading level={2} id="wachtwoord-titel">
        {eenmalig ? TA.wachtwoord.eenmaligTitel : TA.wachtwoord.titel}
      </Heading>
      {eenmalig && <Paragraph>{TA.wachtwoord.eenmaligUitleg}</Paragraph>}
      <div aria-live="polite">{klaar && <Melding soort="ok">{klaar}</Melding>}</div>
      <Fout fout={fout} />
      <form
        className="sr-formulier"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void verstuur();
        }}
      >
        <FormFieldTextbox
          label={eenmalig ? TA.wachtwoord.huidigEenmalig : TA.wachtwoord.huidig}
          name="huidig"
          type="password"
          autoComplete="current-password"
          required
          value={huidig}
          onChange={veld(zetHuidig)}
        />
        <FormFieldTextbox
          label={TA.wachtwoord.nieuw}
          name="nieuw"
          type="password"
          autoComplete="new-password"
          required
          description={TA.wachtwoord.nieuwUitleg}
          value={nieuw}
          onChange={veld(zetNieuw)}
        />
        <FormFieldTextbox
          label={TA.wachtwoord.herhaal}
          name="herhaal"
          type="password"
          autoComplete="new-password"
          required
          value={herhaal}
          onChange={veld(zetHerhaal)}
        />
        <Button type="submit" appearance="primary-action-button" busy={bezig} disabled={bezig}>
          {TA.wachtwoord.knop}
        </Button>
      </form>
    </section>
  );
}

/** Set up the authenticator app: QR code plus the secret as text, confirmed with a first code; then recovery codes. */
export function TotpInstellen({ opnieuw = false, onKlaar }: { opnieuw?: boolean; onKlaar: () => void }) {
  const [wachtwoord, zetWachtwoord] = useState('');
  const [start, zetStart] = useState<{ geheim: string; qrCode: string }>();
  const [code, zetCode] = useState('');
  const [codes, zetCodes] = useState<string[]>();
  const [fout, zetFout] = useState<unknown>();
  const [bezig, zetBezig] = useState(false);

  const begin = async () => {
    zetBezig(true);
    zetFout(undefined);
    try {
      zetStart(await api('POST', '/api/sessie/totp/start', opnieuw ? { wachtwoord } : {}));
      zetWachtwoord('');
    } catch (e) {
      zetFout(e);
    } finally {
      zetBezig(false);
    }
  };
  const bevestig = async () => {
    const c = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(c)) return zetFout(new Error(TA.totp.codeVerplicht));
    zetBezig(true);
    zetFout(undefined);
    try {
      const r = await api<{ herstelcodes: string[] }>('POST', '/api/sessie/totp/bevestigen', { code: c });
      zetCodes(r.herstelcodes);
      zetStart(undefined);
    } catch (e) {
      zetFout(e);
      zetCode('');
    } finally {
      zetBezig(false);
    }
  };

  return (
    <section aria-labelledby="totp-titel">
      <Heading level={2} id="totp-titel">
        {TA.totp.titel}
      </Heading>
      <Fout fout={fout} />
      {codes ? (
        <>
          <Melding soort="ok">{TA.totp.klaar}</Melding>
          <Heading level={3}>{TA.totp.herstelTitel}</Heading>
          <Paragraph>{TA.totp.herstelUitleg}</Paragraph>
          <ul className="sr-herstelcodes" aria-label={TA.totp.herstelTitel}>
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <Button appearance="primary-action-button" onClick={onKlaar}>
            {TA.totp.verder}
          </Button>
        </>
      ) : start ? (
        <>
          <Paragraph>{TA.totp.stap1}</Paragraph>
          <img src={start.qrCode} alt={TA.totp.qrAlt} width={220} height={220} />
          <Paragraph>{TA.totp.geheimUitleg}</Paragraph>
          <Paragraph>
            <code className="sr-totp-geheim" data-testid="totp-geheim">
              {start.geheim}
            </code>
          </Paragraph>
          <form
            className="sr-formulier"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void bevestig();
            }}
          >
            <Paragraph>{TA.totp.stap2}</Paragraph>
            <FormFieldTextbox
              label={TA.totp.code}
              name="totp-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              value={code}
              onChange={veld(zetCode)}
            />
            <Button type="submit" appearance="primary-action-button" busy={bezig} disabled={bezig}>
              {TA.totp.bevestig}
            </Button>
          </form>
        </>
      ) : (
        <>
          <Paragraph>{opnieuw ? TA.totp.opnieuwUitleg : TA.totp.uitleg}</Paragraph>
          <form
            className="sr-formulier"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void begin();
            }}
          >
            {opnieuw && (
              <FormFieldTextbox
                label={TA.wachtwoord.huidig}
                name="totp-wachtwoord"
                type="password"
                autoComplete="current-password"
                required
                value={wachtwoord}
                onChange={veld(zetWachtwoord)}
              />
            )}
            <Button type="submit" appearance="primary-action-button" busy={bezig} disabled={bezig}>
              {TA.totp.start}
            </Button>
          </form>
        </>
      )}
    </section>
  );
}
