import type { ModerationDetector } from './detect.ts';

/** One labelled message: `ok` for ordinary talk, else the category it should be removed for. */
export interface LabelledMessage {
  label: string;
  text: string;
}

/** How automatic moderation did on a labelled set. A review is neither a removal nor a false positive. */
export interface ModerationEvaluation {
  ordinary: number;
  offending: number;
  /** Ordinary messages that would have been removed. */
  falsePositives: LabelledMessage[];
  /** Ordinary messages that would have gone to a worker for review (and stayed). */
  reviewedOrdinary: LabelledMessage[];
  /** Offending messages that would have gone to a worker for review (and stayed until then). */
  reviewedOffending: LabelledMessage[];
  /** Offending messages that would have stayed unnoticed. */
  missed: LabelledMessage[];
  falsePositiveRate: number;
  /** Share of offending messages removed (whatever category was given); reviews do not count. */
  recall: number;
  /** Share of ordinary messages sent to review. */
  reviewRateOrdinary: number;
  /** Share of offending messages sent to review. */
  reviewRateOffending: number;
  /** Removed offending messages whose category matched the label. */
  categoryAccuracy: number;
  byLabel: Record<string, { total: number; removed: number; reviewed: number }>;
}

/** Parses `label<TAB>text` lines; `#` lines and blank lines are skipped. */
export function parseModerationSet(tsv: string): LabelledMessage[] {
  return tsv
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const tab = line.indexOf('\t');
      if (tab < 0) throw new Error(`not "label<TAB>text": ${line.slice(0, 40)}`);
      return { label: line.slice(0, tab).trim(), text: line.slice(tab + 1) };
    });
}

/** Runs the detector over a labelled set. */
export function evaluateModeration(detector: ModerationDetector, set: readonly LabelledMessage[]): ModerationEvaluation {
  const falsePositives: LabelledMessage[] = [];
  const reviewedOrdinary: LabelledMessage[] = [];
  const reviewedOffending: LabelledMessage[] = [];
  const missed: LabelledMessage[] = [];
  const byLabel: Record<string, { total: number; removed: number; reviewed: number }> = {};
  let ordinary = 0;
  let offending = 0;
  let rightCategory = 0;
  for (const row of set) {
    const verdict = detector.check(row.text);
    const removed = verdict?.action === 'remove';
    const reviewed = verdict?.action === 'review';
    const stats = (byLabel[row.label] ??= { total: 0, removed: 0, reviewed: 0 });
    stats.total++;
    if (removed) stats.removed++;
    if (reviewed) stats.reviewed++;
    if (row.label === 'ok') {
      ordinary++;
      if (removed) falsePositives.push(row);
      if (reviewed) reviewedOrdinary.push(row);
    } else {
      offending++;
      if (reviewed) reviewedOffending.push(row);
      else if (!removed) missed.push(row);
      else if (verdict.category === row.label) rightCategory++;
    }
  }
  const removed = offending - missed.length - reviewedOffending.length;
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return {
    ordinary,
    offending,
    falsePositives,
    reviewedOrdinary,
    reviewedOffending,
    missed,
    falsePositiveRate: share(falsePositives.length, ordinary),
    recall: offending === 0 ? 1 : removed / offending,
    reviewRateOrdinary: share(reviewedOrdinary.length, ordinary),
    reviewRateOffending: share(reviewedOffending.length, offending),
    categoryAccuracy: removed === 0 ? 1 : rightCategory / removed,
    byLabel,
  };
}
