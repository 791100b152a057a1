import type { ModerationDetector } from '../core/community/detect.ts';

/** One labelled message: `ok` for ordinary talk, else the category it should be removed for. */
export interface LabelledMessage {
  label: string;
  text: string;
}

/** How automatic moderation did on a labelled set. */
export interface ModerationEvaluation {
  ordinary: number;
  offending: number;
  /** Ordinary messages that would have been removed. */
  falsePositives: LabelledMessage[];
  /** Offending messages that would have stayed. */
  missed: LabelledMessage[];
  falsePositiveRate: number;
  /** Share of offending messages removed (whatever category was given). */
  recall: number;
  /** Removed offending messages whose category matched the label. */
  categoryAccuracy: number;
  byLabel: Record<string, { total: number; removed: number }>;
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
  const missed: LabelledMessage[] = [];
  const byLabel: Record<string, { total: number; removed: number }> = {};
  let ordinary = 0;
  let offending = 0;
  let rightCategory = 0;
  for (const row of set) {
    const verdict = detector.check(row.text);
    const stats = (byLabel[row.label] ??= { total: 0, removed: 0 });
    stats.total++;
    if (verdict) stats.removed++;
    if (row.label === 'ok') {
      ordinary++;
      if (verdict) falsePositives.push(row);
    } else {
      offending++;
      if (!verdict) missed.push(row);
      else if (verdict.category === row.label) rightCategory++;
    }
  }
  const removed = offending - missed.length;
  return {
    ordinary,
    offending,
    falsePositives,
    missed,
    falsePositiveRate: ordinary === 0 ? 0 : falsePositives.length / ordinary,
    recall: offending === 0 ? 1 : removed / offending,
    categoryAccuracy: removed === 0 ? 1 : rightCategory / removed,
    byLabel,
  };
}
