/**
 * Ports: what housekeeping deletes. Core declares them; storage implements them. The
 * policy (how long is long enough) is the job's; the store only deletes what is older.
 * @module
 */

/** Deletes what is no longer needed. */
export interface HousekeepingStore {
  /** Deletes processed inbox rows and finished outbox rows from before `before`; returns how many. */
  purgeFinished(before: number): Promise<{ inbox: number; outbox: number }>;
  /**
   * Deletes the transcripts of cases closed before `before` (messages, the feedback comment,
   * workers' kept answers to community-chat requests), every message older than `before` in
   * a case still open (the case itself stays), the text of drug-alert reports finished
   * before then and of moderation-log entries made before then, in batches of `batch`
   * messages. Returns the cases whose feedback comment went, the messages deleted and the
   * moderation-log entries whose text went.
   */
  purgeTranscripts(before: number, batch: number): Promise<{ cases: number; messages: number; moderation: number }>;
}
