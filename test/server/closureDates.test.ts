/**
 * @module closure dates tests: opening hours with `closed` dates (real local-time arithmetic): a closed date keeps
 * the room closed all day, a range covers both ends, hours past midnight are cancelled by the date they open on,
 * the next change skips the closed days, and the config refuses a date that is not one.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loadConfig.ts';
import { isOpen, nextChange, type Hours } from '../../server/openingHours.ts';

// 2026-12-21 is a Monday.
const at = (date: number, hhmm: string): Date => new Date(2026, 11, date, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3)));

describe('closure dates', () => {
  const hours: Hours = { open: '10:00', close: '22:00', days: [1, 2, 3, 4, 5, 6, 0], closed: ['2026-12-25', '2026-12-31/2027-01-01'] };

  it('a closed date, and each day of a range, stays closed through its hours', () => {
    expect(isOpen(hours, at(24, '12:00'))).toBe(true);
    expect(isOpen(hours, at(25, '12:00'))).toBe(false);
    expect(isOpen(hours, at(26, '12:00'))).toBe(true);
    expect(isOpen(hours, at(31, '12:00'))).toBe(false);
    expect(isOpen(hours, new Date(2027, 0, 1, 12, 0))).toBe(false);
    expect(isOpen(hours, new Date(2027, 0, 2, 12, 0))).toBe(true);
  });

  it('hours past midnight are cancelled by the date they open on, not the date they end on', () => {
    const night: Hours = { open: '20:00', close: '02:00', days: [0, 1, 2, 3, 4, 5, 6], closed: ['2026-12-25'] };
    expect(isOpen(night, at(25, '21:00'))).toBe(false);
    expect(isOpen(night, at(26, '01:00'))).toBe(false); // the night of the 25th
    expect(isOpen(night, at(25, '01:00'))).toBe(true); // the night of the 24th
  });

  it('the next opening skips the closed days', () => {
    expect(nextChange(hours, at(24, '23:00'))).toBe(at(26, '10:00').getTime());
    expect(nextChange(hours, at(30, '23:00'))).toBe(new Date(2027, 0, 2, 10, 0).getTime());
  });

  it('the config refuses a date that is not one, naming what it allows', () => {
    const errorOf = (closed: string[]): string => {
      try {
        parseConfig({ hours: { open: '10:00', close: '22:00', closed } });
      } catch (err) {
        return `${(err as { code: string }).code}: ${(err as Error).message}`;
      }
      return 'no error';
    };
    expect(errorOf(['2026-12-25', '2026-12-24/2026-12-26'])).toBe('no error');
    expect(errorOf(['25.12.2026'])).toMatch(/^INKVERSE_E_CONFIG: .*"hours\.closed\.0".*a date like "2026-12-25"/);
    expect(errorOf(['2026-02-30'])).toMatch(/^INKVERSE_E_CONFIG: .*"hours\.closed\.0".*a real calendar date/);
    expect(errorOf(['2026-12-26/2026-12-24'])).toMatch(/^INKVERSE_E_CONFIG: .*start is not after its end/);
  });
});
