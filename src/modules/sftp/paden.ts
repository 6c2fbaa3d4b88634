/**
 * The on-disk layout under ${DATA_DIR}/sftp/<organisatie_id>/ and the partner's virtual view of it.
 * The partner sees only `/` and `/upload/<file>`; the other folders are private to the platform:
 *   upload/      visible: result files (<name>.resultaat.csv)
 *   deel/        files being written (until CLOSE)
 *   wachtrij/    closed uploads waiting for the poller: <ms>_<keyId>_<rand>_<name>
 *   verwerking/  claimed by a node's poller while processed (p<process number>~<queue name>); deleted afterwards
 */
import { mkdirSync } from 'node:fs';
import { join, posix, sep } from 'node:path';

export const MAPPEN = ['upload', 'deel', 'wachtrij', 'verwerking'] as const;
export const RESULTAAT = '.resultaat.csv';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isOrganisatieId = (s: string) => UUID.test(s);
/** Where SFTP files live: SFTP_MAP, or DATA_DIR/sftp. With several nodes, SFTP_MAP is storage every node mounts. */
export const sftpBasis = (c: { DATA_DIR: string; SFTP_MAP?: string | undefined }) =>
  c.SFTP_MAP ?? join(c.DATA_DIR, 'sftp');
export const partnerMap = (c: { DATA_DIR: string; SFTP_MAP?: string | undefined }, organisatieId: string) =>
  join(sftpBasis(c), organisatieId);

/** Synchronous on purpose: the SFTP subsystem must be accepted in the same tick (see server.ts). */
export function maakMappen(root: string) {
  for (const m of MAPPEN) mkdirSync(join(root, m), { recursive: true, mode: 0o700 });
}

/** What a client path points to in the virtual tree; null when outside it. */
export type Doel = { soort: 'root' } | { soort: 'upload' } | { soort: 'bestand'; naam: string };

/** A file name the partner may see or use: no folders, no hidden files, no control characters. */
export const geldigeNaam = (n: string) =>
  n.length > 0 && n.length <= 255 && !n.startsWith('.') && !/[/\\\p{Cc}]/u.test(n);
/** An upload name: .csv or .xlsx, not a result file, room left for the result suffix. */
export const uploadNaam = (n: string) =>
  n.length <= 200 && geldigeNaam(n) && /\.(csv|xlsx)$/i.test(n) && !n.toLowerCase().endsWith(RESULTAAT);

/** Normalises against the virtual root (`..` can never climb above `/`), then matches the whitelist. */
export function normaliseer(pad: string): string {
  const n = posix.normalize(`/${pad}`);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

export function losOp(pad: string): Doel | null {
  if (pad.includes('\0')) return null;
  const n = normaliseer(pad);
  if (n === '/') return { soort: 'root' };
  if (n === '/upload') return { soort: 'upload' };
  const m = /^\/upload\/([^/]+)$/.exec(n);
  return m && geldigeNaam(m[1]!) ? { soort: 'bestand', naam: m[1]! } : null;
}

/** Disk path of a visible file; checks the prefix once more (defence in depth). */
export function bestandOpSchijf(root: string, naam: string): string {
  const map = join(root, 'upload');
  const p = join(map, naam);
  if (!p.startsWith(map + sep) || !geldigeNaam(naam)) throw new Error('path outside the partner folder');
  return p;
}
