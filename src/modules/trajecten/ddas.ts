import { z } from 'zod';
import { normaliseerToevoeging } from '../gemeenten/index.ts';
import {
  BEGELEIDINGSSOORTEN,
  BESCHIKKINGSSOORTEN,
  OPLOSSINGSSOORTEN,
  SCHULDENSOORTEN,
  TRAJECT_FASEN,
  TRAJECT_FASE_DDAS,
  UITSTROOMREDENEN,
  type TrajectFase,
} from '../../shared/vocabulaire.ts';

/**
 * The parts of a DDAS-SHV `schuldhulptraject` (Uitwisselmodel v1.0) as we store them in `trajecten.ddas`:
 * exactly the schema's property names and types, strict (no other keys), so the export is a mapping.
 * Left out here because they live in plain columns: startdatum, einddatum, gemeentecode, client.
 */
const Datum = z.iso.date();
const Bedrag = z.number().int().min(0).max(100_000_000);
const Periode = z.strictObject({ startdatum: Datum.optional(), einddatum: Datum.optional() });

export const DdasDelen = z.strictObject({
  omschrijving: z.string().max(500).optional(),
  toekenningsdatum: Datum.optional(),
  totaalSchuldbedragBijAanvangSchuld: Bedrag.optional(),
  aanmelding: z
    .strictObject({
      crisisinterventie: z.boolean().optional(),
      startdatum: Datum.optional(),
      einddatum: Datum.optional(),
    })
    .optional(),
  informatieEnAdvies: Periode.optional(),
  intake: z
    .strictObject({
      startdatum: Datum.optional(),
      einddatum: Datum.optional(),
      beschikkingssoort: z.enum(BESCHIKKINGSSOORTEN).optional(),
      beschikkingsdatum: Datum.optional(),
    })
    .optional(),
  planVanAanpak: z.strictObject({ datumAfronding: Datum.optional() }).optional(),
  stabilisatie: Periode.optional(),
  schuldregeling: z
    .strictObject({
      datum: Datum.optional(),
      toegekend: Datum.optional(),
      afgewezen: Datum.optional(),
      ingetrokken: Datum.optional(),
      dwangakkoord: z.boolean().optional(),
      datumVerzoekDwangakkoord: Datum.optional(),
    })
    .optional(),
  oplossing: z
    .strictObject({
      soort: z.enum(OPLOSSINGSSOORTEN).optional(),
      startdatum: Datum.optional(),
      einddatum: Datum.optional(),
      vtlb: Bedrag.optional(),
    })
    .optional(),
  begeleiding: z
    .array(
      z.strictObject({
        soort: z.enum(BEGELEIDINGSSOORTEN).optional(),
        startdatum: Datum.optional(),
        einddatum: Datum.optional(),
      }),
    )
    .max(50)
    .optional(),
  nazorg: Periode.optional(),
  uitstroom: z
    .strictObject({
      datum: Datum.optional(),
      reden: z.enum(UITSTROOMREDENEN).optional(),
      datumBeeindigingsbeschikking: Datum.optional(),
      omschrijving: z.string().max(500).optional(),
    })
    .optional(),
  crisisinterventies: z.array(Periode).max(50).optional(),
  moratoria: z
    .array(
      z.strictObject({
        datumAanvraag: Datum.optional(),
        datumGoedkeuring: Datum.optional(),
        startdatum: Datum.optional(),
        einddatum: Datum.optional(),
      }),
    )
    .max(50)
    .optional(),
  voorlopigeVoorzieningen: z.array(Periode).max(50).optional(),
  schulden: z
    .array(
      z.strictObject({
        bedrag: Bedrag.optional(),
        peildatum: Datum.optional(),
        schuldsoort: z.enum(SCHULDENSOORTEN).optional(),
        zakelijkeSchuld: z.boolean().optional(),
        schuldeiser: z
          .strictObject({
            naam: z.string().max(200).optional(),
            kvknummer: z.string().max(20).optional(),
            postcode: z.string().max(10).optional(),
            privepersoon: z.boolean().optional(),
          })
          .optional(),
      }),
    )
    .max(500)
    .optional(),
});
export type DdasDelen = z.infer<typeof DdasDelen>;
export type DdasDeel = keyof DdasDelen;

const gevuld = (v: unknown) =>
  v !== undefined &&
  v !== null &&
  (Array.isArray(v) ? v.length > 0 : typeof v !== 'object' || Object.keys(v).length > 0);

/** Current phase: the furthest phase (in DDAS order) the trajectory has reached. */
export function huidigeFase(d: DdasDelen): TrajectFase {
  let fase: TrajectFase = 'aanmelding';
  for (const f of TRAJECT_FASEN) if (gevuld((d as Record<string, unknown>)[TRAJECT_FASE_DDAS[f]])) fase = f;
  return fase;
}

export const toegelaten = (d: DdasDelen) => d.intake?.beschikkingssoort === 'Toelatingsbeschikking';
export const afgewezen = (d: DdasDelen) => d.intake?.beschikkingssoort === 'Afwijzingsbeschikking';

/**
 * Default VISH rule: from the admission decision (toelatingsbeschikking) or the stabilisation phase on,
 * never after a rejection. Whether the trajectory is still open is checked by the feed query.
 */
export function vanafToelating(d: DdasDelen): boolean {
  if (afgewezen(d)) return false;
  return toegelaten(d) || TRAJECT_FASEN.indexOf(huidigeFase(d)) >= TRAJECT_FASEN.indexOf('stabilisatie');
}

/** Replaces the given parts (null removes one); parts not given stay as they are. Validate the result with DdasDelen. */
export function voegDelenSamen(oud: DdasDelen, nieuw: Record<string, unknown>): Record<string, unknown> {
  const uit: Record<string, unknown> = { ...oud };
  for (const [k, v] of Object.entries(nieuw)) {
    if (v === null) delete uit[k];
    else if (v !== undefined) uit[k] = v;
  }
  return uit;
}

/** Parts without anything that could identify a person (for retention): creditors and free text go. */
export function zonderPersoonsgegevens(d: DdasDelen): DdasDelen {
  const { omschrijving: _o, uitstroom, schulden, ...rest } = d;
  const uit: DdasDelen = { ...rest };
  if (uitstroom) {
    const { omschrijving: _u, ...u } = uitstroom;
    uit.uitstroom = u;
  }
  if (schulden) uit.schulden = schulden.map(({ schuldeiser: _s, ...s }) => s);
  return uit;
}

/**
 * One `schuldhulptraject` of the DDAS-SHV Uitwisselmodel. `client` only when the BSN may be exported; with a
 * partner the `client` array holds both persons (the schema allows two), at the same address. The house-number
 * addition is written as everywhere in DDAS exports: normalised ('1-a' and '1 A' give 'A').
 */
export function naarDdasSchuldhulptraject(t: {
  startdatum: string;
  einddatum: string | null;
  gemeentecode: string;
  ddas: DdasDelen;
  client?: {
    bsn: string;
    partnerBsn?: string | null;
    postcode: string;
    huisnummer: number;
    toevoeging: string | null;
  } | null;
}): Record<string, unknown> {
  const uit: Record<string, unknown> = { ...t.ddas, startdatum: t.startdatum, gemeentecode: t.gemeentecode };
  if (t.einddatum) uit.einddatum = t.einddatum;
  if (t.client) {
    const toevoeging = normaliseerToevoeging(t.client.toevoeging);
    const persoon = (bsn: string) => ({
      Burgerservicenummer: bsn,
      Postcode: t.client!.postcode,
      Huisnummer: String(t.client!.huisnummer),
      ...(toevoeging ? { Huisnummertoevoeging: toevoeging } : {}),
    });
    uit.client = [persoon(t.client.bsn), ...(t.client.partnerBsn ? [persoon(t.client.partnerBsn)] : [])];
  }
  return uit;
}
