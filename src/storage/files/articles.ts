import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildArticleLibrary, type ArticleLibrary } from '../../core/content/articles.ts';

const ARTICLES_DIR = fileURLToPath(new URL('../../../content/articles/', import.meta.url));

/**
 * Reads every `<id>.<lang>.json` in `dir` and checks them (core/content/articles.ts).
 *
 * @param dir defaults to `content/articles/` in the repository
 * @throws ContentError naming the file and the problem
 */
export async function loadArticles(dir: string = ARTICLES_DIR): Promise<ArticleLibrary> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  return buildArticleLibrary(await Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') }))), dir);
}
