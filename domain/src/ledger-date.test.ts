import { addDays, addYears, germanDayOf, isAfter } from './ledger-date';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('German civil dates from transaction timestamps', () => {
  it.each([
    ['2026-11-24T22:59:59Z', '2026-11-24'],
    ['2026-11-24T23:00:00Z', '2026-11-25'],
    ['2026-07-01T21:59:59Z', '2026-07-01'],
    ['2026-07-01T22:00:00Z', '2026-07-02'],
    ['2026-03-29T00:59:59Z', '2026-03-29'],
    ['2026-03-28T23:30:00Z', '2026-03-29'],
    ['2026-10-25T00:30:00Z', '2026-10-25'],
    ['2026-10-24T22:30:00Z', '2026-10-25'],
    ['2026-10-25T22:30:00Z', '2026-10-25'],
  ])('%s is %s in Germany', (instant, day) => {
    expect(germanDayOf(at(instant))).toBe(day);
  });

  it('adds days and years across month ends and leap days', () => {
    expect(addDays('2026-11-20', 14)).toBe('2026-12-04');
    expect(addDays('2026-12-25', 7)).toBe('2027-01-01');
    expect(addYears('2026-11-20', 10)).toBe('2036-11-20');
    expect(addYears('2028-02-29', 10)).toBe('2038-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
  });

  it('compares days', () => {
    expect(isAfter('2026-11-26', '2026-11-25')).toBe(true);
    expect(isAfter('2026-11-25', '2026-11-25')).toBe(false);
  });
});
