import type { Kysely } from 'kysely';
import type { CaseStore, ClientStore, EmergencyStore, FeedbackStore, NewMessage, OutboxRequest, RelayStore, StaffStore } from '../core/ports.ts';
import type { SpottingStore } from '../core/spotting/ports.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from './schema.ts';
import { createSpottingStore } from './spotting-store.ts';
import { createCommunityStore } from './community-store.ts';
import type { CommunityStore } from '../core/community/ports.ts';
import type { ChannelStore } from '../core/channel/ports.ts';
import { createChannelStore } from './channel-store.ts';
import type { GroupRequestStore } from '../core/community/group-request-ports.ts';
import { createGroupRequestStore } from './group-request-store.ts';
import type { DrugAlertStore } from '../core/channel/drug-alert-ports.ts';
import { createDrugAlertStore } from './drug-alert-store.ts';
import type { OutboxPayload } from '../core/outbox/ports.ts';
import { SEAL } from './relay-rows.ts';
import { createCaseStore } from './case-store.ts';
import { createClientStore } from './client-store.ts';
import { createEmergencyStore } from './emergency-store.ts';
import { createFeedbackStore } from './feedback-store.ts';
import { createStaffStore } from './staff-store.ts';
import { createWebChatStore } from './web-chat-store.ts';
import type { WebChatStore } from '../core/web-chat/ports.ts';

/**
 * What a call puts into the case transcript as a message of the bot, or undefined when it is
 * none: a call to another chat or without a case, a worker's reply (its use-case records it
 * and sets an effect), or no new message at all (answers to button presses, edits, deletions).
 */
export function botTranscriptEntry(request: OutboxRequest): Pick<NewMessage, 'kind' | 'body' | 'media'> | undefined {
  if (request.target.kind !== 'client' || request.caseId === undefined || request.effect !== undefined) return undefined;
  const { params } = request;
  switch (request.method) {
    case 'sendMessage':
      return { kind: 'text', body: typeof params.text === 'string' ? params.text : null, media: null };
    case 'sendLocation':
      return {
        kind: 'location',
        body: null,
        media: typeof params.latitude === 'number' && typeof params.longitude === 'number' ? { latitude: params.latitude, longitude: params.longitude } : null,
      };
    case 'copyMessage':
      return { kind: 'other', body: typeof params.caption === 'string' ? params.caption : null, media: null };
    default:
      return undefined;
  }
}

/** A button of a bot message as the web chat shows it: its label and what pressing it says. */
interface WebButton {
  label: string;
  data: string;
}

/** The inline buttons of a call (callback buttons only; links and the like mean nothing on the web chat). */
function webButtons(params: Record<string, unknown>): WebButton[][] {
  const markup = params.reply_markup as { inline_keyboard?: unknown } | undefined;
  if (!markup || !Array.isArray(markup.inline_keyboard)) return [];
  return markup.inline_keyboard
    .map((row: unknown) =>
      (Array.isArray(row) ? row : []).flatMap((b: { text?: unknown; callback_data?: unknown }) =>
        typeof b.text === 'string' && typeof b.callback_data === 'string' ? [{ label: b.text, data: b.callback_data }] : [],
      ),
    )
    .filter((row) => row.length > 0);
}

/**
 * A call to a web-chat client: nothing is queued (there is no chat). The bot's message becomes
 * its transcript row, with its buttons (sealed like the body), once per dedupe key (claimed
 * like a dashboard request id, as the outbox would), so a call meant once is recorded once.
 */
async function recordForWeb(db: Kysely<Database>, keys: Keyring, request: OutboxRequest, at: number): Promise<void> {
  const entry = botTranscriptEntry(request);
  if (!entry || request.caseId === undefined) return;
  const claimed = await db
    .insertInto('dashboard_requests')
    .values({ request_id: `web-out:${request.dedupeKey}`, created_at: at })
    .onConflict((oc) => oc.column('request_id').doNothing())
    .returning('request_id')
    .executeTakeFirst();
  if (!claimed) return;
  const buttons = webButtons(request.params);
  const media = buttons.length > 0 ? { buttons } : entry.media;
  await db
    .insertInto('messages')
    .values({
      case_id: request.caseId,
      direction: 'bot',
      kind: entry.kind,
      body_sealed: entry.body === null ? null : keys.seal(entry.body, SEAL.body),
      media_sealed: media === null ? null : keys.seal(JSON.stringify(media), SEAL.media),
      created_at: at,
    })
    .execute();
}

/**
 * The relay's storage, over a Kysely transaction (or the plain database). Seals every
 * Telegram chat id and every message body and caption before it reaches the disk.
 */
export function createRelayStore(db: Kysely<Database>, keys: Keyring): RelayStore {
  let spotting: SpottingStore | undefined;
  let community: CommunityStore | undefined;
  let channel: ChannelStore | undefined;
  let groupRequests: GroupRequestStore | undefined;
  let drugAlerts: DrugAlertStore | undefined;
  let clients: ClientStore | undefined;
  let cases: CaseStore | undefined;
  let staff: StaffStore | undefined;
  let feedback: FeedbackStore | undefined;
  let emergencies: EmergencyStore | undefined;
  let webChat: WebChatStore | undefined;
  return {
    get webChat() {
      webChat ??= createWebChatStore(db, keys);
      return webChat;
    },
    get clients() {
      clients ??= createClientStore(db, keys);
      return clients;
    },
    get cases() {
      cases ??= createCaseStore(db, keys);
      return cases;
    },
    get staff() {
      staff ??= createStaffStore(db, keys);
      return staff;
    },
    get feedback() {
      feedback ??= createFeedbackStore(db, keys);
      return feedback;
    },
    get emergencies() {
      emergencies ??= createEmergencyStore(db);
      return emergencies;
    },
    get drugAlerts() {
      drugAlerts ??= createDrugAlertStore(db, keys);
      return drugAlerts;
    },

    get groupRequests() {
      groupRequests ??= createGroupRequestStore(db, keys);
      return groupRequests;
    },

    get channel() {
      channel ??= createChannelStore(db, keys);
      return channel;
    },

    get community() {
      community ??= createCommunityStore(db, keys);
      return community;
    },

    get spotting() {
      spotting ??= createSpottingStore(db, keys);
      return spotting;
    },

    async getSetting(key) {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },

    async setSetting(key, value, at) {
      await db
        .insertInto('settings')
        .values({ key, value, updated_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
        .execute();
    },

    async scheduleTimer(timer) {
      await db
        .insertInto('timers')
        .values({ kind: timer.kind, case_id: timer.caseId, client_id: timer.clientId, payload: JSON.stringify(timer.payload), due_at: timer.dueAt, created_at: timer.at })
        .execute();
    },

    async enqueue(request, at) {
      if (request.target.kind === 'client') {
        const client = await db.selectFrom('clients').select('via').where('id', '=', request.target.clientId).executeTakeFirst();
        if (client?.via === 'web') {
          await recordForWeb(db, keys, request, at);
          return;
        }
      }
      // The bot's own message to a client in a case is part of the case: recorded here, once,
      // in the same transaction, so no use-case can forget it.
      const entry = botTranscriptEntry(request);
      const botMessageId =
        entry && request.caseId !== undefined
          ? (
              await db
                .insertInto('messages')
                .values({
                  case_id: request.caseId,
                  direction: 'bot',
                  kind: entry.kind,
                  body_sealed: entry.body === null ? null : keys.seal(entry.body, SEAL.body),
                  media_sealed: entry.media === null ? null : keys.seal(JSON.stringify(entry.media), SEAL.media),
                  created_at: at,
                })
                .returning('id')
                .executeTakeFirstOrThrow()
            ).id
          : undefined;
      // Linked like a worker's reply: the dashboard shows its delivery, /forget finds its Telegram id.
      const effect: OutboxRequest['effect'] = botMessageId === undefined ? request.effect : { kind: 'client-message-id', messageId: botMessageId };
      const payload: OutboxPayload = {
        method: request.method,
        params: request.params,
        target: request.target,
        ...(request.source ? { source: request.source } : {}),
        ...(effect ? { effect } : {}),
      };
      const stored = await db
        .insertInto('outbox')
        .values({
          dedupe_key: request.dedupeKey,
          chat_key: request.lane,
          priority: request.priority,
          payload_sealed: keys.seal(JSON.stringify(payload), SEAL.outbox),
          case_id: request.caseId ?? null,
          message_id: effect && 'messageId' in effect ? effect.messageId : null,
          status: 'pending',
          next_attempt_at: at,
          created_at: at,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      // The same call enqueued again (a retried update): its transcript row is there already.
      if (!stored && botMessageId !== undefined) await db.deleteFrom('messages').where('id', '=', botMessageId).execute();
    },
  };
}
