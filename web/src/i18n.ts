/**
 * The dashboard's texts: Fluent files `locales/<lang>.web.ftl`, bundled at build time
 * (Vite `?raw`), so the UI works offline on a LAN. Every text the UI shows goes through
 * here; keys start with `web-`.
 */
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import { createContext, useContext } from 'react';
import en from '../../locales/en.web.ftl?raw';
import ru from '../../locales/ru.web.ftl?raw';

export const UI_LANGUAGES = ['ru', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** Raw Fluent sources by language (exported for the key-parity test). */
export const SOURCES: Record<UiLanguage, string> = { en, ru };

/** Formats a message; falls back to English, then to the key itself (never throws in the UI). */
export type T = (key: string, args?: Record<string, FluentVariable>) => string;

function bundleFor(language: UiLanguage): FluentBundle {
  const bundle = new FluentBundle(language, { useIsolating: false });
  const errors = bundle.addResource(new FluentResource(SOURCES[language]));
  if (errors.length > 0) console.error(`locales/${language}.web.ftl:`, errors[0]?.message);
  return bundle;
}

const bundles = new Map<UiLanguage, FluentBundle>();
function bundle(language: UiLanguage): FluentBundle {
  let found = bundles.get(language);
  if (!found) {
    found = bundleFor(language);
    bundles.set(language, found);
  }
  return found;
}

/** The message ids of one language's file. */
export function messageIds(language: UiLanguage): string[] {
  return new FluentResource(SOURCES[language]).body.map((entry) => entry.id);
}

/** A translator for one language. */
export function createT(language: UiLanguage): T {
  return (key, args) => {
    for (const lang of [language, 'en'] as const) {
      const b = bundle(lang);
      const message = b.getMessage(key);
      if (message?.value) return b.formatPattern(message.value, args);
    }
    console.warn(`missing message ${key}`);
    return key;
  };
}

/** True when the English file (the reference) has the message. */
export function hasMessage(key: string): boolean {
  return bundle('en').hasMessage(key);
}

/** The browser's preferred language, for pages shown before sign-in. */
export function browserLanguage(): UiLanguage {
  const stored = globalThis.localStorage?.getItem('netreach-language');
  if (stored === 'ru' || stored === 'en') return stored;
  return (globalThis.navigator?.language ?? '').toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export interface I18n {
  language: UiLanguage;
  t: T;
  setLanguage(language: UiLanguage): void;
}

export const I18nContext = createContext<I18n>({ language: 'en', t: createT('en'), setLanguage: () => undefined });

/** The current translator. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** "5 minutes ago", in the UI language. */
export function relativeTime(language: UiLanguage, at: number, now: number = Date.now()): string {
  const seconds = Math.round((at - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 45 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 26 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
  return formatDate(language, at);
}

/** A date and time in the UI language. */
export function formatDateTime(language: UiLanguage, at: number): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/** A date in the UI language. */
export function formatDate(language: UiLanguage, at: number): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(at);
}
