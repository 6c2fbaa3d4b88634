import type { paths } from './api-typen.ts';
import { T } from './teksten.ts';

/** The JSON answer of a route (its 200 or 201), from the types generated from the API (npm run api-typen). */
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Succes<R> = R extends { 200: infer A } ? Json<A> : R extends { 201: infer A } ? Json<A> : never;
export type Antwoord<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'delete' = 'get'> = paths[P][M] extends {
  responses: infer R;
}
  ? Succes<R>
  : never;

/** Calls the platform's API with the session cookie; unsafe methods carry the session's CSRF token. */
let csrfToken = '';
export const zetCsrf = (t: string) => {
  csrfToken = t;
};

export class ApiFout extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly fouten?: Array<{ veld: string; melding: string }>,
  ) {
    super(message);
  }
}

async function leesFout(status: number, tekst: string): Promise<ApiFout> {
  try {
    const p = JSON.parse(tekst) as {
      title?: string;
      details?: unknown;
      fouten?: Array<{ veld: string; melding: string }>;
    };
    return new ApiFout(status, p.title ?? T.algemeen.fout, p.details, p.fouten);
  } catch {
    return new ApiFout(status, status === 0 ? T.algemeen.geenVerbinding : T.algemeen.fout);
  }
}

/** Listeners for an expired session (401): the app then shows the login page. */
const bijVerlopen = new Set<() => void>();
export const opSessieVerlopen = (f: () => void) => {
  bijVerlopen.add(f);
  return () => {
    bijVerlopen.delete(f);
  };
};

export async function api<T = unknown>(
  methode: string,
  pad: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { ...extra, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (methode !== 'GET') headers['x-csrf-token'] = csrfToken;
  let r: Response;
  try {
    r = await fetch(pad, {
      method: methode,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiFout(0, T.algemeen.geenVerbinding);
  }
  const tekst = await r.text();
  if (!r.ok) {
    // Signing in, and asking whether there is a session at all (the first visit), are no expired session.
    if (r.status === 401 && !pad.startsWith('/api/sessie/inloggen') && pad !== '/api/sessie/ik')
      for (const f of bijVerlopen) f();
    throw await leesFout(r.status, tekst);
  }
  return (tekst ? JSON.parse(tekst) : null) as T;
}

export interface Upload {
  status: number;
  tekst: string;
  type: string;
  /** A response header (e.g. a batch check's X-Controle-Referentie). */
  kop: (naam: string) => string | null;
}

/**
 * Uploads a file with upload progress (fetch cannot report it, XMLHttpRequest can).
 * Resolves with any HTTP status: the caller decides how to show a refused file.
 */
export function upload(
  pad: string,
  bestand: Blob,
  voortgang: (fractie: number) => void,
  contentType?: string,
): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', pad);
    xhr.setRequestHeader('content-type', contentType ?? (bestand.type || 'text/csv'));
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) voortgang(e.loaded / e.total);
    };
    xhr.onload = () => {
      voortgang(1);
      if (xhr.status === 401) for (const f of bijVerlopen) f();
      resolve({
        status: xhr.status,
        tekst: xhr.responseText,
        type: xhr.getResponseHeader('content-type') ?? '',
        kop: (naam) => xhr.getResponseHeader(naam),
      });
    };
    xhr.onerror = () => reject(new ApiFout(0, T.algemeen.geenVerbinding));
    xhr.send(bestand);
  });
}

/** The content type for an uploaded file: Excel files by extension, else CSV. */
export const bestandstype = (f: File) =>
  /\.xlsx$/i.test(f.name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';

/** Offers text as a file download (a report or a batch result; with a BOM so spreadsheets read UTF-8). */
export function downloadTekst(naam: string, inhoud: string, type = 'text/csv;charset=utf-8') {
  downloadBestand(naam, `\ufeff${inhoud}`, type);
}

/** Offers text as a file download exactly as given (no BOM: e.g. a PEM certificate or key). */
export function downloadBestand(naam: string, inhoud: string, type: string) {
  const url = URL.createObjectURL(new Blob([inhoud], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = naam;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const foutTekst = (e: unknown) => (e instanceof Error ? e.message : T.algemeen.fout);

/** The Dutch message (title) of a problem+json answer. */
export function titelUit(tekst: string): string {
  try {
    return (JSON.parse(tekst) as { title?: string }).title ?? T.algemeen.fout;
  } catch {
    return T.algemeen.fout;
  }
}
