/**
 * The platform's one format of contact data in delivered files and forms (VISH deliveries, signal files, trajectories,
 * partner registration): a counsellor's contact goes from a trajectory into the VISH feed, so all accept the same.
 * No ';' or ',' in an e-mail address: those separate fields in the CSV files that carry it.
 */
export const EMAIL = /^[^\s@;,]+@[^\s@;,]+\.[^\s@;,]+$/;
export const EMAIL_MAX = 254;
export const TELEFOON = /^\+?[0-9 ()-]{6,20}$/;

export const isEmail = (s: string) => EMAIL.test(s) && s.length <= EMAIL_MAX;
export const isTelefoon = (s: string) => TELEFOON.test(s);
