import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './schema.ts';
import type { CodedGroup, Range, ReportStore, StoredCaseRow } from '../core/reports/ports.ts';

/**
 * Index of the bucket an instant falls in, as a CASE over literal boundaries. Literals (ours,
 * numbers only) keep the expression textually identical in SELECT and GROUP BY, which
 * PostgreSQL requires and parameters would break.
 */
function bucketOf(column: Expression<number>, starts: readonly number[]): RawBuilder<number> | undefined {
  // One bucket: nothing to group by (a bare `0` in GROUP BY would name a column position).
  if (starts.length <= 1) return undefined;
  const whens = starts.slice(1).map((start, i) => sql`when ${column} < ${sql.lit(Math.trunc(start))} then ${sql.lit(i)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} else ${sql.lit(starts.length - 1)} end`;
}

const num = (v: unknown): number => Number(v ?? 0);

/** Builds the store; one query text for SQLite and PostgreSQL. */
export function createReportStore(db: Kysely<Database>): ReportStore {
  async function coded(range: Range, starts: readonly number[]): Promise<CodedGroup[]> {
    const bucket = bucketOf(sql.ref('c.opened_at'), starts);
    const rows = await db
      .selectFrom('cases as c')
      .leftJoin('work_reports as w', 'w.case_id', 'c.id')
      .select([(bucket ?? sql<number>`0`).as('bucket'), 'w.needs', 'w.services', (eb) => eb.fn.countAll().as('n')])
      .where('c.opened_at', '>=', range.start)
      .where('c.opened_at', '<', range.end)
      .groupBy(bucket ? [bucket, 'w.needs', 'w.services'] : ['w.needs', 'w.services'])
      .execute();
    return rows.map((r) => ({ bucket: num(r.bucket), needs: r.needs, services: r.services, count: num(r.n) }));
  }

  /** Cases opened in the range with their work report and worker, oldest first. */
  const caseQuery = (range: Range) =>
    db
      .selectFrom('cases as c')
      .innerJoin('clients as cl', 'cl.id', 'c.client_id')
      .leftJoin('work_reports as w', 'w.case_id', 'c.id')
      .leftJoin('staff as author', 'author.id', 'w.author_staff_id')
      .leftJoin('staff as assignee', 'assignee.id', 'c.assignee_staff_id')
      .select([
        'c.id',
        'c.opened_at',
        'cl.code',
        'c.channel',
        'c.after_hours',
        'c.urgent',
        'w.needs',
        'w.services',
        'w.phone_call',
        'w.request_summary',
        'w.services_summary',
        'w.outcome',
        'author.alias as author_alias',
        'assignee.alias as assignee_alias',
      ])
      .where('c.opened_at', '>=', range.start)
      .where('c.opened_at', '<', range.end)
      .orderBy('c.opened_at')
      .orderBy('c.id');
  type CaseRecord = Awaited<ReturnType<ReturnType<typeof caseQuery>['execute']>>[number];

  function stored(rows: readonly CaseRecord[], referrals: ReadonlyArray<{ case_id: number; target: string; status: string }>): StoredCaseRow[] {
    const byCase = new Map<number, Array<{ target: string; status: string }>>();
    for (const r of referrals) {
      const list = byCase.get(r.case_id) ?? [];
      list.push({ target: r.target, status: r.status });
      byCase.set(r.case_id, list);
    }
    return rows.map((r) => ({
      caseId: r.id,
      openedAt: num(r.opened_at),
      clientCode: r.code,
      channel: r.channel,
      afterHours: num(r.after_hours) === 1,
      urgent: num(r.urgent) === 1,
      needs: r.needs,
      services: r.services,
      phoneCall: r.phone_call,
      requestSummary: r.request_summary,
      servicesSummary: r.services_summary,
      outcome: r.outcome,
      workerAlias: r.author_alias ?? r.assignee_alias ?? null,
      referrals: byCase.get(r.id) ?? [],
    }));
  }

  return {
    async caseRows(range, limit) {
      const rows = await caseQuery(range)
        .$if(limit !== undefined, (qb) => qb.limit(limit ?? 0))
        .execute();
      const referrals = await db
        .selectFrom('referrals as r')
        .innerJoin('cases as c', 'c.id', 'r.case_id')
        .select(['r.case_id', 'r.target', 'r.status'])
        .where('c.opened_at', '>=', range.start)
        .where('c.opened_at', '<', range.end)
        .orderBy('r.id')
        .execute();
      return stored(rows, referrals);
    },

    async caseSpan(range) {
      const row = await db
        .selectFrom('cases as c')
        .select([(eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.max('c.id').as('last')])
        .where('c.opened_at', '>=', range.start)
        .where('c.opened_at', '<', range.end)
        .executeTakeFirst();
      return { count: num(row?.n), lastId: num(row?.last) };
    },

    async *caseRowPages(range, { upToId, pageSize }) {
      // Keyset over (opened_at, id), the export's order: each page is one indexed range scan.
      let after: { openedAt: number; id: number } | undefined;
      for (;;) {
        const cursor = after;
        // The page's ids first, from the index on opened_at alone; then their rows by id. As one
        // joined query each page cost PostgreSQL about 200 ms (a year's XLSX 10.9 s; now 4.2 s).
        const ids = await db
          .selectFrom('cases as c')
          .select(['c.id'])
          .where('c.opened_at', '>=', range.start)
          .where('c.opened_at', '<', range.end)
          .where('c.id', '<=', upToId)
          // `opened_at >= last` first, so both databases seek the index to the page's start
          // instead of scanning the period from its beginning on every page.
          .$if(cursor !== undefined, (qb) => qb.where('c.opened_at', '>=', cursor?.openedAt ?? 0).where((eb) => eb.or([eb('c.opened_at', '>', cursor?.openedAt ?? 0), eb('c.id', '>', cursor?.id ?? 0)])))
          .orderBy('c.opened_at')
          .orderBy('c.id')
          .limit(pageSize)
          .execute();
        if (ids.length === 0) return;
        const rows = await caseQuery(range)
          .where(
            'c.id',
            'in',
            ids.map((r) => r.id),
          )
          .execute();
        if (rows.length === 0) return;
        const referrals = await db
          .selectFrom('referrals as r')
          .select(['r.case_id', 'r.target', 'r.status'])
          .where(
            'r.case_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('r.id')
          .execute();
        yield stored(rows, referrals);
        const last = rows[rows.length - 1];
        if (!last || rows.length < pageSize) return;
        after = { openedAt: num(last.opened_at), id: last.id };
      }
    },

    coded: (range) => coded(range, [range.start]),

    async analytics(range, previous, starts) {
      const responseMinutes = sql<number>`(c.first_response_at - c.opened_at) / 60000`;
      const spottingBucket = bucketOf(sql.ref('s.created_at'), starts);
      // PostgreSQL runs these side by side on the pool; better-sqlite3 one after another.
      const [codedRows, mixed, clients, prev, referrals, emergencies, spotting] = await Promise.all([
        coded(range, starts),
        // One scan for channel, hours, feedback and response times (null minutes: no response yet).
        db
          .selectFrom('cases as c')
          .select(['c.channel', 'c.after_hours', 'c.feedback', responseMinutes.as('minutes'), (eb) => eb.fn.countAll().as('n')])
          .where('c.opened_at', '>=', range.start)
          .where('c.opened_at', '<', range.end)
          .groupBy(['c.channel', 'c.after_hours', 'c.feedback', responseMinutes])
          .execute(),
        // A client is new when their first case ever falls inside the range.
        db
          .selectFrom((qb) =>
            qb
              .selectFrom('cases as c')
              .select(['c.client_id', (eb) => eb.fn.min('c.opened_at').as('first_at')])
              .where('c.opened_at', '<', range.end)
              .groupBy('c.client_id')
              .having((eb) => eb.fn.max('c.opened_at'), '>=', range.start)
              .as('t'),
          )
          .select([(eb) => eb.fn.countAll().as('total'), sql<number>`sum(case when t.first_at >= ${sql.lit(Math.trunc(range.start))} then 1 else 0 end)`.as('new')])
          .executeTakeFirst(),
        db
          .selectFrom('cases as c')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('c.opened_at', '>=', previous.start)
          .where('c.opened_at', '<', previous.end)
          .executeTakeFirst(),
        db
          .selectFrom('referrals as r')
          .innerJoin('cases as c', 'c.id', 'r.case_id')
          .select(['r.target', 'r.status', (eb) => eb.fn.countAll().as('n')])
          .where('c.opened_at', '>=', range.start)
          .where('c.opened_at', '<', range.end)
          .groupBy(['r.target', 'r.status'])
          .execute(),
        db
          .selectFrom('emergencies as e')
          .innerJoin('cases as c', 'c.id', 'e.case_id')
          .select(['e.kind', 'c.opened_at', 'e.started_at', 'e.first_human_at'])
          .where('c.opened_at', '>=', range.start)
          .where('c.opened_at', '<', range.end)
          .execute(),
        db
          .selectFrom('spotting_sessions as s')
          .select([(spottingBucket ?? sql<number>`0`).as('bucket'), (eb) => eb.fn.countAll().as('n'), sql<number>`sum(case when s.escalated_at is null then 0 else 1 end)`.as('escalated')])
          .where('s.created_at', '>=', range.start)
          .where('s.created_at', '<', range.end)
          .$if(spottingBucket !== undefined, (qb) => qb.groupBy(spottingBucket as RawBuilder<number>))
          .execute(),
      ]);
      return {
        coded: codedRows,
        mix: mixed.map((r) => ({ channel: r.channel, afterHours: num(r.after_hours) === 1, feedback: r.feedback, count: num(r.n) })),
        response: mixed.flatMap((r) => (r.minutes === null ? [] : [{ afterHours: num(r.after_hours) === 1, minutes: num(r.minutes), count: num(r.n) }])),
        clients: { total: num(clients?.total), new: num(clients?.new) },
        previousCases: num(prev?.n),
        referrals: referrals.map((r) => ({ target: r.target, status: r.status, count: num(r.n) })),
        emergencies: emergencies.map((r) => ({ kind: r.kind, openedAt: num(r.opened_at), startedAt: num(r.started_at), firstHumanAt: r.first_human_at === null ? null : num(r.first_human_at) })),
        spotting: spotting.map((r) => ({ bucket: num(r.bucket), sessions: num(r.n), escalations: num(r.escalated) })),
      };
    },
  };
}
