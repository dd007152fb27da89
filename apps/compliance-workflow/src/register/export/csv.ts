/**
 * CSV as Swedish Excel opens it: UTF-8 with a byte order mark, semicolons
 * between fields, CRLF between records, fields quoted per RFC 4180 when they
 * hold a separator, a quote or a line break (quotes doubled).
 *
 * A field that would start a formula in a spreadsheet (=, +, -, @, tab, CR)
 * is prefixed with an apostrophe (OWASP: CSV injection), since register text
 * is typed by users and opened by others.
 */
const NEEDS_QUOTES = /[;"\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<string>>): Buffer {
  const body = rows.map((row) => row.map(csvField).join(';')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
}
