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
   * workers' kept answers to community-chat requests) and the text of drug-alert reports
   * finished before then, in batches of `batch` messages. Returns the cases whose feedback
   * comment went and the messages deleted.
   */
  purgeTranscripts(before: number, batch: number): Promise<{ cases: number; messages: number }>;
}
