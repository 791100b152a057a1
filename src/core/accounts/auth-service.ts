import { createHash, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { linkCodeHash } from '../account-link.ts';
import { AppError } from '../app-error.ts';
import type { AccountRecord, AccountStore, SessionRecord } from './ports.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { checkTotp, newTotpSecret, totpUrl } from './totp.ts';
import { createSignInThrottle, type SignInThrottle } from './sign-in-throttle.ts';

/** Roles that must use two-factor sign-in. */
export const TOTP_REQUIRED_ROLES: readonly string[] = ['admin', 'supervisor'];
/** How long a setup link works. */
export const SETUP_LINK_MS = 72 * 3_600_000;
/** A session ends after this long without use, and after {@link SESSION_MAX_MS} in any case. */
export const SESSION_IDLE_MS = 24 * 3_600_000;
export const SESSION_MAX_MS = 14 * 24 * 3_600_000;

/** Letters and digits nobody misreads: the link code is typed on a phone. */
const LINK_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LINK_CODE_MS = 10 * 60_000;

/** SHA-256 of a token, the only form tokens are stored in. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Whether a session read earlier is still what it was: not signed out (here or everywhere),
 * not expired, the account not disabled and its role unchanged. A long-lived stream asks
 * this before it sends anything, so it ends with the session. Reads only; never extends it.
 */
export async function isSessionCurrent(accounts: Pick<AccountStore, 'session'>, original: SessionRecord, at: number): Promise<boolean> {
  const current = await accounts.session(original.tokenHash);
  if (!current || current.expiresAt <= at || current.createdAt + SESSION_MAX_MS <= at) return false;
  return !current.account.disabled && current.account.id === original.account.id && current.account.role === original.account.role;
}

/** What the auth service needs. */
export interface AuthDeps {
  accounts: AccountStore;
  now: () => number;
  /** Where the dashboard is, for setup links (`https://outreach.example.org`). */
  publicUrl: () => string;
  /** Sign-in failure counts (one per process); a new one when not given. */
  throttle?: SignInThrottle;
}

/** A new session: the cookie value and its CSRF token. */
export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: number;
  account: AccountRecord;
}

/**
 * Staff accounts and sessions: invitations with one-time setup links, password and TOTP
 * sign-in with backoff and lockout, sessions that can be ended everywhere.
 */
export function createAuthService(deps: AuthDeps) {
  const { accounts, now } = deps;
  const throttle = deps.throttle ?? createSignInThrottle();

  async function startSession(account: AccountRecord): Promise<NewSession> {
    const token = newToken();
    const csrfToken = newToken();
    const at = now();
    const expiresAt = at + SESSION_IDLE_MS;
    await accounts.createSession({ tokenHash: tokenHash(token), accountId: account.id, csrfToken, at, expiresAt });
    return { token, csrfToken, expiresAt, account };
  }

  async function issueSetupLink(accountId: number): Promise<{ setupUrl: string; expiresAt: number }> {
    const token = newToken();
    const expiresAt = now() + SETUP_LINK_MS;
    await accounts.update(accountId, { setupTokenHash: tokenHash(token), setupExpiresAt: expiresAt });
    return { setupUrl: `${deps.publicUrl().replace(/\/$/, '')}/#/setup/${token}`, expiresAt };
  }

  async function setupAccount(token: string): Promise<AccountRecord> {
    const account = await accounts.bySetupToken(tokenHash(token));
    if (!account || account.setupExpiresAt === null || account.setupExpiresAt < now() || account.disabled) {
      throw new AppError('not-found', 'setup-link-invalid', 'This setup link is not valid any more. Ask an admin for a new one.');
    }
    return account;
  }

  return {
    /** Creates an account and returns its one-time setup link. */
    async invite(input: { login: string; role: string; alias: string | null; specialisations: string[]; language?: 'ru' | 'en' }, actor: AccountRecord | null) {
      if (await accounts.byLogin(input.login)) throw new AppError('conflict', 'login-taken', 'This login is already taken.');
      const at = now();
      const id = await accounts.create({ ...input, language: input.language ?? 'ru', setupTokenHash: tokenHash(newToken()), setupExpiresAt: at, at });
      const link = await issueSetupLink(id);
      await accounts.audit({ at, actorAccountId: actor?.id ?? null, actorRole: actor?.role ?? 'cli', action: 'staff.invite', target: `account:${id}`, detail: { role: input.role } });
      return { accountId: id, ...link };
    },

    /** A new setup link; the old password, TOTP and sessions stop working. */
    async reset(accountId: number, actor: AccountRecord) {
      const account = await accounts.byId(accountId);
      if (!account) throw new AppError('not-found', 'not-found', 'No such staff member.');
      await accounts.update(accountId, { passwordHash: null, totpSecret: null, totpEnabled: false, failedAttempts: 0, lockedUntil: null });
      await accounts.deleteSessions(accountId);
      const link = await issueSetupLink(accountId);
      await accounts.audit({ at: now(), actorAccountId: actor.id, actorRole: actor.role, action: 'staff.reset', target: `account:${accountId}` });
      return { accountId, ...link };
    },

    /** Opens a setup link: the TOTP secret to enrol (the same one until setup finishes). */
    async setupStart(token: string) {
      const account = await setupAccount(token);
      let secret = account.totpSecret;
      if (!secret || account.totpEnabled) {
        secret = newTotpSecret();
        await accounts.update(account.id, { totpSecret: secret, totpEnabled: false });
      }
      const otpauthUrl = totpUrl(secret, account.login);
      const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return { login: account.login, role: account.role, totpRequired: TOTP_REQUIRED_ROLES.includes(account.role), totpSecret: secret, otpauthUrl, qrSvg };
    },

    /**
     * Sets the password and confirms TOTP from a setup link, then signs in. `language` is the
     * one the person set up in; it becomes the account's, so the dashboard does not switch
     * to another language on "Finish".
     */
    async setupFinish(input: { token: string; password: string; totp?: string | undefined; language?: 'ru' | 'en' | undefined }): Promise<NewSession> {
      const account = await setupAccount(input.token);
      const at = now();
      let step: number | undefined;
      if (input.totp !== undefined) {
        step = account.totpSecret ? checkTotp(account.totpSecret, input.totp, at) : undefined;
        if (step === undefined) throw new AppError('unprocessable', 'totp-invalid', 'The code from the authenticator app is not right. Check the phone’s clock and try again.');
      } else if (TOTP_REQUIRED_ROLES.includes(account.role)) {
        throw new AppError('unprocessable', 'totp-required', 'This role needs two-factor sign-in: scan the code and enter the 6 digits.');
      }
      await accounts.update(account.id, {
        passwordHash: await hashPassword(input.password),
        ...(input.language ? { language: input.language } : {}),
        totpEnabled: step !== undefined,
        ...(step === undefined ? { totpSecret: null } : { totpLastStep: step }),
        setupTokenHash: null,
        setupExpiresAt: null,
        failedAttempts: 0,
        lockedUntil: null,
        lastSignInAt: at,
      });
      await accounts.deleteSessions(account.id);
      await accounts.audit({ at, actorAccountId: account.id, actorRole: account.role, action: 'auth.setup', target: `account:${account.id}`, detail: { totp: step !== undefined } });
      const fresh = await accounts.byId(account.id);
      if (!fresh) throw new Error('account vanished during setup');
      return startSession(fresh);
    },

    /**
     * Password (and TOTP) sign-in, throttled per login and address, per address and per
     * login (see {@link createSignInThrottle}): the attempt is counted before the slow hash,
     * so parallel guesses cannot slip past the count. Every failure gets the same answer,
     * whether the login exists, the password was wrong or the code was missing or wrong, so
     * no answer confirms a login or a password. A TOTP code is good once, claimed atomically.
     */
    async login(input: { login: string; password: string; totp?: string | undefined }, from: { address: string } = { address: 'unknown' }): Promise<NewSession> {
      const at = now();
      const admission = throttle.begin({ login: input.login, address: from.address }, at);
      if (!admission.ok) {
        throw new AppError('too-many', 'locked', 'Too many failed sign-ins. Wait and try again.', { retryAfter: Math.ceil(admission.retryAfterMs / 1000) });
      }
      const account = await accounts.byLogin(input.login);
      const passwordOk = await verifyPassword(input.password, account?.passwordHash ?? null);
      const fail = async (reason: string): Promise<never> => {
        if (account) {
          const failures = await accounts.countFailure(account.id);
          await accounts.audit({ at, actorAccountId: account.id, actorRole: account.role, action: 'auth.failed', target: `account:${account.id}`, detail: { reason, failures } });
        }
        throw new AppError('unauthenticated', 'invalid', 'Wrong login, password or code.');
      };
      if (!account || !passwordOk || account.disabled) return fail('invalid');
      if (account.totpEnabled) {
        const step = input.totp !== undefined && account.totpSecret ? checkTotp(account.totpSecret, input.totp, at) : undefined;
        if (step === undefined) return fail(input.totp === undefined ? 'totp-missing' : 'totp-invalid');
        // A code is good once, even for sign-ins sent at the same moment: a code seen over
        // someone's shoulder cannot be replayed.
        if (!(await accounts.claimTotpStep(account.id, step))) return fail('totp-reused');
      } else if (TOTP_REQUIRED_ROLES.includes(account.role)) {
        throw new AppError('forbidden', 'totp-setup-required', 'This role needs two-factor sign-in. Ask an admin for a new setup link.');
      }
      throttle.succeeded(admission.ticket);
      await accounts.update(account.id, { failedAttempts: 0, lockedUntil: null, lastSignInAt: at });
      await accounts.audit({ at, actorAccountId: account.id, actorRole: account.role, action: 'auth.sign-in', target: `account:${account.id}` });
      return startSession(account);
    },

    /** The session for a cookie value, if it is still good (idle and absolute limits). */
    async resolve(token: string | undefined): Promise<SessionRecord | undefined> {
      if (!token || token.length > 100) return undefined;
      const hash = tokenHash(token);
      const session = await accounts.session(hash);
      const at = now();
      if (!session) return undefined;
      if (session.expiresAt <= at || session.createdAt + SESSION_MAX_MS <= at || session.account.disabled) {
        await accounts.deleteSession(hash);
        return undefined;
      }
      // Sliding expiry, written at most once a minute.
      if (at - session.lastSeenAt > 60_000) await accounts.touchSession(hash, at, Math.min(at + SESSION_IDLE_MS, session.createdAt + SESSION_MAX_MS));
      return session;
    },

    async logout(session: SessionRecord) {
      await accounts.deleteSession(session.tokenHash);
    },

    async logoutEverywhere(session: SessionRecord) {
      await accounts.deleteSessions(session.account.id);
      await accounts.audit({ at: now(), actorAccountId: session.account.id, actorRole: session.account.role, action: 'auth.sign-out-everywhere', target: `account:${session.account.id}` });
    },

    /**
     * A one-time code (10 minutes) the staff member posts as `/link CODE` in the staff group:
     * their Telegram identity then becomes this account's, with its role and alias.
     */
    async telegramLinkCode(account: Pick<AccountRecord, 'id'>): Promise<{ code: string; expiresAt: number }> {
      const code = Array.from(randomBytes(8), (b) => LINK_ALPHABET[b % LINK_ALPHABET.length]).join('');
      const at = now();
      const expiresAt = at + LINK_CODE_MS;
      await accounts.createLinkCode(account.id, linkCodeHash(code), expiresAt, at);
      return { code, expiresAt };
    },

    /** Changes the password; every session ends, then this browser gets a new one. */
    async changePassword(session: SessionRecord, current: string, next: string): Promise<NewSession> {
      if (!(await verifyPassword(current, session.account.passwordHash))) throw new AppError('unprocessable', 'password-wrong', 'The current password is not right.');
      await accounts.update(session.account.id, { passwordHash: await hashPassword(next) });
      await accounts.deleteSessions(session.account.id);
      await accounts.audit({ at: now(), actorAccountId: session.account.id, actorRole: session.account.role, action: 'auth.password-changed', target: `account:${session.account.id}` });
      return startSession(session.account);
    },
  };
}

/** The auth service. */
export type AuthService = ReturnType<typeof createAuthService>;
