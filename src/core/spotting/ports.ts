/** States of a session that is still running, from leaving info to an alert sent. */
export const ACTIVE_SPOTTING_STATES = ['preparing', 'running', 'asking', 'escalated'] as const;
export type ActiveSpottingState = (typeof ACTIVE_SPOTTING_STATES)[number];

/** How a session ended. */
export type SpottingOutcome = 'ok' | 'cancelled' | 'expired' | 'erased';
export type SpottingState = ActiveSpottingState | SpottingOutcome;

/** A spotting check-in as the domain sees it (never what the client left: see {@link ResponderInfo}). */
export interface SpottingSession {
  id: number;
  clientId: number;
  state: SpottingState;
  durationMin: number;
  /** When the client is asked "are you OK?" (meaningless while preparing). */
  endsAt: number;
  /** How many times the client was asked since the timer ran out. */
  asks: number;
  /** Bumped by every change; a timer or button of an older generation is stale. */
  generation: number;
  /** The case the alert went to, once escalated (or the open case at start). */
  caseId: number | null;
  hasResponderInfo: boolean;
  createdAt: number;
  escalatedAt: number | null;
  endedAt: number | null;
}

/** What a client chose to leave for a responder; sealed by storage, deleted when the session ends. */
export interface ResponderInfo {
  location?: { latitude: number; longitude: number };
  /** Address in words, a trusted contact, anything else they wrote. */
  notes: string[];
}

/** A copy of the responder info that was sent to staff, to withdraw when the session ends. */
export interface ResponderCopy {
  /** The outbox dedupe key it was queued under. */
  key: string;
  /** Telegram message id of the sent copy. */
  messageId: number;
}

/** Changes applied by {@link SpottingStore.advance}. */
export interface SpottingChange {
  state?: ActiveSpottingState;
  durationMin?: number;
  endsAt?: number;
  asks?: number;
  caseId?: number | null;
  escalatedAt?: number;
}

/** Storage of spotting sessions, inside the same transaction as the {@link RelayStore}. */
export interface SpottingStore {
  /** The client's session that has not ended, if any (there is at most one). */
  active(clientId: number): Promise<SpottingSession | undefined>;
  get(sessionId: number): Promise<SpottingSession | undefined>;
  /**
   * Starts a session unless the client has an active one: then that one is returned with
   * `created: false` (two taps on "15 min" start one check-in).
   */
  create(input: { clientId: number; state: 'preparing' | 'running'; durationMin: number; endsAt: number; caseId: number | null; at: number }): Promise<{ session: SpottingSession; created: boolean }>;
  /**
   * Applies `change` and bumps the generation, only if the session is active and still at
   * `generation`; returns the new session, or undefined if something else changed it first.
   */
  advance(sessionId: number, generation: number, change: SpottingChange): Promise<SpottingSession | undefined>;
  /** Replaces what the client left (sealed on disk). */
  saveResponderInfo(sessionId: number, info: ResponderInfo): Promise<void>;
  responderInfo(sessionId: number): Promise<ResponderInfo | undefined>;
  deleteResponderInfo(sessionId: number): Promise<void>;
  /** Ends an active session and deletes its responder info; false if it had already ended. */
  end(sessionId: number, outcome: SpottingOutcome, at: number): Promise<boolean>;
  /** Ends every active session of a client (erasure); returns the ended ids. */
  endAllOf(clientId: number, outcome: SpottingOutcome, at: number): Promise<number[]>;
  /**
   * Withdraws the copies of responder info queued under keys starting with `keyPrefix`:
   * those not sent yet are dropped (payload deleted), those sent are returned so that they
   * can be deleted in Telegram.
   */
  withdrawCopies(keyPrefix: string): Promise<ResponderCopy[]>;
}
