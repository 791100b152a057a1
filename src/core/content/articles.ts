/**
 * The self-help articles, checked: a mistake in an organisation's edit stops the start-up
 * with a message that names the file, instead of a client at 4 a.m. getting a broken or
 * half-translated answer. Reading the folder is storage's (storage/files/articles.ts).
 *
 * Articles carry only their `version` and `sources`; whether a doctor has verified that
 * version lives in the database and is added to the message by the bot.
 */
import type { z } from 'zod';
import type { NeedCode } from '../codebook.ts';
import {
  ARTICLE_LANGS,
  ARTICLE_PLACEHOLDERS,
  COVERED_NEEDS,
  DEFAULT_ARTICLE_IDS,
  MAX_ARTICLE_LENGTH,
  PLACEHOLDER_BUDGET,
  SCHEDULE_ARTICLE_ID,
  SERVICES_ARTICLE_ID,
  articleIdSchema,
  articleSchema,
  type Article,
  type ArticleLang,
  type ArticlePlaceholder,
  type ArticleValues,
} from './articles-schema.ts';
import { ContentError } from './guides.ts';
import { placeholdersIn } from './render.ts';

/** The error for any unusable content file, shared with the emergency guides' loader. */
export { ContentError };

/** The loaded articles, every one in every language of {@link ARTICLE_LANGS}. */
export interface ArticleLibrary {
  /** Article ids: the defaults in {@link DEFAULT_ARTICLE_IDS} order, then the organisation's own, sorted. */
  readonly ids: string[];
  /** One article in one language, or undefined for an unknown id (e.g. stale callback_data). */
  get(id: string, lang: ArticleLang): Article | undefined;
  /**
   * The articles that answer `need`, best first: those whose main (first) need it is, then
   * those that list it later; ties in {@link ArticleLibrary.ids} order. Empty when none does.
   *
   * @example
   * const [answer] = library.forNeed(triage.need, client.lang);
   * if (answer) await reply(library.render(answer, org.placeholderValues));
   */
  forNeed(need: NeedCode, lang: ArticleLang): Article[];
  /** The article as one plain-text message, placeholders filled (see {@link renderArticle}). */
  render(article: Article, values: ArticleValues): string;
}

const FILE_NAME = /^(.+)\.([^.]+)\.json$/;
/** Emergency numbers must come from `{ambulance}`, which the organisation configures. */
const HARD_CODED_EMERGENCY = /(?<!\d)(?:103|112|911|999)(?!\d)/;
/** Seven or more digits in a row (spaces, dashes, brackets allowed): a phone number. */
const HARD_CODED_PHONE = /\d(?:[\s().-]{0,2}\d){6,}/;

/**
 * Validates and cross-checks the article files given as name and text (every
 * `<id>.<lang>.json` of an articles folder; `folder` names it in errors), in name order.
 *
 * @throws ContentError naming the file and the problem: a bad name, invalid JSON, a schema
 *   violation, an unknown placeholder, a hard-coded number, an article too long for one
 *   message, a missing language or default article, ru/en files that differ, or a need
 *   of {@link COVERED_NEEDS} that no article answers
 */
export function buildArticleLibrary(files: ReadonlyArray<{ name: string; text: string }>, folder = 'content/articles'): ArticleLibrary {
  const articles = new Map<string, Article>();
  for (const { name, text } of [...files].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))) {
    const article = parseArticleFile(name, text);
    articles.set(key(article.id, article.lang), article);
  }
  const found = new Set([...articles.values()].map((article) => article.id));
  for (const id of DEFAULT_ARTICLE_IDS) {
    if (!found.has(id)) throw new ContentError(`${id}.${ARTICLE_LANGS[0]}.json`, 'default article is missing (edit it, do not delete it)');
  }
  const extra = [...found].filter((id) => !DEFAULT_ARTICLE_IDS.some((known) => known === id)).sort();
  const ids = [...DEFAULT_ARTICLE_IDS, ...extra];
  for (const id of ids) {
    for (const lang of ARTICLE_LANGS) {
      if (!articles.has(key(id, lang))) throw new ContentError(`${id}.${lang}.json`, 'file is missing');
    }
    const [first, ...others] = ARTICLE_LANGS.map((lang) => articles.get(key(id, lang)));
    for (const other of others) {
      if (!first || !other) continue;
      const problems = articleParityProblems(first, other);
      if (problems.length > 0) {
        throw new ContentError(`${id}.${other.lang}.json`, `differs from ${id}.${first.lang}.json: ${problems.join('; ')}`);
      }
    }
  }
  const uncovered = COVERED_NEEDS.filter((need) => ![...articles.values()].some((article) => article.needs.includes(need)));
  if (uncovered.length > 0) throw new ContentError(folder, `no article answers the need(s) ${uncovered.join(', ')}`);

  return {
    ids,
    get(id, lang) {
      return articles.get(key(id, lang));
    },
    forNeed(need, lang) {
      return ids
        .map((id) => articles.get(key(id, lang)))
        .filter((article): article is Article => article !== undefined && article.needs.includes(need))
        .map((article, order) => ({ article, order, rank: article.needs.indexOf(need) }))
        .sort((a, b) => a.rank - b.rank || a.order - b.order)
        .map(({ article }) => article);
    },
    render: renderArticle,
  };
}

/**
 * The article as one plain-text message: title, summary, then each section as its heading
 * and text, separated by blank lines, with the organisation's values filled in. Plain text:
 * an engine that sends it with a Telegram parse mode must escape it first.
 *
 * @example renderArticle(article, { services: 'Автобус: …', schedule: 'Пн 18–21: …', ambulance: '103 / 112' })
 */
export function renderArticle(article: Article, values: ArticleValues): string {
  return articlePlainText(article).replace(/\{([^{}]*)\}/g, (whole, name: string) => (isPlaceholder(name) ? values[name] : whole));
}

/**
 * The length of an article as the client would see it, in characters (code points), with
 * each placeholder counted at its {@link PLACEHOLDER_BUDGET}. Must not exceed {@link MAX_ARTICLE_LENGTH}.
 */
export function articleLength(article: Article): number {
  const budgeted: ArticleValues = {
    services: 'x'.repeat(PLACEHOLDER_BUDGET.services),
    schedule: 'x'.repeat(PLACEHOLDER_BUDGET.schedule),
    ambulance: 'x'.repeat(PLACEHOLDER_BUDGET.ambulance),
  };
  return [...renderArticle(article, budgeted)].length;
}

/**
 * The rules one article must follow beyond its schema: placeholders only in section texts
 * and only from {@link ARTICLE_PLACEHOLDERS}, no unmatched braces, no hard-coded phone or
 * emergency numbers, `{schedule}` / `{services}` in the articles built around them, and a
 * rendered length within {@link MAX_ARTICLE_LENGTH}. One message per problem; empty when fine.
 */
export function articleProblems(article: Article): string[] {
  const problems: string[] = [];
  const fields: [string, string][] = [
    ['title', article.title],
    ['summary', article.summary],
    ...article.sections.map((section, i): [string, string] => [`section ${i + 1} heading`, section.heading]),
  ];
  for (const [where, text] of fields) {
    if (/[{}]/.test(text)) problems.push(`${where} cannot contain placeholders or braces`);
    problems.push(...numberProblems(where, text));
  }
  article.sections.forEach((section, i) => {
    const where = `section ${i + 1} ("${section.heading}")`;
    for (const name of placeholdersIn(section.text)) {
      if (!isPlaceholder(name)) {
        problems.push(`${where}: unknown placeholder {${name}} (known: ${ARTICLE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
      }
    }
    if (/[{}]/.test(section.text.replace(/\{[^{}]*\}/g, ''))) problems.push(`${where}: unmatched brace`);
    problems.push(...numberProblems(where, section.text));
  });
  const used = new Set(article.sections.flatMap((section) => placeholdersIn(section.text)));
  const required: [string, ArticlePlaceholder][] = [
    [SCHEDULE_ARTICLE_ID, 'schedule'],
    [SERVICES_ARTICLE_ID, 'services'],
  ];
  for (const [id, name] of required) {
    if (article.id === id && !used.has(name)) problems.push(`must contain {${name}}, which the organisation fills`);
  }
  const length = articleLength(article);
  if (length > MAX_ARTICLE_LENGTH) {
    problems.push(
      `renders to ${length} characters (placeholders counted at ${JSON.stringify(PLACEHOLDER_BUDGET)}), more than ${MAX_ARTICLE_LENGTH}: shorten it or split it into two articles`,
    );
  }
  return problems;
}

/**
 * Differences between two languages of one article that the bot cannot tolerate: the
 * version, the needs (same codes, same order), the number of sections, and the placeholders
 * of each section must match; only the words differ. Empty when they match.
 */
export function articleParityProblems(a: Article, b: Article): string[] {
  if (a.id !== b.id) return [`different articles "${a.id}" and "${b.id}"`];
  const problems: string[] = [];
  if (a.version !== b.version) problems.push(`version "${b.version}" is not "${a.version}" (bump both languages together)`);
  if (a.needs.join(',') !== b.needs.join(',')) problems.push(`needs [${b.needs.join(', ')}], expected [${a.needs.join(', ')}]`);
  if (a.sections.length !== b.sections.length) {
    problems.push(`${b.sections.length} sections, expected ${a.sections.length}`);
  } else {
    a.sections.forEach((section, i) => {
      const expected = placeholderSet(section.text);
      const actual = placeholderSet(b.sections[i]?.text ?? '');
      if (expected !== actual) problems.push(`section ${i + 1} uses placeholders [${actual}], expected [${expected}]`);
    });
  }
  return problems;
}

/**
 * Orders articles by how many of their keywords occur in a client's message (most first;
 * ties keep their order). A keyword counts when a word of the message starts with it, so
 * "вен" matches "вены" but not "ответ"; case and ё/е do not matter. Use it to choose among {@link ArticleLibrary.forNeed}'s articles
 * when the message says more than its need, e.g. "где сегодня автобус?" → `bus-schedule`.
 */
export function rankByKeywords(articles: readonly Article[], message: string): Article[] {
  const text = normalise(message);
  return articles
    .map((article, order) => ({ article, order, hits: article.keywords.filter((word) => startsAWord(text, normalise(word))).length }))
    .sort((a, b) => b.hits - a.hits || a.order - b.order)
    .map(({ article }) => article);
}

function parseArticleFile(name: string, text: string): Article {
  const match = FILE_NAME.exec(name);
  const fileId = match?.[1] ?? '';
  const fileLang = ARTICLE_LANGS.find((lang) => lang === match?.[2]);
  if (!fileLang || !articleIdSchema.safeParse(fileId).success) {
    throw new ContentError(name, `file name must be <id>.<lang>.json, id in kebab-case, lang one of ${ARTICLE_LANGS.join(', ')}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ContentError(name, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const parsed = articleSchema.safeParse(json);
  if (!parsed.success) throw new ContentError(name, formatIssues(parsed.error.issues), { cause: parsed.error });
  const article = parsed.data;
  if (article.id !== fileId || article.lang !== fileLang) {
    throw new ContentError(name, `says id "${article.id}", lang "${article.lang}" but the file name says "${fileId}", "${fileLang}"`);
  }
  const problems = articleProblems(article);
  if (problems.length > 0) throw new ContentError(name, problems.join('; '));
  return article;
}

function articlePlainText(article: Article): string {
  return [article.title, article.summary, ...article.sections.map((section) => `${section.heading}\n${section.text}`)].join('\n\n');
}

function numberProblems(where: string, text: string): string[] {
  if (HARD_CODED_EMERGENCY.test(text)) return [`${where}: write {ambulance} instead of an emergency number`];
  if (HARD_CODED_PHONE.test(text)) return [`${where}: looks like a phone number; put contacts into {services}`];
  return [];
}

function isPlaceholder(name: string): name is ArticlePlaceholder {
  return ARTICLE_PLACEHOLDERS.some((known) => known === name);
}

function placeholderSet(text: string): string {
  return [...new Set(placeholdersIn(text))].sort().join(', ');
}

function startsAWord(text: string, keyword: string): boolean {
  const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}`, 'u').test(text);
}

function normalise(text: string): string {
  return text.toLocaleLowerCase().replaceAll('ё', 'е');
}

function key(id: string, lang: ArticleLang): string {
  return `${id}.${lang}`;
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`)
    .join('; ');
}
