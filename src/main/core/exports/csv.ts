/** One CSV cell: text as it should read, a number, or empty (null). */
export type CsvCell = string | number | null;

/**
 * A field as RFC 4180 writes it: quoted when it holds a comma, a double quote, CR or LF, with
 * quotes doubled inside. Anything else goes as it is (quoting every field would be legal too,
 * but plain fields keep the file readable in a text editor).
 */
export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? String(cell) : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Free text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`, or a leading
 * tab or CR) gets a leading apostrophe, as OWASP advises for CSV meant for spreadsheets: a prompt
 * can come from a recipe inside somebody else's PNG, and opening an export must not run it.
 * Only for text columns: numbers are written as numbers. manifest.json keeps the exact text.
 */
export function spreadsheetSafeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Rows as RFC 4180 text: CRLF after every record, the header included. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
