/**
 * The reports use-cases shared by the API and the CLI: work report, study table, analytics
 * and audited exports for a period of days in the organisation's timezone.
 */
import type { Analytics, StudyTable, WorkReportRow } from '../read-models.ts';
import type { AuditEvent } from '../accounts/ports.ts';
import type { ReportStore } from './ports.ts';
import { analytics, countCoded, studyTable, workReportRows } from './build.ts';
import { csvPages } from './csv.ts';
import { CASE_COLUMNS, caseRow, studyTableRows } from './dataset.ts';
import { bucketsOf, localDates, parsePeriod, ReportInputError, type ReportPeriod } from './period.ts';
import { xlsxStream, type StreamedTable } from './xlsx.ts';

/** Cases read from the database per page of an export. */
export const EXPORT_PAGE_SIZE = 2000;

/** Formats an export can be written in. */
export const REPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What the reports need. */
export interface ReportsDeps {
  store: ReportStore;
  /** The organisation's IANA timezone (days and buckets are local days). */
  timezone: () => string;
  audit: (event: AuditEvent) => Promise<void>;
  now: () => number;
}

/** Who asked for an export, for the audit log. */
export interface ExportActor {
  accountId: number | null;
  role: string;
}

/** A written export. */
export interface ReportFile {
  body: Uint8Array;
  contentType: string;
  fileName: string;
  /** Data rows written (cases, or needs when small counts are suppressed). */
  rows: number;
  /** The period as checked (canonical dates). */
  period: { from: string; to: string };
}

/** An export being written: what it is, and its bytes as they are made (read them once). */
export interface ReportStream extends Omit<ReportFile, 'body'> {
  body: AsyncIterable<Uint8Array>;
}

/** All of an export's bytes in one array. */
export async function collectBody(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of body) {
    parts.push(part);
    length += part.byteLength;
  }
  const all = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.byteLength;
  }
  return all;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

/** The report use-cases. */
export interface Reports {
  period(from: string, to: string): ReportPeriod;
  /** One row per case opened in the period, oldest first; `limit` keeps the first ones. */
  workReport(from: string, to: string, limit?: number): Promise<WorkReportRow[]>;
  /** The same as JSON text (the API sends it as it is; a thread makes it off the main thread). */
  workReportJson(from: string, to: string, limit?: number): Promise<string>;
  studyTable(from: string, to: string, options?: { suppressSmall?: boolean }): Promise<StudyTable>;
  analytics(from: string, to: string, bucket: 'week' | 'month', options?: { suppressSmall?: boolean }): Promise<Analytics>;
  /**
   * Starts writing the dataset in a format (not audited: {@link Reports.streamExport} is).
   * Cases are read from the database a page at a time as the body is read.
   */
  openExport(request: ExportRequest): Promise<ReportStream>;
  /** {@link Reports.openExport}, recorded in the audit log before any byte is given out. */
  streamExport(request: ExportRequest, actor: ExportActor): Promise<ReportStream>;
  /** The whole export in memory (not audited): for small periods and tests. */
  buildExport(request: ExportRequest): Promise<ReportFile>;
  /** {@link Reports.buildExport}, recorded in the audit log. */
  export(request: ExportRequest, actor: ExportActor): Promise<ReportFile>;
}

/** What to export. */
export interface ExportRequest {
  from: string;
  to: string;
  format: string;
  suppressSmall: boolean;
}

/** Records an export in the audit log. */
export function auditExport(audit: ReportsDeps['audit'], at: number, file: Pick<ReportFile, 'rows' | 'period'>, request: ExportRequest, actor: ExportActor): Promise<void> {
  return audit({ at, actorAccountId: actor.accountId, actorRole: actor.role, action: 'report.export', target: `report:${file.period.from}:${file.period.to}`, detail: { format: request.format, from: file.period.from, to: file.period.to, rows: file.rows, suppressSmall: request.suppressSmall } });
}

/** Text pieces as UTF-8 bytes, one piece at a time. */
async function* encoded(pieces: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for await (const piece of pieces) yield encoder.encode(piece);
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Builds the report use-cases. */
export function createReports(deps: ReportsDeps): Reports {
  const period = (from: string, to: string) => parsePeriod(from, to, deps.timezone());
  const encoder = new TextEncoder();

  const reports: Reports = {
    period,
    async workReport(from, to, limit) {
      const p = period(from, to);
      return workReportRows(await deps.store.caseRows(p, limit), p);
    },
    async workReportJson(from, to, limit) {
      return JSON.stringify(await reports.workReport(from, to, limit));
    },
    async studyTable(from, to, options = {}) {
      const p = period(from, to);
      return studyTable(countCoded(await deps.store.coded(p)), p, { suppressSmall: options.suppressSmall ?? false });
    },
    async analytics(from, to, bucket, options = {}) {
      const p = period(from, to);
      const buckets = bucketsOf(p, bucket);
      const data = await deps.store.analytics(p, p.previous, buckets.starts);
      return analytics(data, p, { ...buckets, bucket }, { suppressSmall: options.suppressSmall ?? false });
    },
    async export(request, actor) {
      const file = await reports.buildExport(request);
      await auditExport(deps.audit, deps.now(), file, request, actor);
      return file;
    },
    async buildExport(request) {
      const stream = await reports.openExport(request);
      return { ...stream, body: await collectBody(stream.body) };
    },
    async streamExport(request, actor) {
      const stream = await reports.openExport(request);
      await auditExport(deps.audit, deps.now(), stream, request, actor);
      return stream;
    },
    async openExport(request) {
      if (!(REPORT_FORMATS as readonly string[]).includes(request.format)) throw new ReportInputError(`unknown format "${request.format}": use ${REPORT_FORMATS.join(', ')}`);
      const format = request.format as ReportFormat;
      const p = period(request.from, request.to);
      const suppressSmall = request.suppressSmall;
      const study = await reports.studyTable(p.from, p.to, { suppressSmall });
      const studyRows = studyTableRows(study);
      // Case-level rows are never shared with small counts suppressed: one row is a count of one.
      const span = suppressSmall ? undefined : await deps.store.caseSpan(p);
      const casePages = async function* (): AsyncGenerator<Array<Array<string | number>>> {
        if (!span || span.count === 0) return;
        const dateOf = localDates(p);
        for await (const page of deps.store.caseRowPages(p, { upToId: span.lastId, pageSize: EXPORT_PAGE_SIZE })) yield workReportRows(page, p, dateOf).map(caseRow);
      };
      const rows = span ? span.count : studyRows.rows.length;
      const generatedAt = new Date(deps.now());
      let body: AsyncIterable<Uint8Array>;
      if (format === 'csv') body = encoded(span ? csvPages(CASE_COLUMNS, casePages()) : csvPages(studyRows.columns, [studyRows.rows]));
      else if (format === 'xlsx') {
        const tables: StreamedTable[] = [...(span ? [{ name: 'cases', columns: CASE_COLUMNS, pages: casePages() }] : []), { name: studyRows.name, columns: studyRows.columns, pages: [studyRows.rows] }];
        body = xlsxStream(
          tables,
          [
            ['source', 'Netreach: anonymised work reports (no messages, no Telegram ids, no names)'],
            ['period', `${p.from} to ${p.to} (${p.timezone})`],
            ['generated', generatedAt.toISOString()],
            ['small counts', suppressSmall ? 'counts from 1 to 4 shown as "<5"; case rows left out' : 'shown as they are'],
          ],
          generatedAt,
        );
      } else {
        // JSON is one document, made whole: the dashboard and scripts read it whole anyway.
        const cases = suppressSmall ? undefined : await reports.workReport(p.from, p.to);
        const analyticsData = await reports.analytics(p.from, p.to, 'month', { suppressSmall });
        body = once(encoder.encode(`${JSON.stringify({ source: 'netreach', period: { from: p.from, to: p.to, timezone: p.timezone }, generatedAt: generatedAt.toISOString(), suppressSmall, ...(cases ? { cases } : {}), study, analytics: analyticsData }, null, 2)}\n`));
      }
      return { body, contentType: CONTENT_TYPES[format], fileName: `netreach-${suppressSmall ? 'summary' : 'report'}-${p.from}-${p.to}.${format}`, rows, period: { from: p.from, to: p.to } };
    },
  };
  return reports;
}
