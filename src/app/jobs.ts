import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { CHANNEL_TOPIC_SETTING, channelTopicRequest } from '../core/channel/channel-posts.ts';
import { runEmergencyTimer } from '../core/emergency/run-guide.ts';
import { runSpottingTimer } from '../core/spotting/spotting.ts';
import { startHousekeeping } from '../jobs/housekeeping.ts';
import { startMorningDigest } from '../jobs/morning-digest.ts';
import { startScheduledPosts } from '../jobs/scheduled-posts.ts';
import { createTimerRunner } from '../jobs/timer-runner.ts';
import type { Closers } from './closers.ts';
import type { Organisation } from './organisation.ts';
import type { Storage } from './storage.ts';

/** The background jobs, running. */
export interface Jobs {
  /** Something was committed that a job may act on (a timer scheduled, a post approved). */
  nudge(): void;
}

/**
 * Starts the durable timers (guide follow-ups, alert repeats, spotting check-ins), the
 * channel's scheduled posts, housekeeping and the morning digest. Each is stopped at
 * `closers`; `onQueued` is told when a job queued messages (the outbox sender wakes up).
 */
export async function startJobs(
  config: Config,
  storage: Storage,
  organisation: Organisation,
  options: { logger: Logger; now: () => number; closers: Closers; onQueued: () => void; digestEveryMs?: number | undefined },
): Promise<Jobs> {
  const { logger, now, closers, onQueued } = options;
  const { emergency, channel, org, t, staffLanguage } = organisation;
  const timers = createTimerRunner({
    timers: storage.timers,
    async handle(timer, store, at) {
      if (!timer.client) return;
      if (await runSpottingTimer(store, store.spotting, emergency, timer, timer.client, at)) return;
      await runEmergencyTimer(store, emergency, timer, timer.client, at);
    },
    onFired: onQueued,
    logger,
    now,
  });
  closers.add(() => timers.stop());
  timers.start();
  if (channel) {
    // The staff group's channel topic, where drafts are written, is opened once.
    await storage.transactor.run(async (store) => {
      if ((await store.getSetting(CHANNEL_TOPIC_SETTING)) === undefined) await store.enqueue(channelTopicRequest(channel), now());
    });
  }
  const posts = channel ? startScheduledPosts({ transactor: storage.transactor, channel, scheduleText: (lang, at) => organisation.scheduleText(lang, at), onPosted: onQueued, logger, now }) : undefined;
  if (posts) closers.add(() => posts.stop());
  const stopHousekeeping = startHousekeeping({ store: storage.housekeeping, logger, now, retentionDays: () => org.current.retentionDays });
  closers.add(stopHousekeeping);
  const stopDigest = startMorningDigest({
    transactor: storage.transactor,
    t,
    staffLanguage,
    hours: config.hours,
    logger,
    now,
    onPosted: onQueued,
    ...(options.digestEveryMs ? { everyMs: options.digestEveryMs } : {}),
  });
  closers.add(stopDigest);
  return {
    nudge() {
      timers.nudge();
      posts?.nudge();
    },
  };
}
