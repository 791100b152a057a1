/**
 * Ports: the durable outbox as the sender sees it: pending calls, their targets, and what is recorded once Telegram accepts one. Core declares them; storage implements them.
 * @module
 */
import type { OutboxEffect, OutboxRequest, OutboxTarget } from '../ports.ts';

/** The payload sealed into an outbox row. */
export interface OutboxPayload {
  method: OutboxRequest['method'];
  params: Record<string, unknown>;
  target: OutboxRequest['target'];
  source?: OutboxRequest['source'];
  effect?: OutboxRequest['effect'];
}

/** The order-relevant part of a pending outbox row (no payload). */
export interface OutboxHead {
  id: number;
  lane: string;
  priority: number;
  nextAttemptAt: number;
  attempts: number;
  caseId: number | null;
  /** When it was queued (a coalesced relay shows each part's time). */
  createdAt?: number;
  /** The sealed call, read along with the row so that sending needs no extra query. */
  sealed: Uint8Array | null;
}

/** Where a target resolves to at send time. */
export type ResolvedTarget =
  | { ok: true; chatId: number; threadId?: number }
  | { ok: false; reason: 'erased' | 'unreachable' | 'no-staff-chat' | 'no-topic' };

/** The outbox as the sender sees it. */
export interface OutboxStore {
  /** Pending rows, by priority then age; with `afterId`, only rows newer than it, by id. */
  listPending(limit: number, afterId?: number): Promise<OutboxHead[]>;
  /** Opens one row's sealed call; undefined if it is gone or no longer pending. */
  load(id: number): Promise<OutboxPayload | undefined>;
  /** Opens a sealed call read with {@link OutboxStore.listPending}. */
  open(sealed: Uint8Array): OutboxPayload;
  resolve(target: OutboxTarget, staffChatId: number | undefined): Promise<ResolvedTarget>;
  /**
   * Telegram accepted the call: records it and applies its effect in one transaction.
   * Resolves false if the row was withdrawn while the call was in flight (the message
   * then exists in Telegram but should not: the caller deletes it).
   */
  markSent(id: number, at: number, result: { messageId?: number; topicId?: number }, effect: OutboxEffect | undefined): Promise<boolean>;
  /** Queues the deletion of a message that was sent though it had been withdrawn. */
  queueDeletion(target: OutboxTarget, lane: string, messageId: number, at: number): Promise<void>;
  reschedule(id: number, nextAttemptAt: number, error: string): Promise<void>;
  /** Gives up on a row for good (the payload is dropped). */
  markDead(id: number, at: number, error: string): Promise<void>;
  markClientUnreachable(clientId: number): Promise<void>;
  /**
   * The case's topic is gone (deleted in the staff group): forget it and queue a new topic
   * ahead of everything else in the case's lane.
   */
  recreateTopic(caseId: number, at: number): Promise<void>;
  /** Rows that waited for a reason (e.g. no staff group yet) become due now. */
  retryWaiting(reason: string, at: number): Promise<void>;
  /** Counts by status, for health and benchmarks. */
  counts(): Promise<Record<string, number>>;
}
