/** The digest's calendar: which day (in DIGEST_TZ) a run belongs to, and whether it is the weekly digest's day. */
export interface DigestPeriod {
  /** Calendar date of the run in the digest's time zone (YYYY-MM-DD): the period key. */
  date: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** ISO 8601 week and its year ("2026-W49"). */
  isoWeek: number;
  isoWeekYear: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function digestPeriod(at: Date, timeZone: string): DigestPeriod {
  if (Number.isNaN(at.getTime())) throw new RangeError('not a timestamp');
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  const date = `${parts['year']}-${parts['month']}-${parts['day']}`;
  const weekday = WEEKDAYS[parts['weekday'] ?? ''] ?? 0;
  // ISO week: the week's Thursday decides the year.
  const day = new Date(`${date}T00:00:00Z`);
  const thursday = new Date(day.getTime() + (4 - weekday) * 86_400_000);
  const isoWeekYear = thursday.getUTCFullYear();
  const isoWeek = Math.floor((thursday.getTime() - Date.UTC(isoWeekYear, 0, 1)) / (7 * 86_400_000)) + 1;
  return { date, weekday, isoWeek, isoWeekYear };
}
