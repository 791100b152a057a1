import type { Logger } from 'pino';
import { postWeeklySchedule, publishDuePosts, scheduleWeek, type ChannelDeps } from '../core/channel/channel-posts.ts';
import type { Transactor } from '../core/ports.ts';
import type { Language } from '../core/types.ts';
import { errorName } from '../logger.ts';
import { createPassLoop } from './pass-loop.ts';

/** What the scheduled-posts job needs. */
export interface ScheduledPostsDeps {
  transactor: Transactor;
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
  // The week whose schedule post is settled: no need to try the insert every second.
  let settledWeek: string | undefined;
  const nextDue = () => deps.transactor.run((store) => store.channel.nextDue());
  const loop = createPassLoop(
    async () => {
      try {
        const at = deps.now();
        const due = await nextDue();
        const week = scheduleWeek(deps.channel, at);
        // Most passes find nothing to do: no writes for them.
        if ((due !== undefined && due <= at) || (week !== undefined && week !== settledWeek)) {
          const result = await deps.transactor.run(async (store) => {
            const published = await publishDuePosts(store, deps.channel, at);
            const weekly = week === undefined ? undefined : await postWeeklySchedule(store, deps.channel, (lang) => deps.scheduleText(lang, at), at, settledWeek);
            return { posted: published + (weekly?.posted ? 1 : 0), week: weekly?.week };
          });
          // Remembered only once committed: a failed pass tries the week again.
          settledWeek = result.week;
          if (result.posted > 0) deps.onPosted();
        }
        const next = await nextDue();
        return next === undefined ? every : next - deps.now();
      } catch (error) {
        deps.logger.error({ err: errorName(error) }, 'scheduled posts pass failed');
        return every;
      }
    },
    { maxWaitMs: every },
  );
  loop.start();
  return { nudge: () => loop.nudge(), stop: () => loop.stop() };
}
