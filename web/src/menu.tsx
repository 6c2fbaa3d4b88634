import type { ReactElement } from 'react';
import type { Gebruiker, OrganisatieType } from './sessie.ts';
import { T } from './teksten.ts';
import { Start } from './schermen/Start.tsx';
import { Controle } from './schermen/deurwaarder/Controle.tsx';
import { BatchControle } from './schermen/deurwaarder/BatchControle.tsx';
import { Vorderingen } from './schermen/deurwaarder/Vorderingen.tsx';
import { TV as TVorderingen } from './schermen/deurwaarder/teksten-vorderingen.ts';
import { VishLeveringen } from './schermen/vish/VishLeveringen.tsx';
import { SignaalUpload } from './schermen/partner/SignaalUpload.tsx';
import { MijnSignalen } from './schermen/partner/MijnSignalen.tsx';
import { Convenanten } from './schermen/partner/Convenanten.tsx';
import { SftpSleutels } from './schermen/partner/SftpSleutels.tsx';
import { Aanmelding } from './schermen/partner/Aanmelding.tsx';
import { Opdrachtgevers } from './schermen/partner/Opdrachtgevers.tsx';
import { SignaalInvoer } from './schermen/partner/SignaalInvoer.tsx';
import { TL } from './schermen/partner/teksten-levensloop.ts';
import { Leveringen } from './schermen/partner/Leveringen.tsx';
import { TV as TLeveringen } from './schermen/partner/teksten-leveringen.ts';
import { Bezwaren } from './schermen/gemeente/Bezwaren.tsx';
import { Organisaties } from './schermen/beheer/Organisaties.tsx';
import { ApiSleutels } from './schermen/beheer/ApiSleutels.tsx';
import { Jobs } from './schermen/beheer/Jobs.tsx';
import { Audit } from './schermen/beheer/Audit.tsx';
import { Bewaartermijnen } from './schermen/beheer/Bewaartermijnen.tsx';
import { Gebruikers } from './schermen/beheer/Gebruikers.tsx';
import { Certificaten } from './schermen/beheer/Certificaten.tsx';
import { Postcodes } from './schermen/beheer/Postcodes.tsx';
import { Aansluiting } from './schermen/beheer/Aansluiting.tsx';
import { Trajecten } from './schermen/trajecten/Trajecten.tsx';
import { TrajectDetail } from './schermen/trajecten/TrajectDetail.tsx';
import { TT } from './schermen/trajecten/teksten.ts';
import { Ddas } from './schermen/Ddas.tsx';
import { Werkvoorraad } from './schermen/gemeente/Werkvoorraad.tsx';
import { ZaakPagina } from './schermen/gemeente/ZaakPagina.tsx';
import { Rapportages } from './schermen/gemeente/Rapportages.tsx';
import { Inrichting } from './schermen/gemeente/Inrichting.tsx';
import { meldingSchermen } from './schermen/meldingen/schermen.tsx';
import { SchuldenrustTraject } from './schermen/schuldenrust/SchuldenrustTraject.tsx';
import { Ontvangen, OntvangenDetail } from './schermen/schuldenrust/Ontvangen.tsx';
import { SchuldenrustRapportage } from './schermen/schuldenrust/Rapportage.tsx';
import { TS } from './schermen/schuldenrust/teksten.ts';
import { MijnAccount } from './schermen/account/Schermen.tsx';
import { OrganisatieGebruikers } from './schermen/account/OrganisatieGebruikers.tsx';
import { TA } from './schermen/account/teksten.ts';

export interface Scherm {
  /** A path; `:id` matches one segment (detail pages). */
  pad: string;
  titel: string;
  scherm: (params: Record<string, string>) => ReactElement;
  /** Only for these roles (as the API checks). */ rollen?: string[];
  /** Not in the menu (a detail page). */ verborgen?: boolean;
}

/** The parameters when `pad` matches the screen's pattern, else undefined. */
export function past(patroon: string, pad: string): Record<string, string> | undefined {
  const a = patroon.split('/');
  const b = pad.replace(/\/+$/, '').split('/');
  if (pad === '/' || patroon === '/') return pad === patroon ? {} : undefined;
  if (a.length !== b.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.startsWith(':')) params[a[i]!.slice(1)] = decodeURIComponent(b[i]!);
    else if (a[i] !== b[i]) return undefined;
  }
  return params;
}

const start: Scherm = { pad: '/', titel: T.menu.start, scherm: () => <Start /> };
const leveringen: Scherm = { pad: '/vish/leveringen', titel: T.menu.leveringen, scherm: () => <VishLeveringen /> };
const controle: Scherm = { pad: '/vish/controle', titel: T.menu.controle, scherm: () => <Controle /> };
const trajecten: Scherm = {
  pad: '/trajecten',
  titel: T.menu.trajecten,
  scherm: () => <Trajecten />,
  rollen: ['schuldhulpverlener', 'wijkteam'],
};
const traject: Scherm = {
  pad: '/trajecten/:id',
  titel: TT.detailTitel,
  scherm: (p) => <TrajectDetail id={p.id!} />,
  rollen: ['schuldhulpverlener', 'wijkteam'],
  verborgen: true,
};
const ddas: Scherm = {
  pad: '/ddas',
  titel: T.menu.ddas,
  scherm: () => <Ddas />,
  rollen: ['schuldhulpverlener', 'wijkteam', 'gemeente-coordinator'],
};
const FG_ROL = 'functionaris-gegevensbescherming';
const WERK = ['gemeente-medewerker', 'gemeente-coordinator', 'schuldhulpverlener', 'wijkteam'];
const zaken: Scherm = { pad: '/zaken', titel: T.menu.zaken, scherm: () => <Werkvoorraad />, rollen: WERK };
const zaak: Scherm = {
  pad: '/zaken/:id',
  titel: T.zaken.zaak,
  scherm: (p) => <ZaakPagina id={p.id!} />,
  rollen: WERK,
  verborgen: true,
};
// Schuldenrust: the counsellor's screen per trajectory and the reports; the creditor's work list.
const rustTraject: Scherm = {
  pad: '/schuldenrust/trajecten/:id',
  titel: TS.traject.titel,
  scherm: (p) => <SchuldenrustTraject id={p.id!} />,
  rollen: ['schuldhulpverlener', 'wijkteam'],
  verborgen: true,
};
const rustRapportage: Scherm = {
  pad: '/schuldenrust/rapportage',
  titel: TS.menu.rapportage,
  scherm: () => <SchuldenrustRapportage />,
  rollen: ['schuldhulpverlener', 'wijkteam', 'gemeente-coordinator'],
};
const SCHULDEISER = ['schuldeiser-medewerker'];
const rustOntvangen: Scherm[] = [
  { pad: '/schuldenrust/ontvangen', titel: TS.menu.ontvangen, scherm: () => <Ontvangen />, rollen: SCHULDEISER },
  {
    pad: '/schuldenrust/ontvangen/:id',
    titel: TS.ontvangen.detail,
    scherm: (p) => <OntvangenDetail id={p.id!} />,
    rollen: SCHULDEISER,
    verborgen: true,
  },
];
const audit: Scherm = {
  pad: '/beheer/audit',
  titel: T.menu.audit,
  scherm: () => <Audit />,
  rollen: ['beheerder', FG_ROL],
};
const convenanten: Scherm = { pad: '/convenanten', titel: T.menu.convenanten, scherm: () => <Convenanten /> };

/** The screens per organisation type: the API decides access by organisation type as well. */
export const SCHERMEN: Record<OrganisatieType, Scherm[]> = {
  gerechtsdeurwaarder: [
    start,
    controle,
    { pad: '/vish/portefeuille', titel: T.menu.batch, scherm: () => <BatchControle /> },
    { pad: '/vorderingen', titel: TVorderingen.menu, scherm: () => <Vorderingen />, rollen: ['deurwaarder'] },
  ],
  signaalpartner: [
    start,
    { pad: '/signalen/aanleveren', titel: T.menu.signaalUpload, scherm: () => <SignaalUpload /> },
    { pad: '/signalen/invoeren', titel: TL.menu.invoeren, scherm: () => <SignaalInvoer /> },
    { pad: '/signalen', titel: T.menu.signalen, scherm: () => <MijnSignalen /> },
    { pad: '/signalen/leveringen', titel: TLeveringen.menu, scherm: () => <Leveringen /> },
    convenanten,
    { pad: '/aanmelding', titel: T.menu.aanmelding, scherm: () => <Aanmelding /> },
    { pad: '/opdrachtgevers', titel: TL.menu.opdrachtgevers, scherm: () => <Opdrachtgevers /> },
    { pad: '/sftp', titel: T.menu.sftp, scherm: () => <SftpSleutels /> },
    ...rustOntvangen,
  ],
  schuldeiser: [start, ...rustOntvangen],
  schuldhulpverlener: [start, trajecten, traject, rustTraject, rustRapportage, zaken, zaak, leveringen, ddas],
  wijkteam: [start, trajecten, traject, rustTraject, rustRapportage, zaken, zaak, leveringen, ddas],
  gemeente: [
    start,
    zaken,
    zaak,
    { pad: '/rapportages', titel: T.menu.rapportages, scherm: () => <Rapportages />, rollen: ['gemeente-coordinator'] },
    { pad: '/inrichting', titel: T.menu.inrichting, scherm: () => <Inrichting />, rollen: ['gemeente-coordinator'] },
    trajecten,
    traject,
    rustTraject,
    rustRapportage,
    convenanten,
    { pad: '/bezwaren', titel: T.menu.bezwaren, scherm: () => <Bezwaren /> },
    leveringen,
    controle,
    ddas,
  ],
  beheerder: [
    start,
    { pad: '/beheer/organisaties', titel: T.menu.organisaties, scherm: () => <Organisaties /> },
    { pad: '/beheer/aansluiting', titel: T.menu.aansluiting, scherm: () => <Aansluiting />, rollen: ['beheerder'] },
    { pad: '/beheer/gebruikers', titel: T.menu.gebruikers, scherm: () => <Gebruikers />, rollen: ['beheerder'] },
    { pad: '/beheer/api-sleutels', titel: T.menu.apiSleutels, scherm: () => <ApiSleutels /> },
    { pad: '/beheer/certificaten', titel: T.menu.certificaten, scherm: () => <Certificaten />, rollen: ['beheerder'] },
    { pad: '/beheer/postcodes', titel: T.menu.postcodes, scherm: () => <Postcodes />, rollen: ['beheerder'] },
    { pad: '/beheer/taken', titel: T.menu.jobs, scherm: () => <Jobs /> },
    { pad: '/beheer/bewaartermijnen', titel: T.menu.bewaar, scherm: () => <Bewaartermijnen />, rollen: ['beheerder'] },
    audit,
  ],
};

/** The privacy officer (FG) of any organisation: reads the organisation's audit trail (the API limits it). */
const FG_SCHERMEN: Scherm[] = [start, audit];

/** Whether a path is a screen of some role (then "no access" is the honest answer, not "does not exist"). */
export const bestaatVoorIemand = (pad: string) =>
  [...Object.values(SCHERMEN).flat(), ...FG_SCHERMEN].some((s) => past(s.pad, pad) !== undefined) ||
  ['/webhooks', '/meldingen', '/meldingen/voorkeuren'].includes(pad) ||
  past('/signalen/leveringen/:id', pad) !== undefined;
/** Every person: the own account. An organisation's administrator (not the operator: it has its own screen): its people. */
const accountSchermen = (g: Gebruiker): Scherm[] => [
  ...(g.beheerder && g.organisatie.type !== 'beheerder'
    ? [{ pad: '/organisatie/gebruikers', titel: TA.gebruikers.menu, scherm: () => <OrganisatieGebruikers /> }]
    : []),
  { pad: '/account', titel: TA.account.menu, scherm: () => <MijnAccount /> },
];

/** The screens a signed-in person may use: by organisation type, then by role where the API checks roles. */
export const schermenVoor = (g: Gebruiker): Scherm[] => [
  ...(g.rol === FG_ROL
    ? FG_SCHERMEN
    : SCHERMEN[g.organisatie.type].filter(
        (s) =>
          (!s.rollen || s.rollen.includes(g.rol)) &&
          (g.rol !== 'organisatie-beheerder' || s.pad === '/') &&
          // A creditor's clerk (also in a signal partner) sees only the screens that name it.
          (g.rol !== 'schuldeiser-medewerker' || s.pad === '/' || !!s.rollen?.includes(g.rol)),
      )),
  ...meldingSchermen(g),
  ...accountSchermen(g),
];
