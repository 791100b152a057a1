import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import type { Translate } from './core/ports.ts';
import { LANGUAGES, type Language } from './core/types.ts';

/** A message key is missing or broken in a locale file. */
export class LocaleError extends Error {
  override name = 'LocaleError';
}

const LOCALES_DIR = fileURLToPath(new URL('../locales/', import.meta.url));

/**
 * Loads the Fluent files (`locales/<lang>.ftl` and `locales/<lang>.<feature>.ftl`) shared by the bot and the web UI and
 * returns the {@link Translate} function. Keys missing in a language fall back to English
 * so a half-translated locale never leaves a client with a raw key; a key missing
 * everywhere is a bug and throws.
 */
export function createTranslator(dir: string = LOCALES_DIR): Translate & { keys(language: Language): string[] } {
  const bundles = new Map<Language, FluentBundle>();
  const keys = new Map<Language, string[]>();
  for (const language of LANGUAGES) {
    const bundle = new FluentBundle(language, { useIsolating: false });
    // `<lang>.ftl` plus any `<lang>.<feature>.ftl`, so features keep their texts in files of their own.
    const files = readdirSync(dir).filter((f) => f === `${language}.ftl` || (f.startsWith(`${language}.`) && f.endsWith('.ftl'))).sort();
    const ids: string[] = [];
    for (const file of files) {
      const resource = new FluentResource(readFileSync(`${dir}${file}`, 'utf8'));
      ids.push(...resource.body.map((entry) => entry.id));
      const errors = bundle.addResource(resource);
      if (errors.length > 0) throw new LocaleError(`${file}: ${errors[0]?.message ?? 'parse error'}`);
    }
    keys.set(language, ids);
    bundles.set(language, bundle);
  }
  const translate = (language: Language, key: string, args?: Record<string, string | number>): string => {
    for (const lang of [language, 'en'] as const) {
      const bundle = bundles.get(lang);
      const message = bundle?.getMessage(key);
      if (bundle && message?.value) return bundle.formatPattern(message.value, args);
    }
    throw new LocaleError(`missing message ${key}`);
  };
  return Object.assign(translate, {
    keys(language: Language) {
      return keys.get(language) ?? [];
    },
  });
}
