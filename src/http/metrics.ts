import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { EMERGENCY_KINDS } from '../core/emergency/run-guide.ts';
import type { OperationsSnapshot, OperationsStore, OperationsTelemetry } from '../core/metrics/ports.ts';
import { LANE_KINDS } from '../core/outbox/lanes.ts';
import { ACTIVE_SPOTTING_STATES } from '../core/spotting/ports.ts';
import { PRIORITY } from '../core/types.ts';
import { errorName } from '../logger.ts';

/** What {@link createMetrics} needs. */
export interface MetricsDeps {
  store: OperationsStore;
  logger: Logger;
  now(): number;
  /** Node's process metrics (CPU, memory, event-loop lag, GC); cheap, on by default. */
  processMetrics?: boolean;
}

/** The Prometheus side of a process: hooks that count, and the page a scrape reads. */
export interface Metrics {
  /** Handed to the sender, ingestion and housekeeping; each call only increments memory. */
  readonly telemetry: OperationsTelemetry;
  /** Reads the database's gauges (a few short aggregates) and renders every metric. */
  render(): Promise<{ contentType: string; body: string }>;
}

const OTHER = 'other';
const LANES = [...LANE_KINDS.map((l) => l.kind), OTHER];
const PRIORITIES = Object.entries(PRIORITY).map(([name, value]) => ({ name, value }));
const EMERGENCIES = [...EMERGENCY_KINDS, OTHER];
const SPOTTING: readonly string[] = ACTIVE_SPOTTING_STATES;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A label value from a fixed list, or `other`. Every label passes through this: whatever the
 * database holds, no label can carry an id, a code, a pseudonym or text.
 */
function bounded(value: string, allowed: readonly string[]): string {
  return allowed.includes(value) ? value : OTHER;
}

const seconds = (ms: number) => Math.max(0, ms) / 1000;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

/**
 * Builds one process's metrics over its own registry (no module-level state, so several
 * instances in one process, as in tests, never mix). Gauges come from the database at
 * scrape time only; counters and the lag histogram are fed by {@link Metrics.telemetry}.
 *
 * @example
 * const metrics = createMetrics({ store: createOperationsStore(db), logger, now: Date.now });
 * createOutboxSender({ ..., telemetry: metrics.telemetry });
 * app.get('/metrics', async (c) => { const { contentType, body } = await metrics.render(); ... });
 */
export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (deps.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const rateLimited = new Counter({ name: 'netreach_telegram_rate_limited_total', help: 'Calls Telegram answered with 429 (source: send = outbox, poll = getUpdates).', labelNames: ['source'] as const, registers });
  const processed = new Histogram({
    name: 'netreach_update_processing_seconds',
    help: 'From an update being stored to its transaction committing.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  const retentionRuns = new Counter({ name: 'netreach_retention_runs_total', help: 'Housekeeping (retention) runs, by outcome.', labelNames: ['outcome'] as const, registers });
  const retentionLast = new Gauge({ name: 'netreach_retention_last_success_timestamp_seconds', help: 'When housekeeping last finished without error (Unix time; 0 = not in this process).', registers });
  const retentionDeleted = new Counter({ name: 'netreach_retention_deleted_total', help: 'Rows housekeeping deleted: finished inbox and outbox rows, transcript messages.', labelNames: ['what'] as const, registers });
  for (const source of ['send', 'poll']) rateLimited.inc({ source }, 0);
  for (const outcome of ['ok', 'failed']) retentionRuns.inc({ outcome }, 0);
  for (const what of ['inbox', 'outbox', 'messages']) retentionDeleted.inc({ what }, 0);

  const databaseUp = new Gauge({ name: 'netreach_database_up', help: '1 if the last scrape could read the database gauges, else 0 (they are then left out).', registers });
  const outboxPending = new Gauge({ name: 'netreach_outbox_pending', help: 'Outbox calls not yet sent, by lane kind.', labelNames: ['lane'] as const, registers });
  const outboxOldest = new Gauge({ name: 'netreach_outbox_oldest_pending_age_seconds', help: 'Age of the oldest unsent outbox call, by lane kind (0 = none).', labelNames: ['lane'] as const, registers });
  const outboxByPriority = new Gauge({ name: 'netreach_outbox_pending_by_priority', help: 'Outbox calls not yet sent, by priority.', labelNames: ['priority'] as const, registers });
  const inboxUpdates = new Gauge({ name: 'netreach_inbox_updates', help: 'Stored updates not processed (pending) or set aside after failing (failed, kept 7 days).', labelNames: ['status'] as const, registers });
  const inboxOldest = new Gauge({ name: 'netreach_inbox_oldest_pending_age_seconds', help: 'Processing lag: age of the oldest stored update not yet processed (0 = none).', registers });
  const emergenciesOpen = new Gauge({ name: 'netreach_emergencies_open', help: 'Emergencies no human has answered yet, in open cases, by kind.', labelNames: ['kind'] as const, registers });
  const emergencyOldest = new Gauge({ name: 'netreach_emergency_oldest_open_age_seconds', help: 'How long the longest-waiting open emergency has waited for a human (0 = none).', registers });
  const firstHuman = new Gauge({ name: 'netreach_emergency_first_human_seconds', help: 'Time from an emergency to the first human answer, over those answered in the last 24 hours (stat: p50, p90, max).', labelNames: ['stat'] as const, registers });
  const answered = new Gauge({ name: 'netreach_emergencies_answered_24h', help: 'Emergencies first answered by a human in the last 24 hours.', registers });
  const spotting = new Gauge({ name: 'netreach_spotting_sessions_active', help: 'Spotting (never use alone) sessions running, by state.', labelNames: ['state'] as const, registers });
  const fromDatabase = [outboxPending, outboxOldest, outboxByPriority, inboxUpdates, inboxOldest, emergenciesOpen, emergencyOldest, firstHuman, answered, spotting];

  const apply = (snap: OperationsSnapshot, now: number) => {
    for (const lane of LANES) {
      const rows = snap.outbox.filter((r) => bounded(r.laneKind, LANES) === lane);
      outboxPending.set({ lane }, rows.reduce((n, r) => n + r.pending, 0));
      outboxOldest.set({ lane }, rows.length === 0 ? 0 : seconds(now - Math.min(...rows.map((r) => r.oldestCreatedAt))));
    }
    for (const { name, value } of PRIORITIES) outboxByPriority.set({ priority: name }, snap.outbox.filter((r) => r.priority === value).reduce((n, r) => n + r.pending, 0));
    const pending = snap.inbox.find((r) => r.status === 'pending');
    inboxUpdates.set({ status: 'pending' }, pending?.count ?? 0);
    inboxUpdates.set({ status: 'failed' }, snap.inbox.find((r) => r.status === 'failed')?.count ?? 0);
    inboxOldest.set(pending ? seconds(now - pending.oldestReceivedAt) : 0);
    for (const kind of EMERGENCIES) emergenciesOpen.set({ kind }, snap.emergenciesOpen.filter((r) => bounded(r.kind, EMERGENCIES) === kind).reduce((n, r) => n + r.count, 0));
    emergencyOldest.set(snap.emergenciesOpen.length === 0 ? 0 : seconds(now - Math.min(...snap.emergenciesOpen.map((r) => r.oldestStartedAt))));
    const waits = snap.firstHuman.map((r) => seconds(r.waitedMs)).sort((a, b) => a - b);
    firstHuman.set({ stat: 'p50' }, quantile(waits, 0.5));
    firstHuman.set({ stat: 'p90' }, quantile(waits, 0.9));
    firstHuman.set({ stat: 'max' }, waits.at(-1) ?? 0);
    answered.set(waits.length);
    for (const state of SPOTTING) spotting.set({ state }, snap.spotting.find((r) => r.state === state)?.count ?? 0);
  };

  return {
    telemetry: {
      telegramRateLimited: (source) => rateLimited.inc({ source }),
      updateProcessed: (lagMs) => processed.observe(seconds(lagMs)),
      housekeepingRan(outcome, at, removed) {
        retentionRuns.inc({ outcome });
        if (outcome !== 'ok') return;
        retentionLast.set(Math.floor(at / 1000));
        if (!removed) return;
        for (const what of ['inbox', 'outbox', 'messages'] as const) retentionDeleted.inc({ what }, removed[what]);
      },
    },
    async render() {
      const now = deps.now();
      try {
        apply(await deps.store.snapshot(now - DAY_MS), now);
        databaseUp.set(1);
      } catch (error) {
        deps.logger.warn({ err: errorName(error) }, 'metrics: could not read the database');
        for (const gauge of fromDatabase) gauge.reset();
        databaseUp.set(0);
      }
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
