import { z } from 'zod';
import type { DdasModel } from './validatie.ts';

// OpenAPI description of the /gegevens APIs: request headers, every answer with its headers and schema.

const DIGEST = {
  description: 'SHA-256 digest of the exact body (RFC 3230), on every answer, error or not.',
  type: 'string',
  pattern: '^SHA-256=[A-Za-z0-9+/=]{43,44}$',
};
const HANDTEKENING = {
  description:
    'JWS compact serialization with detached payload (`header..signature`), PS256, x5c = PKIoverheid chain. Default form (DDAS_HANDTEKENING_VORM=jades): NL GOV ADR signing module, JAdES payload signing: b64 false, crit ["b64","sigD"], sigD {mId "http://uri.etsi.org/19182/HttpHeaders", pars ["digest"]}, x5t#S256, kid, sigT; the signed bytes are the line `digest: <Digest header value>`. Form `body`: a plain detached JWS over the body bytes.',
  type: 'string',
  pattern: '^[A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]+$',
};
const FSC_CODE = {
  description: 'FSC error code (FSC Core 1.0.0).',
  type: 'string',
};

export const VerzoekHeaders = z.looseObject({
  digest: z
    .string()
    .optional()
    .describe(
      'SHA-256 digest of the request body (RFC 3230). Checked when present; required when requests must be signed (DDAS_VERZOEK_ONDERTEKENING=verplicht, the default in production). A wrong digest: 400.',
    ),
  'nlgov-adr-payload-sig': z
    .string()
    .optional()
    .describe(
      "The requester's signature, in the JAdES form (over the Digest header) or the body form; verified against its x5c chain up to DDAS_VERZOEK_VERTROUWD. At most once: two such headers are refused (400).",
    ),
  'ddas-snapshot': z
    .string()
    .optional()
    .describe(
      'Optional: the snapshot id of an earlier answer (header Ddas-Snapshot). Without it, page 1 starts a new snapshot and later pages of the same request read the newest one.',
    ),
});

const Paginering = z.object({
  pageSize: z.number().int().min(1),
  currentPage: z.number().int().min(1),
  totalPages: z.number().int().min(1),
  totalRecords: z.number().int().min(0),
});

const Probleem = z.object({
  type: z.string().describe('URI of the problem type (urn:schuldenrust:ddas:...)'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
});
const FscProbleem = Probleem.extend({
  code: z.string().describe('ERROR_CODE_... of the FSC standard'),
  domain: z.enum(['ERROR_DOMAIN_INWAY', 'ERROR_DOMAIN_OUTWAY']),
});

const probleem = (description: string, extra: Record<string, unknown> = {}) =>
  Probleem.meta({ description: `${description} (application/problem+json)`, headers: { Digest: DIGEST, ...extra } });
const fsc = (description: string, extra: Record<string, unknown> = {}) =>
  FscProbleem.meta({
    description: `${description} (application/problem+json)`,
    headers: { Digest: DIGEST, 'Fsc-Error-Code': FSC_CODE, ...extra },
  });

export function antwoorden(model: DdasModel) {
  const uitwisselmodel =
    model === 'vs'
      ? 'DDAS Vroegsignalering Uitwisselmodel (v0.9 by default; src/modules/ddas/schemas/ddas-vs-0.9/json_schema_Uitwisselmodel.json)'
      : 'DDAS Schuldhulpverlening Uitwisselmodel v1.0 (src/modules/ddas/schemas/ddas-shv-1.0/json_schema_Uitwisselmodel.json)';
  return {
    200: z
      .object({
        gegevens: z
          .looseObject({
            startdatumLevering: z.iso.date(),
            einddatumLevering: z.iso.date(),
            aanleverdatumEnTijd: z.string().describe('When the snapshot was fixed (page 1)'),
            codeGegevensleverancier: z.string(),
            leveringen: z.array(z.looseObject({ teller: z.number().int() })),
          })
          .describe(`The ${uitwisselmodel}`),
        paginering: Paginering,
      })
      .meta({
        description: 'The delivery (one page of the snapshot), signed',
        headers: {
          Digest: DIGEST,
          'nlgov-adr-payload-sig': HANDTEKENING,
          'Ddas-Snapshot': { description: 'Id of the snapshot this page belongs to', type: 'string' },
          'Ddas-Snapshot-Verloopt': {
            description: 'Until when later pages can read this snapshot (ISO 8601)',
            type: 'string',
          },
        },
      }),
    400: probleem(
      'Invalid request: body not valid (GegevensRequest), not JSON, Digest does not match, signature missing/invalid, or more than one signature header',
    ),
    401: fsc('No, invalid or expired access token (ERROR_CODE_ACCESS_TOKEN_MISSING / _INVALID / _EXPIRED)', {
      'WWW-Authenticate': { type: 'string' },
    }),
    403: fsc('Token without this model (ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN)'),
    405: fsc('Any method but POST (ERROR_CODE_METHOD_UNSUPPORTED)', { Allow: { type: 'string' } }),
    413: probleem('Request body larger than 16 KiB'),
    415: probleem('Content-Type is not application/json'),
    422: probleem('Unknown aanleverende_organisatie, page past the end, or unknown/expired Ddas-Snapshot'),
    429: probleem('Too many requests for this client (DDAS_VERZOEKEN_PER_MINUUT)', {
      'Retry-After': { description: 'Seconds to wait', type: 'integer' },
    }),
  };
}

export const beschrijving = (model: DdasModel, scope: string) =>
  `Scope \`${scope}\` or \`read\` (the spec's scope: every model the client is registered for). aanleverende_organisatie: the organisation's name${model === 'vs' ? ' or municipality code (GM0344 or 0344)' : ''}; without it, all organisations. Period default: 1 January of this year up to today; every record is delivered as it stood at the end of the period. Paging: page 1 fixes a snapshot of the delivery (header Ddas-Snapshot); later pages read it for DDAS_SNAPSHOT_MINUTEN. Answers carry \`Digest\` and, on 200, \`nlgov-adr-payload-sig\`. Other methods answer 405.`;
