/**
 * What the dashboard and the reports read: the inbox, a case with its transcript and work
 * report, the work-report rows, the study table and the analytics. Storage builds these,
 * core and the reports use them, and the API contract validates them with schemas the
 * compiler holds to these types. This file imports only core's vocabulary.
 */
import type { NeedCode } from './codebook.ts';
import type { CaseChannel, Language } from './types.ts';
import type { InboxFilter, Outcome, PhoneCall, ReferralStatus, ReferralTarget, ServiceCode } from './work-report.ts';

/** A page of the inbox: which cases, from where on. */
export interface InboxQuery {
  filter: InboxFilter;
  channel?: CaseChannel | undefined;
  q?: string | undefined;
  /** Cursor: the `updatedAt:id` of the last case of the previous page. */
  before?: string | undefined;
  limit: number;
}

/** One row of the inbox. */
export interface InboxCase {
  id: number;
  clientCode: string;
  channel: CaseChannel;
  status: 'open' | 'closed';
  urgent: boolean;
  afterHours: boolean;
  doctorFlag: boolean;
  /** Who has the case: their dashboard account (null for staff who work only in Telegram) and alias. */
  assignee: { id: number | null; alias: string | null } | null;
  /** A complete work report is filed (a case closed in Telegram may still lack one). */
  reportComplete: boolean;
  needs: string[];
  openedAt: number;
  updatedAt: number;
  firstResponseAt: number | null;
  /** Who spoke last: the client ('in') means the case waits for us; 'out' waits for the client. */
  lastDirection: 'in' | 'out' | 'note' | null;
  lastKind: string | null;
  lastAt: number | null;
}

/** A page of inbox rows and the cursor of the next one. */
export interface InboxPage {
  cases: InboxCase[];
  next: string | null;
}

/** One row of a case's transcript. */
export interface TranscriptMessage {
  id: number;
  /** in: the client; out: a worker's reply; note: internal; bot: what the bot itself sent the client. */
  direction: 'in' | 'out' | 'note' | 'bot';
  /** A message kind (text, photo, ...) or `choice`, a button the client pressed (its label as text). */
  kind: string;
  text: string | null;
  media: { kind: string; fileName: string | null; duration: number | null; mimeType: string | null; available: boolean } | null;
  at: number;
  staffAlias: string | null;
  /** For messages to the client (replies and the bot's own): whether Telegram accepted it, and why not. */
  delivery: 'queued' | 'sent' | 'failed' | null;
  failure: 'blocked' | 'erased' | 'error' | null;
}

/** A referral recorded in a work report. */
export interface Referral {
  id?: number | undefined;
  target: ReferralTarget;
  status: ReferralStatus;
  note: string | null;
}

/** The work report as a worker files it: coded, written without identifying details. */
export interface WorkReportBody {
  needs: NeedCode[];
  services: ServiceCode[];
  referrals: Referral[];
  phoneCall: PhoneCall;
  requestSummary: string;
  servicesSummary: string;
  outcome: Outcome | null;
}

/** A referral as stored: with its id and when its follow-up last changed. */
export interface StoredReferral {
  id: number;
  target: ReferralTarget;
  status: ReferralStatus;
  note: string | null;
  updatedAt: number;
}

/** The work report as stored: its referrals with ids, and whether it is complete. */
export interface WorkReport extends Omit<WorkReportBody, 'referrals'> {
  referrals: StoredReferral[];
  complete: boolean;
  updatedAt: number;
  authorAlias: string | null;
}

/** An earlier case of the same client, as a line of its coded report. */
export interface EarlierCase {
  id: number;
  openedAt: number;
  closedAt: number | null;
  needs: string[];
  services: string[];
  outcome: string | null;
}

/** The case page's header: the inbox row and what the page adds about the client. */
export interface CaseHeader extends InboxCase {
  clientLanguage: Language;
  clientReachable: boolean;
  clientErased: boolean;
  closedAt: number | null;
  feedback: string | null;
}

/** A case as the case page shows it. */
export interface CaseDetail {
  case: CaseHeader;
  messages: TranscriptMessage[];
  report: WorkReport | null;
  earlier: EarlierCase[];
}

/** One row of the work report: one case, coded, without a transcript. */
export interface WorkReportRow {
  caseId: number;
  date: string;
  clientCode: string;
  channel: string;
  needs: string[];
  services: string[];
  referrals: Array<{ target: string; status: string }>;
  phoneCall: string | null;
  requestSummary: string;
  servicesSummary: string;
  outcome: string | null;
  workerAlias: string | null;
  afterHours: boolean;
  urgent: boolean;
}

/** A count, or "<5" where small counts are suppressed. */
export type ReportCount = number | '<5';

/** Themes → needs → counts with the services matched to each, like the study's table. */
export interface StudyTable {
  period: { from: string; to: string };
  totalCases: ReportCount;
  themes: Array<{
    theme: 1 | 2 | null;
    count: ReportCount;
    share: number | null;
    needs: Array<{ code: string; count: ReportCount; share: number | null; services: Array<{ code: string; count: ReportCount }> }>;
  }>;
}

/** The analytics dashboard: each series is a table a chart draws. */
export interface Analytics {
  period: { from: string; to: string; bucket: 'week' | 'month' };
  series: Record<string, Array<Record<string, string | number | null>>>;
  totals: Record<string, number | null>;
}
