import { TOUCH_INTERVAL_MS } from './policies.ts';
import type { RelayStore, Translate } from './ports.ts';
import { PRIORITY, type Language, type MessageKind } from './types.ts';

/** A private message from a client, as the transport hands it over (no names, no usernames). */
export interface IncomingClientMessage {
  updateId: number;
  at: number;
  /** Keyed hash of the Telegram user id. */
  pseudonym: string;
  /** Telegram chat id; storage seals it and the outbox needs it to answer. */
  chatId: number;
  language: Language;
  messageId: number;
  kind: MessageKind;
  /** Text, or the caption of a media message. */
  text: string | null;
  /** Media details worth keeping (file id, duration, coordinates). */
  media: Record<string, unknown> | null;
  /** Formatting of a text message (bold, links), relayed with it. */
  entities?: readonly Record<string, unknown>[];
  /** The client sent an edited version of an earlier message. */
  edited?: boolean;
  /** The message held something never relayed or stored (a contact card: phone and name). */
  withheld?: 'contact';
}

/** What happened, for logs and metrics (never content). */
export interface ClientMessageOutcome {
  caseId: number | null;
  openedCase: boolean;
  welcomed: boolean;
}

/** Dependencies of the client-message use-case. */
export interface ReceiveClientMessageDeps {
  t: Translate;
  staffLanguage: Language;
}

const START = /^\/start(@\w+)?(\s|$)/;

/**
 * A client's private message opens or continues their case: it is recorded (sealed), an
 * acknowledgement goes to the client when a case opens, the case gets a staff topic named
 * by the client code, and the message is relayed into that topic. All of it is queued in
 * the outbox inside the caller's transaction.
 */
export async function receiveClientMessage(
  store: RelayStore,
  deps: ReceiveClientMessageDeps,
  input: IncomingClientMessage,
): Promise<ClientMessageOutcome> {
  const { client } = await store.upsertClient({
    pseudonym: input.pseudonym,
    chatId: input.chatId,
    language: input.language,
    at: input.at,
  });
  const lang = client.language;

  if (input.kind === 'text' && input.text !== null && START.test(input.text.trim()) && !input.edited) {
    await store.enqueue(
      {
        dedupeKey: `welcome:${input.updateId}`,
        lane: `client:${client.id}`,
        priority: PRIORITY.normal,
        target: { kind: 'client', clientId: client.id },
        method: 'sendMessage',
        params: { text: deps.t(lang, 'client-welcome') },
      },
      input.at,
    );
    return { caseId: null, openedCase: false, welcomed: true };
  }

  let kase = await store.findOpenCase(client.id, 'private');
  const openedCase = kase === undefined;
  if (kase === undefined) {
    kase = await store.openCase({ clientId: client.id, channel: 'private', urgent: false, at: input.at });
  } else if (input.at - kase.updatedAt >= TOUCH_INTERVAL_MS) {
    await store.touchCase(kase.id, input.at);
  }
  const priority = kase.urgent ? PRIORITY.urgent : PRIORITY.normal;
  const messageId = await store.recordMessage({
    caseId: kase.id,
    direction: 'in',
    kind: input.kind,
    body: input.text,
    media: input.media,
    clientMessageId: input.messageId,
    updateId: input.updateId,
    at: input.at,
  });
  const caseLane = `case:${kase.id}`;

  if (openedCase) {
    await store.enqueue(
      {
        dedupeKey: `ack:${input.updateId}`,
        lane: `client:${client.id}`,
        priority,
        target: { kind: 'client', clientId: client.id },
        method: 'sendMessage',
        params: { text: deps.t(lang, 'client-ack') },
        caseId: kase.id,
      },
      input.at,
    );
    await store.enqueue(
      {
        dedupeKey: `topic:${kase.id}`,
        lane: caseLane,
        priority,
        target: { kind: 'staff-chat' },
        method: 'createForumTopic',
        params: { name: topicName(client.code, kase.id) },
        effect: { kind: 'case-topic', caseId: kase.id },
        caseId: kase.id,
      },
      input.at,
    );
  }

  if (input.edited) {
    await store.enqueue(
      {
        dedupeKey: `edited-note:${input.updateId}`,
        lane: caseLane,
        priority,
        target: { kind: 'staff-topic', caseId: kase.id },
        method: 'sendMessage',
        params: { text: deps.t(deps.staffLanguage, 'staff-client-edited') },
        caseId: kase.id,
      },
      input.at,
    );
  }

  // Text is relayed from our own (sealed) copy, so it still arrives if the client deletes
  // their message first; media are copied by Telegram, without any "forwarded from".
  if (input.withheld) {
    await store.enqueue(
      {
        dedupeKey: `withheld-client:${input.updateId}`,
        lane: `client:${client.id}`,
        priority,
        target: { kind: 'client', clientId: client.id },
        method: 'sendMessage',
        params: { text: deps.t(lang, 'client-contact-withheld') },
        caseId: kase.id,
      },
      input.at,
    );
    await store.enqueue(
      {
        dedupeKey: `withheld-staff:${input.updateId}`,
        lane: caseLane,
        priority,
        target: { kind: 'staff-topic', caseId: kase.id },
        method: 'sendMessage',
        params: { text: deps.t(deps.staffLanguage, 'staff-contact-withheld') },
        caseId: kase.id,
      },
      input.at,
    );
    return { caseId: kase.id, openedCase, welcomed: false };
  }

  const relay =
    input.kind === 'text' && input.text !== null
      ? { method: 'sendMessage' as const, params: { text: input.text, ...(input.entities ? { entities: input.entities } : {}) } }
      : { method: 'copyMessage' as const, source: { kind: 'client' as const, clientId: client.id }, params: { message_id: input.messageId } };
  await store.enqueue(
    {
      dedupeKey: `relay-in:${input.updateId}`,
      lane: caseLane,
      priority,
      target: { kind: 'staff-topic', caseId: kase.id },
      ...relay,
      effect: { kind: 'staff-message-id', messageId },
      caseId: kase.id,
    },
    input.at,
  );
  return { caseId: kase.id, openedCase, welcomed: false };
}

/** A staff topic's name: the client code and the case number, never a name or username. */
export function topicName(code: string, caseId: number, closed = false): string {
  return `${closed ? '✅ ' : ''}${code} · #${caseId}`;
}
