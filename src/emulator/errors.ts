/**
 * Errors raised by the Bot API emulator.
 *
 * `BotApiError` is what a Bot API method "returns" when it fails: the HTTP layer turns it
 * into Telegram's `{ ok: false, error_code, description, parameters }` body. The other
 * classes are programming errors in a test or in the training setup.
 */

/** Default Telegram descriptions for error codes that have one fixed wording. */
const DEFAULT_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/**
 * Describes a Telegram error code the way Telegram words it when no detail is given.
 *
 * @example describeErrorCode(429, 7) // "Too Many Requests: retry after 7"
 */
export function describeErrorCode(errorCode: number, retryAfter?: number): string {
  if (errorCode === 429) return `Too Many Requests: retry after ${retryAfter ?? 1}`;
  return DEFAULT_DESCRIPTIONS[errorCode] ?? 'Error';
}

/**
 * A failed Bot API call, carried as an exception from a method handler to the HTTP layer.
 *
 * @example throw new BotApiError(400, 'Bad Request: chat not found')
 */
export class BotApiError extends Error {
  override readonly name = 'BotApiError';
  /** Telegram's `error_code`, also used as the HTTP status. */
  readonly errorCode: number;
  /** Telegram's `description`, e.g. "Bad Request: chat not found". */
  readonly description: string;
  /** `parameters.retry_after` in seconds, for 429 answers. */
  readonly retryAfter: number | undefined;
  /** `parameters.migrate_to_chat_id`, when a group was upgraded to a supergroup. */
  readonly migrateToChatId: number | undefined;

  constructor(
    errorCode: number,
    description?: string,
    extra: { retryAfter?: number; migrateToChatId?: number; cause?: unknown } = {},
  ) {
    const text = description ?? describeErrorCode(errorCode, extra.retryAfter);
    super(text, { cause: extra.cause });
    this.errorCode = errorCode;
    this.description = text;
    this.retryAfter = extra.retryAfter;
    this.migrateToChatId = extra.migrateToChatId;
  }
}

/** Shorthand for a 400 whose description starts with "Bad Request: ". */
export function badRequest(detail: string): BotApiError {
  return new BotApiError(400, `Bad Request: ${detail}`);
}

/** Shorthand for a 403 whose description starts with "Forbidden: ". */
export function forbidden(detail: string): BotApiError {
  return new BotApiError(403, `Forbidden: ${detail}`);
}

/** The emulator was set up or driven wrongly (unknown user, duplicate id, ...). */
export class EmulatorUsageError extends Error {
  override readonly name = 'EmulatorUsageError';
}

/** `emulator.waitFor` gave up before a matching bot message appeared. */
export class EmulatorTimeoutError extends Error {
  override readonly name = 'EmulatorTimeoutError';
}
