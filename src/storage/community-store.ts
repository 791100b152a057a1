import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CommunityMember, CommunityStore, MemberStatus, RequestStatus } from '../core/community/ports.ts';
import type { Language, StaffRole } from '../core/types.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from './schema.ts';

/** Contexts bound into the community's sealed values. */
export const SEAL_COMMUNITY = { user: 'community-user', body: 'community-moderation-body' } as const;

const MEMBER_COLUMNS = ['id', 'pseudonym', 'status', 'request_status', 'wrong_codes', 'admitted', 'talked_to_bot', 'language', 'muted_until', 'welcomed_at'] as const;

interface MemberRow {
  id: number;
  pseudonym: string;
  status: string;
  request_status: string | null;
  wrong_codes: number;
  admitted: number;
  talked_to_bot: number;
  language: string;
  muted_until: number | null;
  welcomed_at: number | null;
}

function toMember(row: MemberRow): CommunityMember {
  return {
    id: row.id,
    pseudonym: row.pseudonym,
    status: row.status as MemberStatus,
    requestStatus: row.request_status as RequestStatus | null,
    wrongCodes: row.wrong_codes,
    admitted: row.admitted === 1,
    talkedToBot: row.talked_to_bot === 1,
    language: row.language as Language,
    mutedUntil: row.muted_until === null ? null : Number(row.muted_until),
    welcomedAt: row.welcomed_at === null ? null : Number(row.welcomed_at),
  };
}

/**
 * A keyed hash of an access code. A code has about 36 bits, too few for a plain hash to
 * stand against a stolen database; the key comes from the master secret (the keyring's
 * pseudonym of a fixed value is secret-derived and stable).
 */
export function codeHasher(keys: Keyring): (code: string) => string {
  const key = keys.pseudonym('chat', 0);
  return (code) => createHmac('sha256', `access-code:${key}`).update(code).digest('base64url');
}

/** The community chat's storage over a Kysely transaction (or the plain database). */
export function createCommunityStore(db: Kysely<Database>, keys: Keyring): CommunityStore {
  const hash = codeHasher(keys);
  const findMember = async (by: { pseudonym: string } | { id: number }) => {
    const query = db.selectFrom('community_members').select(MEMBER_COLUMNS);
    const row = await ('id' in by ? query.where('id', '=', by.id) : query.where('pseudonym', '=', by.pseudonym)).executeTakeFirst();
    return row ? toMember(row) : undefined;
  };
  const getMember = (pseudonym: string) => findMember({ pseudonym });
  return {
    getMember,

    getMemberById: (id) => findMember({ id }),

    async upsertMember({ pseudonym, userId, language, at }) {
      const found = await getMember(pseudonym);
      if (found) return found;
      await db
        .insertInto('community_members')
        .values({ pseudonym, user_sealed: keys.seal(String(userId), SEAL_COMMUNITY.user), language, status: 'applicant', created_at: at, updated_at: at })
        .onConflict((oc) => oc.column('pseudonym').doNothing())
        .execute();
      const row = await getMember(pseudonym);
      if (!row) throw new Error('community member vanished');
      return row;
    },

    async updateMember(memberId, change, at) {
      await db
        .updateTable('community_members')
        .set({
          updated_at: at,
          ...(change.status === undefined ? {} : { status: change.status }),
          ...(change.requestStatus === undefined ? {} : { request_status: change.requestStatus }),
          ...(change.wrongCodes === undefined ? {} : { wrong_codes: change.wrongCodes }),
          ...(change.admitted === undefined ? {} : { admitted: change.admitted ? 1 : 0 }),
          ...(change.talkedToBot === undefined ? {} : { talked_to_bot: change.talkedToBot ? 1 : 0 }),
          ...(change.mutedUntil === undefined ? {} : { muted_until: change.mutedUntil }),
          ...(change.welcomedAt === undefined ? {} : { welcomed_at: change.welcomedAt }),
          ...(change.language === undefined ? {} : { language: change.language }),
        })
        .where('id', '=', memberId)
        .execute();
    },

    async memberUserId(memberId) {
      const row = await db.selectFrom('community_members').select('user_sealed').where('id', '=', memberId).executeTakeFirst();
      return row?.user_sealed ? Number(keys.open(row.user_sealed, SEAL_COMMUNITY.user)) : undefined;
    },

    async redeemCode(code, pseudonym, at) {
      const codeHash = hash(code);
      // One conditional UPDATE: whoever's statement runs second finds used_at already set.
      const result = await db
        .updateTable('community_codes')
        .set({ used_at: at, used_by_pseudonym: pseudonym })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) return { ok: true };
      const row = await db.selectFrom('community_codes').select(['used_at', 'revoked_at', 'expires_at']).where('code_hash', '=', codeHash).executeTakeFirst();
      if (!row) return { ok: false, reason: 'unknown' };
      if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
      if (row.used_at !== null) return { ok: false, reason: 'used' };
      return { ok: false, reason: 'expired' };
    },

    async createCodes(codes, origin, expiresAt, at) {
      if (codes.length === 0) return;
      const batch = 'batch' in origin ? origin.batch : null;
      const inviter = 'inviter' in origin ? origin.inviter : null;
      for (let i = 0; i < codes.length; i += 500) {
        await db
          .insertInto('community_codes')
          .values(codes.slice(i, i + 500).map((code) => ({ code_hash: hash(code), batch, inviter_pseudonym: inviter, created_at: at, expires_at: expiresAt })))
          .execute();
      }
    },

    async countInvites(inviter, since) {
      const row = await db
        .selectFrom('community_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('inviter_pseudonym', '=', inviter)
        .where('created_at', '>=', since)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async revokeCodes(target, at) {
      const result = await db
        .updateTable('community_codes')
        .set({ revoked_at: at })
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('batch' in target ? 'batch' : 'code_hash', '=', 'batch' in target ? target.batch : hash(target.code))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async listBatches(at) {
      const rows = await db.selectFrom('community_codes').select(['batch', 'used_at', 'revoked_at', 'expires_at']).where('batch', 'is not', null).execute();
      const byBatch = new Map<string, { batch: string; total: number; used: number; revoked: number; expired: number; expiresAt: number }>();
      for (const row of rows) {
        const name = row.batch ?? '';
        const s = byBatch.get(name) ?? { batch: name, total: 0, used: 0, revoked: 0, expired: 0, expiresAt: 0 };
        s.total++;
        if (row.used_at !== null) s.used++;
        else if (row.revoked_at !== null) s.revoked++;
        else if (Number(row.expires_at) <= at) s.expired++;
        s.expiresAt = Math.max(s.expiresAt, Number(row.expires_at));
        byBatch.set(name, s);
      }
      return [...byBatch.values()].sort((a, b) => a.batch.localeCompare(b.batch));
    },

    async countMessage(memberId, at, windowMs) {
      const row = await db.selectFrom('community_members').select(['flood_window_at', 'flood_count']).where('id', '=', memberId).executeTakeFirst();
      const fresh = !row || row.flood_window_at === null || at - Number(row.flood_window_at) > windowMs;
      const count = fresh ? 1 : (row?.flood_count ?? 0) + 1;
      await db
        .updateTable('community_members')
        .set(fresh ? { flood_window_at: at, flood_count: 1 } : { flood_count: count })
        .where('id', '=', memberId)
        .execute();
      return count;
    },

    async countStrikes(memberId, since) {
      const row = await db
        .selectFrom('community_moderation')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('member_id', '=', memberId)
        .where('action', '=', 'delete')
        .where('created_at', '>=', since)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async hasRecent(memberId, reason, since) {
      const row = await db
        .selectFrom('community_moderation')
        .select('id')
        .where('member_id', '=', memberId)
        .where('action', '=', 'delete')
        .where('reason', '=', reason)
        .where('created_at', '>=', since)
        .executeTakeFirst();
      return row !== undefined;
    },

    async log(entry) {
      const row = await db
        .insertInto('community_moderation')
        .values({
          member_id: entry.memberId,
          action: entry.action,
          reason: entry.reason,
          source: entry.source,
          staff_id: entry.staffId ?? null,
          message_id: entry.messageId ?? null,
          body_sealed: entry.body ? keys.seal(entry.body, SEAL_COMMUNITY.body) : null,
          status: entry.status ?? null,
          created_at: entry.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async getDecision(id, action) {
      const row = await db
        .selectFrom('community_moderation')
        .select(['id', 'member_id', 'status', 'staff_id', 'reason', 'message_id'])
        .where('id', '=', id)
        .where('action', '=', action)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        memberId: row.member_id,
        status: (row.status ?? 'pending') as 'pending' | 'confirmed' | 'rejected',
        staffId: row.staff_id,
        reason: row.reason,
        messageId: row.message_id,
      };
    },

    async decide(id, action, status, staffId, at) {
      const result = await db
        .updateTable('community_moderation')
        .set({ status, decided_at: at, decided_by_staff_id: staffId })
        .where('id', '=', id)
        .where('action', '=', action)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async recentReasons(memberId, limit) {
      const rows = await db
        .selectFrom('community_moderation')
        .select('reason')
        .where('member_id', '=', memberId)
        .where('action', '=', 'delete')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => r.reason);
    },

    async staffByPseudonym(pseudonym) {
      const row = await db.selectFrom('staff').select(['id', 'alias', 'role']).where('pseudonym', '=', pseudonym).executeTakeFirst();
      return row ? { id: row.id, alias: row.alias, role: row.role as StaffRole } : undefined;
    },

    async lastChatWelcome() {
      const row = await db
        .selectFrom('outbox')
        .select('result_message_id')
        .where('chat_key', '=', 'community')
        .where('dedupe_key', 'like', 'cwelcome:%')
        .where('status', '=', 'sent')
        .where('result_message_id', 'is not', null)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row?.result_message_id ?? undefined;
    },
  };
}
