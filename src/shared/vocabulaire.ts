/**
 * Phases of a debt-help trajectory, named after the parts of the DDAS-SHV Uitwisselmodel
 * (`src/modules/ddas/schemas/ddas-shv-1.0`), so an export is a mapping, not a translation.
 */
export const TRAJECT_FASEN = [
  'aanmelding',
  'informatie-en-advies',
  'intake',
  'plan-van-aanpak',
  'stabilisatie',
  'schuldregeling',
  'oplossing',
  'begeleiding',
  'nazorg',
  'uitstroom',
] as const;
export type TrajectFase = (typeof TRAJECT_FASEN)[number];

/** The DDAS-SHV part (property of a schuldhulptraject) that records each phase. */
export const TRAJECT_FASE_DDAS: Record<TrajectFase, string> = {
  aanmelding: 'aanmelding',
  'informatie-en-advies': 'informatieEnAdvies',
  intake: 'intake',
  'plan-van-aanpak': 'planVanAanpak',
  stabilisatie: 'stabilisatie',
  schuldregeling: 'schuldregeling',
  oplossing: 'oplossing',
  begeleiding: 'begeleiding',
  nazorg: 'nazorg',
  uitstroom: 'uitstroom',
};

// DDAS-SHV enumerations (json_schema_Uitwisselmodel.json, $defs), used as the platform's own values.
export const BESCHIKKINGSSOORTEN = ['Afwijzingsbeschikking', 'Toelatingsbeschikking'] as const;
export const BEGELEIDINGSSOORTEN = [
  'Budgetcoaching',
  'Budgetbeheer',
  'Beschermingsbewind',
  'Lange Termijn Begeleiding (DFD)',
  'Budgetbegeleiding',
] as const;
export const UITSTROOMREDENEN = [
  'Overleden',
  'Verhuisd',
  'Nietverschenen',
  'Ingetrokken',
  'Niet passend',
  'Overig',
  'Voldoet niet',
  'Afgerond',
  'Zelf',
] as const;
export const SCHULDENSOORTEN = ['Zorg', 'Publiek', 'Nuts', 'Overig'] as const;
export const OPLOSSINGSSOORTEN = [
  'Betalingsregeling',
  'Herfinanciering',
  'Saneringskrediet',
  'Schuldbemiddeling',
  '0%-aanbod',
] as const;
export type Uitstroomreden = (typeof UITSTROOMREDENEN)[number];
