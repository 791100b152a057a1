import { sql, type Kysely } from 'kysely';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { WebChatButton, WebChatLine, WebChatStore } from '../core/web-chat/ports.ts';
import type { MessageKind } from '../core/types.ts';
import type { Database } from './schema.ts';
import { SEAL } from './relay-rows.ts';

/** The web chat's limits (one upsert per event) and its view of a client's conversation. Over a transaction (or the plain database). */
export function createWebChatStore(db: Kysely<Database>, keys: Keyring): WebChatStore {
  return {
    async hit(bucket, limit, windowMs, at) {
      // One statement on every dialect: a window that ended starts again at 1.
      const row = await db
        .insertInto('web_chat_limits')
        .values({ bucket, count: 1, window_ends_at: at + windowMs })
        .onConflict((oc) =>
          oc.column('bucket').doUpdateSet({
            count: sql<number>`case when web_chat_limits.window_ends_at <= ${at} then 1 else web_chat_limits.count + 1 end`,
            window_ends_at: sql<number>`case when web_chat_limits.window_ends_at <= ${at} then ${at + windowMs} else web_chat_limits.window_ends_at end`,
          }),
        )
        .returning('count')
        .executeTakeFirstOrThrow();
      return Number(row.count) <= limit;
    },

    async count(bucket, at) {
      const row = await db.selectFrom('web_chat_limits').select(['count', 'window_ends_at']).where('bucket', '=', bucket).executeTakeFirst();
      return row && Number(row.window_ends_at) > at ? Number(row.count) : 0;
    },

    async markShown(clientId, newestLineAt, at) {
      await db
        .updateTable('clients')
        .set({ web_seen_at: at })
        .where('id', '=', clientId)
        .where((eb) => eb.or([eb('web_seen_at', 'is', null), eb('web_seen_at', '<', newestLineAt)]))
        .execute();
    },

    async conversation(clientId, limit) {
      const rows = await db
        .selectFrom('messages')
        .innerJoin('cases', 'cases.id', 'messages.case_id')
        .select(['messages.id', 'messages.direction', 'messages.kind', 'messages.body_sealed', 'messages.media_sealed', 'messages.created_at'])
        .where('cases.client_id', '=', clientId)
        // Notes are the team's own: never on the person's page.
        .where('messages.direction', 'in', ['in', 'out', 'bot'])
        .orderBy('messages.id', 'desc')
        .limit(limit)
        .execute();
      return rows.reverse().map((r): WebChatLine => {
        let buttons: WebChatButton[][] = [];
        if (r.direction === 'bot' && r.media_sealed) {
          const media = JSON.parse(keys.open(r.media_sealed, SEAL.media)) as { buttons?: WebChatButton[][] };
          buttons = Array.isArray(media.buttons) ? media.buttons : [];
        }
        return {
          id: r.id,
          direction: r.direction as WebChatLine['direction'],
          kind: r.kind as MessageKind | 'choice',
          text: r.body_sealed ? keys.open(r.body_sealed, SEAL.body) : null,
          buttons,
          at: Number(r.created_at),
        };
      });
    },
  };
}
