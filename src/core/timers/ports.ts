/**
 * Ports: durable timers: guide follow-ups, alert repeats, spotting check-ins. Core declares them; storage implements them.
 * @module
 */
import type { RelayStore } from '../ports.ts';
import type { Client } from '../types.ts';

/** A timer that is due, with the client it concerns. */
export interface DueTimer {
  id: number;
  kind: string;
  caseId: number | null;
  payload: Record<string, unknown>;
  client: Client | undefined;
}

/** Durable timers (guide follow-ups, alert repeats, spotting check-ins). */
export interface TimerStore {
  /** Ids of timers due at `now`, oldest first. */
  due(now: number, limit: number): Promise<number[]>;
  /**
   * Runs one due timer inside a transaction that also marks it done, so that a crash
   * leaves it either done with its effects or due again. Skips a timer already done.
   */
  fire(id: number, at: number, handle: (timer: DueTimer, store: RelayStore) => Promise<void>): Promise<boolean>;
  /** The earliest due time of a pending timer, if any. */
  next(): Promise<number | undefined>;
}
