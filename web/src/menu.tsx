import type { ReactElement } from 'react';
import type { Gebruiker, OrganisatieType } from './sessie.ts';
import { T } from './teksten.ts';
import { Start } from './schermen/Start.tsx';
import { Controle } from './schermen/deurwaarder/Controle.tsx';
import { BatchControle } from './schermen/deurwaarder/BatchControle.tsx';
import { VishLeveringen } from './schermen/vish/VishLeveringen.tsx';
import { SignaalUpload } from './schermen/partner/SignaalUpload.tsx';
import { MijnSignalen } from './schermen/partner/MijnSignalen.tsx';
import { Convenanten } from './schermen/partner/Convenanten.tsx';
import { SftpSleutels } from './schermen/partner/SftpSleutels.tsx';
import { Aanmelding } from './schermen/partner/Aanmelding.tsx';
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
import { Ddas } from './schermen/Ddas.tsx';
import { Werkvoorraad } from './schermen/gemeente/Werkvoorraad.tsx';
import { ZaakPagina } from './schermen/gemeente/ZaakPagina.tsx';
import { Rapportages } from './schermen/gemeente/Rapportages.tsx';
import { Inrichting } from './schermen/gemeente/Inrichting.tsx';
import { meldingSchermen } from './schermen/meldingen/schermen.tsx';

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
const ddas: Scherm = {
  pad: '/ddas',
  titel: T.menu.ddas,
  scherm: () => <Ddas />,
  rollen: ['schuldhulpverlener', 'wijkteam', 'gemeente-coordinator'],
};
const WERK = ['gemeente-medewerker', 'gemeente-coordinator', 'schuldhulpverlener', 'wijkteam'];
const zaken: Scherm = { pad: '/zaken', titel: T.menu.zaken, scherm: () => <Werkvoorraad />, rollen: WERK };
const zaak: Scherm = {
  pad: '/zaken/:id',
  titel: T.zaken.zaak,
  scherm: (p) => <ZaakPagina id={p.id!} />,
  rollen: WERK,
  verborgen: true,
};
const convenanten: Scherm = { pad: '/convenanten', titel: T.menu.convenanten, scherm: () => <Convenanten /> };

/** The screens per organisation type: the API decides access by organisation type as well. */
export const SCHERMEN: Record<OrganisatieType, Scherm[]> = {
  gerechtsdeurwaarder: [
    start,
    controle,
    { pad: '/vish/portefeuille', titel: T.menu.batch, scherm: () => <BatchControle /> },
  ],
  signaalpartner: [
    start,
    { pad: '/signalen/aanleveren', titel: T.menu.signaalUpload, scherm: () => <SignaalUpload /> },
    { pad: '/signalen', titel: T.menu.signalen, scherm: () => <MijnSignalen /> },
    convenanten,
    { pad: '/aanmelding', titel: T.menu.aanmelding, scherm: () => <Aanmelding /> },
    { pad: '/sftp', titel: T.menu.sftp, scherm: () => <SftpSleutels /> },
  ],
  schuldhulpverlener: [start, trajecten, zaken, zaak, leveringen, ddas],
  wijkteam: [start, trajecten, zaken, zaak, leveringen, ddas],
  gemeente: [
    start,
    zaken,
    zaak,
    { pad: '/rapportages', titel: T.menu.rapportages, scherm: () => <Rapportages />, rollen: ['gemeente-coordinator'] },
    { pad: '/inrichting', titel: T.menu.inrichting, scherm: () => <Inrichting />, rollen: ['gemeente-coordinator'] },
    trajecten,
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
    { pad: '/beheer/audit', titel: T.menu.audit, scherm: () => <Audit />, rollen: ['beheerder'] },
  ],
};

/** The screens a signed-in person may use: by organisation type, then by role where the API checks roles. */
export const schermenVoor = (g: Gebruiker): Scherm[] => [
  ...SCHERMEN[g.organisatie.type].filter(
    (s) => (!s.rollen || s.rollen.includes(g.rol)) && (g.rol !== 'organisatie-beheerder' || s.pad === '/'),
  ),
  ...meldingSchermen(g),
];
