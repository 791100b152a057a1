import { totpCode } from '../../src/core/accounts/totp.ts';
import type { Role } from '../../src/http/api/contract.ts';
import type { Netreach } from '../../src/app/netreach.ts';

/** A signed-in staff member's browser, reduced to what the API sees: a cookie and a CSRF token. */
export interface StaffClient {
  accountId: number;
  login: string;
  totpSecret: string | null;
  cookie: string;
  csrf: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: unknown; text: string; headers: Headers }>;
}

/** Calls the API as an anonymous browser would. */
export async function anonymous(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON (an event stream, a file): `text` has it.
  }
  return { status: response.status, json, text, headers: response.headers, setCookie: response.headers.get('set-cookie') };
}

/**
 * Invites a staff member, opens the setup link, chooses a password and enrols TOTP (always
 * for admins and supervisors; `totp: false` skips it for other roles), as the dashboard does.
 */
export async function signUp(netreach: Netreach, role: Role, options: { login?: string; alias?: string; totp?: boolean; password?: string } = {}): Promise<StaffClient> {
  const login = options.login ?? `${role}-${Math.random().toString(36).slice(2, 8)}`;
  const link = await netreach.auth.invite({ login, role, alias: options.alias ?? null, specialisations: [] }, null);
  const token = link.setupUrl.split('#/setup/')[1] ?? '';
  const started = await anonymous(netreach.url, 'POST', '/api/auth/setup/start', { token });
  if (started.status !== 200) throw new Error(`setup start ${started.status} ${started.text}`);
  const secret = (started.json as { totpSecret: string }).totpSecret;
  const useTotp = options.totp ?? true;
  const finished = await anonymous(netreach.url, 'POST', '/api/auth/setup/finish', {
    token,
    password: options.password ?? 'correct horse battery staple',
    ...(useTotp ? { totp: totpCode(secret, Date.now()) } : {}),
  });
  if (finished.status !== 200) throw new Error(`setup finish ${finished.status} ${finished.text}`);
  return clientFrom(netreach.url, finished.setCookie ?? '', (finished.json as { csrfToken: string }).csrfToken, link.accountId, login, useTotp ? secret : null);
}

/** A client from a Set-Cookie header and a CSRF token. */
export function clientFrom(url: string, setCookie: string, csrf: string, accountId: number, login: string, totpSecret: string | null): StaffClient {
  const cookie = (/netreach_session=[^;]+/.exec(setCookie) ?? [''])[0];
  return {
    accountId,
    login,
    totpSecret,
    cookie,
    csrf,
    async request(method, path, body, headers = {}) {
      const r = await anonymous(url, method, path, body, { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }), ...headers });
      return { status: r.status, json: r.json, text: r.text, headers: r.headers };
    },
  };
}
