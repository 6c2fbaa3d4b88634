/** Public face of the municipalities module: municipalities, the postcode table and routing, address keys. */
export {
  achternaamSleutel,
  adresSleutel,
  normaliseerHuisnummer,
  normaliseerPostcode,
  normaliseerToevoeging,
} from './postcode.ts';
export {
  eigenGemeentecode,
  geenGemeentecode,
  gemeentenMetCodes,
  maakRouter,
  routeer,
  type Route,
} from './gemeenten.ts';
export { gemeentecodeVanOrganisatie } from './store.ts';
