/**
 * Phases of a debt-help trajectory, named after the parts of the DDAS-SHV Uitwisselmodel
 * (`../shared/standards/ddas-schuldhulpverlening`), so an export is a mapping, not a translation.
 */
export const TRAJECT_FASEN = [
  'aanmelding', 'informatie-en-advies', 'intake', 'plan-van-aanpak', 'stabilisatie',
  'schuldregeling', 'oplossing', 'begeleiding', 'nazorg', 'uitstroom',
] as const;
export type TrajectFase = (typeof TRAJECT_FASEN)[number];
