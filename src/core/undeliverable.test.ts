import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createTranslator } from '../i18n.ts';
import { createRelayStore } from '../storage/relay-store.ts';
import { SEAL } from '../storage/relay-rows.ts';
import { createKeyring } from './crypto/keyring.ts';
import { noticeUndeliverable, type UndeliverableReason } from './undeliverable.ts';

const keys = createKeyring('undeliverable-test-secret-0123456789-abcdef');
const t = createTranslator();

describe('the notice that a message did not reach the client', () => {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const noticeText = async (reason: UndeliverableReason, outboxId: number): Promise<string> => {
    if (!db) throw new Error('no database');
    const store = createRelayStore(db.db.kysely, keys);
    await noticeUndeliverable(store, { t, staffLanguage: 'en' }, { outboxId, caseId: 1, reason, at: 1 });
    const row = await db.db.kysely.selectFrom('outbox').select(['payload_sealed', 'chat_key']).where('dedupe_key', '=', `undeliverable:${outboxId}`).executeTakeFirstOrThrow();
    expect(row.chat_key).toBe('case:1');
    const payload = JSON.parse(keys.open(row.payload_sealed ?? new Uint8Array(), SEAL.outbox)) as { params: { text: string }; target: { kind: string } };
    expect(payload.target.kind).toBe('staff-topic');
    return payload.params.text;
  };

  it('says the client blocked the bot, also when a queued reply finds them already marked unreachable', async () => {
    expect(await noticeText('blocked', 1)).toBe(t('en', 'staff-client-unreachable'));
    // A second reply queued before the first one's 403 was seen: the same reason, not "erased".
    expect(await noticeText('unreachable', 2)).toBe(t('en', 'staff-client-unreachable'));
  });

  it('says the client erased the conversation only when they did', async () => {
    expect(await noticeText('erased', 3)).toBe(t('en', 'staff-client-erased'));
  });
});
