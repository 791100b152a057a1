/**
 * CSV (RFC 4180): one header row, CRLF line ends, UTF-8 with a byte-order mark so that
 * Excel shows Cyrillic text correctly.
 */
import type { Table } from './dataset.ts';

/** Excel runs cells starting with these as formulas: text cells get a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The table as CSV text: the header row (column names) then one line per row.
 *
 * @example writeCsv({ name: 't', columns: [{ name: 'need', en: '', ru: '' }], rows: [['overdose']] }) // '\uFEFFneed\r\noverdose\r\n'
 */
export function writeCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvField(c.name)).join(',')];
  for (const row of table.rows) lines.push(row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * The same CSV as {@link writeCsv}, a page of rows at a time: the header line first, then
 * one string per page, so a year of cases is never one string in memory.
 */
export async function* csvPages(columns: readonly { name: string }[], pages: AsyncIterable<ReadonlyArray<ReadonlyArray<string | number | null>>> | Iterable<ReadonlyArray<ReadonlyArray<string | number | null>>>): AsyncGenerator<string> {
  yield `\uFEFF${columns.map((c) => csvField(c.name)).join(',')}\r\n`;
  for await (const page of pages) {
    let text = '';
    for (const row of page) text += `${row.map(csvField).join(',')}\r\n`;
    if (text !== '') yield text;
  }
}
