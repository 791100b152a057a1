/** What kind of failure an {@link AppError} is; the HTTP layer maps it to a status. */
export type AppErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'unprocessable' | 'too-large' | 'too-many';

/**
 * An error a user may see: a stable `code` for programs and a `message` safe to show
 * (never internals). Anything else that escapes becomes a plain "internal error".
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly kind: AppErrorKind,
    readonly code: string,
    message: string,
    readonly extra: { retryAfter?: number; issues?: Array<{ path: string; message: string }> } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
