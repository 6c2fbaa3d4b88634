import type { FastifyReply } from 'fastify';
import { digest } from './handtekening.ts';

/**
 * Error answers of the /gegevens APIs as DDAS-VS.yaml / DDAS-SHV.yaml describe them: problem details (RFC 9457:
 * type, title, status, detail) and, for the FSC cases (401, 403, 405), also `code` + `domain` with the
 * `Fsc-Error-Code` header. Every answer, error or not, carries the Digest of its exact body.
 */
export interface Probleem {
  status: number;
  /** Short slug; the problem type URI is urn:schuldenrust:ddas:<slug>. */
  soort: string;
  title: string;
  detail: string;
  fsc?: string;
  headers?: Record<string, string>;
}

export const probleemType = (soort: string) => `urn:schuldenrust:ddas:${soort}`;

export function stuurProbleem(reply: FastifyReply, p: Probleem) {
  const body = Buffer.from(
    JSON.stringify({
      type: probleemType(p.soort),
      title: p.title,
      status: p.status,
      detail: p.detail,
      ...(p.fsc ? { code: p.fsc, domain: 'ERROR_DOMAIN_INWAY' } : {}),
    }),
  );
  reply.code(p.status).header('digest', digest(body)).header('cache-control', 'no-store');
  if (p.fsc) reply.header('fsc-error-code', p.fsc);
  for (const [k, v] of Object.entries(p.headers ?? {})) reply.header(k, v);
  return reply.type('application/problem+json').send(body as never);
}

const fout = (status: number, soort: string, title: string, detail: string, extra: Partial<Probleem> = {}) => ({
  status,
  soort,
  title,
  detail,
  ...extra,
});

/** Every problem the /gegevens APIs answer with, in one place. */
export const PROBLEMEN = {
  tokenOntbreekt: fout(
    401,
    'token-ontbreekt',
    'Access token ontbreekt',
    'Vraag een token aan bij /api/ddas/oauth/token en stuur het mee als "Authorization: Bearer <token>".',
    { fsc: 'ERROR_CODE_ACCESS_TOKEN_MISSING', headers: { 'www-authenticate': 'Bearer' } },
  ),
  tokenOngeldig: fout(
    401,
    'token-ongeldig',
    'Ongeldige access token',
    'De meegegeven access token is ongeldig of ingetrokken.',
    { fsc: 'ERROR_CODE_ACCESS_TOKEN_INVALID', headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
  ),
  tokenVerlopen: fout(
    401,
    'token-verlopen',
    'Access token verlopen',
    'De access token is verlopen. Vraag een nieuwe aan.',
    {
      fsc: 'ERROR_CODE_ACCESS_TOKEN_EXPIRED',
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    },
  ),
  scope: (scope: string) =>
    fout(403, 'geen-toegang', 'Geen toegang', 'Deze access token geeft geen toegang tot deze gegevens (scope).', {
      fsc: 'ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN',
      headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
    }),
  methode: fout(
    405,
    'methode',
    'Methode niet ondersteund',
    'Vraag gegevens op met POST /gegevens; andere methoden worden niet ondersteund.',
    { fsc: 'ERROR_CODE_METHOD_UNSUPPORTED', headers: { allow: 'POST' } },
  ),
  mediatype: fout(
    415,
    'mediatype',
    'Inhoudstype niet ondersteund',
    'Stuur het verzoek als JSON, met de header Content-Type: application/json.',
  ),
  teVeel: (seconden: number) =>
    fout(
      429,
      'te-veel-verzoeken',
      'Te veel verzoeken',
      `U doet te veel verzoeken in korte tijd. Probeer het over ${seconden} seconden opnieuw.`,
      { headers: { 'retry-after': String(seconden) } },
    ),
  geenJson: fout(400, 'ongeldig-verzoek', 'Ongeldig verzoek', 'De inhoud van het verzoek is geen geldige JSON.'),
  ongeldig: (detail: string) => fout(400, 'ongeldig-verzoek', 'Ongeldig verzoek', detail),
  teGroot: fout(413, 'te-groot', 'Verzoek te groot', 'Het verzoek is te groot; een GegevensRequest is klein.'),
  digest: (detail: string) => fout(400, 'digest', 'Digest klopt niet', detail),
  handtekening: (detail: string) => fout(400, 'handtekening', 'Ondertekening klopt niet', detail),
  onverwerkbaar: (soort: string, detail: string) => fout(422, soort, 'Verzoek niet verwerkbaar', detail),
  intern: fout(500, 'interne-fout', 'Interne fout', 'Er ging iets mis aan onze kant. Probeer het later opnieuw.'),
} as const;
