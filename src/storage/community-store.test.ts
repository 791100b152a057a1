import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../core/crypto/keyring.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createCommunityStore } from './community-store.ts';

const keys = createKeyring('community-store-test-secret-0123456789abcdef');

for (const dialect of DIALECTS) {
  describe(`community store (${dialect})`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('redeems a code once even when two transactions race for it', async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      await createCommunityStore(db, keys).createCodes(['ACDEFHJK'], { batch: 'bus' }, Date.now() + 60_000, Date.now());
      const attempt = (who: string) => db.transaction().execute((trx) => createCommunityStore(trx, keys).redeemCode('ACDEFHJK', who, Date.now()));
      const results = await Promise.all([attempt('p1'), attempt('p2'), attempt('p3')]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'used')).toHaveLength(2);
      const row = await db.selectFrom('community_codes').selectAll().executeTakeFirstOrThrow();
      expect(row.code_hash).not.toContain('ACDEFHJK');
      expect(row.batch).toBe('bus');
    });

    it('refuses expired and revoked codes, and counts a peer’s invites', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createCommunityStore(t.db.kysely, keys);
      const now = Date.now();
      await store.createCodes(['CCCCDDDD'], { batch: 'old' }, now - 1, now - 10);
      expect(await store.redeemCode('CCCCDDDD', 'p', now)).toEqual({ ok: false, reason: 'expired' });
      await store.createCodes(['EEEEFFFF', 'HHHHJJJJ'], { inviter: 'peer-1' }, now + 60_000, now);
      expect(await store.countInvites('peer-1', now - 1000)).toBe(2);
      expect(await store.revokeCodes({ code: 'EEEEFFFF' }, now)).toBe(1);
      expect(await store.redeemCode('EEEEFFFF', 'p', now)).toEqual({ ok: false, reason: 'revoked' });
      expect(await store.redeemCode('XXXXXXXX', 'p', now)).toEqual({ ok: false, reason: 'unknown' });
    });

    it('keeps a member’s Telegram id sealed and counts a flood window', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createCommunityStore(t.db.kysely, keys);
      const member = await store.upsertMember({ pseudonym: 'ps-1', userId: 123456789, language: 'ru', at: 1000 });
      const raw = await t.db.kysely.selectFrom('community_members').select('user_sealed').where('id', '=', member.id).executeTakeFirstOrThrow();
      expect(Buffer.from(raw.user_sealed ?? []).toString('latin1')).not.toContain('123456789');
      expect(await store.memberUserId(member.id)).toBe(123456789);
      expect(await store.countMessage(member.id, 1000, 10_000)).toBe(1);
      expect(await store.countMessage(member.id, 2000, 10_000)).toBe(2);
      expect(await store.countMessage(member.id, 20_000, 10_000)).toBe(1);
    });

    it('decides a review once, apart from ban requests, and finds its member by id', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createCommunityStore(t.db.kysely, keys);
      const member = await store.upsertMember({ pseudonym: 'ps-review', userId: 987654321, language: 'en', at: 1000 });
      const id = await store.log({ memberId: member.id, action: 'review', reason: 'dealing', source: 'auto', messageId: 77, body: 'doubtful words', status: 'pending', at: 1000 });
      expect(await store.getDecision(id, 'ban-request')).toBeUndefined();
      expect(await store.getDecision(id, 'review')).toEqual({ id, memberId: member.id, status: 'pending', staffId: null, reason: 'dealing', messageId: 77 });
      expect(await store.decide(id, 'ban-request', 'confirmed', 5, 2000)).toBe(false);
      expect(await store.decide(id, 'review', 'rejected', 5, 2000)).toBe(true);
      expect(await store.decide(id, 'review', 'confirmed', 6, 3000)).toBe(false);
      expect((await store.getDecision(id, 'review'))?.status).toBe('rejected');
      expect((await store.getMemberById(member.id))?.pseudonym).toBe('ps-review');
      // A review is not an offence: only removals count towards the ladder.
      expect(await store.countStrikes(member.id, 0)).toBe(0);
    });
  });
}
