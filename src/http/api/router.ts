import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { errorName } from '../../logger.ts';
import type { z } from 'zod';
import type { AuthService } from '../../core/accounts/auth-service.ts';
import { AppError, type AppErrorKind } from '../../core/app-error.ts';
import type { SessionRecord } from '../../core/accounts/ports.ts';
import { ACCESS, ROUTES, type RouteName, type RouteSpec } from './contract.ts';

/** Name of the session cookie (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'netreach_session';
/** Largest JSON body the API reads. */
export const MAX_BODY_BYTES = 64 * 1024;

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;
type Output<S extends RouteSpec> = S['response'] extends z.ZodType ? z.input<S['response']> : unknown;

/** What a handler gets: validated input and, except on public routes, the session. */
export interface ApiCall<S extends RouteSpec> {
  params: Infer<S['params']>;
  query: Infer<S['query']>;
  body: Infer<S['body']>;
  session: S['access'] extends 'public' ? SessionRecord | undefined : SessionRecord;
  /** Hono's context, for cookies and streams. */
  c: Context;
}

/** A handler returns the response body (checked against the contract's type) or a raw Response. */
export type Handler<S extends RouteSpec> = (call: ApiCall<S>) => Promise<Output<S> | Response>;
/** One handler per route of the contract. */
export type Handlers = { [K in RouteName]: Handler<(typeof ROUTES)[K]> };

const STATUS: Record<AppErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  'too-large': 413,
  'too-many': 429,
};

/** The JSON error body every failure has: a stable code and a message safe to show. */
export function problem(c: Context, error: AppError) {
  const retryAfter = error.extra.retryAfter;
  if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter));
  return c.json({ error: error.message, code: error.code, ...(retryAfter === undefined ? {} : { retryAfter }), ...(error.extra.issues ? { issues: error.extra.issues } : {}) }, STATUS[error.kind]);
}

/** The path of the first string holding a NUL character, which no text field may carry (PostgreSQL refuses it). */
function nulAt(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulAt(item, [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulAt(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

function parse<T extends z.ZodType | undefined>(schema: T, value: unknown, where: string): Infer<T> {
  if (!schema) return undefined as Infer<T>;
  const nul = nulAt(value);
  if (nul) {
    const path = [where, ...nul].join('.');
    throw new AppError('invalid', 'invalid-text', `Invalid ${where}: ${path} holds a NUL character`, { issues: [{ path, message: 'holds a NUL character' }] });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 10).map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
    throw new AppError('invalid', 'invalid', `Invalid ${where}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues });
  }
  return result.data as Infer<T>;
}

/** A request from another site: its Origin (browsers always send one on POST) is not ours. */
function crossSite(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return true;
  }
}

/**
 * Mounts every route of the contract on `app`. Order of checks: session, role (so an
 * endpoint a role may not use answers 403 whatever it is sent), CSRF, then validation.
 */
export function mountApi(app: Hono, deps: { auth: AuthService; handlers: Handlers; logger: Logger }): void {
  const { auth, handlers, logger } = deps;
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('/api/*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => problem(c, new AppError('too-large', 'too-large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`)) }));

  for (const [name, spec] of Object.entries(ROUTES) as Array<[RouteName, RouteSpec]>) {
    const handler = handlers[name] as unknown as Handler<RouteSpec> | undefined;
    if (!handler) throw new Error(`no handler for route ${name}`);
    app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      try {
        const session = await auth.resolve(getCookie(c, SESSION_COOKIE));
        if (spec.access !== 'public') {
          if (!session) throw new AppError('unauthenticated', 'unauthenticated', 'Please sign in.');
          if (!(ACCESS[spec.access] as readonly string[]).includes(session.account.role)) throw new AppError('forbidden', 'forbidden', 'Your role cannot do this.');
        }
        if (spec.method !== 'get') {
          if (crossSite(c)) throw new AppError('forbidden', 'cross-site', 'Cross-site request refused.');
          // Public POSTs (sign-in) are protected by requiring JSON, which no form can send cross-site.
          if (spec.access !== 'public' && (!session || c.req.header('x-csrf-token') !== session.csrfToken)) throw new AppError('forbidden', 'csrf', 'The page is out of date. Reload it and try again.');
        }
        let raw: unknown = undefined;
        if (spec.body) {
          if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) throw new AppError('invalid', 'json-required', 'Send the body as application/json.');
          try {
            raw = await c.req.json();
          } catch {
            throw new AppError('invalid', 'invalid-json', 'The body is not valid JSON.');
          }
        }
        const call: ApiCall<RouteSpec> = {
          params: parse(spec.params, c.req.param(), 'params'),
          query: parse(spec.query, c.req.query(), 'query'),
          body: parse(spec.body, raw, 'body'),
          session: session as SessionRecord,
          c,
        };
        const result = await handler(call);
        return result instanceof Response ? result : c.json(result as object);
      } catch (error) {
        if (error instanceof AppError) return problem(c, error);
        logger.error({ err: errorName(error), route: name }, 'API handler failed');
        return c.json({ error: 'Something went wrong on the server.', code: 'internal' }, 500);
      }
    });
  }
  app.all('/api/*', (c) => c.json({ error: 'No such endpoint.', code: 'not-found' }, 404));
}
