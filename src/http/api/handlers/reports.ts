import { AppError } from '../../../core/app-error.ts';
import { ReportInputError } from '../../../core/reports/period.ts';
import type { Reports } from '../../../core/reports/reports.ts';
import type { Handlers } from '../router.ts';

/** What the report endpoints need: the report use-cases (src/core/reports/reports.ts). */
export interface ReportHandlerDeps {
  reports: Reports;
}

type ReportRoutes = 'workReport' | 'studyTable' | 'analytics' | 'exportReport';

/** A period or format the reports refuse becomes a 400 with its message. */
async function checked<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ReportInputError) throw new AppError('invalid', 'invalid-period', error.message, {}, { cause: error });
    throw error;
  }
}

/** Work reports, the study table, analytics and exports (aggregated and anonymised; exports audited). */
export function reportHandlers(deps: ReportHandlerDeps): Pick<Handlers, ReportRoutes> {
  const { reports } = deps;
  return {
    workReport: ({ query, c }) =>
      checked(async () => {
        // JSON text made by the reports (in their thread, when they have one): passed on as it is.
        return c.body(await reports.workReportJson(query.from, query.to, query.limit), 200, { 'content-type': 'application/json; charset=utf-8' });
      }),
    studyTable: ({ query }) => checked(() => reports.studyTable(query.from, query.to)),
    analytics: ({ query }) => checked(() => reports.analytics(query.from, query.to, query.bucket)),
    exportReport: ({ query, session }) =>
      checked(async () => {
        const file = await reports.streamExport({ from: query.from, to: query.to, format: query.format, suppressSmall: query.suppressSmall === 'true' }, { accountId: session.account.id, role: session.account.role });
        // Sent as it is made: the next piece is asked for only when the socket has taken the last.
        const pieces = file.body[Symbol.asyncIterator]();
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const next = await pieces.next();
            if (next.done) controller.close();
            else controller.enqueue(next.value);
          },
          async cancel() {
            await pieces.return?.();
          },
        });
        return new Response(body, {
          headers: {
            'content-type': file.contentType,
            'content-disposition': `attachment; filename="${file.fileName}"`,
            'x-content-type-options': 'nosniff',
            'cache-control': 'no-store',
          },
        });
      }),
  };
}
