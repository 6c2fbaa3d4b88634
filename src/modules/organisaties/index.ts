/** Public face of the organisations module: organisations, API keys, the platform CA and client certificates. */
export { maakOrganisatie, organisatieNamen, vindOrganisatie, type Organisatie } from './organisaties.ts';
export { ensureCa, type Ca } from './ca.ts';
