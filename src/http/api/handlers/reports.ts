import { AppError } from '../../../core/app-error.ts';
import type { Handlers } from '../router.ts';

/** What the report endpoints need. */
export interface ReportHandlerDeps {
  now: () => number;
}

type ReportRoutes = 'workReport' | 'studyTable' | 'analytics' | 'exportReport';

const notYet = async (): Promise<never> => {
  throw new AppError('not-found', 'not-implemented', 'Not available yet.');
};

/** Work reports, the study table, analytics and exports. */
export function reportHandlers(_deps: ReportHandlerDeps): Pick<Handlers, ReportRoutes> {
  return { workReport: notYet, studyTable: notYet, analytics: notYet, exportReport: notYet };
}
