/**
 * XLSX with exceljs: the data sheets and a "data dictionary" sheet that explains every
 * column of every sheet and every code, in English and Russian.
 */
import ExcelJS from 'exceljs';
import { codeList } from './dictionary.ts';
import type { Table } from './dataset.ts';

/** Name of the sheet that explains the others. */
export const DICTIONARY_SHEET = 'data dictionary';

/** A workbook with one sheet per table (header row frozen) and the data dictionary. */
export async function writeXlsx(tables: readonly Table[], about: Array<[string, string]>): Promise<Uint8Array> {
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
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
