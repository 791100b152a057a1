// The shipped self-help articles are checked twice: with rules written out here against the
// raw files (so a bug in the loader cannot hide a broken article), and through the loader.
// The second half breaks copies of the files in a temp dir to show the loader refuses them.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NEED_CODES, type NeedCode } from '../../core/codebook.ts';
import {
  ARTICLE_LANGS,
  ARTICLE_PLACEHOLDERS,
  DEFAULT_ARTICLE_IDS,
  MAX_ARTICLE_LENGTH,
  PLACEHOLDER_BUDGET,
  articleSchema,
  type Article,
  type ArticleLang,
} from '../../core/content/articles-schema.ts';
import { loadArticles } from './articles.ts';
import { ContentError, articleLength, rankByKeywords, renderArticle, type ArticleLibrary } from '../../core/content/articles.ts';

const SHIPPED = fileURLToPath(new URL('../../../content/articles/', import.meta.url));
type Json = Record<string, unknown>;

/** The needs the requirement names; written out again here, not imported from the schema. */
const MUST_BE_COVERED: NeedCode[] = [
  'injection_minor',
  'info_hr_hiv_hcv',
  'info_detox',
  'psych_support',
  'offline_services',
  'injection_severe',
  'hr_services',
];
const REQUIRED_IDS = [
  'vein-care',
  'wound-care',
  'hiv',
  'hepatitis',
  'safer-use',
  'detox-at-home',
  'prep',
  'naloxone',
  'services',
  'bus-schedule',
  'feeling-low',
];

/** Values as long as the budget allows, in the shape an organisation would write them. */
const LONG_VALUES = {
  services: fill('Автобус: ул. Примерная, 1, пн–пт 12–18. СПИД-центр: наб. Обводного канала, 179. ', PLACEHOLDER_BUDGET.services),
  schedule: fill('Пн 18:00–21:00 — м. Примерная, выход 2, у аптеки.\n', PLACEHOLDER_BUDGET.schedule),
  ambulance: fill('103 / 112 (с мобильного — 112) ', PLACEHOLDER_BUDGET.ambulance),
};
const SHORT_VALUES = { services: '<SERVICES>', schedule: '<SCHEDULE>', ambulance: '<AMBULANCE>' };

function fill(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

// Read with the schema only, so these tests still run (and fail) if the loader is wrong.
const files = readdirSync(SHIPPED).filter((name) => name.endsWith('.json')).sort();
const shipped = new Map<string, Article>(files.map((name) => [name, articleSchema.parse(JSON.parse(readFileSync(join(SHIPPED, name), 'utf8')))]));
const article = (id: string, lang: ArticleLang): Article => {
  const found = shipped.get(`${id}.${lang}.json`);
  if (!found) throw new Error(`${id}.${lang}.json not shipped`);
  return found;
};
const ids = [...new Set([...shipped.values()].map((a) => a.id))].sort();
const texts = (a: Article): string[] => [a.title, a.summary, ...a.sections.flatMap((s) => [s.heading, s.text])];
const braces = (text: string): string[] => [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');

describe('the shipped articles, read from the files', () => {
  it('include every required article in every language', () => {
    for (const id of REQUIRED_IDS) {
      for (const lang of ['ru', 'en'] as const) expect(shipped.has(`${id}.${lang}.json`), `${id}.${lang}.json`).toBe(true);
    }
    expect(new Set(DEFAULT_ARTICLE_IDS)).toEqual(new Set(REQUIRED_IDS));
  });

  it.each(files)('%s is named after its id and language, in kebab-case of at most 24 characters', (name) => {
    const a = shipped.get(name);
    expect(a && `${a.id}.${a.lang}.json`).toBe(name);
    expect(a?.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(a?.id.length).toBeLessThanOrEqual(24);
  });

  it.each(ids)('%s has the same version, needs and number of sections in ru and en', (id) => {
    const ru = article(id, 'ru');
    const en = article(id, 'en');
    expect(en.version).toBe(ru.version);
    expect(en.needs).toEqual(ru.needs);
    expect(en.sections.length).toBe(ru.sections.length);
    ru.sections.forEach((section, i) => {
      expect(braces(en.sections[i]?.text ?? '').sort(), `section ${i + 1}`).toEqual(braces(section.text).sort());
    });
  });

  it.each(MUST_BE_COVERED)('the need %s is answered by at least one article in each language', (need) => {
    for (const lang of ARTICLE_LANGS) {
      expect([...shipped.values()].some((a) => a.lang === lang && a.needs.includes(need))).toBe(true);
    }
  });

  it('point injection_severe to the wound article and psych_support to feeling-low', () => {
    expect(article('wound-care', 'ru').needs).toContain('injection_severe');
    expect(article('feeling-low', 'ru').needs).toContain('psych_support');
    expect(article('services', 'ru').needs).toContain('offline_services');
  });

  it.each(files)('%s fits one Telegram message with long organisation values filled in', (name) => {
    const a = shipped.get(name);
    if (!a) throw new Error(name);
    const plain = [a.title, a.summary, ...a.sections.map((s) => `${s.heading}\n${s.text}`)].join('\n\n');
    const filled = plain.replace(/\{(services|schedule|ambulance)\}/g, (_, key: keyof typeof LONG_VALUES) => LONG_VALUES[key]);
    expect([...filled].length).toBeLessThanOrEqual(MAX_ARTICLE_LENGTH);
    expect([...renderArticle(a, LONG_VALUES)].length).toBeLessThanOrEqual(MAX_ARTICLE_LENGTH);
  });

  it.each(files)('%s uses only {services}, {schedule} and {ambulance}, and only in section texts', (name) => {
    const a = shipped.get(name);
    if (!a) throw new Error(name);
    for (const section of a.sections) {
      for (const found of braces(section.text)) expect(['services', 'schedule', 'ambulance']).toContain(found);
    }
    for (const text of [a.title, a.summary, ...a.sections.map((s) => s.heading)]) expect(text).not.toMatch(/[{}]/);
  });

  it.each(files)('%s hard-codes no emergency or phone number', (name) => {
    const a = shipped.get(name);
    if (!a) throw new Error(name);
    for (const text of texts(a)) {
      expect(text).not.toMatch(/(?<!\d)(103|112|911|999)(?!\d)/);
      expect(text).not.toMatch(/\d[\d\s()-]{5,}\d/);
    }
  });

  it('give the bus its schedule and the services article its list', () => {
    for (const lang of ARTICLE_LANGS) {
      expect(braces(article('bus-schedule', lang).sections.map((s) => s.text).join('\n'))).toContain('schedule');
      expect(braces(article('services', lang).sections.map((s) => s.text).join('\n'))).toContain('services');
    }
  });

  it('tell a client in danger where the ambulance and the 🆘 button are', () => {
    for (const lang of ARTICLE_LANGS) {
      for (const id of ['wound-care', 'detox-at-home', 'naloxone', 'feeling-low', 'safer-use']) {
        expect(braces(article(id, lang).sections.map((s) => s.text).join('\n')), `${id}.${lang}`).toContain('ambulance');
      }
      expect(article('feeling-low', lang).sections.map((s) => s.text).join('\n')).toMatch(/🆘|\/sos/);
    }
  });

  it('keep Russian in the "вы" form', () => {
    for (const a of [...shipped.values()].filter((x) => x.lang === 'ru')) {
      for (const text of texts(a)) expect(text, a.id).not.toMatch(/(?<![\p{L}])(ты|тебе|тебя|твой|твоя|твои)(?![\p{L}])/iu);
    }
  });
});

describe('the shipped articles through the loader', () => {
  let library: ArticleLibrary;
  beforeAll(async () => {
    library = await loadArticles();
  });

  it('loads every shipped article, the defaults first', () => {
    expect(library.ids.slice(0, DEFAULT_ARTICLE_IDS.length)).toEqual([...DEFAULT_ARTICLE_IDS]);
    expect([...library.ids].sort()).toEqual(ids);
    expect(library.get('hiv', 'en')?.title).toBe(article('hiv', 'en').title);
    expect(library.get('no-such-article', 'ru')).toBeUndefined();
    expect(library.get('constructor', 'ru')).toBeUndefined();
  });

  it('finds the article for each need, the one whose main need it is first', () => {
    expect(library.forNeed('injection_severe', 'ru').map((a) => a.id)).toEqual(['wound-care']);
    expect(library.forNeed('injection_minor', 'en').map((a) => a.id)).toEqual(['vein-care', 'wound-care']);
    expect(library.forNeed('info_detox', 'ru')[0]?.id).toBe('detox-at-home');
    expect(library.forNeed('psych_support', 'ru')[0]?.id).toBe('feeling-low');
    expect(library.forNeed('offline_services', 'ru')[0]?.id).toBe('services');
    expect(library.forNeed('hr_services', 'ru')[0]?.id).toBe('prep');
    expect(library.forNeed('hr_services', 'ru').map((a) => a.id)).toContain('bus-schedule');
    expect(library.forNeed('other', 'ru')).toEqual([]);
    expect(library.forNeed('overdose', 'ru')).toEqual([]);
    for (const need of NEED_CODES) {
      for (const a of library.forNeed(need, 'en')) expect(a.lang).toBe('en');
    }
  });

  it('renders an article as plain text with every placeholder filled', () => {
    const schedule = library.get('bus-schedule', 'ru');
    if (!schedule) throw new Error('bus-schedule.ru missing');
    const text = library.render(schedule, SHORT_VALUES);
    expect(text.startsWith(`${schedule.title}\n\n${schedule.summary}\n\n`)).toBe(true);
    expect(text).toContain('<SCHEDULE>');
    expect(text).not.toMatch(/[{}]/);
    for (const id of library.ids) {
      for (const lang of ARTICLE_LANGS) {
        const a = library.get(id, lang);
        if (!a) throw new Error(`${id}.${lang}`);
        expect(library.render(a, SHORT_VALUES), `${id}.${lang}`).not.toMatch(/[{}]/);
        expect(articleLength(a)).toBeLessThanOrEqual(MAX_ARTICLE_LENGTH);
      }
    }
  });

  it('picks the article a message is about among those of its need', () => {
    const infoRu = library.forNeed('info_hr_hiv_hcv', 'ru');
    expect(rankByKeywords(infoRu, 'Где сегодня автобус? Нужны баяны')[0]?.id).toBe('bus-schedule');
    expect(rankByKeywords(infoRu, 'Можно ли заразиться гепатитом С через общую ложку?')[0]?.id).toBe('hepatitis');
    expect(rankByKeywords(infoRu, 'Что будет если смешать феназепам и героин')[0]?.id).toBe('safer-use');
    const infoEn = library.forNeed('info_hr_hiv_hcv', 'en');
    expect(rankByKeywords(infoEn, 'Where is the bus today?')[0]?.id).toBe('bus-schedule');
    expect(rankByKeywords(infoEn, 'I tested positive for HIV, what now')[0]?.id).toBe('hiv');
    // No keyword at all: the order of forNeed stays.
    expect(rankByKeywords(infoRu, 'привет').map((a) => a.id)).toEqual(infoRu.map((a) => a.id));
    // A stem matches the start of a word only: "вен" (vein-care) is not found in "откровенно".
    const [hiv, vein] = [library.get('hiv', 'ru'), library.get('vein-care', 'ru')];
    if (!hiv || !vein) throw new Error('hiv.ru or vein-care.ru missing');
    expect(rankByKeywords([hiv, vein], 'откровенно говоря').map((a) => a.id)).toEqual(['hiv', 'vein-care']);
    expect(rankByKeywords([hiv, vein], 'ВЕНЫ болят').map((a) => a.id)).toEqual(['vein-care', 'hiv']);
  });
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the shipped articles in a temp dir, with `edit` applied to the parsed files (or raw text) first. */
function articlesWith(edit: (files: Map<string, Json | string>) => void): string {
  const copies = new Map<string, Json | string>();
  for (const name of files) copies.set(name, JSON.parse(readFileSync(join(SHIPPED, name), 'utf8')) as Json);
  edit(copies);
  const dir = mkdtempSync(join(tmpdir(), 'netreach-articles-'));
  dirs.push(dir);
  for (const [name, json] of copies) writeFileSync(join(dir, name), typeof json === 'string' ? json : JSON.stringify(json));
  return dir;
}

function fileOf(copies: Map<string, Json | string>, name: string): Json {
  const json = copies.get(name);
  if (!json || typeof json === 'string') throw new Error(`test setup: no ${name}`);
  return json;
}

function sectionsOf(copies: Map<string, Json | string>, name: string): Json[] {
  return fileOf(copies, name).sections as Json[];
}

function firstSection(copies: Map<string, Json | string>, name: string): Json {
  const section = sectionsOf(copies, name)[0];
  if (!section) throw new Error(`test setup: ${name} has no sections`);
  return section;
}

async function loadError(dir: string): Promise<ContentError> {
  const error: unknown = await loadArticles(dir).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ContentError)) throw new Error(`expected a ContentError, got ${String(error)}`);
  return error;
}

describe('loadArticles on a broken content directory', () => {
  it('an unchanged copy loads', async () => {
    const library = await loadArticles(articlesWith(() => undefined));
    expect(library.ids).toEqual(expect.arrayContaining(REQUIRED_IDS));
  });

  it('names a file that is not valid JSON', async () => {
    const error = await loadError(articlesWith((c) => c.set('hiv.ru.json', '{ "id": "hiv", ')));
    expect(error.file).toBe('hiv.ru.json');
    expect(error.message).toMatch(/^hiv\.ru\.json: not valid JSON/);
    expect(error.name).toBe('ContentError');
  });

  it('names a file that breaks the schema, and the field', async () => {
    const error = await loadError(articlesWith((c) => (fileOf(c, 'prep.en.json').needs = ['prep_pills'])));
    expect(error.file).toBe('prep.en.json');
    expect(error.reason).toContain('needs.0');
  });

  it('refuses an unknown placeholder', async () => {
    const error = await loadError(articlesWith((c) => (firstSection(c, 'naloxone.ru.json').text = 'Звоните {hotlines}.')));
    expect(error.file).toBe('naloxone.ru.json');
    expect(error.reason).toContain('unknown placeholder {hotlines}');
  });

  it('refuses a placeholder in a title', async () => {
    const error = await loadError(articlesWith((c) => (fileOf(c, 'hiv.en.json').title = 'HIV in {services}')));
    expect(error.file).toBe('hiv.en.json');
    expect(error.reason).toContain('title cannot contain placeholders');
  });

  it('refuses a hard-coded emergency number or phone number', async () => {
    const emergency = await loadError(articlesWith((c) => (firstSection(c, 'safer-use.ru.json').text = 'Звоните 112.')));
    expect(emergency.file).toBe('safer-use.ru.json');
    expect(emergency.reason).toContain('{ambulance}');
    const phone = await loadError(articlesWith((c) => (firstSection(c, 'services.en.json').text = '{services} Call +7 (812) 555-01-02')));
    expect(phone.file).toBe('services.en.json');
    expect(phone.reason).toContain('phone number');
  });

  it('refuses an article too long for one message', async () => {
    const error = await loadError(
      articlesWith((c) => {
        for (const section of sectionsOf(c, 'prep.ru.json')) section.text = 'Очень длинный текст. '.repeat(70);
      }),
    );
    expect(error.file).toBe('prep.ru.json');
    expect(error.reason).toMatch(/renders to \d+ characters/);
  });

  it('refuses a bus article without {schedule}', async () => {
    const error = await loadError(
      articlesWith((c) => {
        for (const lang of ARTICLE_LANGS) firstSection(c, `bus-schedule.${lang}.json`).text = 'Скоро.';
      }),
    );
    expect(error.file).toBe('bus-schedule.en.json');
    expect(error.reason).toContain('{schedule}');
  });

  it('refuses a file whose name and content disagree', async () => {
    const error = await loadError(articlesWith((c) => (fileOf(c, 'hiv.ru.json').lang = 'en')));
    expect(error.file).toBe('hiv.ru.json');
    expect(error.reason).toContain('file name says');
  });

  it('refuses a badly named file', async () => {
    const error = await loadError(articlesWith((c) => c.set('Vein_Care.ru.json', fileOf(c, 'vein-care.ru.json'))));
    expect(error.file).toBe('Vein_Care.ru.json');
    const lang = await loadError(articlesWith((c) => c.set('vein-care.de.json', fileOf(c, 'vein-care.ru.json'))));
    expect(lang.file).toBe('vein-care.de.json');
  });

  it('refuses a missing language', async () => {
    const error = await loadError(articlesWith((c) => c.delete('hepatitis.en.json')));
    expect(error.file).toBe('hepatitis.en.json');
    expect(error.reason).toBe('file is missing');
  });

  it('refuses a deleted default article', async () => {
    const error = await loadError(
      articlesWith((c) => {
        c.delete('naloxone.ru.json');
        c.delete('naloxone.en.json');
      }),
    );
    expect(error.file).toBe('naloxone.ru.json');
  });

  it('refuses ru and en that differ in needs, sections, placeholders or version', async () => {
    const needs = await loadError(articlesWith((c) => (fileOf(c, 'hiv.en.json').needs = ['info_hr_hiv_hcv'])));
    expect(needs.file).toBe('hiv.en.json');
    expect(needs.reason).toContain('differs from hiv.ru.json: needs');
    const sections = await loadError(articlesWith((c) => sectionsOf(c, 'prep.en.json').pop()));
    expect(sections.reason).toMatch(/sections, expected/);
    const placeholders = await loadError(articlesWith((c) => (firstSection(c, 'naloxone.en.json').text = 'Call {ambulance}.')));
    expect(placeholders.file).toBe('naloxone.en.json');
    expect(placeholders.reason).toContain('section 1 uses placeholders [ambulance]');
    const version = await loadError(articlesWith((c) => (fileOf(c, 'prep.en.json').version = '2030-01-01')));
    expect(version.reason).toContain('bump both languages together');
  });

  it('refuses content that leaves a need without an article', async () => {
    const dir = articlesWith((c) => {
      for (const lang of ARTICLE_LANGS) fileOf(c, `feeling-low.${lang}.json`).needs = ['other'];
    });
    const error = await loadError(dir);
    expect(error.file).toBe(dir);
    expect(error.reason).toContain('psych_support');
  });

  it("accepts an organisation's own article and lists it after the defaults", async () => {
    const library = await loadArticles(
      articlesWith((c) => {
        for (const lang of ARTICLE_LANGS) {
          const copy = { ...fileOf(c, `prep.${lang}.json`), id: 'art-delivery', needs: ['offline_services'] };
          c.set(`art-delivery.${lang}.json`, copy);
        }
      }),
    );
    expect(library.ids.at(-1)).toBe('art-delivery');
    expect(library.forNeed('offline_services', 'ru').map((a) => a.id)).toEqual(['services', 'art-delivery', 'detox-at-home']);
  });
});

describe('the placeholders', () => {
  it('are exactly the three the organisation configures', () => {
    expect([...ARTICLE_PLACEHOLDERS].sort()).toEqual(['ambulance', 'schedule', 'services']);
  });
});
