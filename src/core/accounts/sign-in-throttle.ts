/**
 * How often sign-in may fail, kept in this process's memory only: client addresses are
 * never stored. Three scopes, each with a number of free failures and then a wait that
 * doubles with every further failure:
 *
 * - **login and address together**: the strict one (3 free). Guessing one login from one
 *   place slows down fast.
 * - **address**: failures from one address across all logins (20 free), so trying many
 *   logins from one place slows down too.
 * - **login**: failures at one login from anywhere (10 free, capped at 15 minutes), against
 *   guessing from many addresses. An address the login has signed in from before (in this
 *   process) is not held back by it, so guessing cannot keep the owner out.
 *
 * Known and unknown logins are counted alike, so the answers tell nothing about which
 * logins exist. An attempt is counted **before** the password is checked, in one
 * synchronous step, and refunded when it succeeds: parallel guesses cannot all pass the
 * check before any of them is counted.
 *
 * With several instances each keeps its own counts, so an attacker who reaches all of them
 * gets at most that many times the budget.
 */

/** One scope's rule: failures allowed, then a wait of 2^(failures − free) seconds up to `maxWaitMs`. */
interface Rule {
  free: number;
  maxWaitMs: number;
}

const RULES = {
  pair: { free: 3, maxWaitMs: 60 * 60_000 },
  address: { free: 20, maxWaitMs: 60 * 60_000 },
  login: { free: 10, maxWaitMs: 15 * 60_000 },
} as const satisfies Record<string, Rule>;

/** Counts are forgotten an hour after the last failure (once any wait is over). */
const FORGET_AFTER_MS = 60 * 60_000;
/** At most this many entries per scope: memory stays bounded whatever an attacker sends. */
const MAX_ENTRIES = 10_000;

interface Entry {
  failures: number;
  lockedUntil: number;
  lastAt: number;
}

/** An attempt that was let through and counted; hand it back on success. */
export interface SignInTicket {
  readonly pair: string;
  readonly address: string;
  readonly login: string;
  /** Whether the attempt counted against the login as a whole (not when the address was known). */
  readonly countedLogin: boolean;
}

/** The answer to "may this attempt go ahead?". */
export type SignInAdmission = { ok: true; ticket: SignInTicket } | { ok: false; retryAfterMs: number };

/** The throttle's interface (see the module's description). */
export interface SignInThrottle {
  /** Lets an attempt through (and counts it as a failure until {@link SignInThrottle.succeeded}), or says how long to wait. */
  begin(who: { login: string; address: string }, at: number): SignInAdmission;
  /** The attempt signed in: its failure is refunded and the address is now known for the login. */
  succeeded(ticket: SignInTicket): void;
}

class BoundedMap<V> {
  readonly #map = new Map<string, V>();
  get(key: string): V | undefined {
    return this.#map.get(key);
  }
  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > MAX_ENTRIES) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
  }
  delete(key: string): void {
    this.#map.delete(key);
  }
}

function fresh(entry: Entry | undefined, at: number): Entry {
  if (!entry || (entry.lockedUntil <= at && at - entry.lastAt > FORGET_AFTER_MS)) return { failures: 0, lockedUntil: 0, lastAt: at };
  return entry;
}

function count(entry: Entry, rule: Rule, at: number): Entry {
  const failures = entry.failures + 1;
  const lockedUntil = failures > rule.free ? at + Math.min(rule.maxWaitMs, 1000 * 2 ** (failures - rule.free)) : entry.lockedUntil;
  return { failures, lockedUntil, lastAt: at };
}

/** Takes back one counted failure (a success is not a failure); a wait already earned stays. */
function refund(scope: BoundedMap<Entry>, key: string): void {
  const entry = scope.get(key);
  if (entry && entry.failures > 0) scope.set(key, { ...entry, failures: entry.failures - 1 });
}

/** Logins are compared as the account store compares them: case and surrounding spaces do not matter. */
function normaliseLogin(login: string): string {
  return login.trim().toLowerCase();
}

/** A new, empty throttle (one per process). */
export function createSignInThrottle(): SignInThrottle {
  const scopes = { pair: new BoundedMap<Entry>(), address: new BoundedMap<Entry>(), login: new BoundedMap<Entry>() };
  const known = new BoundedMap<true>();
  return {
    begin(who, at) {
      const login = normaliseLogin(who.login);
      const pair = `${login}\n${who.address}`;
      const trusted = known.get(pair) === true;
      const ticket: SignInTicket = { pair, address: who.address, login, countedLogin: !trusted };
      const entries = {
        pair: fresh(scopes.pair.get(ticket.pair), at),
        address: fresh(scopes.address.get(ticket.address), at),
        login: fresh(scopes.login.get(ticket.login), at),
      };
      const waits = [entries.pair.lockedUntil, entries.address.lockedUntil, trusted ? 0 : entries.login.lockedUntil];
      const until = Math.max(...waits);
      if (until > at) return { ok: false, retryAfterMs: until - at };
      scopes.pair.set(ticket.pair, count(entries.pair, RULES.pair, at));
      scopes.address.set(ticket.address, count(entries.address, RULES.address, at));
      // A known address does not count against the login as a whole: its own pair rule is enough.
      if (!trusted) scopes.login.set(ticket.login, count(entries.login, RULES.login, at));
      return { ok: true, ticket };
    },
    succeeded(ticket) {
      scopes.pair.delete(ticket.pair);
      refund(scopes.address, ticket.address);
      if (ticket.countedLogin) refund(scopes.login, ticket.login);
      known.set(ticket.pair, true);
    },
  };
}
