import { dayAfter, easterSunday, isWorkingDay, nationwideHolidays, nextWorkingDay, periodEnd } from './legal-periods';

describe('legal periods (§ 57 (2) VwGO, § 222 ZPO, §§ 187, 188, 193 BGB)', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('finds Easter Sunday %i on %s', (year, easter) => {
    expect(easterSunday(year)).toBe(easter);
  });

  it('lists the nine nationwide public holidays of 2026', () => {
    expect(nationwideHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-10-03',
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  it.each([
    ['2026-12-01', true],
    ['2026-12-05', false],
    ['2026-12-06', false],
    ['2026-12-25', false],
    ['2026-10-03', false],
    ['2026-10-31', false],
    ['2026-11-18', true],
  ])('%s is a working day: %s (Land holidays such as Repentance Day in Saxony are not counted)', (day, working) => {
    expect(isWorkingDay(day)).toBe(working);
  });

  it.each([
    ['one week from Tuesday 2026-12-01 ends Tuesday 2026-12-08', '2026-12-01', { weeks: 1 }, '2026-12-08'],
    ['two weeks from 2026-12-01 end 2026-12-15', '2026-12-01', { weeks: 2 }, '2026-12-15'],
    ['one week from Friday 2026-12-18 would end on Christmas Day, so it ends Monday 2026-12-28', '2026-12-18', { weeks: 1 }, '2026-12-28'],
    ['one month from 2026-01-31 ends on the last day of February, Saturday 2026-02-28, so on Monday 2026-03-02', '2026-01-31', { months: 1 }, '2026-03-02'],
    ['one month from 2027-01-31 ends on the last day of February, Sunday 2027-02-28, so on Monday 2027-03-01', '2027-01-31', { months: 1 }, '2027-03-01'],
    ['one month from 2028-01-31 ends on the leap day, Tuesday 2028-02-29', '2028-01-31', { months: 1 }, '2028-02-29'],
    ['one month from 2026-03-31 ends 2026-04-30', '2026-03-31', { months: 1 }, '2026-04-30'],
    ['one month from 2026-11-15 ends Tuesday 2026-12-15', '2026-11-15', { months: 1 }, '2026-12-15'],
    ['30 days from 2026-12-08 end 2027-01-07', '2026-12-08', { days: 30 }, '2027-01-07'],
    ['one week from Saturday 2026-05-09 ends on a Saturday, so on Monday 2026-05-18', '2026-05-09', { weeks: 1 }, '2026-05-18'],
    ['one week from Monday 2026-05-18 ends on Whit Monday, so on Tuesday 2026-05-26', '2026-05-18', { weeks: 1 }, '2026-05-26'],
  ])('%s', (_what, eventDay, length, end) => {
    expect(periodEnd(eventDay, length)).toBe(end);
  });

  it('moves a last day that falls on a weekend and a holiday in a row to the next working day', () => {
    // Easter 2026: Good Friday 04-03, Saturday, Sunday, Easter Monday 04-06
    expect(nextWorkingDay('2026-04-03')).toBe('2026-04-07');
    expect(dayAfter('2026-12-15')).toBe('2026-12-16');
  });
});
