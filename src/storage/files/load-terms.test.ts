import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTriageCli } from '../../cli/triage.ts';
import { loadTermDirectory, loadTermFile, parseTermTsv, TermFileError, termFileLanguage } from './load-terms.ts';
import { loadTriage } from './load-triage.ts';
import { PassThrough, Readable } from 'node:stream';

const dirs: string[] = [];
function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-terms-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('extra term files', () => {
  it('a JSON term file changes a classification', async () => {
    const text = 'клуб вивальди';
    expect((await loadTriage()).classify(text).need).not.toBe('offline_services');
    const dir = tempDir({ 'ru-ourcity.json': JSON.stringify({ lang: 'ru', needs: { offline_services: { 'вивальди': 6 } } }) });
    expect((await loadTriage({ termsDir: dir })).classify(text).need).toBe('offline_services');
  });

  it('a TSV term file can add an urgent cue (local slang)', async () => {
    const text = 'братан улетел в нирвану';
    expect((await loadTriage()).classify(text).urgent).toBe(false);
    const dir = tempDir({
      'ru.local.tsv': '# local slang\nurgent\toverdose\tулетел* в нирван*\nneed\toverdose\tнирван*\t4\n',
      'README.txt': 'ignored',
    });
    expect((await loadTriage({ termsDir: dir })).classify(text)).toMatchObject({ need: 'overdose', urgent: true, urgentKind: 'overdose' });
  });

  it('the CLI takes a terms directory', async () => {
    const dir = tempDir({ 'en-extra.json': JSON.stringify({ needs: { hr_services: { zzcard: 9 } } }) });
    const output = new PassThrough();
    let text = '';
    output.on('data', (c: Buffer) => (text += c.toString('utf8')));
    await runTriageCli(Readable.from(['{"id":"x","text":"zzcard"}\n']), output, { termsDir: dir });
    expect(JSON.parse(text)).toMatchObject({ id: 'x', need: 'hr_services' });
  });

  it('rejects bad files with the file named', async () => {
    const dir = tempDir({
      'ru-bad.json': '{"needs": {"not_a_need": {"x": 1}}}',
      'en-bad.tsv': 'need\toverdose\tx\tnot-a-number\n',
      'en-lang.json': '{"lang": "ru"}',
    });
    await expect(loadTermFile(join(dir, 'ru-bad.json'))).rejects.toThrow(TermFileError);
    await expect(loadTermFile(join(dir, 'en-bad.tsv'))).rejects.toThrow(/line 1/);
    await expect(loadTermFile(join(dir, 'en-lang.json'))).rejects.toThrow(/lang/);
    await expect(loadTermDirectory(dir)).rejects.toThrow(/en-bad\.tsv|en-lang\.json|ru-bad\.json/);
  });

  it('reads the language from the file name', () => {
    expect(termFileLanguage('ru.json')).toBe('ru');
    expect(termFileLanguage('en-city.tsv')).toBe('en');
    expect(termFileLanguage('notes.json')).toBeNull();
    expect(parseTermTsv('context\tpast\tпозапрошлый\n', 'ru').context?.past).toEqual(['позапрошлый']);
  });
});
