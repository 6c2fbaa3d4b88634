import type { FastifySchemaCompiler } from 'fastify';
import { $ZodType, safeParse, type $ZodRawIssue } from 'zod/v4/core';

/**
 * Request validation for every route (body, query string, path parameters, headers), in one place: the route's zod
 * schema, with messages in plain Dutch that name the field ("Het veld "achternaam" ontbreekt."). A message the schema
 * itself gives (e.g. 'JJJJ-MM-DD') is kept and prefixed with the field. The error handler (app.ts) answers 400
 * `ongeldige_invoer` with one entry per problem: `{ veld, melding }`.
 */

const SOORT: Record<string, string> = {
  string: 'tekst',
  number: 'een getal',
  int: 'een geheel getal',
  bigint: 'een geheel getal',
  boolean: 'ja of nee (true of false)',
  object: 'een object',
  array: 'een lijst',
  date: 'een datum',
  null: 'leeg (null)',
};

const VORM: Record<string, string> = {
  email: 'een geldig e-mailadres',
  uuid: 'een geldige id (UUID)',
  guid: 'een geldige id (UUID)',
  url: 'een geldig webadres (URL)',
  datetime: 'een datum en tijd (JJJJ-MM-DDTuu:mm:ssZ)',
  date: 'een datum (JJJJ-MM-DD)',
  time: 'een tijd (uu:mm)',
  ipv4: 'een IPv4-adres',
  ipv6: 'een IPv6-adres',
  base64: 'base64-tekst',
  jwt: 'een token (JWT)',
};

function ontvangen(input: unknown): string {
  if (input === null) return 'leeg (null)';
  if (Array.isArray(input)) return 'een lijst';
  switch (typeof input) {
    case 'string':
      return 'tekst';
    case 'number':
      return Number.isNaN(input) ? 'geen getal' : 'een getal';
    case 'boolean':
      return 'ja/nee';
    case 'object':
      return 'een object';
    default:
      return typeof input;
  }
}

const waarden = (v: readonly unknown[]) => v.map((x) => JSON.stringify(x)).join(', ');

/** The field as the caller wrote it: 'contactpersoon.email', 'regels[2].bedrag'; empty for the whole input. */
export function veldnaam(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => {
    if (typeof p === 'number') return `${acc}[${p}]`;
    return acc ? `${acc}.${String(p)}` : String(p);
  }, '');
}

/** The Dutch message for one problem; the field is named in it. */
export function nlMelding(iss: $ZodRawIssue): string {
  const veld = veldnaam(iss.path ?? []);
  const het = veld ? `Het veld "${veld}"` : 'De invoer';
  const i = iss as $ZodRawIssue & Record<string, unknown>;
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return veld ? `${het} ontbreekt.` : 'De invoer ontbreekt.';
      const soort = SOORT[String(i.expected)] ?? String(i.expected);
      return `${het} moet ${soort} zijn, niet ${ontvangen(iss.input)}.`;
    }
    case 'invalid_value': {
      const v = (i.values as unknown[]) ?? [];
      return v.length === 1
        ? `${het} moet ${waarden(v)} zijn.`
        : `${het} moet een van deze waarden hebben: ${waarden(v)}.`;
    }
    case 'too_small': {
      const min = Number(i.minimum);
      const incl = i.inclusive !== false;
      if (i.origin === 'string')
        return min <= 1 && incl ? `${het} mag niet leeg zijn.` : `${het} moet minstens ${min} tekens hebben.`;
      if (i.origin === 'array' || i.origin === 'set')
        return `${het} moet minstens ${min} ${min === 1 ? 'item' : 'items'} bevatten.`;
      return incl ? `${het} moet ${min} of meer zijn.` : `${het} moet groter zijn dan ${min}.`;
    }
    case 'too_big': {
      const max = Number(i.maximum);
      const incl = i.inclusive !== false;
      if (i.origin === 'string') return `${het} mag hoogstens ${max} tekens hebben.`;
      if (i.origin === 'array' || i.origin === 'set') return `${het} mag hoogstens ${max} items bevatten.`;
      return incl ? `${het} moet ${max} of minder zijn.` : `${het} moet kleiner zijn dan ${max}.`;
    }
    case 'invalid_format': {
      const f = String(i.format);
      if (VORM[f]) return `${het} moet ${VORM[f]} zijn.`;
      if (f === 'starts_with') return `${het} moet beginnen met "${String(i.prefix)}".`;
      if (f === 'ends_with') return `${het} moet eindigen op "${String(i.suffix)}".`;
      if (f === 'includes') return `${het} moet "${String(i.includes)}" bevatten.`;
      return `${het} heeft niet de juiste vorm.`;
    }
    case 'not_multiple_of':
      return `${het} moet een veelvoud van ${String(i.divisor)} zijn.`;
    case 'unrecognized_keys': {
      const k = (i.keys as string[]) ?? [];
      const namen = k.map((x) => `"${veld ? `${veld}.` : ''}${x}"`).join(', ');
      return k.length === 1 ? `Het veld ${namen} is onbekend.` : `De velden ${namen} zijn onbekend.`;
    }
    default:
      return `${het} is niet geldig.`;
  }
}

export interface ValidatieProbleem {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  message: string;
  params: { veld: string };
}

/** Fastify's validator compiler for zod schemas with the Dutch messages (replaces fastify-type-provider-zod's). */
export const nlValidatorCompiler: FastifySchemaCompiler<$ZodType> =
  ({ schema }) =>
  (data) => {
    const z = (schema instanceof $ZodType ? schema : (schema as { properties: $ZodType }).properties) as $ZodType;
    const r = safeParse(z, data, { error: nlMelding });
    if (r.success) return { value: r.data };
    return {
      error: r.error.issues.map((iss) => {
        const veld = veldnaam(iss.path);
        const eigen = !veld || iss.message.includes(`"${veld}"`) ? iss.message : `Het veld "${veld}": ${iss.message}`;
        return {
          keyword: iss.code,
          instancePath: `/${iss.path.map(String).join('/')}`,
          schemaPath: `#/${iss.path.map(String).join('/')}/${iss.code}`,
          message: eigen,
          params: { veld },
        } satisfies ValidatieProbleem;
      }) as unknown as Error,
    };
  };

/** A request refused by nlValidatorCompiler. */
export function isValidatieFout(err: unknown): err is { validation: ValidatieProbleem[] } {
  const v = (err as { validation?: unknown } | null)?.validation;
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    typeof (v[0] as { params?: { veld?: unknown } }).params?.veld === 'string' &&
    typeof (v[0] as { message?: unknown }).message === 'string'
  );
}
