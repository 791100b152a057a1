import type { NeedCode } from './codebook.ts';
import type { OutboxRequest, RelayStore, Translate } from './ports.ts';
import { PRIORITY, type Client, type Language } from './types.ts';
import { LANE } from './outbox/lanes.ts';

/** An article as offered on a button. */
export interface ArticleRef {
  id: string;
  title: string;
}

/** Where self-help articles come from (the knowledge base's verified or default content). */
export interface SelfHelpSource {
  /** Articles for a need, best first; the message picks among articles of the same need. */
  suggest(need: NeedCode, language: Language, message: string): ArticleRef[];
  /** Every topic, for the after-hours answer and /help. */
  topics(language: Language): ArticleRef[];
  /** The article as one message, with the organisation's details filled in and its verification state. */
  render(id: string, language: Language): string | undefined;
}

/** Callback data of an article button. */
export function articleButton(article: ArticleRef): { text: string; callback_data: string } {
  return { text: `📖 ${article.title}`.slice(0, 60), callback_data: `kb:${article.id}` };
}

/** Offers articles as buttons under an introduction (a key of the client's language). */
export async function offerArticles(
  store: RelayStore,
  t: Translate,
  client: Client,
  input: { key: string; at: number; introKey: string; articles: readonly ArticleRef[]; caseId?: number },
): Promise<void> {
  if (input.articles.length === 0) return;
  const request: OutboxRequest = {
    dedupeKey: `kb-offer:${input.key}`,
    lane: LANE.client(client.id),
    priority: PRIORITY.normal,
    target: { kind: 'client', clientId: client.id },
    method: 'sendMessage',
    params: { text: t(client.language, input.introKey), reply_markup: { inline_keyboard: input.articles.map((a) => [articleButton(a)]) } },
    ...(input.caseId === undefined ? {} : { caseId: input.caseId }),
  };
  await store.enqueue(request, input.at);
}

/**
 * Sends an article a client asked for with a button; false if the id is unknown (a stale
 * button). With `caseId` (the client's open case) the article becomes part of its transcript.
 */
export async function sendArticle(store: RelayStore, source: SelfHelpSource, client: Client, input: { id: string; key: string; at: number; caseId?: number }): Promise<boolean> {
  const text = source.render(input.id, client.language);
  if (text === undefined) return false;
  await store.enqueue(
    {
      dedupeKey: `kb-article:${input.key}`,
      lane: LANE.client(client.id),
      priority: PRIORITY.normal,
      target: { kind: 'client', clientId: client.id },
      method: 'sendMessage',
      params: { text: text.slice(0, 4096) },
      ...(input.caseId === undefined ? {} : { caseId: input.caseId }),
    },
    input.at,
  );
  return true;
}
