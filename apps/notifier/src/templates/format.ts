/** Swedish date and time texts for mails. Times are shown in Swedish time whatever the server's zone. */
const TIME_ZONE = 'Europe/Stockholm';

const dateTime = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE });
// A calendar date (YYYY-MM-DD) has no zone: format it as the same day everywhere.
const calendarDate = new Intl.DateTimeFormat('sv-SE', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "13 mars 2026 kl. 14:05" (Stockholm time) for an ISO 8601 timestamp. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a timestamp: ${iso}`);
  return dateTime.format(date);
}

/** "fredag 13 mars 2026" for a calendar date (YYYY-MM-DD). */
export function formatCalendarDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.getUTCDate() !== Number(match[3])) throw new RangeError(`not a calendar date: ${isoDate}`);
  return calendarDate.format(date);
}

/**
 * A name or title from user input as one line of at most `max` characters:
 * control characters and line breaks become spaces (nothing can start a new
 * mail header or fake a paragraph), runs of white space collapse.
 */
export function oneLine(value: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

const dayMonth = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', timeZone: 'UTC' });

/** "13 mars" for a calendar date (YYYY-MM-DD), for subjects. */
export function formatDayMonth(isoDate: string): string {
  formatCalendarDate(isoDate); // validates
  return dayMonth.format(new Date(`${isoDate}T00:00:00Z`));
}

const longDate = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "1 juli 2026" for a calendar date (YYYY-MM-DD). */
export function formatLongDate(isoDate: string): string {
  formatCalendarDate(isoDate); // validates
  return longDate.format(new Date(`${isoDate}T00:00:00Z`));
}
