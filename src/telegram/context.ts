import type { Context } from 'grammy';
import type { RelayStore } from '../core/ports.ts';

/** Per-update facts the features read: the transaction's store and when the update arrived. */
export interface UpdateScope {
  store: RelayStore;
  updateId: number;
  receivedAt: number;
  /** Run once the update's transaction committed (in-memory state that mirrors the database). */
  afterCommit: Array<() => void>;
}

/** grammY context with Netreach's per-update scope. */
export type NetreachContext = Context & { scope: UpdateScope };
