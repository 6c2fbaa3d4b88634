/** Public face of the signal partners module: partners, agreements (convenanten), investors' mandates. */
export {
  convenantenVoorLevering,
  convenantGeldig,
  geldigeMandaten,
  opdrachtgeverSleutel,
  partnerProfiel,
  type PartnerProfiel,
} from './partners.ts';
export { meldAflopendeConvenanten } from './herinneringen.ts';
export { convenantWeigering } from './levensloop.ts';
