import type { DdasDelen } from '../trajecten/index.ts';

/**
 * A delivery describes its period: a record is delivered as it stood at the end of the period (the peildatum).
 * Nothing that happened after that day is in it. For a trajectory:
 * - a part (phase, crisis intervention, moratorium, provision, guidance) that started after the end is left out;
 * - a date after the end is left out of a part that is kept (an end date then reads as "still running");
 * - a decision, exit or settlement step dated after the end is left out with what belongs to it
 *   (beschikkingssoort with its beschikkingsdatum, the whole uitstroom with its datum, dwangakkoord with its request);
 * - a debt whose peildatum is after the end is left out.
 * A case or trajectory that spans several periods is in each of those deliveries, each time as it stood at the
 * end of that period; the latest delivery is the most complete.
 */
export function delenOpEinde(d: DdasDelen, eind: string): DdasDelen {
  const na = (x: string | undefined) => x !== undefined && x > eind;
  const uit: Record<string, unknown> = {};
  const zet = (k: keyof DdasDelen, v: unknown) => {
    if (v !== undefined && !(Array.isArray(v) && v.length === 0) && !(isObject(v) && Object.keys(v).length === 0))
      uit[k] = v;
  };
  const periode = <T extends { startdatum?: string; einddatum?: string }>(p: T | undefined): T | undefined => {
    if (!p || na(p.startdatum)) return undefined;
    return na(p.einddatum) ? zonder(p, ['einddatum']) : p;
  };

  zet('omschrijving', d.omschrijving);
  zet('toekenningsdatum', na(d.toekenningsdatum) ? undefined : d.toekenningsdatum);
  zet('totaalSchuldbedragBijAanvangSchuld', d.totaalSchuldbedragBijAanvangSchuld);
  zet('aanmelding', periode(d.aanmelding));
  zet('informatieEnAdvies', periode(d.informatieEnAdvies));
  const intake = periode(d.intake);
  zet(
    'intake',
    intake && na(intake.beschikkingsdatum) ? zonder(intake, ['beschikkingsdatum', 'beschikkingssoort']) : intake,
  );
  zet('planVanAanpak', na(d.planVanAanpak?.datumAfronding) ? undefined : d.planVanAanpak);
  zet('stabilisatie', periode(d.stabilisatie));
  const s = d.schuldregeling;
  if (s && !na(s.datum)) {
    const weg = (['toegekend', 'afgewezen', 'ingetrokken'] as const).filter((k) => na(s[k]));
    zet(
      'schuldregeling',
      zonder(s, [
        ...weg,
        ...(na(s.datumVerzoekDwangakkoord) ? (['datumVerzoekDwangakkoord', 'dwangakkoord'] as const) : []),
      ]),
    );
  }
  zet('oplossing', periode(d.oplossing));
  zet(
    'begeleiding',
    d.begeleiding?.flatMap((b) => periode(b) ?? []),
  );
  zet('nazorg', periode(d.nazorg));
  if (d.uitstroom && !na(d.uitstroom.datum))
    zet(
      'uitstroom',
      na(d.uitstroom.datumBeeindigingsbeschikking)
        ? zonder(d.uitstroom, ['datumBeeindigingsbeschikking'])
        : d.uitstroom,
    );
  zet(
    'crisisinterventies',
    d.crisisinterventies?.flatMap((c) => periode(c) ?? []),
  );
  zet(
    'moratoria',
    d.moratoria?.flatMap((m) => {
      if (na(m.datumAanvraag ?? m.startdatum)) return [];
      const weg = (['datumGoedkeuring', 'startdatum', 'einddatum'] as const).filter((k) => na(m[k]));
      return [zonder(m, weg)];
    }),
  );
  zet(
    'voorlopigeVoorzieningen',
    d.voorlopigeVoorzieningen?.flatMap((v) => periode(v) ?? []),
  );
  zet(
    'schulden',
    d.schulden?.filter((x) => !na(x.peildatum)),
  );
  return uit as DdasDelen;
}

/** A trajectory's own end date belongs to the delivery only when it is on or before the end of the period. */
export const einddatumOpEinde = (einddatum: string | null, eind: string) =>
  einddatum && einddatum <= eind ? einddatum : null;

function zonder<T extends object>(o: T, sleutels: readonly string[]): T {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !sleutels.includes(k))) as T;
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);
