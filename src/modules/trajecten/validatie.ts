/** Contact formats, the same as a VISH delivery accepts (a counsellor's contact goes into the VISH feed). */
export { EMAIL, TELEFOON } from '../../shared/contact.ts';
