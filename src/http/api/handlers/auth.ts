import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AuthService, NewSession } from '../../../core/accounts/auth-service.ts';
import type { AccountRecord, AccountStore, SessionRecord } from '../../../core/accounts/ports.ts';
import type { Account, Me, Role } from '../contract.ts';
import { SESSION_COOKIE, type Handlers } from '../router.ts';
import { clientAddress } from '../../client-address.ts';

/** What the sign-in endpoints need. */
export interface AuthHandlerDeps {
  auth: AuthService;
  accounts: AccountStore;
  /** Cookies get `Secure` when the dashboard is served over HTTPS. */
  secureCookies: boolean;
  /** Take the client's address from `X-Forwarded-For` (behind a reverse proxy), for sign-in throttling. */
  trustProxy?: boolean;
  now: () => number;
}

/** The public view of an account. */
export function accountView(a: AccountRecord): Account {
  return { id: a.id, login: a.login, role: a.role as Role, alias: a.alias, language: a.language, totpEnabled: a.totpEnabled, specialisations: a.specialisations, telegramLinked: a.telegramLinked };
}

function setSession(c: Context, session: NewSession, secure: boolean): Me {
  setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge: 14 * 24 * 3600 });
  return { account: accountView(session.account), csrfToken: session.csrfToken };
}

function me(session: SessionRecord): Me {
  return { account: accountView(session.account), csrfToken: session.csrfToken };
}

/** Sign-in, setup links, sessions and the account's own preferences. */
export function authHandlers(deps: AuthHandlerDeps): Pick<Handlers, 'login' | 'setupStart' | 'setupFinish' | 'me' | 'logout' | 'logoutAll' | 'password' | 'preferences' | 'telegramLink'> {
  const { auth, accounts, secureCookies } = deps;
  return {
    login: async ({ body, c }) => setSession(c, await auth.login(body, { address: clientAddress(c, deps.trustProxy ?? false) }), secureCookies),
    setupStart: async ({ body }) => {
      const started = await auth.setupStart(body.token);
      return { ...started, role: started.role as Role };
    },
    setupFinish: async ({ body, c }) => setSession(c, await auth.setupFinish(body), secureCookies),
    me: async ({ session }) => me(session),
    logout: async ({ session, c }) => {
      await auth.logout(session);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
    logoutAll: async ({ session, c }) => {
      await auth.logoutEverywhere(session);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
    password: async ({ session, body, c }) => {
      setSession(c, await auth.changePassword(session, body.current, body.next), secureCookies);
      return { ok: true as const };
    },
    telegramLink: async ({ session }) => auth.telegramLinkCode(session.account),
    preferences: async ({ session, body }) => {
      await accounts.update(session.account.id, { ...(body.language ? { language: body.language } : {}), ...(body.alias !== undefined ? { alias: body.alias === '' ? null : body.alias } : {}) });
      const fresh = await accounts.byId(session.account.id);
      return me({ ...session, account: fresh ?? session.account });
    },
  };
}
