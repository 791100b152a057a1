import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from './schema.ts';
import type { AccountRecord, AccountStore } from '../core/accounts/ports.ts';

/** Context of a sealed TOTP secret. */
export const TOTP_SEAL = 'staff-totp';
/** Settings keys of pending Telegram link codes: the prefix and the code's SHA-256. */
export const STAFF_LINK_PREFIX = 'staff-link:';

type AccountRow = {
  id: number;
  login: string;
  role: string;
  staff_id: number;
  alias: string | null;
  language: string;
  specialisations: string;
  password_hash: string | null;
  totp_sealed: Uint8Array | null;
  totp_enabled: number;
  totp_last_step: number | null;
  failed_attempts: number;
  locked_until: number | null;
  setup_expires_at: number | null;
  disabled: number;
  created_at: number;
  last_sign_in_at: number | null;
  chat_sealed: Uint8Array | null;
};

/** Builds the account store over a database. */
export function createAccountStore(db: Kysely<Database>, keys: Keyring): AccountStore {
  const select = () =>
    db
      .selectFrom('staff_accounts as a')
      .innerJoin('staff as s', 's.id', 'a.staff_id')
      .select([
        'a.id',
        'a.login',
        'a.role',
        'a.staff_id',
        's.alias',
        'a.language',
        'a.specialisations',
        'a.password_hash',
        'a.totp_sealed',
        'a.totp_enabled',
        'a.totp_last_step',
        'a.failed_attempts',
        'a.locked_until',
        'a.setup_expires_at',
        'a.disabled',
        'a.created_at',
        'a.last_sign_in_at',
        's.chat_sealed',
      ]);
  const toRecord = (r: AccountRow): AccountRecord => ({
    id: r.id,
    login: r.login,
    role: r.role,
    staffId: r.staff_id,
    alias: r.alias,
    language: r.language === 'en' ? 'en' : 'ru',
    specialisations: JSON.parse(r.specialisations) as string[],
    passwordHash: r.password_hash,
    totpSecret: r.totp_sealed ? keys.open(r.totp_sealed, TOTP_SEAL) : null,
    totpEnabled: r.totp_enabled === 1,
    totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
    setupExpiresAt: r.setup_expires_at === null ? null : Number(r.setup_expires_at),
    disabled: r.disabled === 1,
    createdAt: Number(r.created_at),
    lastSignInAt: r.last_sign_in_at === null ? null : Number(r.last_sign_in_at),
    telegramLinked: r.chat_sealed !== null,
  });

  return {
    async create(input) {
      return db.transaction().execute(async (trx) => {
        // A web account is a staff member too: replies, notes and the rota refer to this row.
        const staff = await trx
          .insertInto('staff')
          .values({ pseudonym: `web:${randomBytes(12).toString('base64url')}`, chat_sealed: null, alias: input.alias, role: input.role, created_at: input.at, last_seen_at: input.at })
          .returning('id')
          .executeTakeFirstOrThrow();
        const row = await trx
          .insertInto('staff_accounts')
          .values({
            login: input.login.toLowerCase(),
            role: input.role,
            staff_id: staff.id,
            language: input.language,
            specialisations: JSON.stringify(input.specialisations),
            setup_token_hash: input.setupTokenHash,
            setup_expires_at: input.setupExpiresAt,
            created_at: input.at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      });
    },
    async byId(id) {
      const row = await select().where('a.id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    async byLogin(login) {
      const row = await select().where('a.login', '=', login.trim().toLowerCase()).executeTakeFirst();
      return row && toRecord(row);
    },
    async bySetupToken(tokenHash) {
      const row = await select().where('a.setup_token_hash', '=', tokenHash).executeTakeFirst();
      return row && toRecord(row);
    },
    async update(id, c) {
      const set: Record<string, unknown> = {};
      if (c.role !== undefined) set.role = c.role;
      if (c.language !== undefined) set.language = c.language;
      if (c.specialisations !== undefined) set.specialisations = JSON.stringify(c.specialisations);
      if (c.passwordHash !== undefined) set.password_hash = c.passwordHash;
      if (c.totpSecret !== undefined) set.totp_sealed = c.totpSecret === null ? null : keys.seal(c.totpSecret, TOTP_SEAL);
      if (c.totpEnabled !== undefined) set.totp_enabled = c.totpEnabled ? 1 : 0;
      if (c.totpLastStep !== undefined) set.totp_last_step = c.totpLastStep;
      if (c.failedAttempts !== undefined) set.failed_attempts = c.failedAttempts;
      if (c.lockedUntil !== undefined) set.locked_until = c.lockedUntil;
      if (c.setupTokenHash !== undefined) set.setup_token_hash = c.setupTokenHash;
      if (c.setupExpiresAt !== undefined) set.setup_expires_at = c.setupExpiresAt;
      if (c.disabled !== undefined) set.disabled = c.disabled ? 1 : 0;
      if (c.lastSignInAt !== undefined) set.last_sign_in_at = c.lastSignInAt;
      await db.transaction().execute(async (trx) => {
        if (Object.keys(set).length > 0) await trx.updateTable('staff_accounts').set(set).where('id', '=', id).execute();
        if (c.alias !== undefined || c.role !== undefined) {
          const account = await trx.selectFrom('staff_accounts').select('staff_id').where('id', '=', id).executeTakeFirst();
          if (account) {
            await trx
              .updateTable('staff')
              .set({ ...(c.alias !== undefined ? { alias: c.alias } : {}), ...(c.role !== undefined ? { role: c.role } : {}) })
              .where('id', '=', account.staff_id)
              .execute();
          }
        }
      });
    },
    async countFailure(id) {
      const row = await db
        .updateTable('staff_accounts')
        .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
        .where('id', '=', id)
        .returning('failed_attempts')
        .executeTakeFirst();
      return row?.failed_attempts ?? 0;
    },
    async claimTotpStep(id, step) {
      const result = await db
        .updateTable('staff_accounts')
        .set({ totp_last_step: step })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async createLinkCode(accountId, codeHash, expiresAt, at) {
      const key = `${STAFF_LINK_PREFIX}${codeHash}`;
      const value = JSON.stringify({ accountId, expiresAt });
      await db.insertInto('settings').values({ key, value, updated_at: at }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at })).execute();
    },
    async list() {
      const rows = await select()
        .select((eb) =>
          eb
            .selectFrom('cases')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('cases.assignee_staff_id', '=', 'a.staff_id')
            .where('cases.status', '=', 'open')
            .as('open_cases'),
        )
        .orderBy('a.id')
        .execute();
      return rows.map((r) => ({ ...toRecord(r), openCases: Number(r.open_cases ?? 0) }));
    },
    async createSession(input) {
      await db
        .insertInto('staff_sessions')
        .values({ token_hash: input.tokenHash, account_id: input.accountId, csrf_token: input.csrfToken, created_at: input.at, last_seen_at: input.at, expires_at: input.expiresAt })
        .execute();
    },
    async session(tokenHash) {
      const row = await db.selectFrom('staff_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!row) return undefined;
      const account = await select().where('a.id', '=', row.account_id).executeTakeFirst();
      if (!account) return undefined;
      return { tokenHash: row.token_hash, csrfToken: row.csrf_token, createdAt: Number(row.created_at), lastSeenAt: Number(row.last_seen_at), expiresAt: Number(row.expires_at), account: toRecord(account) };
    },
    async touchSession(tokenHash, at, expiresAt) {
      await db.updateTable('staff_sessions').set({ last_seen_at: at, expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute();
    },
    async deleteSession(tokenHash) {
      await db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
    },
    async deleteSessions(accountId) {
      await db.deleteFrom('staff_sessions').where('account_id', '=', accountId).execute();
    },
    async audit(e) {
      await db
        .insertInto('audit_log')
        .values({ at: e.at, actor_account_id: e.actorAccountId, actor_role: e.actorRole, action: e.action, target: e.target, detail: JSON.stringify(e.detail ?? {}) })
        .execute();
    },

    async auditLog(query) {
      let q = db
        .selectFrom('audit_log as l')
        .leftJoin('staff_accounts as a', 'a.id', 'l.actor_account_id')
        .select(['l.id', 'l.at', 'a.login', 'l.actor_role', 'l.action', 'l.target', 'l.detail']);
      if (query.before) q = q.where('l.id', '<', query.before);
      if (query.action) q = q.where('l.action', 'like', `${query.action}%`);
      const rows = await q.orderBy('l.id', 'desc').limit(query.limit).execute();
      return rows.map((r) => ({ id: r.id, at: Number(r.at), actor: r.login, actorRole: r.actor_role, action: r.action, target: r.target, detail: JSON.parse(r.detail) as Record<string, string | number | boolean | null> }));
    },
  };
}
