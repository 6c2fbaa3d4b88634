import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext the default import is the module object.
const addFormats = addFormatsImport as unknown as (ajv: Ajv2020) => Ajv2020;

export type DdasModel = 'vs' | 'shv';

/** The shipped copies of the official schemas (see schemas/BRON.md). */
export const SCHEMA_MAP: Record<DdasModel, string> = {
  vs: fileURLToPath(new URL('./schemas/ddas-vs-0.9/', import.meta.url)),
  shv: fileURLToPath(new URL('./schemas/ddas-shv-1.0/', import.meta.url)),
};

export const MODEL_NAAM: Record<DdasModel, string> = {
  vs: 'DDAS Vroegsignalering (Uitwisselmodel v0.9)',
  shv: 'DDAS Schuldhulpverlening (Uitwisselmodel v1.0)',
};

export interface Validatiefout {
  pad: string;
  melding: string;
}
export interface Validatieresultaat {
  model: DdasModel;
  geldig: boolean;
  fouten: Validatiefout[];
}

const validators = new Map<DdasModel, ValidateFunction>();

/** Compiled once per model: JSON Schema 2020-12 in strict mode, with the `date`, `date-time` and `email` formats. */
function validator(model: DdasModel): ValidateFunction {
  let v = validators.get(model);
  if (!v) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    v = ajv.compile(JSON.parse(readFileSync(`${SCHEMA_MAP[model]}json_schema_Uitwisselmodel.json`, 'utf8')));
    validators.set(model, v);
  }
  return v;
}

/** Validates one DDAS delivery against the official schema of `model`. */
export function valideer(model: DdasModel, data: unknown): Validatieresultaat {
  const v = validator(model);
  const geldig = v(data) === true;
  return { model, geldig, fouten: geldig ? [] : (v.errors ?? []).slice(0, 200).map(fout) };
}

/** Which model a file claims to be: by its leveringen (schuldhulptrajecten vs. vroegsignalen/-zaken). */
export function herkenModel(data: unknown): DdasModel | null {
  const leveringen = (data as { leveringen?: unknown })?.leveringen;
  if (!Array.isArray(leveringen)) return null;
  const sleutels = new Set(leveringen.flatMap((l) => (l && typeof l === 'object' ? Object.keys(l) : [])));
  if (sleutels.has('schuldhulptrajecten')) return 'shv';
  if (sleutels.has('vroegsignalen') || sleutels.has('vroegsignaalzaken') || sleutels.has('gemeentecode')) return 'vs';
  // The SHV organisation block uses "(Statutaire) Naam", the VS block "naam".
  const org = (leveringen[0] as { aanleverende_organisatie?: Record<string, unknown> } | undefined)
    ?.aanleverende_organisatie;
  if (org && '(Statutaire) Naam' in org) return 'shv';
  return null;
}

function fout(e: ErrorObject): Validatiefout {
  const extra =
    e.keyword === 'additionalProperties'
      ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
      : e.keyword === 'enum'
        ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
        : '';
  return { pad: e.instancePath || '/', melding: `${e.message ?? e.keyword}${extra}` };
}
