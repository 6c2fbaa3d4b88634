import { Heading, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { api } from '../api.ts';
import { schermenVoor } from '../menu.tsx';
import { AppLink } from '../router.tsx';
import { useGebruiker, type Gebruiker } from '../sessie.ts';
import { T } from '../teksten.ts';
import { Fout, Laden, Melding, toonDatumTijd, useData } from '../ui.tsx';
import { vishStatus } from './vish/VishLeveringen.tsx';
import { TS } from './schuldenrust/teksten.ts';

interface Punt {
  tekst: string;
  pad?: string;
  soort: 'warning' | 'info' | 'ok';
}

/** What needs attention, per organisation type; every item links to the screen where it is handled. */
async function aandachtspunten(g: Gebruiker): Promise<Punt[]> {
  const p: Punt[] = [];
  if (g.rol === 'organisatie-beheerder') return p; // administers the organisation; does not do its casework
  if (g.rol === 'schuldeiser-medewerker') {
    // A creditor's clerk (also in a signal partner): the Kennisgevingen still to answer.
    const k = await api<{ kennisgevingen: unknown[] }>('GET', '/api/schuldenrust/ontvangen?open=true');
    p.push({
      tekst: TS.start.open(k.kennisgevingen.length),
      pad: '/schuldenrust/ontvangen',
      soort: k.kennisgevingen.length ? 'warning' : 'ok',
    });
    return p;
  }
  // The privacy officer supervises: the organisation's audit trail, not its casework.
  if (g.rol === 'functionaris-gegevensbescherming') return [{ tekst: T.start.fg, pad: '/beheer/audit', soort: 'info' }];
  switch (g.organisatie.type) {
    case 'schuldeiser':
      return p;
    case 'gerechtsdeurwaarder':
      return [{ tekst: T.start.deurwaarder, pad: '/vish/controle', soort: 'info' }];
    case 'signaalpartner': {
      const conv = await api<Array<{ status: string }>>('GET', '/api/partners/convenanten');
      const n = conv.filter((c) => c.status === 'gereed').length;
      if (n) p.push({ tekst: T.start.teOndertekenen(n), pad: '/convenanten', soort: 'warning' });
      // The partner learns only "help accepted" (LCV art. 4); a withdrawn signal is simply gone.
      const n2 = await api<{ hulpGeaccepteerd: number }>('GET', '/api/vroegsignalen/signalen/aantallen');
      if (n2.hulpGeaccepteerd)
        p.push({
          tekst: T.start.hulpGeaccepteerd(n2.hulpGeaccepteerd),
          pad: '/signalen?status=hulp-geaccepteerd',
          soort: 'info',
        });
      return p;
    }
    case 'gemeente': {
      const conv = await api<Array<{ status: string }>>('GET', '/api/partners/convenanten');
      const n = conv.filter((c) => c.status === 'te-ondertekenen').length;
      if (n) p.push({ tekst: T.start.teKlaarzetten(n), pad: '/convenanten', soort: 'warning' });
      return p;
    }
    case 'schuldhulpverlener':
    case 'wijkteam': {
      const s = await vishStatus();
      p.push({ tekst: s.tekst, pad: '/vish/leveringen', soort: s.soort });
      if (g.rol === 'schuldhulpverlener' || g.rol === 'wijkteam') {
        const t = await api<{ totaal: number }>('GET', '/api/trajecten?status=open&perPagina=1');
        p.push({ tekst: T.start.openTrajecten(t.totaal), pad: '/trajecten', soort: 'info' });
      }
      return p;
    }
    case 'beheerder': {
      const gemist = await api<unknown[]>('GET', '/api/beheer/vish/gemiste-leveringen');
      if (gemist.length)
        p.push({ tekst: T.start.gemist(gemist.length), pad: '/beheer/organisaties', soort: 'warning' });
      const zonder = await api<Array<{ naam: string }>>('GET', '/api/gemeenten/zonder-behandelaar');
      if (zonder.length)
        p.push({
          tekst: T.start.zonderBehandelaar(zonder.map((g) => g.naam)),
          pad: '/beheer/organisaties',
          soort: 'warning',
        });
      const jobs = await api<Array<{ resultaat: string | null }>>('GET', '/api/beheer/jobs');
      const mislukt = jobs.filter((j) => j.resultaat && j.resultaat !== 'ok').length;
      if (mislukt) p.push({ tekst: T.start.mislukteTaken(mislukt), pad: '/beheer/taken', soort: 'warning' });
      return p;
    }
  }
}

const WERK = ['gemeente-medewerker', 'gemeente-coordinator', 'schuldhulpverlener', 'wijkteam'];

/** Open signal cases and overdue ones, for everyone who works the queue. */
async function werkvoorraad(g: Gebruiker): Promise<Punt[]> {
  if (!WERK.includes(g.rol) || g.organisatie.type === 'gerechtsdeurwaarder') return [];
  const w = await api<{ tellingen: { open: number; teLaat: number } }>('GET', '/api/signaalzaken/zaken?limit=1');
  const p: Punt[] = [];
  if (w.tellingen.teLaat) p.push({ tekst: T.start.teLaat(w.tellingen.teLaat), pad: '/zaken', soort: 'warning' });
  if (w.tellingen.open) p.push({ tekst: T.start.openZaken(w.tellingen.open), pad: '/zaken', soort: 'info' });
  return p;
}

export function Start() {
  const g = useGebruiker();
  const { data, fout } = useData(async () => [...(await werkvoorraad(g)), ...(await aandachtspunten(g))]);
  return (
    <>
      <Heading level={1}>{T.start.titel(g.naam)}</Heading>
      <Paragraph>
        {g.organisatie.naam} · {T.typen[g.organisatie.type]} · {toonDatumTijd(new Date().toISOString())}
      </Paragraph>
      <Heading level={2}>{T.start.aandacht}</Heading>
      <Fout fout={fout} />
      {!data && !fout && <Laden />}
      {data?.length === 0 && <Melding soort="ok">{T.start.niets}</Melding>}
      {data?.map((p, i) => (
        <Melding key={i} soort={p.soort}>
          {p.tekst}
          {p.pad && (
            <>
              {' '}
              <AppLink href={p.pad}>{titelVan(g, p.pad)}</AppLink>
            </>
          )}
        </Melding>
      ))}
      <Heading level={2}>{T.app.hoofdmenu}</Heading>
      <UnorderedList>
        {schermenVoor(g)
          .filter((s) => s.pad !== '/' && !s.verborgen)
          .map((s) => (
            <UnorderedListItem key={s.pad}>
              <AppLink href={s.pad}>{s.titel}</AppLink>
            </UnorderedListItem>
          ))}
      </UnorderedList>
    </>
  );
}

/** The link text names the screen; a filtered list (a query string) is the same screen. */
const titelVan = (g: Gebruiker, pad: string) =>
  T.start.naar(
    schermenVoor(g)
      .find((s) => s.pad === pad.split('?')[0])
      ?.titel.toLowerCase() ?? pad,
  );
