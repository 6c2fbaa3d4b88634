import type { Aansluitfase } from '../../db/schema.ts';

/** VISH keeps production data and test data apart: every delivery and every check belongs to one. */
export type VishOmgeving = 'productie' | 'test';

/**
 * The rule for which VISH data a caller's traffic touches (deliveries and checks alike):
 * - an organisation in the joining step 'testlevering': test data only, whatever its credential;
 * - an organisation in 'productie': production data, except with a credential marked as test (an API key
 *   or client certificate the operator issued with `test: true`, e.g. for a bailiff's software supplier);
 * - an organisation in an earlier joining step: no VISH traffic at all (null).
 * It works both ways: a test delivery never answers a production check (it is not a real, agreed
 * delivery), and a test check never sees production data (a test check has no real case behind it, so
 * there is no ground to tell anyone that a real person is in debt help).
 */
export function vishOmgeving(fase: Aansluitfase, testCredential: boolean): VishOmgeving | null {
  if (fase === 'testlevering') return 'test';
  if (fase === 'productie') return testCredential ? 'test' : 'productie';
  return null;
}
