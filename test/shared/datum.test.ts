import { describe, expect, it } from 'vitest';
import { vandaag } from '../../src/shared/datum.ts';

describe('vandaag (Europe/Amsterdam), with its per-minute memory', () => {
  it('changes day at Amsterdam midnight in winter (UTC+1) and summer (UTC+2), also between calls a minute apart', () => {
    expect(vandaag(new Date('2026-01-14T22:59:59.999Z'))).toBe('2026-01-14');
    expect(vandaag(new Date('2026-01-14T23:00:00.000Z'))).toBe('2026-01-15');
    expect(vandaag(new Date('2026-07-14T21:59:59.999Z'))).toBe('2026-07-14');
    expect(vandaag(new Date('2026-07-14T22:00:00.000Z'))).toBe('2026-07-15');
  });

  it('answers each date for itself when calls alternate between days within one minute of the clock', () => {
    const a = new Date('2026-03-01T10:00:05Z');
    const b = new Date('2027-03-01T10:00:05Z');
    expect([vandaag(a), vandaag(b), vandaag(a), vandaag(new Date(a.getTime() + 50_000))]).toEqual([
      '2026-03-01',
      '2027-03-01',
      '2026-03-01',
      '2026-03-01',
    ]);
  });

  it('refuses an invalid date as before', () => {
    expect(() => vandaag(new Date(Number.NaN))).toThrow(RangeError);
  });
});
