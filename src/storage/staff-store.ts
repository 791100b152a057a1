import type { Kysely } from 'kysely';
import type { StaffStore } from '../core/ports.ts';
import type { StaffMember, StaffRole } from '../core/types.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import { linkCodeHash } from '../core/account-link.ts';
import { STAFF_LINK_PREFIX } from './account-store.ts';
import type { Database } from './schema.ts';
import { SEAL } from './relay-rows.ts';

/** Staff as seen from Telegram: pseudonyms, aliases, on-call flags, and linking a dashboard account. Over a transaction (or the plain database). */
export function createStaffStore(db: Kysely<Database>, keys: Keyring): StaffStore {
  return {
    async upsert({ pseudonym, chatId, at }): Promise<StaffMember> {
      const found = await db.selectFrom('staff').select(['id', 'alias', 'role']).where('pseudonym', '=', pseudonym).executeTakeFirst();
      if (found) {
        await db.updateTable('staff').set({ last_seen_at: at }).where('id', '=', found.id).execute();
        return { id: found.id, alias: found.alias, role: found.role as StaffRole };
      }
      const row = await db
        .insertInto('staff')
        .values({ pseudonym, chat_sealed: keys.seal(String(chatId), SEAL.staffChat), alias: null, role: 'worker', created_at: at, last_seen_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, alias: null, role: 'worker' };
    },

    async setAlias(staffId, alias) {
      await db.updateTable('staff').set({ alias }).where('id', '=', staffId).execute();
    },

    async linkDashboardAccount(code, staffId, at) {
      const key = `${STAFF_LINK_PREFIX}${linkCodeHash(code)}`;
      const pending = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      if (!pending) return 'invalid';
      // A code works once, right or wrong afterwards.
      await db.deleteFrom('settings').where('key', '=', key).execute();
      const { accountId, expiresAt } = JSON.parse(pending.value) as { accountId: number; expiresAt: number };
      if (expiresAt < at) return 'invalid';
      const account = await db.selectFrom('staff_accounts').select(['id', 'login', 'role', 'staff_id']).where('id', '=', accountId).executeTakeFirst();
      if (!account) return 'invalid';
      const taken = await db.selectFrom('staff_accounts').select('id').where('staff_id', '=', staffId).where('id', '!=', accountId).executeTakeFirst();
      if (taken) return 'already-linked';
      const previous = account.staff_id;
      const [before, telegram] = await Promise.all([
        db.selectFrom('staff').select(['alias']).where('id', '=', previous).executeTakeFirst(),
        db.selectFrom('staff').select(['alias']).where('id', '=', staffId).executeTakeFirst(),
      ]);
      if (previous !== staffId) {
        // What the account did from the dashboard now belongs to the one identity.
        await db.updateTable('cases').set({ assignee_staff_id: staffId }).where('assignee_staff_id', '=', previous).execute();
        await db.updateTable('messages').set({ staff_id: staffId }).where('staff_id', '=', previous).execute();
        await db.updateTable('work_reports').set({ author_staff_id: staffId }).where('author_staff_id', '=', previous).execute();
        await db.updateTable('staff_accounts').set({ staff_id: staffId }).where('id', '=', accountId).execute();
      }
      await db.updateTable('staff').set({ role: account.role, alias: telegram?.alias ?? before?.alias ?? null }).where('id', '=', staffId).execute();
      return { login: account.login, role: account.role };
    },

    async alertRecipients(rotaAliases) {
      const rows = await db.selectFrom('staff').select(['id', 'alias', 'role', 'on_call']).where('dm_alerts', '=', 1).execute();
      const rota = new Set(rotaAliases.map((a) => a.toLowerCase()));
      return rows
        .filter((r) => r.on_call === 1 || (r.alias !== null && rota.has(r.alias.toLowerCase())))
        .map((r) => ({ id: r.id, alias: r.alias, role: r.role as StaffRole }));
    },

    async setFlags(staffId, flags) {
      await db
        .updateTable('staff')
        .set({
          ...(flags.onCall === undefined ? {} : { on_call: flags.onCall ? 1 : 0 }),
          ...(flags.dmAlerts === undefined ? {} : { dm_alerts: flags.dmAlerts ? 1 : 0 }),
        })
        .where('id', '=', staffId)
        .execute();
    },
  };
}
