import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGuideLibrary, type GuideLibrary } from '../../core/content/guides.ts';

const GUIDES_DIR = fileURLToPath(new URL('../../../content/guides/', import.meta.url));

/**
 * Reads every `<guide>.<lang>.json` in `dir` and checks them (core/content/guides.ts).
 *
 * @param dir defaults to `content/guides/` in the repository
 * @throws ContentError naming the file and the problem
 */
export async function loadGuides(dir: string = GUIDES_DIR): Promise<GuideLibrary> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  return buildGuideLibrary(await Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') }))));
}
