/**
 * The dashboard's typed client for the staff API. Routes, methods and types all come from
 * the shared contract (src/http/api/contract.ts), so a changed schema breaks the build here
 * rather than at run time in a worker's browser.
 */
import type { z } from 'zod';
import { ROUTES, type ApiError, type Me, type RouteName } from '../../src/http/api/contract.ts';

type Routes = typeof ROUTES;

/** What a route accepts as its JSON body (zod input: defaults may be left out). */
export type BodyOf<N extends RouteName> = Routes[N] extends { body: infer B extends z.ZodType } ? z.input<B> : undefined;
/** What a route answers with (zod output). */
export type ResponseOf<N extends RouteName> = Routes[N] extends { response: infer S extends z.ZodType } ? z.output<S> : unknown;
/** Query parameters of a route. */
export type QueryOf<N extends RouteName> = Routes[N] extends { query: infer Q extends z.ZodType } ? Partial<Record<keyof z.input<Q>, string | number | undefined>> : undefined;

/** Call options: path parameters, query and body as the contract names them. */
export interface CallOptions<N extends RouteName> {
  params?: Record<string, string | number>;
  query?: QueryOf<N>;
  body?: BodyOf<N>;
  signal?: AbortSignal;
}

/**
 * A 4xx/5xx answer from the API. `code` is the stable identifier the UI translates;
 * `message` is the server's safe-to-show text, used when the UI has no translation.
 */
export class ApiFailure extends Error {
  override name = 'ApiFailure';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: NonNullable<ApiError['issues']> = [],
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** Fills `:name` segments of a Hono path; values are URI-encoded. */
export function buildPath(path: string, params: Record<string, string | number> = {}, query: Record<string, string | number | undefined> = {}): string {
  const filled = path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, String(value));
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
}

/** The client: one per page, holding the CSRF token of the current session. */
export interface ApiClient {
  call<N extends RouteName>(name: N, options?: CallOptions<N>): Promise<ResponseOf<N>>;
  /** Remembers the session's CSRF token (from /api/auth/me, login or setup). */
  setSession(me: Me | null): void;
}

/**
 * Creates the client. `onSignedOut` runs when the server says the session is gone (401 on
 * anything but sign-in), so the app can show the sign-in page.
 */
export function createApiClient(options: { onSignedOut?: () => void; fetch?: typeof fetch } = {}): ApiClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let csrfToken: string | null = null;
  return {
    setSession(me) {
      csrfToken = me?.csrfToken ?? null;
    },
    async call(name, callOptions = {}) {
      const route = ROUTES[name];
      const url = buildPath(route.path, callOptions.params, (callOptions.query ?? {}) as Record<string, string | number | undefined>);
      const method = route.method.toUpperCase();
      const headers: Record<string, string> = { accept: 'application/json' };
      if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
      let body: string | undefined;
      if (callOptions.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(callOptions.body);
      } else if (method !== 'GET') {
        headers['content-type'] = 'application/json';
        body = '{}';
      }
      let response: Response;
      try {
        response = await doFetch(url, { method, headers, body, credentials: 'same-origin', signal: callOptions.signal });
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') throw error;
        throw new ApiFailure(0, 'network', 'The server cannot be reached.');
      }
      const text = await response.text();
      let data: unknown = null;
      if (text) {
        try {
          data = JSON.parse(text);
        } catch {
          data = null;
        }
      }
      if (!response.ok) {
        const failure = isApiError(data)
          ? new ApiFailure(response.status, data.code, data.error, data.issues, data.retryAfter)
          : new ApiFailure(response.status, response.status >= 500 ? 'server-error' : `http-${response.status}`, response.statusText || 'Request failed');
        const signInRoute = name === 'login' || name === 'setupStart' || name === 'setupFinish' || name === 'me';
        if (response.status === 401 && !signInRoute) {
          csrfToken = null;
          options.onSignedOut?.();
        }
        throw failure;
      }
      return data as ResponseOf<typeof name>;
    },
  };
}

/**
 * A request id for a reply, chosen once per message so a retry is not sent twice.
 * crypto.randomUUID needs a secure context; a LAN address over plain HTTP has none, so
 * this uses getRandomValues, which works everywhere.
 */
export function newRequestId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
