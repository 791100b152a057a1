import { pino, type Logger } from 'pino';

/**
 * The process logger. Netreach logs never carry message text, names, usernames or Telegram
 * ids: call sites log kinds, counts, internal ids and error names only. As a second line of
 * defence, fields that could hold such data are censored if a call site slips.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['text', 'caption', 'from', 'chat', 'update.message', '*.text', '*.from', '*.chat', 'chat_id', 'user_id', 'username', 'first_name', 'last_name', 'phone_number'],
        censor: '[redacted]',
      },
    },
    destination as never,
  );
}

/**
 * What a log line may say about an error: its class name only, never its message (a
 * driver's or Telegram's message can quote the data it choked on).
 */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}
