/**
 * Ports: the durable update inbox: what Telegram gave us is stored here before it is acknowledged. Core declares them; storage implements them.
 * @module
 */
import type { RelayStore } from '../ports.ts';

/** An update as stored: the raw JSON Telegram sent, sealed on disk. */
export interface StoredUpdate {
  updateId: number;
  /** The chat the update belongs to (updates of one chat are processed in order); 0 if none. */
  lane: number;
  update: unknown;
  /** Looks like an emergency (decided on arrival, in memory only): processed before the rest. */
  urgent?: boolean;
  /** When it was stored (ms), where known: monitoring measures processing lag from it. */
  receivedAt?: number;
}

/** The durable update inbox: updates are stored here before Telegram may forget them. */
export interface InboxStore {
  /**
   * Stores updates (ignoring ones already stored) and the offset after them, in one
   * transaction; returns the updates that were new.
   */
  storeBatch(updates: readonly StoredUpdate[], nextOffset: number | undefined, at: number): Promise<StoredUpdate[]>;
  /**
   * Updates stored but not yet processed, oldest first (after a restart, or stored by another
   * process); those whose ids are in `known` are left out without being opened.
   */
  pending(limit: number, known?: ReadonlySet<number>): Promise<StoredUpdate[]>;
  /**
   * Runs `handle` and marks the update done in one transaction, unless it is already done.
   * A crash before commit leaves the update pending, with none of its effects.
   */
  process(updateId: number, at: number, handle: (store: RelayStore) => Promise<void>): Promise<'done' | 'already-done'>;
  /**
   * Like {@link InboxStore.process} for several updates of different chats in one
   * transaction: all commit together or none do. Returns the ids that were processed.
   */
  processBatch(updateIds: readonly number[], at: number, handle: (updateId: number, store: RelayStore) => Promise<void>): Promise<number[]>;
  /** Records a failed attempt; after `maxAttempts` the update is set aside as failed. */
  markFailed(updateId: number, errorName: string, at: number, maxAttempts: number): Promise<'retry' | 'failed'>;
  /** The saved `getUpdates` offset. */
  offset(): Promise<number | undefined>;
}
