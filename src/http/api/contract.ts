/**
 * The staff API's contract: every endpoint with the roles allowed to call it and the zod
 * schemas of what it accepts and returns. The server mounts routes from this table (so a
 * route cannot exist without a role list), the OpenAPI description is generated from it,
 * the role-matrix test walks it, and the web UI imports its types.
 *
 * This module must stay free of Node and server imports: the browser bundle includes it. The
 * vocabulary (roles, codes) and the read models come from core; the schemas here are held
 * to them by the compiler.
 */
import { z } from 'zod';
import { NEED_CODES } from '../../core/codebook.ts';
import type * as read from '../../core/read-models.ts';
import { CASE_CHANNELS, STAFF_ROLES, type StaffRole } from '../../core/types.ts';
import { INBOX_FILTERS, OUTCOMES, PHONE_CALL, REFERRAL_STATUSES, REFERRAL_TARGETS, SERVICE_CODES, SPECIALISATIONS } from '../../core/work-report.ts';

/** Staff roles, least to most privileged for case work (researchers never see cases). */
export const ROLES = STAFF_ROLES;
export type Role = StaffRole;

/** Who may do what; every route names one of these groups. */
export const ACCESS = {
  /** Any signed-in staff member (their own account). */
  anyone: ['worker', 'doctor', 'supervisor', 'admin', 'researcher'],
  /** Case work: transcripts, replies, notes, work reports. Never researchers. */
  cases: ['worker', 'doctor', 'supervisor', 'admin'],
  /** Assigning cases to others, referrals follow-up across the team, moderation. */
  supervise: ['supervisor', 'admin'],
  /** Verifying medical content. */
  verify: ['doctor'],
  /** Editing knowledge-base snippets and mobile-unit schedules. */
  editContent: ['doctor', 'supervisor', 'admin'],
  /** Aggregated, anonymised reports and exports. */
  reports: ['supervisor', 'admin', 'researcher'],
  /** Organisation settings, staff accounts, the audit log. */
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Access = keyof typeof ACCESS;

export { NEED_CODES, SERVICE_CODES, REFERRAL_TARGETS, REFERRAL_STATUSES, PHONE_CALL, OUTCOMES, INBOX_FILTERS, SPECIALISATIONS };
/** Where a case came from. */
export const CHANNELS = CASE_CHANNELS;

/**
 * True only when A and B are the same type: a schema below that drifts from the read model
 * core declares fails to compile (`holds<...>(true)`).
 */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function holds<T extends true>(proof: T): T {
  return proof;
}

/** Row ids are 32-bit integers in both databases. */
const MAX_ID = 2 ** 31 - 1;
const id = z.coerce.number().int().positive().max(MAX_ID);
const shortText = (max: number) => z.string().trim().min(1).max(max);

/** An error body: `code` is stable, `message` is safe to show. */
export const ApiError = z.object({ error: z.string(), code: z.string(), retryAfter: z.number().optional(), issues: z.array(z.object({ path: z.string(), message: z.string() })).optional() });
export type ApiError = z.infer<typeof ApiError>;
export const Ok = z.object({ ok: z.literal(true) });

// ---- auth ----------------------------------------------------------------------------

export const Account = z.object({
  id: z.number(),
  login: z.string(),
  role: z.enum(ROLES),
  alias: z.string().nullable(),
  language: z.enum(['ru', 'en']),
  totpEnabled: z.boolean(),
  specialisations: z.array(z.string()),
  /** Linked to the staff member's Telegram account (their role then counts in the staff group too). */
  telegramLinked: z.boolean(),
});
export type Account = z.infer<typeof Account>;
export const Me = z.object({ account: Account, csrfToken: z.string() });
export type Me = z.infer<typeof Me>;

export const LoginBody = z.object({ login: shortText(64), password: z.string().min(1).max(256), totp: z.string().trim().regex(/^\d{6}$/).optional() });
export const SetupStartBody = z.object({ token: shortText(128) });
export const SetupStart = z.object({ login: z.string(), role: z.enum(ROLES), totpRequired: z.boolean(), totpSecret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });
export const SetupFinishBody = z.object({
  token: shortText(128),
  password: z.string().min(12, 'at least 12 characters').max(256),
  totp: z.string().trim().regex(/^\d{6}$/).optional(),
  /** The language the setup page was shown in: the dashboard stays in it after "Finish". */
  language: z.enum(['ru', 'en']).optional(),
});
export const PasswordBody = z.object({ current: z.string().min(1).max(256), next: z.string().min(12, 'at least 12 characters').max(256) });
export const TelegramLinkCode = z.object({ code: z.string(), expiresAt: z.number() });
export const PreferencesBody = z.object({ language: z.enum(['ru', 'en']).optional(), alias: z.string().trim().max(32).nullable().optional() });

// ---- cases ---------------------------------------------------------------------------

export const InboxQuery = z.object({
  filter: z.enum(INBOX_FILTERS).default('all'),
  channel: z.enum(CHANNELS).optional(),
  q: z.string().trim().max(16).optional(),
  /** Cursor: the `updatedAt:id` of the last case of the previous page (a time and a case number, so bounded). */
  before: z
    .string()
    .regex(/^\d{1,16}:\d{1,10}$/)
    .refine((v) => {
      const [at = '', caseId = ''] = v.split(':');
      return Number(at) <= Number.MAX_SAFE_INTEGER && Number(caseId) <= MAX_ID;
    }, 'not a cursor this inbox gave')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type InboxQuery = z.infer<typeof InboxQuery>;
holds<Same<InboxQuery, read.InboxQuery>>(true);

export const InboxCase = z.object({
  id: z.number(),
  clientCode: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(['open', 'closed']),
  urgent: z.boolean(),
  afterHours: z.boolean(),
  doctorFlag: z.boolean(),
  /** Who has the case: their dashboard account (null for staff who work only in Telegram) and alias. */
  assignee: z.object({ id: z.number().nullable(), alias: z.string().nullable() }).nullable(),
  /** A complete work report is filed (a case closed in Telegram may still lack one). */
  reportComplete: z.boolean(),
  needs: z.array(z.string()),
  openedAt: z.number(),
  updatedAt: z.number(),
  firstResponseAt: z.number().nullable(),
  /** Who spoke last: the client ('in') means the case waits for us; 'out' waits for the client. */
  lastDirection: z.enum(['in', 'out', 'note']).nullable(),
  lastKind: z.string().nullable(),
  lastAt: z.number().nullable(),
});
export type InboxCase = z.infer<typeof InboxCase>;
holds<Same<InboxCase, read.InboxCase>>(true);
export const InboxPage = z.object({ cases: z.array(InboxCase), next: z.string().nullable() });
export type InboxPage = z.infer<typeof InboxPage>;
/** How many cases each inbox filter holds. */
export const InboxCounts = z.object(Object.fromEntries(INBOX_FILTERS.map((f) => [f, z.number()])) as Record<(typeof INBOX_FILTERS)[number], z.ZodNumber>);
holds<Same<InboxPage, read.InboxPage>>(true);

export const TranscriptMessage = z.object({
  id: z.number(),
  /** in: the client; out: a worker's reply; note: internal; bot: what the bot itself sent the client. */
  direction: z.enum(['in', 'out', 'note', 'bot']),
  /** What the row holds: a message kind (text, photo, ...) or `choice`, a button the client pressed (its label as text). */
  kind: z.string(),
  text: z.string().nullable(),
  media: z.object({ kind: z.string(), fileName: z.string().nullable(), duration: z.number().nullable(), mimeType: z.string().nullable(), available: z.boolean() }).nullable(),
  at: z.number(),
  staffAlias: z.string().nullable(),
  /** For messages to the client (replies and the bot's own): whether Telegram accepted it, and why not. */
  delivery: z.enum(['queued', 'sent', 'failed']).nullable(),
  failure: z.enum(['blocked', 'erased', 'error']).nullable(),
});
export type TranscriptMessage = z.infer<typeof TranscriptMessage>;
holds<Same<TranscriptMessage, read.TranscriptMessage>>(true);

export const Referral = z.object({
  id: z.number().optional(),
  target: z.enum(REFERRAL_TARGETS),
  status: z.enum(REFERRAL_STATUSES).default('made'),
  note: z.string().trim().max(300).nullable().default(null),
});
export type Referral = z.infer<typeof Referral>;
holds<Same<Referral, read.Referral>>(true);

/** The work report: coded, written without identifying details. */
export const WorkReportBody = z.object({
  needs: z.array(z.enum(NEED_CODES)).max(10),
  services: z.array(z.enum(SERVICE_CODES)).max(SERVICE_CODES.length),
  referrals: z.array(Referral).max(10),
  phoneCall: z.enum(PHONE_CALL),
  requestSummary: z.string().trim().max(1000),
  servicesSummary: z.string().trim().max(1000),
  outcome: z.enum(OUTCOMES).nullable(),
});
export type WorkReportBody = z.infer<typeof WorkReportBody>;
holds<Same<WorkReportBody, read.WorkReportBody>>(true);
export const WorkReport = WorkReportBody.extend({
  referrals: z.array(Referral.extend({ id: z.number(), updatedAt: z.number() })),
  complete: z.boolean(),
  updatedAt: z.number(),
  authorAlias: z.string().nullable(),
});
export type WorkReport = z.infer<typeof WorkReport>;
holds<Same<WorkReport, read.WorkReport>>(true);

export const EarlierCase = z.object({ id: z.number(), openedAt: z.number(), closedAt: z.number().nullable(), needs: z.array(z.string()), services: z.array(z.string()), outcome: z.string().nullable() });
export const CaseDetail = z.object({
  case: InboxCase.extend({ clientLanguage: z.enum(['ru', 'en']), clientReachable: z.boolean(), clientErased: z.boolean(), closedAt: z.number().nullable(), feedback: z.string().nullable() }),
  messages: z.array(TranscriptMessage),
  report: WorkReport.nullable(),
  earlier: z.array(EarlierCase),
});
export type CaseDetail = z.infer<typeof CaseDetail>;
holds<Same<CaseDetail, read.CaseDetail>>(true);

export const ReplyBody = z.object({
  text: shortText(4000),
  /** Chosen by the browser so a retried request is sent once. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});
export const NoteBody = z.object({ text: shortText(4000) });
export const AssignBody = z.object({ accountId: id.nullable() });
export const CasePatchBody = z.object({ urgent: z.boolean().optional(), doctorFlag: z.boolean().optional() }).refine((v) => Object.keys(v).length > 0, 'nothing to change');
export const Assignee = z.object({ accountId: z.number(), alias: z.string().nullable(), login: z.string(), role: z.enum(ROLES), specialisations: z.array(z.string()), openCases: z.number(), matches: z.array(z.string()) });
export const ReferralPatchBody = z.object({ status: z.enum(REFERRAL_STATUSES), note: z.string().trim().max(300).nullable().optional() });
export const ReferralRow = z.object({ id: z.number(), caseId: z.number(), clientCode: z.string(), target: z.enum(REFERRAL_TARGETS), status: z.enum(REFERRAL_STATUSES), note: z.string().nullable(), createdAt: z.number(), updatedAt: z.number() });
export const ReferralsQuery = z.object({ status: z.enum(REFERRAL_STATUSES).optional() });

// ---- knowledge base ------------------------------------------------------------------

export const KB_KINDS = ['guide', 'article', 'snippet'] as const;
export const Verification = z.object({ byRole: z.string(), at: z.number(), reviewAt: z.number() });
export const KbItem = z.object({
  kind: z.enum(KB_KINDS),
  id: z.string(),
  lang: z.enum(['ru', 'en']),
  title: z.string(),
  version: z.string(),
  /** The verification in force for this exact version, if any. */
  verified: Verification.nullable(),
  /** A verification of an earlier version, or one past its review date. */
  needsReview: z.boolean(),
});
export type KbItem = z.infer<typeof KbItem>;
export const KbDetail = z.object({ item: KbItem, body: z.string(), history: z.array(z.object({ version: z.string(), byRole: z.string().nullable(), at: z.number(), event: z.enum(['created', 'verified']) })) });
export const KbVerifyBody = z.object({ version: z.string().min(1).max(64), reviewMonths: z.coerce.number().int().min(1).max(36).default(12) });
export const SnippetBody = z.object({ id: z.string().regex(/^[a-z0-9-]{2,48}$/), lang: z.enum(['ru', 'en']), title: shortText(120), body: shortText(3000) });
export const Snippet = z.object({ id: z.string(), lang: z.enum(['ru', 'en']), title: z.string(), body: z.string(), version: z.string(), verified: Verification.nullable() });
export type Snippet = z.infer<typeof Snippet>;
export const KbPath = z.object({ kind: z.enum(KB_KINDS), id: z.string().regex(/^[a-z0-9-]{2,48}$/), lang: z.enum(['ru', 'en']) });

// ---- mobile units --------------------------------------------------------------------

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const MOBILE_SERVICES = ['syringes', 'naloxone', 'hiv_test', 'hcv_test', 'syphilis_test', 'consultation', 'wound_care', 'condoms', 'prep'] as const;
export const StopBody = z.object({
  name: shortText(80),
  area: z.string().trim().max(80).default(''),
  address: z.string().trim().max(200).default(''),
  services: z.array(z.enum(MOBILE_SERVICES)).max(MOBILE_SERVICES.length).default([]),
  schedule: z.array(z.object({ weekday: z.enum(WEEKDAYS), start: hhmm, end: hhmm })).max(21).default([]),
});
export const Stop = StopBody.extend({ id: z.number() });
export type Stop = z.infer<typeof Stop>;
export const ExceptionBody = z.object({ stopId: id, date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), kind: z.enum(['cancelled', 'changed']), note: z.string().trim().max(200).default('') });
export const ScheduleException = ExceptionBody.extend({ id: z.number() });
export const MobileUnits = z.object({ stops: z.array(Stop), exceptions: z.array(ScheduleException) });

// ---- settings, staff, rota, audit ---------------------------------------------------

export const SettingsBody = z.object({
  orgName: z.string().trim().max(120).optional(),
  timezone: z.string().trim().max(64).optional(),
  workingHours: z.string().trim().max(300).optional(),
  holidays: z.string().trim().max(2000).optional(),
  emergencyNumbers: z.string().trim().min(1).max(100).optional(),
  crisisHotlines: z.string().trim().max(300).optional(),
  orgContacts: z.string().trim().max(500).optional(),
  retentionDays: z.coerce.number().int().min(1).max(3650).optional(),
  languages: z.array(z.enum(['ru', 'en'])).min(1).optional(),
});
export const Settings = z.object({
  orgName: z.string(),
  timezone: z.string(),
  workingHours: z.string(),
  holidays: z.string(),
  emergencyNumbers: z.string(),
  crisisHotlines: z.string(),
  orgContacts: z.string(),
  retentionDays: z.number(),
  languages: z.array(z.enum(['ru', 'en'])),
  staffGroup: z.object({ linked: z.boolean() }),
  bot: z.object({ username: z.string(), running: z.boolean(), telegram: z.string(), mode: z.string() }),
});
export type Settings = z.infer<typeof Settings>;

export const StaffAccount = Account.extend({ disabled: z.boolean(), lastSignInAt: z.number().nullable(), createdAt: z.number(), openCases: z.number() });
export const InviteBody = z.object({ login: z.string().trim().regex(/^[a-z0-9._-]{3,32}$/i, '3-32 letters, digits, dot, dash or underscore'), role: z.enum(ROLES), alias: z.string().trim().max(32).nullable().default(null), specialisations: z.array(z.enum(SPECIALISATIONS)).default([]) });
export const SetupLink = z.object({ accountId: z.number(), setupUrl: z.string(), expiresAt: z.number() });
export const StaffPatchBody = z.object({ role: z.enum(ROLES).optional(), alias: z.string().trim().max(32).nullable().optional(), specialisations: z.array(z.enum(SPECIALISATIONS)).optional(), disabled: z.boolean().optional() });

export const RotaSlot = z.object({ weekdays: z.array(z.enum(WEEKDAYS)).min(1), start: hhmm, end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/), accountId: id });
export const Rota = z.object({ slots: z.array(RotaSlot.extend({ alias: z.string().nullable() })), onCallNow: z.array(z.string()) });
export const RotaBody = z.object({ slots: z.array(RotaSlot).max(100) });

export const AuditEntry = z.object({ id: z.number(), at: z.number(), actor: z.string().nullable(), actorRole: z.string().nullable(), action: z.string(), target: z.string().nullable(), detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])) });
export const AuditQuery = z.object({ before: z.coerce.number().int().positive().max(MAX_ID).optional(), action: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(200).default(100) });

// ---- the channel -----------------------------------------------------------------------

export const ChannelPostView = z.object({
  id: z.number(),
  kind: z.enum(['post', 'schedule']),
  status: z.enum(['draft', 'approved', 'scheduled', 'published', 'deleted']),
  text: z.string(),
  publishAt: z.number().nullable(),
  publishedAt: z.number().nullable(),
});
export const ChannelDraftBody = z.object({
  text: shortText(4096),
  /** When to publish once approved, in the organisation's timezone: "2026-12-01 18:00". */
  publishAt: z.string().regex(/^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d$/, 'YYYY-MM-DD HH:MM').optional(),
});
export const ChannelActionParams = z.object({ id, action: z.enum(['approve', 'publish', 'delete']) });

// ---- reports (aggregated, anonymised; researchers included) -------------------------

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
/** A period of whole days in the organisation's timezone, both ends included. */
export const PeriodQuery = z
  .object({ from: isoDate, to: isoDate })
  .refine((p) => !Number.isNaN(Date.parse(p.from)) && !Number.isNaN(Date.parse(p.to)), 'not a real date')
  .refine((p) => p.from <= p.to, '`from` is after `to`');
/** A period, and optionally only the first `limit` cases (a page to look at; exports have them all). */
export const WorkReportQuery = z
  .object({ from: isoDate, to: isoDate, limit: z.coerce.number().int().min(1).max(100_000).optional() })
  .refine((p) => p.from <= p.to, '`from` is after `to`');
export const AnalyticsQuery = z.object({ from: isoDate, to: isoDate, bucket: z.enum(['week', 'month']).default('month') }).refine((p) => p.from <= p.to, '`from` is after `to`');
export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export const ExportQuery = z
  .object({ from: isoDate, to: isoDate, format: z.enum(EXPORT_FORMATS), suppressSmall: z.enum(['true', 'false']).default('false') })
  .refine((p) => p.from <= p.to, '`from` is after `to`');
/** One row of the work report: one case, coded, without a transcript. */
export const WorkReportRow = z.object({
  caseId: z.number(),
  date: z.string(),
  clientCode: z.string(),
  channel: z.string(),
  needs: z.array(z.string()),
  services: z.array(z.string()),
  referrals: z.array(z.object({ target: z.string(), status: z.string() })),
  phoneCall: z.string().nullable(),
  requestSummary: z.string(),
  servicesSummary: z.string(),
  outcome: z.string().nullable(),
  workerAlias: z.string().nullable(),
  afterHours: z.boolean(),
  urgent: z.boolean(),
});
export type WorkReportRow = z.infer<typeof WorkReportRow>;
holds<Same<WorkReportRow, read.WorkReportRow>>(true);
/** Counts may be numbers or, with small counts suppressed, "<5". */
const Count = z.union([z.number(), z.literal('<5')]);
export const StudyTable = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  totalCases: Count,
  themes: z.array(
    z.object({
      theme: z.union([z.literal(1), z.literal(2), z.null()]),
      count: Count,
      share: z.number().nullable(),
      needs: z.array(z.object({ code: z.string(), count: Count, share: z.number().nullable(), services: z.array(z.object({ code: z.string(), count: Count })) })),
    }),
  ),
});
export type StudyTable = z.infer<typeof StudyTable>;
holds<Same<StudyTable, read.StudyTable>>(true);
/** The analytics dashboard: each series is a table the chart draws. */
export const Analytics = z.object({
  period: z.object({ from: z.string(), to: z.string(), bucket: z.enum(['week', 'month']) }),
  series: z.record(z.string(), z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])))),
  totals: z.record(z.string(), z.union([z.number(), z.null()])),
});
export type Analytics = z.infer<typeof Analytics>;
holds<Same<Analytics, read.Analytics>>(true);

// ---- the route table -----------------------------------------------------------------

/** One endpoint of the staff API. */
export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono path syntax (`/api/cases/:id`). */
  path: string;
  /** Who may call it; `public` needs no session (sign-in, setup, the OpenAPI description). */
  access: Access | 'public';
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  /** Server-sent events instead of JSON. */
  stream?: boolean;
  /** Binary download instead of JSON. */
  binary?: boolean;
}

const IdParam = z.object({ id });
const FileParam = z.object({ id, messageId: id });

/**
 * Every route of the staff API, keyed by a name the server binds a handler to. Adding a
 * route here without a handler fails at start; a handler without a route cannot be mounted.
 */
export const ROUTES = {
  login: { method: 'post', path: '/api/auth/login', access: 'public', summary: 'Sign in with login, password and (when enabled) a TOTP code', body: LoginBody, response: Me },
  setupStart: { method: 'post', path: '/api/auth/setup/start', access: 'public', summary: 'Open a one-time setup link: returns the TOTP secret to enrol', body: SetupStartBody, response: SetupStart },
  setupFinish: { method: 'post', path: '/api/auth/setup/finish', access: 'public', summary: 'Set the password (and confirm TOTP) from a setup link; signs in', body: SetupFinishBody, response: Me },
  me: { method: 'get', path: '/api/auth/me', access: 'anyone', summary: 'The signed-in account and the CSRF token', response: Me },
  logout: { method: 'post', path: '/api/auth/logout', access: 'anyone', summary: 'Sign out this session', response: Ok },
  logoutAll: { method: 'post', path: '/api/auth/logout-all', access: 'anyone', summary: 'Sign out every session of this account', response: Ok },
  password: { method: 'post', path: '/api/auth/password', access: 'anyone', summary: 'Change the password (signs out other sessions)', body: PasswordBody, response: Ok },
  telegramLink: { method: 'post', path: '/api/auth/telegram-link', access: 'anyone', summary: 'A one-time code to send as `/link CODE` in the staff group, linking this account to your Telegram account', response: TelegramLinkCode },
  preferences: { method: 'patch', path: '/api/auth/me', access: 'anyone', summary: 'Change own language or alias', body: PreferencesBody, response: Me },

  inbox: { method: 'get', path: '/api/cases', access: 'cases', summary: 'The inbox: cases by filter, urgent first', query: InboxQuery, response: InboxPage },
  inboxCounts: { method: 'get', path: '/api/inbox/counts', access: 'cases', summary: 'How many cases each inbox filter holds', response: InboxCounts },
  events: { method: 'get', path: '/api/events', access: 'cases', summary: 'Server-sent events: `case` with an inbox row whenever a case changes', stream: true },
  caseDetail: { method: 'get', path: '/api/cases/:id', access: 'cases', summary: 'A case with its transcript, work report and earlier cases (audited)', params: IdParam, response: CaseDetail },
  caseFile: { method: 'get', path: '/api/cases/:id/messages/:messageId/file', access: 'cases', summary: 'A photo, voice message or document of the transcript', params: FileParam, binary: true },
  reply: { method: 'post', path: '/api/cases/:id/reply', access: 'cases', summary: 'Send a reply to the client through the bot', params: IdParam, body: ReplyBody, response: TranscriptMessage },
  note: { method: 'post', path: '/api/cases/:id/notes', access: 'cases', summary: 'Add an internal note', params: IdParam, body: NoteBody, response: TranscriptMessage },
  assignees: { method: 'get', path: '/api/cases/:id/assignees', access: 'cases', summary: 'Staff who could take the case, by specialisation and load', params: IdParam, response: z.array(Assignee) },
  assign: { method: 'post', path: '/api/cases/:id/assign', access: 'cases', summary: 'Assign or transfer (workers may take a case or give it up; supervisors assign anyone)', params: IdParam, body: AssignBody, response: InboxCase },
  patchCase: { method: 'patch', path: '/api/cases/:id', access: 'cases', summary: 'Mark urgent or for the doctor', params: IdParam, body: CasePatchBody, response: InboxCase },
  saveReport: { method: 'put', path: '/api/cases/:id/report', access: 'cases', summary: 'Save the work report (a draft until complete)', params: IdParam, body: WorkReportBody, response: WorkReport },
  close: { method: 'post', path: '/api/cases/:id/close', access: 'cases', summary: 'Close the case; needs a complete work report', params: IdParam, response: InboxCase },
  reopen: { method: 'post', path: '/api/cases/:id/reopen', access: 'cases', summary: 'Reopen a closed case', params: IdParam, response: InboxCase },
  referrals: { method: 'get', path: '/api/referrals', access: 'cases', summary: 'Referrals to follow up', query: ReferralsQuery, response: z.array(ReferralRow) },
  patchReferral: { method: 'patch', path: '/api/referrals/:id', access: 'cases', summary: 'Record a referral follow-up', params: IdParam, body: ReferralPatchBody, response: ReferralRow },

  kb: { method: 'get', path: '/api/kb', access: 'cases', summary: 'Knowledge base: guides, articles and snippets with verification status', response: z.array(KbItem) },
  kbItem: { method: 'get', path: '/api/kb/:kind/:id/:lang', access: 'cases', summary: 'One knowledge-base item with its text and history', params: KbPath, response: KbDetail },
  kbVerify: { method: 'post', path: '/api/kb/:kind/:id/:lang/verify', access: 'verify', summary: 'A doctor verifies this exact version', params: KbPath, body: KbVerifyBody, response: KbItem },
  snippets: { method: 'get', path: '/api/snippets', access: 'cases', summary: 'Reply snippets and quick replies (verified ones are marked)', response: z.array(Snippet) },
  saveSnippet: { method: 'post', path: '/api/snippets', access: 'editContent', summary: 'Create a snippet or a new version of one', body: SnippetBody, response: Snippet },

  mobileUnits: { method: 'get', path: '/api/mobile-units', access: 'cases', summary: 'Mobile-unit stops, weekly schedule and exceptions', response: MobileUnits },
  createStop: { method: 'post', path: '/api/mobile-units/stops', access: 'editContent', summary: 'Add a stop', body: StopBody, response: Stop },
  updateStop: { method: 'put', path: '/api/mobile-units/stops/:id', access: 'editContent', summary: 'Change a stop', params: IdParam, body: StopBody, response: Stop },
  deleteStop: { method: 'delete', path: '/api/mobile-units/stops/:id', access: 'editContent', summary: 'Remove a stop', params: IdParam, response: Ok },
  addException: { method: 'post', path: '/api/mobile-units/exceptions', access: 'editContent', summary: 'Cancel or change a stop on a date', body: ExceptionBody, response: ScheduleException },
  deleteException: { method: 'delete', path: '/api/mobile-units/exceptions/:id', access: 'editContent', summary: 'Remove an exception', params: IdParam, response: Ok },

  settings: { method: 'get', path: '/api/settings', access: 'admin', summary: 'Organisation settings, staff group and bot status', response: Settings },
  saveSettings: { method: 'put', path: '/api/settings', access: 'admin', summary: 'Change organisation settings (audited)', body: SettingsBody, response: Settings },
  staff: { method: 'get', path: '/api/staff', access: 'supervise', summary: 'Staff accounts', response: z.array(StaffAccount) },
  invite: { method: 'post', path: '/api/staff', access: 'admin', summary: 'Invite a staff member: returns a one-time setup link', body: InviteBody, response: SetupLink },
  patchStaff: { method: 'patch', path: '/api/staff/:id', access: 'admin', summary: 'Change role, alias, specialisations or disable (audited)', params: IdParam, body: StaffPatchBody, response: StaffAccount },
  resetStaff: { method: 'post', path: '/api/staff/:id/reset', access: 'admin', summary: 'New setup link (password and TOTP reset; signs the account out)', params: IdParam, response: SetupLink },
  rota: { method: 'get', path: '/api/rota', access: 'cases', summary: 'The on-call rota and who is on call now', response: Rota },
  saveRota: { method: 'put', path: '/api/rota', access: 'supervise', summary: 'Replace the on-call rota (audited)', body: RotaBody, response: Rota },
  audit: { method: 'get', path: '/api/audit', access: 'admin', summary: 'The append-only audit log, newest first', query: AuditQuery, response: z.array(AuditEntry) },

  channelPosts: { method: 'get', path: '/api/channel/posts', access: 'cases', summary: 'The newest posts for the channel: drafts, scheduled and published', response: z.array(ChannelPostView) },
  draftChannelPost: { method: 'post', path: '/api/channel/posts', access: 'cases', summary: 'Draft a channel post (previewed in the staff group; a supervisor approves it)', body: ChannelDraftBody, response: ChannelPostView },
  channelPostAction: { method: 'post', path: '/api/channel/posts/:id/:action', access: 'cases', summary: 'Approve (supervisors), publish now or delete a channel post', params: ChannelActionParams, response: ChannelPostView },
  workReport: { method: 'get', path: '/api/reports/work', access: 'reports', summary: 'The work report for a period: one coded row per case, no transcript', query: WorkReportQuery, response: z.array(WorkReportRow) },
  studyTable: { method: 'get', path: '/api/reports/study', access: 'reports', summary: 'Themes → needs → counts with the services matched to each, like the study', query: PeriodQuery, response: StudyTable },
  analytics: { method: 'get', path: '/api/reports/analytics', access: 'reports', summary: 'Needs, services, referrals, response times, channels, clients, feedback, emergencies and spotting for a period', query: AnalyticsQuery, response: Analytics },
  exportReport: { method: 'get', path: '/api/reports/export', access: 'reports', summary: 'The anonymised dataset as CSV, XLSX (with a data dictionary) or JSON (audited)', query: ExportQuery, binary: true },

  openapi: { method: 'get', path: '/api/openapi.json', access: 'public', summary: 'This API as OpenAPI 3.1' },
} as const satisfies Record<string, RouteSpec>;
export type RouteName = keyof typeof ROUTES;
