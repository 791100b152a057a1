import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createKeyring } from '../core/crypto/keyring.ts';
import { createTranslator } from '../i18n.ts';
import { createRelayStore } from '../storage/relay-store.ts';
import { postWeeklySchedule, type ChannelDeps } from '../core/channel/channel-posts.ts';

const keys = createKeyring('channel-posts-test-secret-0123456789abcdefgh');
const deps: ChannelDeps = { t: createTranslator(), staffLanguage: 'en', channelChatId: -1001, channelLanguage: 'ru', timezone: () => 'Europe/Moscow', schedulePost: 'mon 09:00' };
// Monday 2026-11-30 09:00 in Moscow.
const MONDAY_9 = Date.parse('2026-11-30T06:00:00Z');
const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`weekly schedule post (${dialect})`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('posts the live schedule once a week, at most a day late', async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      const run = (at: number, settled?: string) => db.transaction().execute((trx) => postWeeklySchedule(createRelayStore(trx, keys), deps, () => 'Пн 10–14: вокзал', at, settled));
      expect(await run(MONDAY_9 - 60_000)).toBeUndefined();
      expect(await run(MONDAY_9 + 5 * HOUR)).toEqual({ week: 'mobile-schedule:2026-11-30', posted: true });
      expect(await run(MONDAY_9 + 6 * HOUR)).toEqual({ week: 'mobile-schedule:2026-11-30', posted: false });
      // Down for more than a day past the time: that week is skipped rather than posted days late.
      expect(await run(MONDAY_9 + 7 * 24 * HOUR + 25 * HOUR)).toBeUndefined();
      const outbox = await db.selectFrom('outbox').select('dedupe_key').where('chat_key', '=', 'channel').execute();
      expect(outbox).toHaveLength(1);
      const post = await createRelayStore(db, keys).channel.getPost(1);
      expect(post).toMatchObject({ kind: 'schedule', status: 'published', text: expect.stringContaining('Пн 10–14: вокзал') });
    });
  });
}
