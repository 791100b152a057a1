/**
 * Ports: what operations monitoring reads and hears. Core declares them; storage implements
 * {@link OperationsStore}, the metrics exposition implements {@link OperationsTelemetry}.
 * Every value here is a count, an age or a fixed kind: never an id, a code, a pseudonym or
 * text, so nothing read for monitoring can name a client.
 * @module
 */

/** Pending outbox calls of one lane kind and priority. */
export interface OutboxBacklog {
  /** The lane's kind (`client`, `case`, `staff`, …; see `LANE_KINDS`), never the lane itself. */
  laneKind: string;
  priority: number;
  pending: number;
  /** When the oldest of them was queued (ms). */
  oldestCreatedAt: number;
}

/** Stored updates not yet processed, or set aside after failing. */
export interface InboxBacklog {
  status: 'pending' | 'failed';
  count: number;
  /** When the oldest of them was received (ms). */
  oldestReceivedAt: number;
}

/** Emergencies of one kind that no human has answered yet, in cases still open. */
export interface OpenEmergencies {
  kind: string;
  count: number;
  /** When the longest-waiting of them started (ms). */
  oldestStartedAt: number;
}

/** What the database says about the state of the service at one moment. */
export interface OperationsSnapshot {
  outbox: OutboxBacklog[];
  inbox: InboxBacklog[];
  emergenciesOpen: OpenEmergencies[];
  /** Emergencies a human first answered since `since`: how long each waited (ms), by kind. */
  firstHuman: Array<{ kind: string; waitedMs: number }>;
  /** Active spotting sessions by state. */
  spotting: Array<{ state: string; count: number }>;
}

/** Short aggregate reads for monitoring; each uses an index or a small table. */
export interface OperationsStore {
  /** The snapshot; `firstHumanSince` bounds the emergencies whose wait is listed. */
  snapshot(firstHumanSince: number): Promise<OperationsSnapshot>;
}

/**
 * Events the transports and jobs report as they happen. Implementations only count (no
 * I/O, no awaiting), so a hook can sit in the sending and processing paths.
 */
export interface OperationsTelemetry {
  /** Telegram answered 429 to a call (`send`: the outbox; `poll`: getUpdates). */
  telegramRateLimited(source: 'send' | 'poll'): void;
  /** An update was processed, `lagMs` after it was stored. */
  updateProcessed(lagMs: number): void;
  /** A housekeeping (retention) run finished at `at`; what it deleted when it succeeded. */
  housekeepingRan(outcome: 'ok' | 'failed', at: number, removed?: { inbox: number; outbox: number; messages: number }): void;
}

/** Telemetry that records nothing (tests, tools, and processes without metrics). */
export const NO_TELEMETRY: OperationsTelemetry = {
  telegramRateLimited: () => undefined,
  updateProcessed: () => undefined,
  housekeepingRan: () => undefined,
};
