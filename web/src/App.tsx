import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Button,
  Heading,
  Link,
  Page,
  PageContent,
  PageFooter,
  PageHeader,
  Paragraph,
  SkipLink,
} from '@utrecht/component-library-react';
import { api, opSessieVerlopen, zetCsrf } from './api.ts';
import { bestaatVoorIemand, past, schermenVoor } from './menu.tsx';
import { AppLink, navigeer, usePad } from './router.tsx';
import { GebruikerContext, type Gebruiker, type SessieAntwoord } from './sessie.ts';
import { T } from './teksten.ts';
import { TA } from './schermen/account/teksten.ts';
import { Inloggen } from './schermen/Inloggen.tsx';
import { AccountInstellen, WachtwoordHerstellen, WachtwoordVergeten } from './schermen/account/Schermen.tsx';
import { Laden } from './ui.tsx';
import { Bel } from './schermen/meldingen/Bel.tsx';
import { VERHUURDER_PAD, VerhuurderAanmelden } from './schermen/partner/VerhuurderAanmelden.tsx';
import { TL } from './schermen/partner/teksten-levensloop.ts';

export function App() {
  const [gebruiker, zetGebruiker] = useState<Gebruiker | null>();
  const [bericht, zetBericht] = useState<string>();
  const pad = usePad();
  const hoofd = useRef<HTMLElement>(null);
  const ingelogd = useRef(false);
  ingelogd.current = !!gebruiker;

  useEffect(() => {
    api<SessieAntwoord>('GET', '/api/sessie/ik').then(
      (s) => {
        zetCsrf(s.csrfToken);
        zetGebruiker(s.gebruiker);
      },
      () => zetGebruiker(null),
    );
    return opSessieVerlopen(() => {
      // Only someone who was signed in can have an expired session; the page asked for stays (login returns there).
      if (ingelogd.current) zetBericht(T.sessie.verlopen);
      zetGebruiker(null);
    });
  }, []);

  // Public pages besides the login page: a forgotten password.
  const publiek =
    pad === '/wachtwoord-vergeten'
      ? { titel: TA.vergeten.titel, scherm: <WachtwoordVergeten /> }
      : pad === '/wachtwoord-herstellen'
        ? { titel: TA.herstellen.titel, scherm: <WachtwoordHerstellen /> }
        : undefined;

  const schermen = gebruiker && !gebruiker.beperking ? schermenVoor(gebruiker) : [];
  const huidig = schermen.find((s) => past(s.pad, pad));
  const params = huidig ? past(huidig.pad, pad)! : {};
  const anderePagina = !huidig && bestaatVoorIemand(pad);
  const nietHier = anderePagina ? T.algemeen.geenToegang : T.algemeen.nietGevonden;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation (`pad`), also between two paths of one screen
  useEffect(() => {
    document.title = `${huidig?.titel ?? (gebruiker?.beperking ? TA.instellen.titel : gebruiker ? nietHier : publiek ? publiek.titel : pad === VERHUURDER_PAD ? TL.verhuurder.titel : T.sessie.titel)} – ${T.app.naam}`;
    // Move focus to the main content after navigation, so screen readers start at the new page.
    hoofd.current?.focus();
  }, [pad, huidig, gebruiker, publiek?.titel]);

  const uitloggen = useCallback(async (overal: boolean) => {
    try {
      await api('POST', overal ? '/api/sessie/overal-uitloggen' : '/api/sessie/uitloggen');
    } catch {
      /* the session is gone either way */
    }
    zetGebruiker(null);
    zetBericht(T.sessie.uitgelogd);
    navigeer('/');
  }, []);

  return (
    <Page className="sr-pagina">
      <SkipLink href="#inhoud">{T.app.naarInhoud}</SkipLink>
      <PageHeader>
        <div className="sr-kop">
          <div>
            <Paragraph className="sr-logo">
              <AppLink href="/">{T.app.naam}</AppLink>
            </Paragraph>
            <Paragraph className="sr-ondertitel">{T.app.ondertitel}</Paragraph>
          </div>
          {gebruiker && (
            <div className="sr-gebruiker">
              <Paragraph>{T.sessie.ingelogdAls(gebruiker.naam, gebruiker.organisatie.naam)}</Paragraph>
              <Bel />
              <div className="sr-knoppen">
                <Button appearance="secondary-action-button" onClick={() => void uitloggen(false)}>
                  {T.sessie.uitloggen}
                </Button>
                <Button appearance="subtle-button" onClick={() => void uitloggen(true)}>
                  {T.sessie.overalUitloggen}
                </Button>
              </div>
            </div>
          )}
        </div>
        {gebruiker && !gebruiker.beperking && (
          <nav aria-label={T.app.hoofdmenu} className="sr-menu">
            <ul>
              {schermen
                .filter((s) => !s.verborgen)
                .map((s) => (
                  <li key={s.pad}>
                    <AppLink href={s.pad} huidig={s.pad === pad}>
                      {s.titel}
                    </AppLink>
                  </li>
                ))}
            </ul>
          </nav>
        )}
      </PageHeader>
      <PageContent>
        <main id="inhoud" ref={hoofd} tabIndex={-1} className="sr-inhoud">
          {gebruiker === undefined ? (
            <Laden />
          ) : gebruiker === null && pad === VERHUURDER_PAD ? (
            <VerhuurderAanmelden />
          ) : gebruiker === null && publiek ? (
            publiek.scherm
          ) : gebruiker === null ? (
            <>
              <Inloggen
                bericht={bericht}
                onIngelogd={(s) => {
                  // Stay on the page asked for (a bookmark, a link in a notification, or where the session expired).
                  zetBericht(undefined);
                  zetGebruiker(s.gebruiker);
                  if (pad === VERHUURDER_PAD) navigeer('/');
                }}
              />
              <Paragraph className="sr-smal">
                <AppLink href={VERHUURDER_PAD}>{TL.verhuurder.link}</AppLink>
              </Paragraph>
            </>
          ) : gebruiker.beperking ? (
            <AccountInstellen
              gebruiker={gebruiker}
              onBijgewerkt={(g) => {
                zetGebruiker(g);
                if (!g.beperking) navigeer('/');
              }}
            />
          ) : (
            <GebruikerContext.Provider value={gebruiker}>
              {huidig ? (
                <div key={pad}>{huidig.scherm(params)}</div>
              ) : (
                <>
                  <Heading level={1}>{nietHier}</Heading>
                  {anderePagina && <Paragraph>{T.algemeen.geenToegangUitleg}</Paragraph>}
                  <Paragraph>
                    <AppLink href="/">{T.algemeen.naarStart}</AppLink>
                  </Paragraph>
                </>
              )}
            </GebruikerContext.Provider>
          )}
        </main>
      </PageContent>
      <PageFooter>
        <div className="sr-voet">
          <Paragraph>{T.app.voettekst}</Paragraph>
          <Paragraph>
            <Link href="/api/docs">{T.app.documentatie}</Link>
          </Paragraph>
        </div>
      </PageFooter>
    </Page>
  );
}
