/**
 * Ports: leases, how several processes on one database agree who does what: a lease is
 * held by one process until it expires, and renewed while that process lives. Core
 * declares them; storage implements them.
 * @module
 */

/** Named leases with an expiry. */
export interface LeaseStore {
  /**
   * Takes the lease `name` for `holder` until `now + ttlMs`, or renews it if `holder` has it;
   * true on success. False while another holder's lease has not expired.
   */
  acquire(name: string, holder: string, now: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up at once (a clean stop), if `holder` has it. */
  release(name: string, holder: string): Promise<void>;
}
