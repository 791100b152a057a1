import type { Logger } from 'pino';
import type { OperationsTelemetry } from '../core/metrics/ports.ts';
import type { Config } from '../config.ts';
import { CHANNEL_TOPIC_SETTING, channelTopicRequest } from '../core/channel/channel-posts.ts';
import { runEmergencyTimer } from '../core/emergency/run-guide.ts';
import { runSpottingTimer } from '../core/spotting/spotting.ts';
import { startHousekeeping } from '../jobs/housekeeping.ts';
import { startMorningDigest } from '../jobs/morning-digest.ts';
import { startScheduledPosts, type ScheduledPosts } from '../jobs/scheduled-posts.ts';
import { createTimerRunner } from '../jobs/timer-runner.ts';
import type { Organisation } from './organisation.ts';
import type { Storage } from './storage.ts';

/** The background jobs: run by one process at a time (the lease holder). */
export interface Jobs {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Something was committed that a job may act on (a timer scheduled, a post approved). */
  nudge(): void;
}

/**
 * The durable timers (guide follow-ups, alert repeats, spotting check-ins), the channel's
 * scheduled posts, housekeeping and the morning digest. `onQueued` is told when a job
 * queued messages (the outbox sender wakes up).
 */
export function createJobs(config: Config, storage: Storage, organisation: Organisation, options: { logger: Logger; now: () => number; onQueued: () => void; telemetry: OperationsTelemetry; digestEveryMs?: number | undefined; housekeepingAfterMs?: number | undefined }): Jobs {
  const { logger, now, onQueued } = options;
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
  let posts: ScheduledPosts | undefined;
  let stoppers: Array<() => void> = [];
  return {
    async start() {
      timers.start();
      if (channel) {
        // The staff group's channel topic, where drafts are written, is opened once.
        await storage.transactor.run(async (store) => {
          if ((await store.getSetting(CHANNEL_TOPIC_SETTING)) === undefined) await store.enqueue(channelTopicRequest(channel), now());
        });
        posts = startScheduledPosts({ transactor: storage.transactor, channel, scheduleText: (lang, at) => organisation.scheduleText(lang, at), onPosted: onQueued, logger, now });
      }
      stoppers = [
        startHousekeeping({
          store: storage.housekeeping,
          logger,
          now,
          retentionDays: () => org.current.retentionDays,
          telemetry: options.telemetry,
          ...(options.housekeepingAfterMs === undefined ? {} : { firstAfterMs: options.housekeepingAfterMs }),
        }),
        startMorningDigest({ transactor: storage.transactor, t, staffLanguage, hours: config.hours, logger, now, onPosted: onQueued, ...(options.digestEveryMs ? { everyMs: options.digestEveryMs } : {}) }),
      ];
    },
    async stop() {
      for (const stop of stoppers) stop();
      stoppers = [];
      await posts?.stop();
      posts = undefined;
      await timers.stop();
    },
    nudge() {
      timers.nudge();
      posts?.nudge();
    },
  };
}
