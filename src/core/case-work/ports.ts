/**
 * Ports: what the dashboard's case pages read and write outside the relay: the inbox, a case's transcript and work report, referrals. Core declares them; storage implements them.
 * @module
 */
import type { CaseDetail, InboxCase, InboxPage, InboxQuery, Referral, TranscriptMessage, WorkReport, WorkReportBody } from '../read-models.ts';
import type { InboxFilter } from '../work-report.ts';

/** What the dashboard reads and writes about cases (transcripts are unsealed here, for case roles only). */
export interface CaseWorkStore {
  inbox(query: InboxQuery, me: { staffId: number }): Promise<InboxPage>;
  inboxRow(caseId: number): Promise<InboxCase | undefined>;
  /** How many cases each inbox filter holds now (for the phone's one filter control). */
  inboxCounts(me: { staffId: number }): Promise<Record<InboxFilter, number>>;
  /** Cases changed at or after `since` (the live feed), oldest change first. */
  changedSince(since: number, limit: number): Promise<InboxCase[]>;
  detail(caseId: number): Promise<CaseDetail | undefined>;
  /** A message's media (Telegram file id and kind) for the file endpoint. */
  media(caseId: number, messageId: number): Promise<{ kind: string; fileId: string; mimeType: string | null; fileName: string | null } | undefined>;
  message(messageId: number): Promise<TranscriptMessage | undefined>;

  assign(caseId: number, staffId: number | null, at: number): Promise<void>;
  patch(caseId: number, changes: { urgent?: boolean; doctorFlag?: boolean }, at: number): Promise<void>;
  /** Opens a closed case again, no longer urgent (a closed case never reads as urgent). */
  reopen(caseId: number, at: number): Promise<void>;
  report(caseId: number): Promise<WorkReport | null>;
  saveReport(caseId: number, report: WorkReportBody, complete: boolean, authorStaffId: number, at: number): Promise<void>;
  /** Referrals to follow up, newest first: by status, or the one with `id`. */
  referrals(filter: { status?: string | undefined; id?: number }): Promise<Array<{ id: number; caseId: number; clientCode: string; target: Referral['target']; status: Referral['status']; note: string | null; createdAt: number; updatedAt: number }>>;
  patchReferral(id: number, status: string, note: string | null | undefined, at: number): Promise<boolean>;
  /** Staff accounts who can take cases, with their open cases. */
  caseStaff(): Promise<Array<{ accountId: number; staffId: number; login: string; alias: string | null; role: string; specialisations: string[]; openCases: number }>>;
}
