/**
 * Loads term files from a directory, so an organisation extends the triage vocabulary
 * without code changes. Files are named by language: `ru.json`, `ru-ourcity.tsv`,
 * `en.local.json` (the name starts with `ru` or `en`, then `.`, `-` or `_`). The formats
 * are described in triage/README.md.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { NEED_CODES } from '../../core/codebook.ts';
import type { TermSet, TriageLang } from '../../core/triage/types.ts';

/** A term file that cannot be used; names the file and what is wrong. */
export class TermFileError extends Error {
  override name = 'TermFileError';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
  }
}

const patterns = z.array(z.string().min(1)).optional();
const weights = z.record(z.string().min(1), z.number().finite());

/** Schema of a JSON term file. */
export const termFileSchema = z
  .object({
    lang: z.enum(['ru', 'en']).optional(),
    needs: z.partialRecord(z.enum(NEED_CODES), weights).optional(),
    urgent: z
      .object({
        overdose: patterns, overdoseWeak: patterns, suicide: patterns, suicideWeak: patterns,
        bleeding: patterns, bleedingWeak: patterns, blockers: patterns,
      })
      .strict()
      .optional(),
    context: z
      .object({
        present: patterns, presentWeak: patterns, hypothetical: patterns, question: patterns,
        advance: patterns, past: patterns, resolved: patterns, story: patterns,
      })
      .strict()
      .optional(),
  })
  .strict();

const URGENT_KEYS = new Set(['overdose', 'overdoseWeak', 'suicide', 'suicideWeak', 'bleeding', 'bleedingWeak', 'blockers']);
const CONTEXT_KEYS = new Set(['present', 'presentWeak', 'hypothetical', 'question', 'advance', 'past', 'resolved', 'story']);
const FILE_NAME = /^(ru|en)(?:[._-].*)?\.(json|tsv)$/i;

/** The language a term file is for, from its name; null when the name does not say. */
export function termFileLanguage(fileName: string): TriageLang | null {
  const match = FILE_NAME.exec(basename(fileName));
  return match ? ((match[1] ?? '').toLowerCase() as TriageLang) : null;
}

/**
 * Parses a TSV term file: lines `need<TAB>code<TAB>pattern<TAB>weight`,
 * `urgent<TAB>key<TAB>pattern` or `context<TAB>key<TAB>pattern`; `#` starts a comment.
 */
export function parseTermTsv(text: string, lang: TriageLang, file = 'terms.tsv'): TermSet {
  const raw: { needs: Record<string, Record<string, number>>; urgent: Record<string, string[]>; context: Record<string, string[]> } = {
    needs: {}, urgent: {}, context: {},
  };
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const [kind = '', key = '', pattern = '', weight] = line.split('\t').map((c) => c.trim());
    const where = `line ${i + 1}`;
    if (pattern === '') throw new TermFileError(file, `${where}: expected kind, key and pattern separated by tabs`);
    if (kind === 'need') {
      const w = weight === undefined || weight === '' ? 2 : Number(weight);
      if (!(NEED_CODES as readonly string[]).includes(key)) throw new TermFileError(file, `${where}: unknown need code "${key}"`);
      if (!Number.isFinite(w)) throw new TermFileError(file, `${where}: weight "${weight}" is not a number`);
      (raw.needs[key] ??= {})[pattern] = w;
    } else if (kind === 'urgent' && URGENT_KEYS.has(key)) {
      (raw.urgent[key] ??= []).push(pattern);
    } else if (kind === 'context' && CONTEXT_KEYS.has(key)) {
      (raw.context[key] ??= []).push(pattern);
    } else {
      throw new TermFileError(file, `${where}: unknown kind/key "${kind}"/"${key}"`);
    }
  });
  return parseTermJson({ lang, ...raw }, lang, file);
}

/** Validates a parsed JSON term file for the given language. */
export function parseTermJson(value: unknown, lang: TriageLang, file = 'terms.json'): TermSet {
  const parsed = termFileSchema.safeParse(value);
  if (!parsed.success) throw new TermFileError(file, z.prettifyError(parsed.error));
  if (parsed.data.lang !== undefined && parsed.data.lang !== lang) {
    throw new TermFileError(file, `says lang "${parsed.data.lang}" but its name says "${lang}"`);
  }
  return { ...parsed.data, lang };
}

/** Reads one term file (JSON or TSV); its language comes from its name. */
export async function loadTermFile(path: string): Promise<TermSet> {
  const lang = termFileLanguage(path);
  if (lang === null) throw new TermFileError(path, 'name must start with "ru" or "en" and end in .json or .tsv');
  const text = await readFile(path, 'utf8');
  if (path.toLowerCase().endsWith('.tsv')) return parseTermTsv(text, lang, path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TermFileError(path, 'is not valid JSON', { cause: error });
  }
  return parseTermJson(value, lang, path);
}

/**
 * Reads every term file in a directory, in name order (other files are ignored).
 *
 * @example
 * const extra = await loadTermDirectory('/etc/netreach/triage-terms');
 */
export async function loadTermDirectory(dir: string): Promise<TermSet[]> {
  const names = (await readdir(dir)).filter((n) => termFileLanguage(n) !== null).sort();
  const sets: TermSet[] = [];
  for (const name of names) sets.push(await loadTermFile(join(dir, name)));
  return sets;
}
