import { sql, type Kysely } from 'kysely';
import type { InboxCase, Referral, TranscriptMessage, WorkReport } from '../core/read-models.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from './schema.ts';
import { SEAL } from './relay-rows.ts';
import type { CaseWorkStore } from '../core/case-work/ports.ts';

/** Columns of an inbox row. */
function inboxSelect(db: Kysely<Database>) {
  return db
    .selectFrom('cases as c')
    .innerJoin('clients as cl', 'cl.id', 'c.client_id')
    .leftJoin('staff as s', 's.id', 'c.assignee_staff_id')
    .leftJoin('staff_accounts as sa', 'sa.staff_id', 'c.assignee_staff_id')
    .leftJoin('work_reports as wr', 'wr.case_id', 'c.id')
    .select([
      'sa.id as assignee_account_id',
      'wr.complete as report_complete',
      'c.id',
      'cl.code',
      'c.channel',
      'c.status',
      'c.urgent',
      'c.after_hours',
      'c.doctor_flag',
      'c.assignee_staff_id',
      's.alias as assignee_alias',
      'c.needs',
      'c.opened_at',
      'c.updated_at',
      'c.first_response_at',
      'c.last_direction',
      'c.last_kind',
      'c.last_at',
    ]);
}
type InboxRow = Awaited<ReturnType<ReturnType<typeof inboxSelect>['executeTakeFirstOrThrow']>>;

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

function toInboxCase(r: InboxRow): InboxCase {
  return {
    id: r.id,
    clientCode: r.code,
    channel: r.channel as InboxCase['channel'],
    status: r.status === 'closed' ? 'closed' : 'open',
    // A closed case is no longer urgent for anyone working (the column keeps that it was, for research).
    urgent: r.urgent === 1 && r.status !== 'closed',
    afterHours: r.after_hours === 1,
    doctorFlag: r.doctor_flag === 1,
    assignee: r.assignee_staff_id === null ? null : { id: r.assignee_account_id, alias: r.assignee_alias },
    reportComplete: r.report_complete === 1,
    needs: JSON.parse(r.needs) as string[],
    openedAt: Number(r.opened_at),
    updatedAt: Number(r.updated_at),
    firstResponseAt: num(r.first_response_at),
    lastDirection: (r.last_direction as InboxCase['lastDirection']) ?? null,
    lastKind: r.last_kind,
    lastAt: num(r.last_at),
  };
}

/** "k 7f3q", "7F3Q" and "K-7F3Q" all mean the client code K-7F3Q. */
export function normaliseClientCode(q: string): string {
  const bare = q.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return `K-${bare.startsWith('K') && bare.length > 4 ? bare.slice(1) : bare}`;
}

/** Transcript rows that went to the client through the outbox: workers' replies and the bot's own messages. */
const SENT_TO_CLIENT = ['out', 'bot'] as const;
const sentToClient = (direction: string): boolean => (SENT_TO_CLIENT as readonly string[]).includes(direction);

function deliveryOf(status: string | null, error: string | null): Pick<TranscriptMessage, 'delivery' | 'failure'> {
  if (status === null) return { delivery: null, failure: null };
  if (status === 'sent') return { delivery: 'sent', failure: null };
  if (status === 'pending') return { delivery: 'queued', failure: null };
  const failure = /erased/.test(error ?? '') ? 'erased' : /blocked|unreachable/.test(error ?? '') ? 'blocked' : 'error';
  return { delivery: 'failed', failure };
}

/** A web-chat client is reached by showing them the page: what was written before they last saw something new is delivered. */
function shownOnWeb(createdAt: number | string, seenAt: number | string | null): Pick<TranscriptMessage, 'delivery' | 'failure'> {
  return { delivery: seenAt !== null && Number(createdAt) <= Number(seenAt) ? 'sent' : 'queued', failure: null };
}

/** Text of a message, unsealed; media described without Telegram's file ids. */
function mediaInfo(kind: string, media: Record<string, unknown> | null): TranscriptMessage['media'] {
  if (media === null || kind === 'text') return null;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    kind,
    fileName: str(media.file_name),
    duration: typeof media.duration === 'number' ? media.duration : null,
    mimeType: str(media.mime_type),
    available: typeof media.file_id === 'string',
  };
}

/** The inbox: pages by filter and search, one row, and what changed (the live feed). */
function inboxQueries(db: Kysely<Database>): Pick<CaseWorkStore, 'inbox' | 'inboxRow' | 'inboxCounts' | 'changedSince'> {
  async function inboxRow(caseId: number) {
    const row = await inboxSelect(db).where('c.id', '=', caseId).executeTakeFirst();
    return row && toInboxCase(row);
  }

  return {
    async inboxCounts(me) {
      // One pass over the open cases (the status index) and one count of the closed ones without a complete report.
      const open = await db
        .selectFrom('cases as c')
        .select((eb) => [
          eb.fn.countAll<number>().as('all'),
          eb.fn.sum<number>(eb.case().when('c.urgent', '=', 1).then(1).else(0).end()).as('urgent'),
          eb.fn.sum<number>(eb.case().when('c.assignee_staff_id', 'is', null).then(1).else(0).end()).as('unassigned'),
          eb.fn.sum<number>(eb.case().when('c.assignee_staff_id', '=', me.staffId).then(1).else(0).end()).as('mine'),
          eb.fn.sum<number>(eb.case().when('c.after_hours', '=', 1).then(1).else(0).end()).as('after_hours'),
          eb.fn.sum<number>(eb.case().when('c.last_direction', '=', 'out').then(1).else(0).end()).as('waiting_client'),
        ])
        .where('c.status', '=', 'open')
        .executeTakeFirst();
      const closed = await db
        .selectFrom('cases as c')
        .leftJoin('work_reports as wr', 'wr.case_id', 'c.id')
        .select((eb) => [eb.fn.countAll<number>().as('closed'), eb.fn.sum<number>(eb.case().when(eb.or([eb('wr.complete', 'is', null), eb('wr.complete', '=', 0)])).then(1).else(0).end()).as('report_missing')])
        .where('c.status', '=', 'closed')
        .executeTakeFirst();
      const n = (v: number | string | null | undefined) => Number(v ?? 0);
      return {
        all: n(open?.all),
        urgent: n(open?.urgent),
        unassigned: n(open?.unassigned),
        mine: n(open?.mine),
        after_hours: n(open?.after_hours),
        waiting_client: n(open?.waiting_client),
        closed: n(closed?.closed),
        report_missing: n(closed?.report_missing),
      };
    },

    async inbox(q, me) {
      let base = inboxSelect(db);
      const closed = q.filter === 'closed' || q.filter === 'report_missing';
      base = base.where('c.status', '=', closed ? 'closed' : 'open');
      if (q.filter === 'report_missing') base = base.where((eb) => eb.or([eb('wr.complete', 'is', null), eb('wr.complete', '=', 0)]));
      if (q.filter === 'urgent') base = base.where('c.urgent', '=', 1);
      if (q.filter === 'unassigned') base = base.where('c.assignee_staff_id', 'is', null);
      if (q.filter === 'mine') base = base.where('c.assignee_staff_id', '=', me.staffId);
      if (q.filter === 'after_hours') base = base.where('c.after_hours', '=', 1);
      if (q.filter === 'waiting_client') base = base.where('c.last_direction', '=', 'out');
      if (q.channel) base = base.where('c.channel', '=', q.channel);
      if (q.q) {
        // A whole code is one index lookup; part of one is an index range (LIKE would scan on SQLite).
        const code = normaliseClientCode(q.q);
        // Clients first (by the unique index on code), then their cases (by client): never a scan of all cases.
        base = base.where('c.client_id', 'in', (eb) => {
          const clients = eb.selectFrom('clients').select('id');
          return code.length >= 6 ? clients.where('code', '=', code) : clients.where('code', '>=', code).where('code', '<', `${code}\u{10FFFF}`).limit(200);
        });
      }
      // On the first page of open cases, urgent ones are pinned on top whatever their age.
      if (q.q) {
        // A search matches a few clients' cases: sorted here, because SQLite's planner would
        // rather walk the whole (status, updated_at) index in order than look them up by client.
        const found = (await base.limit(2000).execute()).sort((a, b) => Number(b.updated_at) - Number(a.updated_at) || b.id - a.id);
        const [at, id] = q.before ? (q.before.split(':').map(Number) as [number, number]) : [Infinity, Infinity];
        const after = found.filter((r) => Number(r.updated_at) < at || (Number(r.updated_at) === at && r.id < id));
        const page = after.slice(0, q.limit);
        const last = page.at(-1);
        return { cases: page.map(toInboxCase), next: after.length > q.limit && last ? `${Number(last.updated_at)}:${last.id}` : null };
      }
      const pinUrgent = q.filter !== 'closed' && q.filter !== 'report_missing' && q.filter !== 'urgent';
      const pinned = pinUrgent && !q.before ? await base.where('c.urgent', '=', 1).orderBy('c.updated_at', 'desc').orderBy('c.id', 'desc').limit(100).execute() : [];
      let rest = pinUrgent ? base.where('c.urgent', '=', 0) : base;
      if (q.before) {
        const [at, id] = q.before.split(':').map(Number) as [number, number];
        // A row-value comparison, which both databases answer from the (status, updated_at, id) index.
        rest = rest.where((eb) => eb(eb.refTuple('c.updated_at', 'c.id'), '<', eb.tuple(at, id)));
      }
      const rows = await rest.orderBy('c.updated_at', 'desc').orderBy('c.id', 'desc').limit(q.limit + 1).execute();
      const more = rows.length > q.limit;
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return { cases: [...pinned, ...page].map(toInboxCase), next: more && last ? `${Number(last.updated_at)}:${last.id}` : null };
    },

    inboxRow,

    async changedSince(since, limit) {
      const rows = await inboxSelect(db).where('c.updated_at', '>=', since).orderBy('c.updated_at').orderBy('c.id').limit(limit).execute();
      return rows.map(toInboxCase);
    },
  };
}

/** Work reports and their referrals. */
function workReports(db: Kysely<Database>): Pick<CaseWorkStore, 'report' | 'saveReport' | 'referrals' | 'patchReferral'> {
  async function report(caseId: number): Promise<WorkReport | null> {
    const row = await db
      .selectFrom('work_reports as w')
      .leftJoin('staff as s', 's.id', 'w.author_staff_id')
      .select(['w.needs', 'w.services', 'w.phone_call', 'w.request_summary', 'w.services_summary', 'w.outcome', 'w.complete', 'w.updated_at', 's.alias'])
      .where('w.case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) return null;
    const referrals = await db.selectFrom('referrals').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
    return {
      needs: JSON.parse(row.needs) as WorkReport['needs'],
      services: JSON.parse(row.services) as WorkReport['services'],
      referrals: referrals.map((r) => ({ id: r.id, target: r.target as Referral['target'], status: r.status as Referral['status'], note: r.note, updatedAt: Number(r.updated_at) })),
      phoneCall: row.phone_call as WorkReport['phoneCall'],
      requestSummary: row.request_summary,
      servicesSummary: row.services_summary,
      outcome: row.outcome as WorkReport['outcome'],
      complete: row.complete === 1,
      updatedAt: Number(row.updated_at),
      authorAlias: row.alias,
    };
  }

  return {
    report,

    async saveReport(caseId, r, complete, authorStaffId, at) {
      await db.transaction().execute(async (trx) => {
        const values = {
          needs: JSON.stringify(r.needs),
          services: JSON.stringify(r.services),
          phone_call: r.phoneCall,
          request_summary: r.requestSummary,
          services_summary: r.servicesSummary,
          outcome: r.outcome,
          complete: complete ? 1 : 0,
          author_staff_id: authorStaffId,
          updated_at: at,
        };
        await trx
          .insertInto('work_reports')
          .values({ case_id: caseId, created_at: at, ...values })
          .onConflict((oc) => oc.column('case_id').doUpdateSet(values))
          .execute();
        const existing = await trx.selectFrom('referrals').select(['id']).where('case_id', '=', caseId).execute();
        const kept = new Set<number>();
        for (const ref of r.referrals) {
          if (ref.id !== undefined && existing.some((e) => e.id === ref.id)) {
            kept.add(ref.id);
            await trx.updateTable('referrals').set({ target: ref.target, status: ref.status, note: ref.note, updated_at: at }).where('id', '=', ref.id).execute();
          } else {
            await trx.insertInto('referrals').values({ case_id: caseId, target: ref.target, status: ref.status, note: ref.note, created_at: at, updated_at: at }).execute();
          }
        }
        const gone = existing.filter((e) => !kept.has(e.id)).map((e) => e.id);
        if (gone.length > 0) await trx.deleteFrom('referrals').where('id', 'in', gone).execute();
        // The report's needs are the coded truth of the case; the inbox shows them.
        if (r.needs.length > 0) await trx.updateTable('cases').set({ needs: JSON.stringify(r.needs), updated_at: at }).where('id', '=', caseId).execute();
      });
    },

    async referrals({ status, id }) {
      let q = db
        .selectFrom('referrals as r')
        .innerJoin('cases as c', 'c.id', 'r.case_id')
        .innerJoin('clients as cl', 'cl.id', 'c.client_id')
        .select(['r.id', 'r.case_id', 'cl.code', 'r.target', 'r.status', 'r.note', 'r.created_at', 'r.updated_at']);
      if (status) q = q.where('r.status', '=', status);
      if (id !== undefined) q = q.where('r.id', '=', id);
      const rows = await q.orderBy('r.id', 'desc').limit(500).execute();
      return rows.map((r) => ({ id: r.id, caseId: r.case_id, clientCode: r.code, target: r.target as Referral['target'], status: r.status as Referral['status'], note: r.note, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) }));
    },

    async patchReferral(id, status, note, at) {
      const result = await db
        .updateTable('referrals')
        .set({ status, updated_at: at, ...(note === undefined ? {} : { note }) })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

/** A case page: the case, its transcript (unsealed), its report and earlier cases; one message; a file. */
function transcripts(db: Kysely<Database>, keys: Keyring, report: CaseWorkStore['report']): Pick<CaseWorkStore, 'detail' | 'media' | 'message'> {
  const openBody = (sealed: Uint8Array | null): string | null => (sealed ? keys.open(sealed, SEAL.body) : null);
  const openMedia = (sealed: Uint8Array | null): Record<string, unknown> | null => (sealed ? (JSON.parse(keys.open(sealed, SEAL.media)) as Record<string, unknown>) : null);
  /** A transcript row, unsealed, with its delivery as the outbox knows it. */
  const transcriptMessage = (
    m: { id: number; direction: string; kind: string; body_sealed: Uint8Array | null; media_sealed: Uint8Array | null; created_at: number | string; alias: string | null },
    delivery: Pick<TranscriptMessage, 'delivery' | 'failure'>,
  ): TranscriptMessage => ({
    id: m.id,
    direction: m.direction as TranscriptMessage['direction'],
    kind: m.kind,
    text: openBody(m.body_sealed),
    media: mediaInfo(m.kind, openMedia(m.media_sealed)),
    at: Number(m.created_at),
    staffAlias: m.alias,
    ...delivery,
  });

  return {
    async detail(caseId) {
      const row = await inboxSelect(db)
        .innerJoin('clients as k', 'k.id', 'c.client_id')
        .select(['c.client_id', 'k.language', 'k.unreachable', 'k.erased_at', 'k.via', 'k.web_seen_at', 'c.closed_at', 'c.feedback'])
        .where('c.id', '=', caseId)
        .executeTakeFirst();
      if (!row) return undefined;
      const messages = await db
        .selectFrom('messages as m')
        .leftJoin('staff as s', 's.id', 'm.staff_id')
        .leftJoin('outbox as o', (j) => j.onRef('o.message_id', '=', 'm.id').on('m.direction', 'in', SENT_TO_CLIENT))
        .select(['m.id', 'm.direction', 'm.kind', 'm.body_sealed', 'm.media_sealed', 'm.created_at', 's.alias', 'o.status as delivery_status', 'o.last_error'])
        .where('m.case_id', '=', caseId)
        .orderBy('m.id')
        .limit(2000)
        .execute();
      const earlier = await db
        .selectFrom('cases as c')
        .leftJoin('work_reports as w', 'w.case_id', 'c.id')
        .select(['c.id', 'c.opened_at', 'c.closed_at', 'c.needs', 'w.needs as report_needs', 'w.services', 'w.outcome'])
        .where('c.client_id', '=', row.client_id)
        .where('c.id', '!=', caseId)
        .orderBy('c.opened_at', 'desc')
        .limit(20)
        .execute();
      // One outbox row per reply or bot message (a retried send keeps its row), so the join does not repeat messages.
      const seen = new Set<number>();
      return {
        case: { ...toInboxCase(row), clientLanguage: row.language === 'en' ? 'en' : 'ru', clientReachable: row.unreachable === 0 && row.erased_at === null, clientErased: row.erased_at !== null, closedAt: num(row.closed_at), feedback: row.feedback },
        messages: messages.flatMap((m) => {
          if (seen.has(m.id)) return [];
          seen.add(m.id);
          if (!sentToClient(m.direction)) return [transcriptMessage(m, { delivery: null, failure: null })];
          return [transcriptMessage(m, row.via === 'web' ? shownOnWeb(m.created_at, row.web_seen_at) : deliveryOf(m.delivery_status, m.last_error))];
        }),
        report: await report(caseId),
        earlier: earlier.map((e) => ({
          id: e.id,
          openedAt: Number(e.opened_at),
          closedAt: num(e.closed_at),
          needs: JSON.parse(e.report_needs ?? e.needs) as string[],
          services: e.services ? (JSON.parse(e.services) as string[]) : [],
          outcome: e.outcome,
        })),
      };
    },

    async media(caseId, messageId) {
      const m = await db.selectFrom('messages').select(['kind', 'media_sealed']).where('id', '=', messageId).where('case_id', '=', caseId).executeTakeFirst();
      const media = m ? openMedia(m.media_sealed) : null;
      if (!m || !media || typeof media.file_id !== 'string') return undefined;
      return { kind: m.kind, fileId: media.file_id, mimeType: typeof media.mime_type === 'string' ? media.mime_type : null, fileName: typeof media.file_name === 'string' ? media.file_name : null };
    },

    async message(messageId) {
      const m = await db
        .selectFrom('messages as m')
        .leftJoin('staff as s', 's.id', 'm.staff_id')
        .select(['m.id', 'm.direction', 'm.kind', 'm.body_sealed', 'm.media_sealed', 'm.created_at', 's.alias'])
        .where('m.id', '=', messageId)
        .executeTakeFirst();
      if (!m) return undefined;
      const web = sentToClient(m.direction)
        ? await db.selectFrom('messages as m').innerJoin('cases as c', 'c.id', 'm.case_id').innerJoin('clients as k', 'k.id', 'c.client_id').select(['k.via', 'k.web_seen_at']).where('m.id', '=', messageId).executeTakeFirst()
        : undefined;
      if (web?.via === 'web') return transcriptMessage(m, shownOnWeb(m.created_at, web.web_seen_at));
      const outbox = sentToClient(m.direction) ? await db.selectFrom('outbox').select(['status', 'last_error']).where('message_id', '=', m.id).executeTakeFirst() : undefined;
      return transcriptMessage(m, outbox ? deliveryOf(outbox.status, outbox.last_error) : { delivery: sentToClient(m.direction) ? 'queued' : null, failure: null });
    },
  };
}

/** Assignment, flags, reopening, and who could take a case. */
function caseChanges(db: Kysely<Database>): Pick<CaseWorkStore, 'assign' | 'patch' | 'reopen' | 'caseStaff'> {
  return {
    async assign(caseId, staffId, at) {
      await db.updateTable('cases').set({ assignee_staff_id: staffId, updated_at: at }).where('id', '=', caseId).execute();
    },

    async patch(caseId, changes, at) {
      await db
        .updateTable('cases')
        .set({
          updated_at: at,
          ...(changes.urgent === undefined ? {} : { urgent: changes.urgent ? 1 : 0 }),
          ...(changes.doctorFlag === undefined ? {} : { doctor_flag: changes.doctorFlag ? 1 : 0 }),
        })
        .where('id', '=', caseId)
        .execute();
    },

    async reopen(caseId, at) {
      // The emergency that made it urgent was dealt with before it was closed: it comes back as an ordinary case.
      await db.updateTable('cases').set({ status: 'open', closed_at: null, urgent: 0, updated_at: at }).where('id', '=', caseId).execute();
    },

    async caseStaff() {
      const rows = await db
        .selectFrom('staff_accounts as a')
        .innerJoin('staff as s', 's.id', 'a.staff_id')
        .select(['a.id', 'a.staff_id', 'a.login', 's.alias', 'a.role', 'a.specialisations'])
        .select((eb) =>
          eb
            .selectFrom('cases')
            .select(sql<number>`count(*)`.as('n'))
            .whereRef('cases.assignee_staff_id', '=', 'a.staff_id')
            .where('cases.status', '=', 'open')
            .as('open_cases'),
        )
        .where('a.disabled', '=', 0)
        .where('a.role', 'in', ['worker', 'doctor', 'supervisor', 'admin'])
        .execute();
      return rows.map((r) => ({ accountId: r.id, staffId: r.staff_id, login: r.login, alias: r.alias, role: r.role, specialisations: JSON.parse(r.specialisations) as string[], openCases: Number(r.open_cases ?? 0) }));
    },
  };
}

/** Builds the store: the dashboard's reads and writes outside the relay. */
export function createCaseWorkStore(db: Kysely<Database>, keys: Keyring): CaseWorkStore {
  const reports = workReports(db);
  return { ...inboxQueries(db), ...reports, ...transcripts(db, keys, reports.report), ...caseChanges(db) };
}
