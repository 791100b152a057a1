/**
 * Ports: what the aggregated, anonymised reports read: coded cases of a period, never a transcript. Core declares them; storage implements them.
 * @module
 */
/** A half-open range of instants `[start, end)` (see src/reports/period.ts). */
export interface Range {
  start: number;
  end: number;
}

/** One case of the work report, as stored: coded fields are null when no report was written. */
export interface StoredCaseRow {
  caseId: number;
  openedAt: number;
  clientCode: string;
  channel: string;
  afterHours: boolean;
  urgent: boolean;
  /** JSON arrays as stored; null without a work report. */
  needs: string | null;
  services: string | null;
  phoneCall: string | null;
  requestSummary: string | null;
  servicesSummary: string | null;
  outcome: string | null;
  workerAlias: string | null;
  referrals: Array<{ target: string; status: string }>;
}

/** Cases opened in a range: how many, and the highest id (0 when none). */
export interface CaseSpan {
  count: number;
  lastId: number;
}

/** Cases grouped by bucket and by their coded needs and services (JSON text; null = no work report). */
export interface CodedGroup {
  bucket: number;
  needs: string | null;
  services: string | null;
  count: number;
}

/** Everything the analytics are computed from, aggregated by the database. */
export interface AnalyticsData {
  coded: CodedGroup[];
  mix: Array<{ channel: string; afterHours: boolean; feedback: string | null; count: number }>;
  /** Cases by whole minutes from opening to the first response, inside or outside working hours. */
  response: Array<{ afterHours: boolean; minutes: number; count: number }>;
  clients: { total: number; new: number };
  previousCases: number;
  referrals: Array<{ target: string; status: string; count: number }>;
  emergencies: Array<{ kind: string; openedAt: number; startedAt: number; firstHumanAt: number | null }>;
  spotting: Array<{ bucket: number; sessions: number; escalations: number }>;
}

/** Read-only queries behind work reports, the study table, analytics and exports. Never reads messages. */
export interface ReportStore {
  /** One row per case opened in the range, oldest first, with its work report if any. */
  caseRows(range: Range, limit?: number): Promise<StoredCaseRow[]>;
  /**
   * How many cases opened in the range and the highest id among them. An export counts
   * first (for its audit entry) and then reads only cases up to that id, so a case opened
   * while it streams is not half in it.
   */
  caseSpan(range: Range): Promise<CaseSpan>;
  /** The rows of {@link ReportStore.caseRows} up to `upToId`, a page at a time (keyset, oldest first). */
  caseRowPages(range: Range, options: { upToId: number; pageSize: number }): AsyncIterable<StoredCaseRow[]>;
  /** Cases opened in the range grouped by coded needs and services (one bucket). */
  coded(range: Range): Promise<CodedGroup[]>;
  /** All analytics aggregates; `bucketStarts` splits the range over time (first = range.start). */
  analytics(range: Range, previous: Range, bucketStarts: readonly number[]): Promise<AnalyticsData>;
}
