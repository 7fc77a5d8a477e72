/**
 * Legal periods as German procedural law counts them, on calendar days (no clock):
 * - a period set off by an event (service, the end of another period) does not count the event's
 *   own day (§ 187 (1) BGB, with § 57 (2) VwGO and § 222 (1) ZPO for court periods, § 31 (1) VwVfG);
 * - a period of weeks ends with the day of the last week that has the event day's weekday, a
 *   period of months with the day of the last month that has the event day's number, or that
 *   month's last day when it has no such day (§ 188 (2), (3) BGB);
 * - a period whose last day is a Saturday, a Sunday or a public holiday ends with the next working
 *   day (§ 222 (2) ZPO, § 193 BGB, § 31 (3) VwVfG).
 * Public holidays are the nine nationwide ones. Land holidays (Epiphany, Corpus Christi, Reformation
 * Day, ...) are not counted: a period the ledger shows may therefore end a day earlier than the
 * period a court would count in that Land, never later; docs/domain-model.md says so.
 */

const DAY_MS = 86_400_000;

/** A length of time as the law states it. */
export type PeriodLength = { readonly days: number } | { readonly weeks: number } | { readonly months: number };

function toDate(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function plusDays(day: string, days: number): string {
  return toDay(new Date(toDate(day).getTime() + days * DAY_MS));
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return toDay(new Date(Date.UTC(year, month - 1, dayOfMonth)));
}

/**
 * The nine public holidays observed in every German Land: New Year, Good Friday, Easter Monday,
 * Labour Day, Ascension, Whit Monday, German Unity Day, Christmas Day and St Stephen's Day.
 */
export function nationwideHolidays(year: number): string[] {
  const easter = easterSunday(year);
  return [
    `${year}-01-01`,
    plusDays(easter, -2),
    plusDays(easter, 1),
    `${year}-05-01`,
    plusDays(easter, 39),
    plusDays(easter, 50),
    `${year}-10-03`,
    `${year}-12-25`,
    `${year}-12-26`,
  ].sort();
}

/** Whether a day is a working day: not a Saturday, Sunday or nationwide public holiday. */
export function isWorkingDay(day: string): boolean {
  const weekday = toDate(day).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !nationwideHolidays(Number(day.slice(0, 4))).includes(day);
}

/** The day itself when it is a working day, else the next working day. */
export function nextWorkingDay(day: string): string {
  let candidate = day;
  while (!isWorkingDay(candidate)) candidate = plusDays(candidate, 1);
  return candidate;
}

function plusMonths(day: string, months: number): string {
  const date = toDate(day);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastOfMonth = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return toDay(new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(date.getUTCDate(), lastOfMonth))));
}

/**
 * The last day of a period set off by an event on `eventDay` (the event's day not counted), moved
 * to the next working day when it falls on a weekend or a nationwide holiday.
 * @param eventDay the day of the event (e.g. service), YYYY-MM-DD.
 * @param length the period.
 * @returns the last day on which the period still runs.
 */
export function periodEnd(eventDay: string, length: PeriodLength): string {
  let end: string;
  if ('days' in length) end = plusDays(eventDay, length.days);
  else if ('weeks' in length) end = plusDays(eventDay, 7 * length.weeks);
  else end = plusMonths(eventDay, length.months);
  return nextWorkingDay(end);
}

/** The day after a period's last day: the first day on which it has run out. */
export function dayAfter(day: string): string {
  return plusDays(day, 1);
}
