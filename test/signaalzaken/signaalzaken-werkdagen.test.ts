import { describe, expect, it } from 'vitest';
import { deadlineVoor, isFeestdag, isWerkdag, plusWerkdagen } from '../../src/shared/werkdagen.ts';

// The calendar has no database; the deadline on a stored case is tested in signaalzaken.test.ts on both databases.
describe('Working days (date-holidays NL, public holidays only)', () => {
  it('skips a weekend', () => {
    expect(plusWerkdagen('2026-11-20', 3)).toBe('2026-11-25'); // Fri -> Mon, Tue, Wed
    expect(plusWerkdagen('2026-11-21', 1)).toBe('2026-11-23'); // received on Saturday -> Monday
  });

  it('skips Koningsdag, also when moved to Saturday 26 April (27th a Sunday, 2025)', () => {
    expect(isFeestdag('2026-04-27')).toBe(true);
    expect(plusWerkdagen('2026-04-24', 3)).toBe('2026-04-30'); // Fri; Mon 27 April is a holiday
    expect(isFeestdag('2025-04-26')).toBe(true);
    expect(plusWerkdagen('2025-04-25', 1)).toBe('2025-04-28');
  });

  it('skips Christmas, Easter Monday, Ascension, Whit Monday, New Year', () => {
    expect(plusWerkdagen('2026-12-24', 3)).toBe('2026-12-30');
    expect(plusWerkdagen('2026-04-02', 1)).toBe('2026-04-03'); // Good Friday is not a public holiday
    expect(plusWerkdagen('2026-04-03', 1)).toBe('2026-04-07'); // Easter Monday 6 April
    expect(plusWerkdagen('2026-05-13', 1)).toBe('2026-05-15'); // Ascension 14 May
    expect(plusWerkdagen('2026-05-22', 1)).toBe('2026-05-26'); // Whit Monday 25 May
    expect(plusWerkdagen('2026-12-31', 1)).toBe('2027-01-04'); // New Year's Day, then a weekend
  });

  it('observances are working days (Dodenherdenking; Liberation Day, which the library lists as a school holiday)', () => {
    expect(isWerkdag('2026-05-04')).toBe(true);
    expect(isWerkdag('2026-05-05')).toBe(true);
  });

  it('deadline: 4 weeks, or 3 working days when threatening', () => {
    expect(deadlineVoor('2026-11-23', false)).toBe('2026-12-21');
    expect(deadlineVoor('2026-11-23', true)).toBe('2026-11-26');
    expect(deadlineVoor('2026-12-23', true)).toBe('2026-12-29');
  });
});
