import type { ZaakStatus } from './vocabulaire.ts';

/**
 * The status flow of a signal, in one place (the case's flow is regels.ts). A signal's status follows its case and the
 * partner's withdrawal; every statement that changes it takes its values from here.
 *
 *   nieuw ──(case picked up)──> in-behandeling ──(partner withdraws)──> intrekking-gevraagd
 *     │                               │
 *     ├──(case closed)────────────────┴──> afgehandeld
 *     └──(objection, at intake or on the case)──> niet-oppakken
 *   nieuw / niet-oppakken ──(partner withdraws)──> deleted
 */
export const SIGNAAL_STATUSSEN = [
  'nieuw',
  'in-behandeling',
  'intrekking-gevraagd',
  'niet-oppakken',
  'afgehandeld',
] as const;
export type SignaalStatus = (typeof SIGNAAL_STATUSSEN)[number];

/** Open: a new report of the same partner + address + sector updates it (a repeat, LCV 3.2; index vroegsignalen_open). */
export const OPEN: readonly SignaalStatus[] = ['nieuw', 'in-behandeling', 'niet-oppakken'];

/** Case events and what they do to the case's signals in `van`. */
export const BIJ_ZAAK = {
  opgepakt: { van: ['nieuw'], naar: 'in-behandeling' },
  afgesloten: { van: ['nieuw', 'in-behandeling'], naar: 'afgehandeld' },
  bezwaar: { van: ['nieuw', 'in-behandeling'], naar: 'niet-oppakken', reden: 'bezwaar' },
} as const satisfies Record<string, { van: readonly SignaalStatus[]; naar: SignaalStatus; reden?: string }>;

/** The partner withdraws: a signal not picked up is deleted; one being worked asks the municipality to stop. */
export const INTREKKING = {
  verwijderd: ['nieuw', 'niet-oppakken'] as readonly SignaalStatus[],
  stopVerzocht: { van: 'in-behandeling', naar: 'intrekking-gevraagd' } as const,
};

/** Retention: signals not (or no longer) worked follow the signals' period, the others the debt-help file's. */
export const BEWAREN = {
  nietOpgepakt: ['nieuw', 'niet-oppakken', 'intrekking-gevraagd'] as readonly SignaalStatus[],
  inBehandeling: ['in-behandeling', 'afgehandeld'] as readonly SignaalStatus[],
};

/** The statuses a new signal arrives with: to be acted on, or not (an objection). Only these join a case. */
export const BINNENKOMST: readonly SignaalStatus[] = ['nieuw', 'niet-oppakken'];

/**
 * A signal joining a case: its status from the case's (a case being worked makes it 'in-behandeling'; otherwise it
 * keeps its arrival status), and its DDAS signal status (EnumSignaalstatus; none once picked up).
 */
export const NA_KOPPELEN: Record<ZaakStatus, { status: SignaalStatus | null; signaalstatus: string | null }> = {
  nieuw: { status: null, signaalstatus: 'Nog niet opgepakt' },
  opgepakt: { status: 'in-behandeling', signaalstatus: null },
  contact: { status: 'in-behandeling', signaalstatus: null },
  afgesloten: { status: null, signaalstatus: 'Niet opgepakt: andere reden' },
};

/** A signal under an objection forms, or joins, a case closed as not to be acted on, with this end result. */
export const BEZWAAR_BIJ_BINNENKOMST = {
  signaal: 'niet-oppakken',
  zaak: 'afgesloten',
  resultaat: 'Niet opgepakt: andere reden',
} as const;
