import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newClientCode } from '../core/client-code.ts';
import { TOUCH_INTERVAL_MS } from '../core/policies.ts';
import type { NewMessage, OutboxRequest, RelayStore } from '../core/ports.ts';
import type { Case, CaseChannel, CaseStatus, Client, Language, StaffMember, StaffRole } from '../core/types.ts';
import type { SpottingStore } from '../core/spotting/ports.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import { linkCodeHash } from '../core/account-link.ts';
import { STAFF_LINK_PREFIX } from './account-store.ts';
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

/** Contexts bound into every sealed value, so one kind cannot be passed off as another. */
export const SEAL = {
  clientChat: 'client-chat',
  staffChat: 'staff-chat',
  body: 'message-body',
  media: 'message-media',
  inbox: 'inbox-update',
  outbox: 'outbox-call',
  feedback: 'feedback-comment',
} as const;

interface CaseRow {
  id: number;
  client_id: number;
  channel: string;
  status: string;
  urgent: number;
  staff_topic_id: number | null;
  opened_at: number;
  first_response_at: number | null;
  updated_at: number;
  needs: string;
  doctor_flag: number;
}

function toCase(row: CaseRow): Case {
  return {
    id: row.id,
    clientId: row.client_id,
    channel: row.channel as CaseChannel,
    status: row.status as CaseStatus,
    urgent: row.urgent === 1,
    staffTopicId: row.staff_topic_id,
    openedAt: row.opened_at,
    firstResponseAt: row.first_response_at,
    updatedAt: row.updated_at,
    needs: JSON.parse(row.needs) as string[],
    doctorFlag: row.doctor_flag === 1,
  };
}

const CASE_COLUMNS = ['id', 'client_id', 'channel', 'status', 'urgent', 'staff_topic_id', 'opened_at', 'first_response_at', 'updated_at', 'needs', 'doctor_flag'] as const;

/** A client sending voice after voice is asked to write at most this often. */
const VOICE_ASK_INTERVAL_MS = 30 * 60_000;
/** A case is asked "is a life in danger?" at most this often; an emergency alerts anyway. */
const DANGER_ASK_INTERVAL_MS = 30 * 60_000;

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
  /** Remembers that a case was asked something, unless it was within `intervalMs`: true if it may be asked now. */
  const claimAsk = async (column: 'voice_asked_at' | 'danger_asked_at', intervalMs: number, caseId: number, at: number): Promise<boolean> => {
    const result = await db
      .updateTable('cases')
      .set({ [column]: at })
      .where('id', '=', caseId)
      .where((eb) => eb.or([eb(column, 'is', null), eb(column, '<', at - intervalMs)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  };
  return {
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

    async upsertClient({ pseudonym, chatId, language, at }) {
      const found = await db
        .selectFrom('clients')
        .select(['id', 'code', 'language', 'unreachable', 'erased_at', 'last_seen_at'])
        .where('pseudonym', '=', pseudonym)
        .executeTakeFirst();
      if (found) {
        // last_seen is kept to the minute: a write per message would buy nothing.
        const stale = at - found.last_seen_at >= TOUCH_INTERVAL_MS;
        if (!stale && found.unreachable === 0 && found.erased_at === null) {
          return { client: { id: found.id, code: found.code, language: found.language as Language, unreachable: false }, created: false };
        }
        await db
          .updateTable('clients')
          .set({ last_seen_at: at, unreachable: 0, ...(found.erased_at === null ? {} : { chat_sealed: keys.seal(String(chatId), SEAL.clientChat), erased_at: null }) })
          .where('id', '=', found.id)
          .execute();
        return { client: { id: found.id, code: found.code, language: found.language as Language, unreachable: false }, created: false };
      }
      let code = newClientCode();
      for (let tries = 0; ; tries++) {
        const taken = await db.selectFrom('clients').select('id').where('code', '=', code).executeTakeFirst();
        if (!taken) break;
        code = newClientCode(tries < 20 ? 4 : 6);
      }
      const row = await db
        .insertInto('clients')
        .values({
          pseudonym,
          code,
          chat_sealed: keys.seal(String(chatId), SEAL.clientChat),
          language,
          first_seen_at: at,
          last_seen_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { client: { id: row.id, code, language, unreachable: false }, created: true };
    },

    async getClient(clientId): Promise<Client | undefined> {
      const row = await db
        .selectFrom('clients')
        .select(['id', 'code', 'language', 'unreachable', 'erased_at'])
        .where('id', '=', clientId)
        .executeTakeFirst();
      if (!row) return undefined;
      return { id: row.id, code: row.code, language: row.language as Language, unreachable: row.unreachable === 1 || row.erased_at !== null };
    },

    async findOpenCase(clientId, channel) {
      const row = await db
        .selectFrom('cases')
        .select(CASE_COLUMNS)
        .where('client_id', '=', clientId)
        .where('channel', '=', channel)
        .where('status', '=', 'open')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row ? toCase(row) : undefined;
    },

    async openCase({ clientId, channel, urgent, at }) {
      const row = await db
        .insertInto('cases')
        .values({ client_id: clientId, channel, status: 'open', urgent: urgent ? 1 : 0, opened_at: at, updated_at: at })
        .returning(CASE_COLUMNS)
        .executeTakeFirstOrThrow();
      return toCase(row);
    },

    async claimRequest(requestId, at) {
      const row = await db.insertInto('dashboard_requests').values({ request_id: requestId, created_at: at }).onConflict((oc) => oc.column('request_id').doNothing()).returning('request_id').executeTakeFirst();
      return row !== undefined;
    },

    async requestMessage(requestId) {
      const row = await db.selectFrom('dashboard_requests').select('message_id').where('request_id', '=', requestId).executeTakeFirst();
      return row?.message_id ?? undefined;
    },

    async setRequestMessage(requestId, messageId) {
      await db.updateTable('dashboard_requests').set({ message_id: messageId }).where('request_id', '=', requestId).execute();
    },

    async lockCase(caseId) {
      // A no-op update: every database locks the row it writes until commit, no FOR UPDATE dialects needed.
      await db.updateTable('cases').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', caseId).execute();
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

    async getCase(caseId) {
      const row = await db.selectFrom('cases').select(CASE_COLUMNS).where('id', '=', caseId).executeTakeFirst();
      return row ? toCase(row) : undefined;
    },

    async findCaseByTopic(topicId) {
      const row = await db
        .selectFrom('cases')
        .select(CASE_COLUMNS)
        .where('staff_topic_id', '=', topicId)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row ? toCase(row) : undefined;
    },

    async closeCase(caseId, at) {
      await db.updateTable('cases').set({ status: 'closed', closed_at: at, updated_at: at }).where('id', '=', caseId).execute();
    },

    async markFirstResponse(caseId, at) {
      await db
        .updateTable('cases')
        .set({ first_response_at: at })
        .where('id', '=', caseId)
        .where('first_response_at', 'is', null)
        .execute();
      // A human answered: emergencies of the case stop repeating their alerts.
      await db.updateTable('emergencies').set({ first_human_at: at }).where('case_id', '=', caseId).where('first_human_at', 'is', null).execute();
    },

    async recordMessage(m: NewMessage) {
      const row = await db
        .insertInto('messages')
        .values({
          case_id: m.caseId,
          direction: m.direction,
          kind: m.kind,
          body_sealed: m.body === null ? null : keys.seal(m.body, SEAL.body),
          media_sealed: m.media === null ? null : keys.seal(JSON.stringify(m.media), SEAL.media),
          client_message_id: m.clientMessageId ?? null,
          staff_message_id: m.staffMessageId ?? null,
          update_id: m.updateId ?? null,
          staff_id: m.staffId ?? null,
          created_at: m.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The inbox sorts by activity and filters on who spoke last; notes and the bot's own
      // messages change neither (an acknowledgement leaves the case waiting for a human).
      if (m.direction === 'in' || m.direction === 'out') {
        await db.updateTable('cases').set({ last_direction: m.direction, last_kind: m.kind, last_at: m.at, updated_at: m.at }).where('id', '=', m.caseId).execute();
      }
      return row.id;
    },

    async upsertStaff({ pseudonym, chatId, at }): Promise<StaffMember> {
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

    async setStaffAlias(staffId, alias) {
      await db.updateTable('staff').set({ alias }).where('id', '=', staffId).execute();
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

    async recordFeedback(clientId, caseId, rating, at) {
      const row = await db.selectFrom('cases').select(['client_id', 'feedback']).where('id', '=', caseId).executeTakeFirst();
      if (!row || row.client_id !== clientId) return 'not-theirs';
      if (row.feedback !== null) return 'already';
      await db.updateTable('cases').set({ feedback: rating, feedback_at: at }).where('id', '=', caseId).where('feedback', 'is', null).execute();
      return 'recorded';
    },

    async feedbackPromptCase(clientId, messageId) {
      const row = await db
        .selectFrom('outbox')
        .select('case_id')
        .where('chat_key', '=', `client:${clientId}`)
        .where('result_message_id', '=', messageId)
        .where('dedupe_key', 'like', 'fb-comment-ask:%')
        .executeTakeFirst();
      return row?.case_id ?? undefined;
    },

    async saveFeedbackComment(caseId, comment) {
      const result = await db
        .updateTable('cases')
        .set({ feedback_comment_sealed: keys.seal(comment, SEAL.feedback) })
        .where('id', '=', caseId)
        .where('feedback_comment_sealed', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async waitingAfterHours() {
      const rows = await db
        .selectFrom('cases')
        .innerJoin('clients', 'clients.id', 'cases.client_id')
        .select(['cases.id', 'clients.code', 'cases.urgent', 'cases.needs'])
        .where('cases.status', '=', 'open')
        .where('cases.after_hours', '=', 1)
        .where('cases.first_response_at', 'is', null)
        .orderBy('cases.id')
        .limit(200)
        .execute();
      return rows.map((r) => ({ caseId: r.id, code: r.code, urgent: r.urgent === 1, needs: JSON.parse(r.needs) as string[] }));
    },

    async markAfterHours(caseId) {
      await db.updateTable('cases').set({ after_hours: 1 }).where('id', '=', caseId).execute();
    },

    async flagForDoctor(caseId) {
      const result = await db.updateTable('cases').set({ doctor_flag: 1 }).where('id', '=', caseId).where('doctor_flag', '=', 0).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async markUrgent(caseId, at) {
      await db.updateTable('cases').set({ urgent: 1, updated_at: at }).where('id', '=', caseId).execute();
    },

    async addNeed(caseId, need) {
      const row = await db.selectFrom('cases').select('needs').where('id', '=', caseId).executeTakeFirst();
      if (!row) return;
      const needs = JSON.parse(row.needs) as string[];
      if (needs.includes(need)) return;
      await db.updateTable('cases').set({ needs: JSON.stringify([...needs, need]) }).where('id', '=', caseId).execute();
    },

    async setClientLanguage(clientId, language) {
      await db.updateTable('clients').set({ language }).where('id', '=', clientId).execute();
    },

    shouldAskForText: (caseId, at) => claimAsk('voice_asked_at', VOICE_ASK_INTERVAL_MS, caseId, at),

    shouldAskAboutDanger: (caseId, at) => claimAsk('danger_asked_at', DANGER_ASK_INTERVAL_MS, caseId, at),

    async openEmergency({ caseId, kind, trigger, at, withinMs, sameKinds }) {
      let recentQuery = db.selectFrom('emergencies').select(['id', 'kind']).where('case_id', '=', caseId).where('started_at', '>', at - withinMs);
      if (sameKinds !== undefined) recentQuery = recentQuery.where('kind', 'in', [kind, ...sameKinds]);
      const recent = await recentQuery.orderBy('id', 'desc').executeTakeFirst();
      if (recent) return { id: recent.id, fresh: false, kind: recent.kind };
      const row = await db
        .insertInto('emergencies')
        .values({ case_id: caseId, kind, trigger, started_at: at, last_step: null, last_step_at: at, first_human_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, fresh: true, kind };
    },

    async setEmergencyKind(emergencyId, kind) {
      await db.updateTable('emergencies').set({ kind }).where('id', '=', emergencyId).execute();
    },

    async getEmergency(id) {
      const row = await db.selectFrom('emergencies').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      return { id: row.id, caseId: row.case_id, kind: row.kind, startedAt: row.started_at, lastStep: row.last_step, lastStepAt: row.last_step_at, firstHumanAt: row.first_human_at, alertsSent: row.alerts_sent };
    },

    async recordEmergencyStep(emergencyId, step, at) {
      await db.updateTable('emergencies').set({ last_step: step, last_step_at: at }).where('id', '=', emergencyId).execute();
    },

    async countEmergencyAlert(emergencyId) {
      await db
        .updateTable('emergencies')
        .set((eb) => ({ alerts_sent: eb('alerts_sent', '+', 1) }))
        .where('id', '=', emergencyId)
        .execute();
    },

    async alertRecipients(rotaAliases) {
      const rows = await db.selectFrom('staff').select(['id', 'alias', 'role', 'on_call']).where('dm_alerts', '=', 1).execute();
      const rota = new Set(rotaAliases.map((a) => a.toLowerCase()));
      return rows
        .filter((r) => r.on_call === 1 || (r.alias !== null && rota.has(r.alias.toLowerCase())))
        .map((r) => ({ id: r.id, alias: r.alias, role: r.role as StaffRole }));
    },

    async setStaffFlags(staffId, flags) {
      await db
        .updateTable('staff')
        .set({
          ...(flags.onCall === undefined ? {} : { on_call: flags.onCall ? 1 : 0 }),
          ...(flags.dmAlerts === undefined ? {} : { dm_alerts: flags.dmAlerts ? 1 : 0 }),
        })
        .where('id', '=', staffId)
        .execute();
    },

    async scheduleTimer(timer) {
      await db
        .insertInto('timers')
        .values({ kind: timer.kind, case_id: timer.caseId, client_id: timer.clientId, payload: JSON.stringify(timer.payload), due_at: timer.dueAt, created_at: timer.at })
        .execute();
    },

    async conversationMessageIds(clientId, since) {
      const messages = await db
        .selectFrom('messages')
        .innerJoin('cases', 'cases.id', 'messages.case_id')
        .select(['messages.client_message_id', 'messages.staff_message_id'])
        .where('cases.client_id', '=', clientId)
        .where('messages.created_at', '>=', since)
        .execute();
      // The bot's own messages (acknowledgements, guides) are known from the outbox.
      const fromOutbox = await db
        .selectFrom('outbox')
        .select('result_message_id as id')
        .where('chat_key', '=', `client:${clientId}`)
        .where('status', '=', 'sent')
        .where('result_message_id', 'is not', null)
        .where('sent_at', '>=', since)
        .execute();
      const clientChat = new Set<number>();
      const staffGroup = new Set<number>();
      for (const row of messages) {
        if (row.client_message_id !== null) clientChat.add(row.client_message_id);
        if (row.staff_message_id !== null) staffGroup.add(row.staff_message_id);
      }
      for (const row of fromOutbox) if (row.id !== null) clientChat.add(row.id);
      const newestFirst = (ids: Set<number>) => [...ids].sort((a, b) => b - a);
      return { clientChat: newestFirst(clientChat), staffGroup: newestFirst(staffGroup) };
    },

    async eraseClient(clientId, at) {
      const cases = await db.selectFrom('cases').select('id').where('client_id', '=', clientId).execute();
      const caseIds = cases.map((c) => c.id);
      if (caseIds.length > 0) {
        await db.deleteFrom('messages').where('case_id', 'in', caseIds).execute();
        // Their requests in the community chat: which messages were theirs, and answers to them.
        await db.deleteFrom('group_messages').where('case_id', 'in', caseIds).execute();
        await db.deleteFrom('group_answers').where('case_id', 'in', caseIds).execute();
        await db.updateTable('timers').set({ done_at: at }).where('client_id', '=', clientId).where('done_at', 'is', null).execute();
      }
      // Pending calls to the client will find no chat and be dropped; their payloads go now.
      await db
        .updateTable('outbox')
        .set({ status: 'dead', payload_sealed: null, last_error: 'client erased' })
        .where('chat_key', '=', `client:${clientId}`)
        .where('status', '=', 'pending')
        .execute();
      await db
        .updateTable('clients')
        .set({ pseudonym: `erased:${clientId}:${randomUUID()}`, chat_sealed: null, erased_at: at })
        .where('id', '=', clientId)
        .execute();
      return caseIds;
    },

    async enqueue(request, at) {
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
