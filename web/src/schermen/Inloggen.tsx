import { useState } from 'react';
import {
  Button,
  Checkbox,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Paragraph,
} from '@utrecht/component-library-react';
import { api, zetCsrf } from '../api.ts';
import type { SessieAntwoord } from '../sessie.ts';
import { T } from '../teksten.ts';
import { Fout, Melding } from '../ui.tsx';
import { AppLink } from '../router.tsx';
import { TA } from './account/teksten.ts';

export function Inloggen({ bericht, onIngelogd }: { bericht?: string; onIngelogd: (s: SessieAntwoord) => void }) {
  const [email, zetEmail] = useState('');
  const [wachtwoord, zetWachtwoord] = useState('');
  const [code, zetCode] = useState('');
  // A recovery code has letters: the numeric keypad only for the authenticator code.
  const [herstel, zetHerstel] = useState(false);
  const [bezig, zetBezig] = useState(false);
  const [fout, zetFout] = useState<unknown>();

  const verstuur = async () => {
    if (!email || !wachtwoord) {
      zetFout(new Error(T.sessie.verplicht));
      return;
    }
    zetBezig(true);
    zetFout(undefined);
    try {
      const c = code.replace(/\s/g, '');
      const s = await api<SessieAntwoord>('POST', '/api/sessie/inloggen', {
        email,
        wachtwoord,
        ...(c ? { code: c } : {}),
      });
      zetCsrf(s.csrfToken);
      onIngelogd(s);
    } catch (e) {
      zetFout(e);
      zetCode('');
    } finally {
      zetBezig(false);
    }
  };

  return (
    <section aria-labelledby="inloggen-titel" className="sr-smal">
      <Heading level={1} id="inloggen-titel">
        {T.sessie.titel}
      </Heading>
      <Paragraph>{T.sessie.uitleg}</Paragraph>
      {bericht && <Melding soort="info">{bericht}</Melding>}
      <Fout fout={fout} />
      <form
        className="sr-formulier"
        onSubmit={(e) => {
          e.preventDefault();
          void verstuur();
        }}
        noValidate
      >
        <FormFieldTextbox
          label={T.sessie.email}
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => zetEmail((e.target as HTMLInputElement).value)}
        />
        <FormFieldTextbox
          label={T.sessie.wachtwoord}
          name="wachtwoord"
          type="password"
          autoComplete="current-password"
          required
          value={wachtwoord}
          onChange={(e) => zetWachtwoord((e.target as HTMLInputElement).value)}
        />
        <FormFieldTextbox
          label={T.sessie.code}
          name="code"
          autoComplete="one-time-code"
          // FormFieldTextbox does not pass inputMode to its input: set the attribute on the input itself.
          inputRef={(el) => el?.setAttribute('inputmode', herstel ? 'text' : 'numeric')}
          description={T.sessie.codeUitleg}
          value={code}
          onChange={(e) => zetCode((e.target as HTMLInputElement).value)}
        />
        <FormField type="checkbox">
          <Checkbox id="inloggen-herstel" checked={herstel} onChange={(e) => zetHerstel(e.target.checked)} />
          <FormLabel htmlFor="inloggen-herstel" type="checkbox">
            {T.sessie.herstelcodeGebruiken}
          </FormLabel>
        </FormField>
        <Button type="submit" appearance="primary-action-button" busy={bezig} disabled={bezig}>
          {bezig ? T.sessie.bezig : T.sessie.inloggen}
        </Button>
      </form>
      <Paragraph>
        <AppLink href="/wachtwoord-vergeten">{TA.vergeten.link}</AppLink>
      </Paragraph>
    </section>
  );
}
