import { useState } from 'react';
import {
  Button,
  FormField,
  FormFieldTextbox,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { api, foutTekst } from '../../api.ts';
import { useGebruiker } from '../../sessie.ts';
import { T } from '../../teksten.ts';
import { Fout, Laden, Melding, Tabel, toonDatumTijd, useData } from '../../ui.tsx';
import { TA } from './teksten.ts';

interface Rij {
  id: string;
  email: string;
  naam: string;
  rol: string;
  actief: boolean;
  geblokkeerdTot: string | null;
  laatsteLogin: string | null;
}
const rolNaam = (r: string) => T.rollen[r as keyof typeof T.rollen] ?? r;

/** The organisation's administrator: invite colleagues, change their role, switch accounts off and on. */
export function OrganisatieGebruikers() {
  const ik = useGebruiker();
  const [versie, zetVersie] = useState(0);
  const { data, fout } = useData(
    () => api<{ gebruikers: Rij[]; rollen: string[] }>('GET', '/api/organisatie/gebruikers'),
    versie,
  );
  const [melding, zetMelding] = useState<{ soort: 'ok' | 'error' | 'warning'; tekst: string }>();
  const [nieuw, zetNieuw] = useState({ naam: '', email: '', rol: '' });
  const [rolKeuze, zetRolKeuze] = useState<Record<string, string>>({});

  const doe = async (vraag: string | null, f: () => Promise<string>) => {
    if (vraag && !window.confirm(vraag)) return;
    try {
      zetMelding({ soort: 'ok', tekst: await f() });
      zetVersie((n) => n + 1);
    } catch (e) {
      zetMelding({ soort: 'error', tekst: foutTekst(e) });
    }
  };
  if (fout) return <Fout fout={fout} />;
  if (!data) return <Laden />;
  const rol = data.rollen.includes(nieuw.rol) ? nieuw.rol : (data.rollen[0] ?? '');

  const uitnodigen = () => {
    const email = nieuw.email.trim();
    if (!nieuw.naam.trim() || !email || !rol) return zetMelding({ soort: 'error', tekst: TA.gebruikers.verplicht });
    void doe(TA.gebruikers.toevoegVraag(email), async () => {
      const r = await api<{ email: string; uitnodigingVerstuurd: boolean; eenmaligWachtwoord?: string }>(
        'POST',
        '/api/organisatie/gebruikers',
        { naam: nieuw.naam.trim(), email, rol },
      );
      zetNieuw({ naam: '', email: '', rol });
      return r.uitnodigingVerstuurd
        ? TA.gebruikers.verstuurd(r.email)
        : TA.gebruikers.nietVerstuurd(r.email, r.eenmaligWachtwoord ?? '');
    });
  };

  const acties = (g: Rij) => {
    if (g.id === ik.id) return TA.gebruikers.jij;
    const keuze = rolKeuze[g.id] ?? g.rol;
    const id = `rol-${g.id}`;
    return (
      <div className="sr-knoppen">
        <FormField>
          <FormLabel htmlFor={id}>{TA.gebruikers.rolVan(g.email)}</FormLabel>
          <Select id={id} value={keuze} onChange={(e) => zetRolKeuze({ ...rolKeuze, [g.id]: e.target.value })}>
            {data.rollen.map((r) => (
              <SelectOption key={r} value={r}>
                {rolNaam(r)}
              </SelectOption>
            ))}
          </Select>
        </FormField>
        <Button
          appearance="secondary-action-button"
          disabled={keuze === g.rol}
          aria-label={`${TA.gebruikers.rolWijzigen}: ${g.email}`}
          onClick={() =>
            void doe(null, async () => {
              await api('PUT', `/api/organisatie/gebruikers/${g.id}/rol`, { rol: keuze });
              return TA.gebruikers.rolGewijzigd(g.email);
            })
          }
        >
          {TA.gebruikers.rolWijzigen}
        </Button>
        {g.actief ? (
          <Button
            appearance="subtle-button"
            hint="danger"
            aria-label={`${TA.gebruikers.uitzetten}: ${g.email}`}
            onClick={() =>
              void doe(TA.gebruikers.uitzetVraag(g.email), async () => {
                await api('POST', `/api/organisatie/gebruikers/${g.id}/deactiveren`);
                return TA.gebruikers.uitgezet(g.email);
              })
            }
          >
            {TA.gebruikers.uitzetten}
          </Button>
        ) : (
          <Button
            appearance="subtle-button"
            aria-label={`${TA.gebruikers.aanzetten}: ${g.email}`}
            onClick={() =>
              void doe(null, async () => {
                await api('POST', `/api/organisatie/gebruikers/${g.id}/activeren`);
                return TA.gebruikers.aangezet(g.email);
              })
            }
          >
            {TA.gebruikers.aanzetten}
          </Button>
        )}
      </div>
    );
  };

  return (
    <>
      <Heading level={1}>{TA.gebruikers.titel}</Heading>
      <Paragraph>{TA.gebruikers.uitleg}</Paragraph>
      <div aria-live="polite">{melding && <Melding soort={melding.soort}>{melding.tekst}</Melding>}</div>
      <Tabel
        titel={TA.gebruikers.lijst}
        koppen={[
          TA.gebruikers.naam,
          TA.gebruikers.email,
          TA.gebruikers.rol,
          TA.gebruikers.status,
          TA.gebruikers.laatsteLogin,
          TA.gebruikers.acties,
        ]}
        rijen={data.gebruikers.map((g) => [
          g.naam,
          g.email,
          rolNaam(g.rol),
          !g.actief ? TA.gebruikers.uit : g.geblokkeerdTot ? TA.gebruikers.geblokkeerd : TA.gebruikers.actief,
          toonDatumTijd(g.laatsteLogin),
          acties(g),
        ])}
      />
      <Heading level={2}>{TA.gebruikers.nieuw}</Heading>
      <form
        className="sr-formulier"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          uitnodigen();
        }}
      >
        <FormFieldTextbox
          label={TA.gebruikers.naam}
          name="naam"
          required
          autoComplete="off"
          value={nieuw.naam}
          onChange={(e) => zetNieuw({ ...nieuw, naam: (e.target as HTMLInputElement).value })}
        />
        <FormFieldTextbox
          label={TA.gebruikers.email}
          name="email"
          type="email"
          required
          autoComplete="off"
          value={nieuw.email}
          onChange={(e) => zetNieuw({ ...nieuw, email: (e.target as HTMLInputElement).value })}
        />
        <FormField>
          <FormLabel htmlFor="nieuw-rol">{TA.gebruikers.rol}</FormLabel>
          <Select id="nieuw-rol" value={rol} onChange={(e) => zetNieuw({ ...nieuw, rol: e.target.value })}>
            {data.rollen.map((r) => (
              <SelectOption key={r} value={r}>
                {rolNaam(r)}
              </SelectOption>
            ))}
          </Select>
        </FormField>
        <Button type="submit" appearance="primary-action-button">
          {TA.gebruikers.toevoegen}
        </Button>
      </form>
    </>
  );
}
