/**
 * Fault injection: "the next N calls matching this get that error". Rules are consumed
 * in the order they were added.
 */
import { BotApiError, describeErrorCode } from './errors.ts';

/** One injected failure, as passed to `emulator.failNext`. */
export interface FaultRule {
  /** Method name (case-insensitive); any method when omitted. */
  method?: string;
  /** Only calls whose `chat_id` equals this; any chat when omitted. */
  chatId?: number;
  /** How many matching calls fail. Default 1. */
  times?: number;
  /** Telegram error code, also the HTTP status (429, 500, 502, 401, 403, 400, ...). */
  errorCode: number;
  /** Description; Telegram's default wording for the code when omitted. */
  description?: string;
  /** `parameters.retry_after` in seconds; default 1 for 429. */
  retryAfter?: number;
}

/** The pending fault rules. */
export interface FaultInjector {
  /** Adds a rule. */
  add(rule: FaultRule): void;
  /** Returns (and consumes one use of) the error for a call, or `undefined`. */
  match(method: string, chatId: unknown): BotApiError | undefined;
  /** Removes every rule. */
  clear(): void;
}

interface LiveRule extends FaultRule {
  remaining: number;
}

/** Creates an empty fault injector. */
export function createFaultInjector(): FaultInjector {
  let rules: LiveRule[] = [];
  return {
    add(rule) {
      rules.push({ ...rule, remaining: rule.times ?? 1 });
    },
    match(method, chatId) {
      if (rules.length === 0) return undefined;
      const lower = method.toLowerCase();
      const rule = rules.find(
        (r) =>
          (r.method === undefined || r.method.toLowerCase() === lower) &&
          (r.chatId === undefined || String(r.chatId) === String(chatId)),
      );
      if (!rule) return undefined;
      rule.remaining -= 1;
      if (rule.remaining <= 0) rules = rules.filter((r) => r !== rule);
      const retryAfter = rule.errorCode === 429 ? (rule.retryAfter ?? 1) : rule.retryAfter;
      return new BotApiError(rule.errorCode, rule.description ?? describeErrorCode(rule.errorCode, retryAfter), {
        ...(retryAfter === undefined ? {} : { retryAfter }),
      });
    },
    clear() {
      rules = [];
    },
  };
}
