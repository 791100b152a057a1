import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvPages, writeCsv } from './csv.ts';
import { codeList } from './dictionary.ts';
import { CASE_COLUMNS, type Table } from './dataset.ts';
import { collectBody } from './reports.ts';
import { DICTIONARY_SHEET, xlsxStream, type Cell } from './xlsx.ts';

const ABOUT: Array<[string, string]> = [
  ['source', 'Netreach: anonymised work reports'],
  ['period', '2026-01-01 to 2026-01-31 (Europe/Moscow)'],
];

/** The writer this module replaced (exceljs, the whole workbook in memory): what "the same cells" means. */
async function exceljsWorkbook(tables: readonly Table[], about: Array<[string, string]>): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Netreach';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(table.columns.map((c) => c.name)).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    sheet.columns.forEach((column, i) => {
      column.width = Math.min(40, Math.max(8, (table.columns[i]?.name.length ?? 8) + 2));
    });
  }
  const dictionary = workbook.addWorksheet(DICTIONARY_SHEET);
  dictionary.columns = [{ width: 18 }, { width: 24 }, { width: 8 }, { width: 70 }, { width: 70 }];
  const heading = (cells: string[]) => {
    dictionary.addRow(cells).font = { bold: true };
  };
  heading(['about', '', '', 'value']);
  for (const [key, value] of about) dictionary.addRow([key, '', '', value]);
  dictionary.addRow([]);
  heading(['sheet', 'column', '', 'meaning (en)', 'значение (ru)']);
  for (const table of tables) for (const column of table.columns) dictionary.addRow([table.name, column.name, '', column.en, column.ru]);
  dictionary.addRow([]);
  heading(['code list', 'code', 'theme', 'meaning (en)', 'значение (ru)']);
  for (const entry of codeList()) dictionary.addRow([entry.list, entry.code, entry.theme, entry.en, entry.ru]);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

interface SheetView {
  name: string;
  cells: Array<[string, unknown, boolean]>;
  widths: Array<number | undefined>;
  frozen: unknown;
}

async function read(bytes: Uint8Array): Promise<SheetView[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  return workbook.worksheets.map((sheet) => {
    const cells: SheetView['cells'] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push([cell.address, cell.value, cell.font?.bold === true])));
    // exceljs leaves out a width of 9 (its default) and a sheet view with nothing frozen.
    const widths = (sheet.columns ?? []).map((c) => (c.width === 9 ? undefined : c.width));
    const view = (sheet.views as typeof sheet.views | null)?.[0];
    return { name: sheet.name, cells, widths, frozen: view && view.state !== 'normal' ? { state: view.state, ySplit: (view as { ySplit?: number }).ySplit } : undefined };
  });
}

const tricky: Cell[] = [' leading space', 'a & b < c > "d" \'e\'', 'bell\u0007gone', 'Привет, мир', "'=1+1", 0.1234, 0, '', 'line\nbreak'];
const cases: Table = {
  name: 'cases',
  columns: CASE_COLUMNS,
  rows: Array.from({ length: 300 }, (_, i) => CASE_COLUMNS.map((_, j) => (j === 0 ? i + 1 : (tricky[(i + j) % tricky.length] ?? '')))),
};
const study: Table = { name: 'study', columns: [{ name: 'need', en: 'Need', ru: 'Потребность' }, { name: 'cases', en: 'Cases', ru: 'Обращения' }], rows: [['overdose', 3], ['other', '<5']] };

describe('the streamed XLSX', () => {
  it('opens with exceljs and has the same sheets, cells, bold headers, frozen rows and widths as the exceljs workbook', async () => {
    const before = await read(await exceljsWorkbook([cases, study], ABOUT));
    // Pages of uneven size, as the database gives them.
    const pages = [cases.rows.slice(0, 7), cases.rows.slice(7, 200), cases.rows.slice(200)];
    const streamed = await read(await collectBody(xlsxStream([{ name: 'cases', columns: CASE_COLUMNS, pages }, { name: 'study', columns: study.columns, pages: [study.rows] }], ABOUT, new Date('2026-02-01T00:00:00Z'))));
    expect(streamed.map((s) => s.name)).toEqual(['cases', 'study', DICTIONARY_SHEET]);
    expect(streamed).toEqual(before);
    expect(streamed[0]?.cells.length).toBeGreaterThan(300 * 20);
  });

  it('is fed page by page: the first bytes leave before most rows have been read', async () => {
    const total = 400;
    let pulled = 0;
    async function* pages(): AsyncGenerator<Cell[][]> {
      for (let p = 0; p < total; p++) {
        pulled++;
        yield Array.from({ length: 50 }, (_, i) => CASE_COLUMNS.map((_, j) => (j === 0 ? p * 50 + i : j % 3 === 0 ? `text ${p}-${i}-${j}` : (i * j) % 7)));
      }
    }
    const stream = xlsxStream([{ name: 'cases', columns: CASE_COLUMNS, pages: pages() }], ABOUT, new Date());
    let bytes = 0;
    // Past the small package parts and into the sheet's compressed rows.
    while (bytes < 100_000) {
      const next = await stream.next();
      if (next.done) break;
      bytes += next.value.byteLength;
    }
    expect(bytes).toBeGreaterThanOrEqual(100_000);
    expect(pulled).toBeGreaterThan(0);
    expect(pulled).toBeLessThan(total / 2);
    await stream.return(undefined);
    expect(pulled).toBeLessThan(total / 2);
  });
});

describe('the streamed CSV', () => {
  it('is the same text as the whole-table CSV, and is made a page at a time', async () => {
    const whole = writeCsv(cases);
    const pages = [cases.rows.slice(0, 100), cases.rows.slice(100)];
    let text = '';
    for await (const piece of csvPages(cases.columns, pages)) text += piece;
    expect(text).toBe(whole);

    let pulled = 0;
    async function* counted(): AsyncGenerator<Cell[][]> {
      for (const page of pages) {
        pulled++;
        yield page;
      }
    }
    const stream = csvPages(cases.columns, counted());
    await stream.next();
    await stream.next();
    expect(pulled).toBe(1);
  });
});
