/** What `/healthz` reports. */
export interface HealthState {
  migrated: boolean;
  botRunning: boolean;
  /** Last outcome of talking to Telegram. */
  telegram: 'unknown' | 'ok' | 'unreachable';
  mode: 'training' | 'polling' | 'webhook';
  /** The bot's username, once Telegram said it ('' before). */
  botUsername: string;
  /** What this process does now: 'owner' while it holds the lease (processes, sends, polls, runs jobs). */
  roles: string[];
}

/** A small mutable holder shared by the bot loop and the HTTP server. */
export function createHealth(mode: HealthState['mode']): HealthState {
  return { migrated: false, botRunning: false, telegram: 'unknown', mode, botUsername: '', roles: [] };
}
