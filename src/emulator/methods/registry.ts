/**
 * The method table: canonical Bot API method names mapped to handlers, looked up
 * case-insensitively as Telegram does.
 */
import type { WebhookDelivery } from '../webhook.ts';
import type { World } from '../world.ts';

/** What a method handler gets besides its parameters. */
export interface MethodContext {
  world: World;
  webhook: WebhookDelivery;
  /** Aborted when the HTTP client goes away (ends a long poll early). */
  signal?: AbortSignal | undefined;
}

/** A Bot API method: validated parameters in, `result` out, `BotApiError` thrown on failure. */
export type MethodHandler = (ctx: MethodContext, params: Record<string, unknown>) => unknown;

/** Handlers by canonical method name. */
export type MethodTable = Readonly<Record<string, MethodHandler>>;

/** A lookup over several tables. */
export interface MethodRegistry {
  /** The canonical name and handler for a method name in any letter case. */
  find(name: string): { name: string; handler: MethodHandler } | undefined;
  /** Every canonical method name. */
  names(): string[];
}

/** Merges method tables into one case-insensitive registry. */
export function createMethodRegistry(...tables: MethodTable[]): MethodRegistry {
  const byLower = new Map<string, { name: string; handler: MethodHandler }>();
  for (const table of tables) {
    for (const [name, handler] of Object.entries(table)) byLower.set(name.toLowerCase(), { name, handler });
  }
  return {
    find: (name) => byLower.get(name.toLowerCase()),
    names: () => [...byLower.values()].map((entry) => entry.name),
  };
}
