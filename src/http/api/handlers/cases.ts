import { streamSSE } from 'hono/streaming';
import { AppError } from '../../../core/app-error.ts';
import { closeFromDashboard, looksIdentifying, noteFromDashboard, reopenFromDashboard, replyFromDashboard, type CaseWorkDeps, type DashboardActor } from '../../../core/case-work.ts';
import type { Transactor } from '../../../core/ports.ts';
import type { AccountStore, SessionRecord } from '../../../core/accounts/ports.ts';
import { isSessionCurrent } from '../../../core/accounts/auth-service.ts';

/** How often an open event stream checks that its session still holds, when no event comes. */
const SESSION_CHECK_MS = 3_000;
import type { CaseWorkStore } from '../../../core/case-work/ports.ts';
import type { CaseFeed } from '../../case-feed.ts';
import type { WorkReportBody } from '../contract.ts';
import type { Handlers } from '../router.ts';

/** Downloads a Telegram file by id (getFile, then the file URL). */
export type FetchTelegramFile = (fileId: string) => Promise<Response>;

/** What the case endpoints need. */
export interface CaseHandlerDeps extends Omit<CaseWorkDeps, 'orgContacts'> {
  /** Runs the same use-cases the bot runs, in one transaction each. */
  transactor: Transactor;
  cases: CaseWorkStore;
  accounts: AccountStore;
  feed: CaseFeed;
  /** The organisation's contacts now (settings can change them). */
  orgContacts: () => string | undefined;
  fetchFile: FetchTelegramFile;
  /** Something was queued: wake the outbox sender (and the live feed). */
  notify(): void;
  now: () => number;
}

/** Which specialisations suit which codebook needs, for assignment suggestions. */
const SPECIALISATIONS_FOR_NEED: Record<string, string[]> = {
  injection_minor: ['wounds'],
  injection_severe: ['wounds'],
  info_hr_hiv_hcv: ['hiv', 'hcv'],
  info_detox: ['detox', 'opioids'],
  psych_support: ['psych'],
  offline_services: ['legal', 'hiv'],
  hr_services: ['hiv', 'hcv'],
  overdose: ['opioids'],
};

/** Media types a browser may show inline; anything else is downloaded as bytes, never rendered. */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'audio/ogg', 'audio/mpeg', 'audio/mp4', 'video/mp4']);
const DEFAULT_TYPE: Record<string, string> = { photo: 'image/jpeg', voice: 'audio/ogg', video: 'video/mp4', sticker: 'image/webp' };

const SUPERVISING = new Set(['supervisor', 'admin']);

function actor(session: SessionRecord): DashboardActor {
  return { staffId: session.account.staffId, alias: session.account.alias };
}

/** What a work report still lacks before the case can close. */
export function missingFromReport(r: WorkReportBody): string[] {
  const missing: string[] = [];
  if (r.needs.length === 0) missing.push('needs');
  if (r.services.length === 0) missing.push('services');
  if (r.requestSummary === '') missing.push('requestSummary');
  if (r.servicesSummary === '') missing.push('servicesSummary');
  if (r.outcome === null) missing.push('outcome');
  return missing;
}

/** Inbox, live events, transcripts, replies, notes, assignment, work reports and closing. */
export function caseHandlers(
  deps: CaseHandlerDeps,
): Pick<Handlers, 'inbox' | 'inboxCounts' | 'events' | 'caseDetail' | 'caseFile' | 'reply' | 'note' | 'assignees' | 'assign' | 'patchCase' | 'saveReport' | 'close' | 'reopen' | 'referrals' | 'patchReferral'> {
  const { cases, accounts, now } = deps;
  const changed = () => {
    deps.notify();
    deps.feed.poke();
  };
  const row = async (caseId: number) => {
    const found = await cases.inboxRow(caseId);
    if (!found) throw new AppError('not-found', 'not-found', 'No such case.');
    return found;
  };
  // The open case page re-reads the case on every live change: one audit entry per session and case per window.
  const opened = new Map<string, number>();
  const OPEN_AUDIT_WINDOW_MS = 10 * 60_000;
  const caseDeps = (): CaseWorkDeps => ({ t: deps.t, staffLanguage: deps.staffLanguage, orgContacts: deps.orgContacts() });

  return {
    inbox: async ({ query, session }) => cases.inbox(query, { staffId: session.account.staffId }),
    inboxCounts: async ({ session }) => cases.inboxCounts({ staffId: session.account.staffId }),

    events: async ({ c, session }) =>
      streamSSE(c, async (stream) => {
        // The stream lives only as long as its session: it is checked before every event and
        // every few seconds, and the stream closes once the session was signed out (here or
        // everywhere), expired, its account disabled or its role changed.
        let ended = false;
        const current = async () => {
          if (!ended && !(await isSessionCurrent(accounts, session, now()).catch(() => false))) ended = true;
          return !ended;
        };
        let queue = Promise.resolve();
        const unsubscribe = deps.feed.subscribe((changedCase) => {
          queue = queue
            .then(async () => {
              if (await current()) await stream.writeSSE({ event: 'case', data: JSON.stringify(changedCase), id: `${changedCase.id}:${changedCase.updatedAt}` });
            })
            .catch(() => undefined);
        });
        stream.onAbort(unsubscribe);
        await stream.writeSSE({ event: 'ready', data: '{}' });
        // A comment every 25 s keeps proxies from closing an idle stream.
        let lastPing = now();
        while (!stream.aborted && !stream.closed) {
          await stream.sleep(SESSION_CHECK_MS);
          if (stream.aborted || !(await current())) break;
          if (now() - lastPing >= 25_000) {
            lastPing = now();
            await stream.writeSSE({ event: 'ping', data: String(now()) }).catch(() => undefined);
          }
        }
        unsubscribe();
        await queue;
        if (!stream.closed) await stream.close();
      }),

    caseDetail: async ({ params, session }) => {
      const detail = await cases.detail(params.id);
      if (!detail) throw new AppError('not-found', 'not-found', 'No such case.');
      const key = `${session.tokenHash}:${params.id}`;
      const last = opened.get(key);
      if (last === undefined || now() - last > OPEN_AUDIT_WINDOW_MS) {
        if (opened.size > 10_000) opened.clear();
        opened.set(key, now());
        await accounts.audit({ at: now(), actorAccountId: session.account.id, actorRole: session.account.role, action: 'case.open', target: `case:${params.id}` });
      }
      return detail;
    },

    caseFile: async ({ params, c }) => {
      const media = await cases.media(params.id, params.messageId);
      if (!media) throw new AppError('not-found', 'not-found', 'This message has no file.');
      const upstream = await deps.fetchFile(media.fileId).catch(() => undefined);
      if (!upstream?.ok || !upstream.body) throw new AppError('not-found', 'file-unavailable', 'Telegram no longer has this file.');
      const type = media.mimeType ?? DEFAULT_TYPE[media.kind] ?? 'application/octet-stream';
      const inline = INLINE_TYPES.has(type);
      c.header('Content-Type', inline ? type : 'application/octet-stream');
      c.header('Content-Disposition', inline ? 'inline' : `attachment; filename="${(media.fileName ?? 'file').replace(/[^\w.-]/g, '_')}"`);
      c.header('Cache-Control', 'private, no-store');
      return c.body(upstream.body);
    },

    reply: async ({ params, body, session }) => {
      const messageId = await deps.transactor.run((store) => replyFromDashboard(store, caseDeps(), { caseId: params.id, actor: actor(session), text: body.text, requestId: body.requestId, at: now() }));
      changed();
      const message = await cases.message(messageId);
      if (!message) throw new Error('reply vanished');
      return message;
    },

    note: async ({ params, body, session }) => {
      const messageId = await deps.transactor.run((store) => noteFromDashboard(store, caseDeps(), { caseId: params.id, actor: actor(session), text: body.text, at: now() }));
      changed();
      const message = await cases.message(messageId);
      if (!message) throw new Error('note vanished');
      return message;
    },

    assignees: async ({ params }) => {
      const kase = await row(params.id);
      const wanted = new Set(kase.needs.flatMap((n) => SPECIALISATIONS_FOR_NEED[n] ?? []));
      const staff = await cases.caseStaff();
      return staff
        .map((s) => ({ accountId: s.accountId, alias: s.alias, login: s.login, role: s.role as 'worker', specialisations: s.specialisations, openCases: s.openCases, matches: s.specialisations.filter((x) => wanted.has(x)) }))
        .sort((a, b) => b.matches.length - a.matches.length || a.openCases - b.openCases || a.accountId - b.accountId);
    },

    assign: async ({ params, body, session }) => {
      const kase = await row(params.id);
      const me = session.account;
      const target = body.accountId === null ? null : await accounts.byId(body.accountId);
      if (body.accountId !== null && (!target || target.disabled || target.role === 'researcher')) throw new AppError('unprocessable', 'no-such-staff', 'This staff member cannot take cases.');
      // Workers and doctors take an unassigned case, or hand on their own; supervisors assign anyone.
      const mayAssign = SUPERVISING.has(me.role) || (kase.assignee === null ? target?.id === me.id : kase.assignee.id === me.id);
      if (!mayAssign) throw new AppError('forbidden', 'assign-forbidden', 'Only a supervisor can reassign a colleague’s case.');
      await cases.assign(params.id, target?.staffId ?? null, now());
      await accounts.audit({ at: now(), actorAccountId: me.id, actorRole: me.role, action: 'case.assign', target: `case:${params.id}`, detail: { to: target ? `account:${target.id}` : null } });
      deps.feed.poke();
      return row(params.id);
    },

    patchCase: async ({ params, body }) => {
      await row(params.id);
      await cases.patch(params.id, body, now());
      deps.feed.poke();
      return row(params.id);
    },

    saveReport: async ({ params, body, session }) => {
      await row(params.id);
      const identifying: string[] = (['requestSummary', 'servicesSummary'] as const).filter((f) => looksIdentifying(body[f]));
      identifying.push(...(body.referrals.some((r) => r.note !== null && looksIdentifying(r.note)) ? ['referrals'] : []));
      if (identifying.length > 0) {
        throw new AppError('unprocessable', 'identifying-details', 'The report must not contain phone numbers, e-mail addresses, usernames or links.', {
          issues: identifying.map((path) => ({ path, message: 'looks like identifying details' })),
        });
      }
      await cases.saveReport(params.id, body, missingFromReport(body).length === 0, session.account.staffId, now());
      deps.feed.poke();
      const saved = await cases.report(params.id);
      if (!saved) throw new Error('report vanished');
      return saved;
    },

    close: async ({ params, session }) => {
      const report = await cases.report(params.id);
      await row(params.id);
      const missing = report ? missingFromReport(report) : ['report'];
      if (missing.length > 0) {
        throw new AppError('unprocessable', 'report-incomplete', 'Fill in the work report before closing the case.', { issues: missing.map((path) => ({ path, message: 'required' })) });
      }
      await deps.transactor.run((store) => closeFromDashboard(store, caseDeps(), { caseId: params.id, actor: actor(session), at: now() }));
      await accounts.audit({ at: now(), actorAccountId: session.account.id, actorRole: session.account.role, action: 'case.close', target: `case:${params.id}` });
      changed();
      return row(params.id);
    },

    reopen: async ({ params, session }) => {
      await row(params.id);
      await deps.transactor.run(async (store) => {
        await reopenFromDashboard(store, { caseId: params.id, at: now() });
      });
      await cases.reopen(params.id, now());
      await accounts.audit({ at: now(), actorAccountId: session.account.id, actorRole: session.account.role, action: 'case.reopen', target: `case:${params.id}` });
      changed();
      return row(params.id);
    },

    referrals: async ({ query }) => cases.referrals({ status: query.status }),

    patchReferral: async ({ params, body }) => {
      if (!(await cases.patchReferral(params.id, body.status, body.note, now()))) throw new AppError('not-found', 'not-found', 'No such referral.');
      const [found] = await cases.referrals({ id: params.id });
      if (!found) throw new AppError('not-found', 'not-found', 'No such referral.');
      return found;
    },
  };
}
