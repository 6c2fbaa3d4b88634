import { describe, expect, it } from 'vitest';
import { bsnFout, bsnFromSeed, isValidBsn, normaliseBsn } from '../../src/shared/bsn.ts';

describe('BSN 11-test', () => {
  it('accepts valid numbers', () => {
    for (const bsn of ['111222333', '123456782', '999999990']) expect(isValidBsn(bsn)).toBe(true);
  });
  it('refuses numbers that fail the 11-test, wrong lengths, letters and all zeros', () => {
    for (const bsn of ['111222334', '123456789', '12345678', '1234567890', '12345678X', '000000000', ''])
      expect(isValidBsn(bsn)).toBe(false);
  });
  it('the last digit counts negatively (a plain weighted sum would accept this)', () => {
    // 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3 = 69; with +1*d9 the check would need d9 = 8, with -1*d9 it needs d9 = 3.
    expect(isValidBsn('111222338')).toBe(false);
    expect(isValidBsn('111222333')).toBe(true);
  });
  it('normalises 8 digits with a leading zero and trims', () => {
    expect(normaliseBsn(' 111222333 ')).toBe('111222333');
    const eight = bsnFromSeed(1_234_567)!; // starts with 0
    expect(eight.startsWith('0')).toBe(true);
    expect(normaliseBsn(eight.slice(1))).toBe(eight);
  });
  it('ignores spaces, dots and dashes as typed or exported, but not letters', () => {
    expect(normaliseBsn('1112 22 333')).toBe('111222333');
    expect(normaliseBsn('111.222.333')).toBe('111222333');
    expect(normaliseBsn('111-222-333')).toBe('111222333');
    expect(normaliseBsn('111\u00a0222\u00a0333')).toBe('111222333');
    expect(normaliseBsn('111.222.33a')).toBeNull();
    expect(normaliseBsn('1112 22 334')).toBeNull(); // layout does not rescue a failed 11-test
    expect(bsnFout('1112 22 334')).toBe('Het BSN voldoet niet aan de elfproef.');
    expect(bsnFout('111.222.33a')).toBe('Een BSN bestaat uit 9 cijfers.');
    expect(bsnFout('1112 22 333')).toBeNull();
  });
  it('every generated demo BSN passes', () => {
    let n = 0;
    for (let s = 10_000_000; s < 10_010_000; s++) {
      const b = bsnFromSeed(s);
      if (b) {
        expect(isValidBsn(b)).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThan(8000);
  });
});
