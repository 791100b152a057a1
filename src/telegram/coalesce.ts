/**
 * Coalesced relays: when a client's messages queue behind the staff group's limit (20 a
 * minute), they go into the case's topic as one message, in order, each marked with its
 * time, within Telegram's 4,096 characters, formatting kept.
 */
import type { OutboxPayload } from '../core/outbox/ports.ts';

/** Telegram's limit on a message's text, in UTF-16 code units (as entity offsets count). */
export const MESSAGE_LIMIT = 4096;

/** A formatting span, as Telegram gives and takes it. */
interface Entity {
  type: string;
  offset: number;
  length: number;
  [field: string]: unknown;
}

/** One relayed client message. */
export interface RelayPart {
  text: string;
  entities?: readonly Entity[] | undefined;
  /** When it was queued (ms). */
  at: number;
}

/**
 * Whether a queued call is a plain text relay of a client's message into a case's topic
 * (what may be coalesced): no buttons, no reply, nothing but text and its formatting.
 */
export function isCoalescibleRelay(payload: OutboxPayload): boolean {
  if (payload.method !== 'sendMessage' || payload.target.kind !== 'staff-topic' || payload.effect?.kind !== 'staff-message-id') return false;
  const params = payload.params;
  return typeof params.text === 'string' && Object.keys(params).every((key) => key === 'text' || key === 'entities');
}

/** The relay's text and formatting. */
export function relayPart(payload: OutboxPayload, at: number): RelayPart {
  const params = payload.params as { text: string; entities?: Entity[] };
  return { text: params.text, entities: params.entities, at };
}

/**
 * Joins as many parts as fit into one message: `[14:03] text` per part, one per line,
 * entities moved along with their text. Returns the message and how many parts it holds
 * (at least one: a single part that is too long on its own was already within the limit
 * when it was queued).
 */
export function coalesce(parts: readonly RelayPart[], formatTime: (ms: number) => string, limit = MESSAGE_LIMIT): { text: string; entities: Entity[]; count: number } {
  let text = '';
  const entities: Entity[] = [];
  let count = 0;
  for (const part of parts) {
    const prefix = `${count === 0 ? '' : '\n'}[${formatTime(part.at)}] `;
    if (count > 0 && text.length + prefix.length + part.text.length > limit) break;
    const start = text.length + prefix.length;
    text += prefix + part.text;
    for (const e of part.entities ?? []) entities.push({ ...e, offset: e.offset + start });
    count += 1;
  }
  return { text, entities, count };
}
