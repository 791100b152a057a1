import type { SelfHelpSource } from '../self-help.ts';
import type { Translate } from '../ports.ts';
import type { VerificationStore } from './ports.ts';
import { rankByKeywords, type ArticleLibrary } from './articles.ts';

/** A value filled into articles: fixed text, or read per language each time an article is sent. */
export type SelfHelpValue = string | undefined | ((language: 'ru' | 'en') => string | undefined);

/** What the organisation fills into articles. */
export interface SelfHelpValues {
  /** Fixed text, or a function read each time (so a settings change applies at once). */
  ambulance: string | (() => string);
  /** Where to get services; unset, the article says to ask a worker. */
  services: SelfHelpValue;
  /**
   * The mobile units' schedule; unset, the article says to ask a worker. A function is read
   * each time an article is sent (e.g. the dashboard's live schedule with this week's changes).
   */
  schedule: SelfHelpValue;
}

function valueOf(value: SelfHelpValue, language: 'ru' | 'en'): string | undefined {
  return typeof value === 'function' ? value(language) : value;
}

/** A staff role in the reader's language ("врач", "doctor"); unknown roles as they are. */
export function roleName(t: Translate, language: 'ru' | 'en', role: string): string {
  try {
    return t(language, `role-${role}`);
  } catch {
    return role;
  }
}

/**
 * The self-help articles (loaded once; the dashboard shows the same) as the bot offers them, saying whether a
 * doctor verified this version (when, and in which role) or not yet.
 */
export function selfHelpSource(t: Translate, values: SelfHelpValues, options: { library: ArticleLibrary; verifications?: VerificationStore; now?: () => number }): SelfHelpSource {
  const { library } = options;
  const now = options.now ?? Date.now;
  return {
    suggest(need, language, message) {
      return rankByKeywords(library.forNeed(need, language), message).map((a) => ({ id: a.id, title: a.title }));
    },
    topics(language) {
      return library.ids.flatMap((id) => {
        const article = library.get(id, language);
        return article ? [{ id: article.id, title: article.title }] : [];
      });
    },
    render(id, language) {
      const article = library.get(id, language);
      if (!article) return undefined;
      const body = library.render(article, {
        ambulance: typeof values.ambulance === 'function' ? values.ambulance() : values.ambulance,
        services: valueOf(values.services, language) ?? t(language, 'kb-ask-a-worker'),
        schedule: valueOf(values.schedule, language) ?? t(language, 'kb-ask-a-worker'),
      });
      const verified = options.verifications?.current('article', id, language, article.version, now());
      const footer = verified
        ? t(language, 'article-verified', { date: new Date(verified.at).toISOString().slice(0, 10), role: roleName(t, language, verified.byRole) })
        : t(language, 'article-unverified', { version: article.version });
      return `${body}\n\n${footer}`;
    },
  };
}
