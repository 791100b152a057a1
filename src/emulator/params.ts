/**
 * Parameter validation for Bot API methods. Values may arrive typed (JSON bodies) or as
 * strings (query strings, form and multipart bodies), so every schema here accepts both,
 * and errors are worded like Telegram's ("Bad Request: chat_id is empty").
 */
import { z } from 'zod';
import { BotApiError } from './errors.ts';

/** A file part of a multipart request, after `attach://` references were resolved. */
export class UploadedFile {
  constructor(
    /** File name given by the client. */
    readonly filename: string,
    /** Content type given by the client. */
    readonly contentType: string,
    /** The bytes. */
    readonly bytes: Uint8Array,
  ) {}
}

const toNumber = (value: unknown): unknown =>
  typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;

const toBoolean = (value: unknown): unknown => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0' || value === '') return false;
  return value;
};

const toJson = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

/** An integer, given as a number or a decimal string. */
export const intParam = z.preprocess(toNumber, z.number().int());

/** A number (latitude, longitude, ...), given as a number or a decimal string. */
export const numberParam = z.preprocess(toNumber, z.number());

/** A boolean, given as a boolean or "true"/"false". */
export const boolParam = z.preprocess(toBoolean, z.boolean());

/** A string; numbers are accepted and kept as their decimal text. */
export const stringParam = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());

/** A chat id: an integer or "@username". */
export const chatIdParam = z.preprocess(toNumber, z.union([z.number().int(), z.string().regex(/^@\w{2,}$/)]));

/** An object or array that form bodies carry as a JSON string. */
export function jsonParam<T extends z.ZodType>(schema: T) {
  return z.preprocess(toJson, schema);
}

/** A file to send: a file_id or URL string, or an uploaded file. */
export const inputFileParam = z.union([z.string().min(1), z.instanceof(UploadedFile)]);

/** Parse mode names Telegram accepts. */
export const parseModeParam = z.enum(['HTML', 'MarkdownV2', 'Markdown', '']).optional();

/**
 * Validates `raw` with `schema`, turning the first problem into a Telegram-worded 400.
 * A schema may word its own error by giving a message that starts with "Bad Request:".
 */
export function parseParams<T extends z.ZodType>(schema: T, raw: Record<string, unknown>): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new BotApiError(400, 'Bad Request');
  if (issue.message.startsWith('Bad Request:')) throw new BotApiError(400, issue.message);
  const field = String(issue.path[0] ?? 'parameters');
  const given = raw[field];
  if (given === undefined || given === null || given === '') {
    throw new BotApiError(400, `Bad Request: ${field} is empty`);
  }
  const where = issue.path.map(String).join('.');
  throw new BotApiError(400, `Bad Request: invalid ${where || field}`);
}
