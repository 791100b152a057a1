import { sql, type Kysely } from 'kysely';
import type { OperationsStore } from '../core/metrics/ports.ts';
import { LANE_KINDS } from '../core/outbox/lanes.ts';
import type { Database } from './schema.ts';

const num = (value: unknown): number => Number(value ?? 0);

/** An outbox row's lane kind, from its lane. Literals, not parameters: GROUP BY then matches on PostgreSQL too. */
const LANE_KIND = sql<string>`case ${sql.join(
  LANE_KINDS.map(({ kind, pattern }) => sql`when chat_key like ${sql.lit(pattern)} then ${sql.lit(kind)}`),
  sql` `,
)} else 'other' end`;

/**
 * Builds the monitoring reads over a database. Every query is one aggregate: the outbox and
 * inbox ones over the pending rows their status indexes find, the others over small tables
 * (emergencies, active spotting sessions). Groups are kinds and states, never rows.
 */
export function createOperationsStore(db: Kysely<Database>): OperationsStore {
  return {
    async snapshot(firstHumanSince) {
      // One after another: a scrape holds at most one of the pool's connections.
      const outbox = await db
        .selectFrom('outbox')
        .select((eb) => [LANE_KIND.as('lane_kind'), 'priority', eb.fn.countAll().as('n'), eb.fn.min('created_at').as('oldest')])
        .where('status', '=', 'pending')
        .groupBy([sql.ref('lane_kind'), 'priority'])
        .execute();
      const inbox = await db
        .selectFrom('inbox')
        .select((eb) => ['status', eb.fn.countAll().as('n'), eb.fn.min('received_at').as('oldest')])
        .where('status', 'in', ['pending', 'failed'])
        .groupBy('status')
        .execute();
      const open = await db
        .selectFrom('emergencies as e')
        .innerJoin('cases as c', 'c.id', 'e.case_id')
        .select((eb) => ['e.kind', eb.fn.countAll().as('n'), eb.fn.min('e.started_at').as('oldest')])
        .where('e.first_human_at', 'is', null)
        .where('c.status', '=', 'open')
        .groupBy('e.kind')
        .execute();
      const answered = await db.selectFrom('emergencies').select(['kind', 'started_at', 'first_human_at']).where('first_human_at', '>=', firstHumanSince).execute();
      const spotting = await db
        .selectFrom('spotting_sessions')
        .select((eb) => ['state', eb.fn.countAll().as('n')])
        .where('ended_at', 'is', null)
        .groupBy('state')
        .execute();
      return {
        outbox: outbox.map((r) => ({ laneKind: String(r.lane_kind), priority: num(r.priority), pending: num(r.n), oldestCreatedAt: num(r.oldest) })),
        inbox: inbox.map((r) => ({ status: r.status === 'failed' ? 'failed' : 'pending', count: num(r.n), oldestReceivedAt: num(r.oldest) })),
        emergenciesOpen: open.map((r) => ({ kind: r.kind, count: num(r.n), oldestStartedAt: num(r.oldest) })),
        firstHuman: answered.map((r) => ({ kind: r.kind, waitedMs: Math.max(0, num(r.first_human_at) - num(r.started_at)) })),
        spotting: spotting.map((r) => ({ state: r.state, count: num(r.n) })),
      };
    },
  };
}
