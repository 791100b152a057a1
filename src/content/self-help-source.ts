import type { SelfHelpSource } from '../core/self-help.ts';
import type { Translate } from '../core/ports.ts';
import { loadArticles, rankByKeywords } from './articles.ts';

/** What the organisation fills into articles. */
export interface SelfHelpValues {
  ambulance: string;
  /** Where to get services; unset, the article says to ask a worker. */
  services: string | undefined;
  /** The mobile units' schedule; unset, the article says to ask a worker. */
  schedule: string | undefined;
}

/**
 * The self-help articles (content/articles) as the bot offers them. Until the knowledge
 * base records a doctor's verification, every article says it is not yet verified.
 */
export async function loadSelfHelpSource(t: Translate, values: SelfHelpValues, dir?: string): Promise<SelfHelpSource> {
  const library = await loadArticles(dir);
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
        ambulance: values.ambulance,
        services: values.services ?? t(language, 'kb-ask-a-worker'),
        schedule: values.schedule ?? t(language, 'kb-ask-a-worker'),
      });
      return `${body}\n\n${t(language, 'article-unverified', { version: article.version })}`;
    },
  };
}
