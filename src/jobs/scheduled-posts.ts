import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { postWeeklySchedule, publishDuePosts, scheduleWeek, type ChannelDeps } from '../core/channel/channel-posts.ts';
import type { Language } from '../core/types.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { createChannelStore } from '../storage/channel-store.ts';
import { createRelayStore } from '../storage/relay-store.ts';
import type { Database } from '../storage/schema.ts';

/** What the scheduled-posts job needs. */
export interface ScheduledPostsDeps {
  db: Kysely<Database>;
  keys: Keyring;
  channel: ChannelDeps;
  /** The mobile units' live schedule text (for the weekly post). */
  scheduleText(lang: Language, at: number): string | undefined;
  /** Called after posts were queued (the outbox sender wakes up). */
  onPosted(): void;
  logger: Logger;
  now(): number;
  /** The longest wait between looks (the clock may jump; a post is never later than this). */
  everyMs?: number;
}

/** The running job. */
export interface ScheduledPosts {
  /** Look again now (a post was scheduled or approved). */
  nudge(): void;
  stop(): Promise<void>;
}

/**
 * Publishes scheduled channel posts at their time, and the weekly schedule post. State
 * lives in the database, so a restart loses nothing and publishes nothing twice.
 */
export function startScheduledPosts(deps: ScheduledPostsDeps): ScheduledPosts {
  const every = deps.everyMs ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let again = false;
  // The week whose schedule post is settled: no need to try the insert every second.
  let settledWeek: string | undefined;

  const arm = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void pass(), Math.max(0, Math.min(ms, every)));
  };

  const pass = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        const at = deps.now();
        const posts = createChannelStore(deps.db, deps.keys);
        const due = await posts.nextDue();
        const week = scheduleWeek(deps.channel, at);
        // Most passes find nothing to do: no transaction for them.
        if ((due !== undefined && due <= at) || (week !== undefined && week !== settledWeek)) {
          const result = await deps.db.transaction().execute(async (trx) => {
            const store = createRelayStore(trx, deps.keys);
            const published = await publishDuePosts(store, deps.channel, at);
            const weekly = week === undefined ? undefined : await postWeeklySchedule(store, deps.channel, (lang) => deps.scheduleText(lang, at), at, settledWeek);
            return { posted: published + (weekly?.posted ? 1 : 0), week: weekly?.week };
          });
          // Remembered only once committed: a failed pass tries the week again.
          settledWeek = result.week;
          if (result.posted > 0) deps.onPosted();
        }
        const next = await posts.nextDue();
        arm(next === undefined ? every : next - deps.now());
      } catch (error) {
        deps.logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'scheduled posts pass failed');
        arm(every);
      }
    })();
    await running;
    running = undefined;
    if (again) {
      again = false;
      void pass();
    }
  };
  void pass();
  return {
    nudge: () => void pass(),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
