/**
 * Ports of the web chat: its limits, counted in the database, and the conversation as the
 * person sees it. Core declares them; storage implements them, in the relay's transaction.
 * @module
 */
import type { MessageKind } from '../types.ts';

/** A button of a bot message, as the web chat shows it (a form). */
export interface WebChatButton {
  label: string;
  data: string;
}

/** One line of the conversation as the person sees it: never a note, never a worker's name beyond the alias. */
export interface WebChatLine {
  id: number;
  /** in: the person; out: a worker; bot: the bot (acknowledgements, guides, articles). */
  direction: 'in' | 'out' | 'bot';
  kind: MessageKind | 'choice';
  text: string | null;
  buttons: WebChatButton[][];
  at: number;
}

/** What the web chat keeps besides the case system's own tables. */
export interface WebChatStore {
  /**
   * Counts one event in a bucket for a window (the window starts with the first event) and
   * tells whether the count is still within `limit`. Buckets name a codename's keyed hash or
   * everyone together, never an address.
   */
  hit(bucket: string, limit: number, windowMs: number, at: number): Promise<boolean>;
  /** Events counted in a bucket's current window (0 once it ended). */
  count(bucket: string, at: number): Promise<number>;
  /**
   * The person saw their conversation up to `at`: workers' replies and the bot's messages
   * written until then count as delivered. Written only when something new was shown.
   */
  markShown(clientId: number, newestLineAt: number, at: number): Promise<void>;
  /** The client's conversation, oldest first: the last `limit` lines of all their cases. */
  conversation(clientId: number, limit: number): Promise<WebChatLine[]>;
}
