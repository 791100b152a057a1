import type { Kysely } from 'kysely';
import type { ChannelPost, ChannelPostStatus, ChannelStore } from '../core/channel/ports.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from './schema.ts';

/** Context bound into a channel post's sealed text. */
export const SEAL_CHANNEL_POST = 'channel-post-body';

const COLUMNS = ['id', 'kind', 'status', 'body_sealed', 'draft_message_id', 'preview_message_id', 'channel_message_id', 'approved_by_staff_id', 'publish_at', 'published_at'] as const;

interface PostRow {
  id: number;
  kind: string;
  status: string;
  body_sealed: Uint8Array | null;
  draft_message_id: number | null;
  preview_message_id: number | null;
  channel_message_id: number | null;
  approved_by_staff_id: number | null;
  publish_at: number | null;
  published_at: number | null;
}

/** Channel posts over a Kysely transaction (or the plain database). */
export function createChannelStore(db: Kysely<Database>, keys: Keyring): ChannelStore {
  const toPost = (row: PostRow): ChannelPost => ({
    id: row.id,
    kind: row.kind === 'schedule' ? 'schedule' : 'post',
    status: row.status as ChannelPostStatus,
    text: row.body_sealed ? keys.open(row.body_sealed, SEAL_CHANNEL_POST) : '',
    draftMessageId: row.draft_message_id,
    previewMessageId: row.preview_message_id,
    channelMessageId: row.channel_message_id,
    approvedBy: row.approved_by_staff_id,
    publishAt: row.publish_at === null ? null : Number(row.publish_at),
    publishedAt: row.published_at === null ? null : Number(row.published_at),
  });
  const seal = (text: string) => keys.seal(text, SEAL_CHANNEL_POST);
  return {
    async createDraft({ text, draftMessageId, authorStaffId, at }) {
      const row = await db
        .insertInto('channel_posts')
        .values({ kind: 'post', status: 'draft', body_sealed: seal(text), draft_message_id: draftMessageId, author_staff_id: authorStaffId, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async recent(limit) {
      const rows = await db.selectFrom('channel_posts').select(COLUMNS).where('status', '!=', 'deleted').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toPost);
    },

    async getPost(id) {
      const row = await db.selectFrom('channel_posts').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return row ? toPost(row) : undefined;
    },

    async findByMessage(messageId) {
      const row = await db
        .selectFrom('channel_posts')
        .select(COLUMNS)
        .where((eb) => eb.or([eb('draft_message_id', '=', messageId), eb('preview_message_id', '=', messageId)]))
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row ? toPost(row) : undefined;
    },

    async updateText(id, text, at) {
      await db.updateTable('channel_posts').set({ body_sealed: seal(text), updated_at: at }).where('id', '=', id).execute();
      // An approved text was approved as it was: a changed one, not yet out, needs a new approval.
      await db
        .updateTable('channel_posts')
        .set({ status: 'draft', approved_by_staff_id: null, approved_at: null })
        .where('id', '=', id)
        .where('status', 'in', ['approved', 'scheduled'])
        .execute();
    },

    async transition(id, from, to, change, at) {
      const result = await db
        .updateTable('channel_posts')
        .set({
          status: to,
          updated_at: at,
          ...(change.approvedBy === undefined ? {} : { approved_by_staff_id: change.approvedBy, approved_at: at }),
          ...(change.publishAt === undefined ? {} : { publish_at: change.publishAt }),
          ...(to === 'published' ? { published_at: at } : {}),
        })
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async setPublishAt(id, publishAt, at) {
      await db.updateTable('channel_posts').set({ publish_at: publishAt, updated_at: at }).where('id', '=', id).execute();
    },

    async claimDue(now, limit) {
      const due = await db.selectFrom('channel_posts').select('id').where('status', '=', 'scheduled').where('publish_at', '<=', now).orderBy('publish_at').limit(limit).execute();
      if (due.length === 0) return [];
      const rows = await db
        .updateTable('channel_posts')
        .set({ status: 'published', published_at: now, updated_at: now })
        .where('id', 'in', due.map((r) => r.id))
        .where('status', '=', 'scheduled')
        .returning(COLUMNS)
        .execute();
      return rows.map(toPost);
    },

    async nextDue() {
      const row = await db.selectFrom('channel_posts').select((eb) => eb.fn.min('publish_at').as('next')).where('status', '=', 'scheduled').executeTakeFirst();
      return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
    },

    async createAutoPost({ kind, text, autoKey, at }) {
      const row = await db
        .insertInto('channel_posts')
        .values({ kind, status: 'published', body_sealed: seal(text), auto_key: autoKey, published_at: at, created_at: at, updated_at: at })
        .onConflict((oc) => oc.column('auto_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id;
    },
  };
}
