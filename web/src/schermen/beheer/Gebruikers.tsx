import { useState } from 'react';
import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { useGebruiker } from '../../sessie.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatumTijd, useData } from '../../ui.tsx';
import { EenmaligeGeheimen, OrganisatieKeuze, type Geheimen, type Organisatie } from './gedeeld.tsx';
import { NieuweGebruiker } from './NieuweGebruiker.tsx';
import { EersteBeheerder } from '../account/EersteBeheerder.tsx';

interface Rij {
  id: string;
  organisatieNaam: string;
  email: string;
  naam: string;
  rol: string;
  actief: boolean;
  geblokkeerdTot: string | null;
  laatsteLogin: string | null;
}

/** Operator: users per organisation (create, unblock, reset TOTP, new recovery codes, deactivate). */
export function Gebruikers() {
  const ik = useGebruiker();
  const [organisatieId, zetOrganisatieId] = useState('');
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(
    () =>
      Promise.all([
        api<Rij[]>('GET', `/api/beheer/gebruikers${organisatieId ? `?organisatieId=${organisatieId}` : ''}`),
        api<Organisatie[]>('GET', '/api/beheer/organisaties'),
      ]),
    `${organisatieId}/${versie}`,
  );
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error' | 'warning'; tekst: string }>();
  const [geheimen, zetGeheimen] = useState<Geheimen>();

  const doe = async <R,>(vraag: string | null, pad: string, tekst: (r: R) => string, toon?: (r: R) => Geheimen) => {
    if (vraag && !window.confirm(vraag)) return;
    try {
      const r = await api<R>('POST', pad);
      zetMelding({ soort: 'ok', tekst: tekst(r) });
      zetGeheimen(toon?.(r));
      zetVersie((n) => n + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  const acties = (g: Rij) => {
    const pad = `/api/beheer/gebruikers/${g.id}`;
    const knop = (label: string, klik: () => void, gevaar = false) => (
      <Button
        appearance="subtle-button"
        hint={gevaar ? 'danger' : undefined}
        onClick={klik}
        aria-label={`${label}: ${g.email}`}
      >
        {label}
      </Button>
    );
    return (
      <div className="sr-knoppen">
        {g.geblokkeerdTot &&
          knop(T.gebruikers.deblokkeren, () => void doe(null, `${pad}/deblokkeren`, () => T.gebruikers.gedeblokkeerd))}
        {knop(
          T.gebruikers.totpReset,
          () =>
            void doe<Geheimen>(
              T.gebruikers.totpVraag(g.email),
              `${pad}/totp-reset`,
              () => T.gebruikers.totpGereset,
              (r) => ({ email: g.email, ...r }),
            ),
        )}
        {knop(
          T.gebruikers.herstelcodes,
          () =>
            void doe<Geheimen>(
              T.gebruikers.herstelVraag(g.email),
              `${pad}/herstelcodes`,
              () => T.gebruikers.herstelGemaakt,
              (r) => ({ email: g.email, ...r }),
            ),
        )}
        {g.actief
          ? g.id !== ik.id &&
            knop(
              T.gebruikers.deactiveren,
              () =>
                void doe<{ sessiesBeeindigd: number }>(
                  T.gebruikers.deactiveerVraag(g.email),
                  `${pad}/deactiveren`,
                  (r) => T.gebruikers.gedeactiveerdMelding(r.sessiesBeeindigd),
                ),
              true,
            )
          : knop(T.gebruikers.activeren, () => void doe(null, `${pad}/activeren`, () => T.gebruikers.geactiveerd))}
      </div>
    );
  };
  const status = (g: Rij) =>
    !g.actief
      ? T.gebruikers.gedeactiveerd
      : g.geblokkeerdTot
        ? T.gebruikers.geblokkeerd(toonDatumTijd(g.geblokkeerdTot))
        : T.gebruikers.actief;

  return (
    <>
      <Heading level={1}>{T.gebruikers.titel}</Heading>
      <Paragraph>{T.gebruikers.uitleg}</Paragraph>
      <div aria-live="polite">
        {melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}
        {geheimen && (
          <EenmaligeGeheimen
            geheimen={geheimen}
            onSluit={() => {
              zetGeheimen(undefined);
              zetMelding(undefined);
            }}
          />
        )}
      </div>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data && (
        <>
          <div className="sr-formulier">
            <OrganisatieKeuze
              id="filter-organisatie"
              organisaties={data[1]}
              waarde={organisatieId}
              onChange={zetOrganisatieId}
              alle
            />
          </div>
          <Tabel
            titel={T.gebruikers.titel}
            koppen={[
              T.gebruikers.naam,
              T.gebruikers.email,
              T.beheerKeuze.organisatie,
              T.gebruikers.rol,
              T.gebruikers.status,
              T.gebruikers.laatsteLogin,
              T.algemeen.acties,
            ]}
            rijen={data[0].map((g) => [
              g.naam,
              g.email,
              g.organisatieNaam,
              T.rollen[g.rol] ?? g.rol,
              status(g),
              toonDatumTijd(g.laatsteLogin),
              acties(g),
            ])}
          />
          <NieuweGebruiker
            organisaties={data[1]}
            start={organisatieId}
            onFout={(tekst) => zetMelding({ soort: 'error', tekst })}
            onAangemaakt={(g) => {
              zetMelding({ soort: 'ok', tekst: T.gebruikers.aangemaakt(g.email ?? '') });
              zetGeheimen(g);
              zetVersie((n) => n + 1);
            }}
          />
          <EersteBeheerder
            organisaties={data[1].filter((o) => o.type !== 'beheerder')}
            onKlaar={(m) => {
              zetMelding(m);
              zetVersie((n) => n + 1);
            }}
          />
        </>
      )}
    </>
  );
}
