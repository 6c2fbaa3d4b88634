/** Contact formats, the same as a VISH delivery accepts (a counsellor's contact goes into the VISH feed). */
export const EMAIL = /^[^\s@;,]+@[^\s@;,]+\.[^\s@;,]+$/;
export const TELEFOON = /^\+?[0-9 ()-]{6,20}$/;
