/**
 * Ports: staff accounts, their sessions and the audit log. Core declares them; storage implements them.
 * @module
 */
/** A staff web account as the auth service sees it. */
export interface AccountRecord {
  id: number;
  login: string;
  role: string;
  staffId: number;
  alias: string | null;
  language: 'ru' | 'en';
  specialisations: string[];
  passwordHash: string | null;
  totpSecret: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
  failedAttempts: number;
  lockedUntil: number | null;
  setupExpiresAt: number | null;
  disabled: boolean;
  createdAt: number;
  lastSignInAt: number | null;
  /** The account's staff row is a Telegram identity (linked with /link). */
  telegramLinked: boolean;
}

/** A session with its account, as a request resolves it. */
export interface SessionRecord {
  tokenHash: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  account: AccountRecord;
}

/** One audit event; `detail` holds scalars only, never message text. */
export interface AuditEvent {
  at: number;
  actorAccountId: number | null;
  actorRole: string | null;
  action: string;
  target: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

/** One line of the audit log as the admin reads it. */
export interface AuditLogEntry {
  id: number;
  at: number;
  /** The actor's login; null for the bot, the CLI or a deleted account. */
  actor: string | null;
  actorRole: string | null;
  action: string;
  target: string | null;
  detail: Record<string, string | number | boolean | null>;
}

/** Accounts, sessions and the audit log. */
export interface AccountStore {
  create(input: { login: string; role: string; alias: string | null; specialisations: string[]; language: 'ru' | 'en'; setupTokenHash: string; setupExpiresAt: number; at: number }): Promise<number>;
  byId(id: number): Promise<AccountRecord | undefined>;
  byLogin(login: string): Promise<AccountRecord | undefined>;
  bySetupToken(tokenHash: string): Promise<AccountRecord | undefined>;
  update(
    id: number,
    changes: Partial<{
      role: string;
      alias: string | null;
      language: string;
      specialisations: string[];
      passwordHash: string | null;
      totpSecret: string | null;
      totpEnabled: boolean;
      totpLastStep: number | null;
      failedAttempts: number;
      lockedUntil: number | null;
      setupTokenHash: string | null;
      setupExpiresAt: number | null;
      disabled: boolean;
      lastSignInAt: number;
    }>,
  ): Promise<void>;
  /**
   * Counts a failed sign-in atomically (two parallel guesses both count) and returns the
   * new count.
   */
  countFailure(id: number): Promise<number>;
  /**
   * Records that the TOTP code of time step `step` was used, if no code of this or a later
   * step was used before, in one atomic update: false when another sign-in got there first.
   */
  claimTotpStep(id: number, step: number): Promise<boolean>;
  /** Stores a one-time code (its hash) that links the account to a Telegram identity until `expiresAt`. */
  createLinkCode(accountId: number, codeHash: string, expiresAt: number, at: number): Promise<void>;
  list(): Promise<Array<AccountRecord & { openCases: number }>>;
  createSession(input: { tokenHash: string; accountId: number; csrfToken: string; at: number; expiresAt: number }): Promise<void>;
  session(tokenHash: string): Promise<SessionRecord | undefined>;
  touchSession(tokenHash: string, at: number, expiresAt: number): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessions(accountId: number): Promise<void>;
  audit(event: AuditEvent): Promise<void>;
  /** The audit log, newest first: entries before the id `before`, whose action starts with `action`. */
  auditLog(query: { before?: number | undefined; action?: string | undefined; limit: number }): Promise<AuditLogEntry[]>;
}
