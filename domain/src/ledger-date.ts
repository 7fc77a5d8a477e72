/**
 * Day arithmetic for the ledger. Every "today" comes from the transaction timestamp, never from a
 * clock, and is taken in German civil time so that a change made at 00:30 in Dresden counts for
 * that day on every peer alike.
 */

const DAY_MS = 86_400_000;

/** Last Sunday of a month (UTC date), as milliseconds at 01:00 UTC, when EU summer time switches. */
function lastSundayAt0100Utc(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  const back = lastDay.getUTCDay();
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - back, 1, 0, 0);
}

/** Offset of German civil time from UTC at a given instant (EU summer time rules). */
function berlinOffsetMs(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  const summerStarts = lastSundayAt0100Utc(year, 2);
  const summerEnds = lastSundayAt0100Utc(year, 9);
  return epochMs >= summerStarts && epochMs < summerEnds ? 2 * 3_600_000 : 3_600_000;
}

/** The German civil date (YYYY-MM-DD) of an instant given in seconds since the epoch. */
export function germanDayOf(epochSeconds: number): string {
  const ms = epochSeconds * 1000;
  return new Date(ms + berlinOffsetMs(ms)).toISOString().slice(0, 10);
}

function parseDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/** A day plus a number of days. */
export function addDays(day: string, days: number): string {
  return new Date(parseDay(day).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** A day plus whole years; 29 February becomes 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const date = parseDay(day);
  const year = date.getUTCFullYear() + years;
  const month = date.getUTCMonth();
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const dayOfMonth = Math.min(date.getUTCDate(), lastOfMonth);
  return new Date(Date.UTC(year, month, dayOfMonth)).toISOString().slice(0, 10);
}

/** Whether day a is after day b (ISO days compare as strings). */
export function isAfter(a: string, b: string): boolean {
  return a > b;
}
