import type { OutboxRequest, RelayStore, Translate } from './ports.ts';
import { closeCase } from './close-case.ts';
import { PRIORITY, type Language, type MessageKind } from './types.ts';
import { LANE } from './outbox/lanes.ts';

/** A message a worker posted in the staff forum group. */
export interface IncomingStaffMessage {
  updateId: number;
  at: number;
  /** Keyed hash of the worker's Telegram user id. */
  staffPseudonym: string;
  /** The worker's private chat id (sealed by storage; for opt-in alerts later). */
  staffChatId: number;
  /** Forum topic the message was posted in; undefined in General. */
  topicId: number | undefined;
  messageId: number;
  kind: MessageKind;
  text: string | null;
  media: Record<string, unknown> | null;
}

/** What the worker's message did. */
export type StaffMessageOutcome =
  | 'relayed'
  | 'note'
  | 'closed'
  | 'already-closed'
  | 'case-closed-not-sent'
  | 'client-unreachable'
  | 'alias-set'
  | 'linked'
  | 'link-refused'
  | 'flags-set'
  | 'unknown-command'
  | 'ignored';

export interface ReceiveStaffMessageDeps {
  t: Translate;
  staffLanguage: Language;
  /** The organisation's contacts, given to a client when their case closes. */
  orgContacts?: string;
}


const COMMAND = /^\/([a-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i;
const MAX_ALIAS = 32;

/**
 * A worker's message in the staff group: in a case's topic it is delivered to the client
 * (signed with the worker's alias, never their Telegram name); `!` makes it an internal
 * note; `/close` closes the case; `/alias NAME` sets how the worker signs.
 */
export async function receiveStaffMessage(
  store: RelayStore,
  deps: ReceiveStaffMessageDeps,
  input: IncomingStaffMessage,
): Promise<StaffMessageOutcome> {
  const staff = await store.staff.upsert({ pseudonym: input.staffPseudonym, chatId: input.staffChatId, at: input.at });
  const text = input.text?.trim() ?? '';
  const command = input.kind === 'text' ? COMMAND.exec(text) : null;
  const name = command?.[1]?.toLowerCase();
  const tell = (key: string, args?: Record<string, string | number>): OutboxRequest => ({
    dedupeKey: `staff-reply:${input.updateId}`,
    lane: input.topicId === undefined ? 'staff:general' : `topic:${input.topicId}`,
    priority: PRIORITY.normal,
    target: { kind: 'staff-chat' },
    method: 'sendMessage',
    params: {
      text: deps.t(deps.staffLanguage, key, args),
      ...(input.topicId === undefined ? {} : { message_thread_id: input.topicId }),
      reply_parameters: { message_id: input.messageId, allow_sending_without_reply: true },
    },
  });

  if (name === 'alias') {
    // Control characters (a NUL, which PostgreSQL refuses in text) never become part of a signature.
    // eslint-disable-next-line no-control-regex
    const alias = (command?.[2] ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_ALIAS);
    await store.staff.setAlias(staff.id, alias === '' ? null : alias);
    await store.enqueue(tell(alias === '' ? 'staff-alias-cleared' : 'staff-alias-set', { alias }), input.at);
    return 'alias-set';
  }
  if (name === 'link') {
    const result = await store.staff.linkDashboardAccount((command?.[2] ?? '').trim(), staff.id, input.at);
    await store.enqueue(typeof result === 'string' ? tell(result === 'invalid' ? 'staff-link-invalid' : 'staff-link-taken') : tell('staff-link-done', { login: result.login, role: deps.t(deps.staffLanguage, `role-${result.role}`) }), input.at);
    return typeof result === 'string' ? 'link-refused' : 'linked';
  }
  if (name === 'oncall' || name === 'alerts') {
    const on = !/^(off|нет|выкл)/i.test((command?.[2] ?? 'on').trim());
    await store.staff.setFlags(staff.id, name === 'oncall' ? { onCall: on } : { dmAlerts: on });
    await store.enqueue(tell(`staff-${name}-${on ? 'on' : 'off'}`), input.at);
    return 'flags-set';
  }
  if (input.topicId === undefined) return 'ignored';
  const kase = await store.cases.byTopic(input.topicId);
  if (kase === undefined) return 'ignored';

  if (text.startsWith('!')) {
    await store.cases.recordMessage({
      caseId: kase.id,
      direction: 'note',
      kind: input.kind,
      body: input.text,
      media: input.media,
      staffMessageId: input.messageId,
      updateId: input.updateId,
      staffId: staff.id,
      at: input.at,
    });
    return 'note';
  }

  if (name === 'close') {
    if (kase.status === 'closed') {
      await store.enqueue(tell('staff-case-already-closed'), input.at);
      return 'already-closed';
    }
    await closeCase(store, deps, kase, input.at);
    await store.enqueue(tell('staff-case-closed', { case: kase.id }), input.at);
    return 'closed';
  }

  if (command) {
    await store.enqueue(tell('staff-unknown-command'), input.at);
    return 'unknown-command';
  }
  if (kase.status === 'closed') {
    await store.enqueue(tell('staff-case-closed-not-sent'), input.at);
    return 'case-closed-not-sent';
  }
  const client = await store.clients.get(kase.clientId);
  if (client === undefined || client.unreachable) {
    await store.enqueue(tell('staff-client-unreachable'), input.at);
    return 'client-unreachable';
  }

  const messageId = await store.cases.recordMessage({
    caseId: kase.id,
    direction: 'out',
    kind: input.kind,
    body: input.text,
    media: input.media,
    staffMessageId: input.messageId,
    updateId: input.updateId,
    staffId: staff.id,
    at: input.at,
  });
  await store.cases.markFirstResponse(kase.id, input.at);
  const signature = staff.alias ? deps.t(client.language, 'client-reply-signature', { alias: staff.alias }) : '';
  const base = {
    dedupeKey: `relay-out:${input.updateId}`,
    lane: LANE.client(client.id),
    priority: kase.urgent ? PRIORITY.urgent : PRIORITY.normal,
    target: { kind: 'client', clientId: client.id },
    effect: { kind: 'client-message-id', messageId },
    caseId: kase.id,
  } as const;
  if (input.kind === 'text') {
    await store.enqueue({ ...base, method: 'sendMessage', params: { text: withSignature(input.text ?? '', signature, 4096) } }, input.at);
  } else {
    const caption = input.text ?? '';
    const params: Record<string, unknown> = { message_id: input.messageId };
    // Stickers, locations and voice notes without caption keep their own form; a caption carries the signature.
    if (caption !== '' || (signature !== '' && captionable(input.kind))) params.caption = withSignature(caption, signature, 1024);
    await store.enqueue({ ...base, method: 'copyMessage', source: { kind: 'staff-chat' }, params }, input.at);
  }
  return 'relayed';
}

function captionable(kind: MessageKind): boolean {
  return kind === 'photo' || kind === 'video' || kind === 'document' || kind === 'voice';
}

/** A worker's text with their signature, within `limit` characters. */
export function withSignature(text: string, signature: string, limit: number): string {
  if (signature === '') return text.slice(0, limit);
  const joined = text === '' ? signature : `${text}\n\n${signature}`;
  if (joined.length <= limit) return joined;
  return `${text.slice(0, limit - signature.length - 3)}…\n\n${signature}`;
}
