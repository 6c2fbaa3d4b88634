import { describe, expect, it } from 'vitest';
import { nieuwNummer } from '../../src/db/proces.ts';
import { zoekInTekst } from '../helpers/privacy-scanner.ts';

describe('Process numbers (vish_leveringen.eigenaar)', () => {
  it('never look like a BSN: at most 8 digits, so a stored one is never flagged by the privacy scan', () => {
    // Regression: a random int4 was a valid-looking BSN about once in eleven 9-digit draws.
    for (let i = 0; i < 20_000; i++) {
      const n = nieuwNummer();
      expect(n).toBeGreaterThan(0);
      expect(String(n).length).toBeLessThanOrEqual(8);
    }
    expect(zoekInTekst(JSON.stringify({ eigenaar: 99_999_999 }))).toEqual([]);
  });
});
