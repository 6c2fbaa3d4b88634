/** Shapes of /api/trajecten (src/modules/trajecten/routes.ts) that the screens use. */
export interface Traject {
  id: string;
  externId: string | null;
  achternaam: string | null;
  voorletters: string | null;
  postcode: string | null;
  huisnummer: number | null;
  toevoeging: string | null;
  gemeentecode: string;
  consulent: { naam: string | null; telefoon: string | null; email: string | null };
  fase: string;
  startdatum: string;
  einddatum: string | null;
  uitstroomreden: string | null;
  vishKeuze: string;
  ondernemer?: boolean;
  geanonimiseerdOp?: string | null;
}
export interface Feed {
  actief: boolean;
  regel: string;
  loket: { naam: string } | null;
  laatsteRunOp: string | null;
  laatsteResultaat: string | null;
  laatsteAantal: number | null;
  laatsteMelding: string | null;
}

export const FASEN = [
  'aanmelding',
  'informatie-en-advies',
  'intake',
  'plan-van-aanpak',
  'stabilisatie',
  'schuldregeling',
  'oplossing',
  'begeleiding',
  'nazorg',
] as const;
export const UITSTROOMREDENEN = [
  'Afgerond',
  'Zelf',
  'Verhuisd',
  'Overleden',
  'Nietverschenen',
  'Ingetrokken',
  'Niet passend',
  'Voldoet niet',
  'Overig',
] as const;

/** The DDAS-SHV part that records the start of a phase (the platform derives the phase from these parts). */
export function fasedeel(fase: string, datum: string): Record<string, unknown> {
  switch (fase) {
    case 'informatie-en-advies':
      return { informatieEnAdvies: { startdatum: datum } };
    case 'plan-van-aanpak':
      return { planVanAanpak: { datumAfronding: datum } };
    case 'schuldregeling':
      return { schuldregeling: { datum } };
    case 'begeleiding':
      return { begeleiding: [{ startdatum: datum }] };
    default:
      return { [fase]: { startdatum: datum } };
  }
}
