/**
 * Measures a triage against labelled messages: need accuracy, urgent recall and precision,
 * per-need precision and recall, a confusion matrix and the misclassified ids.
 */
import { NEED_CODES, type NeedCode } from '../codebook.ts';
import type { Triage } from './create-triage.ts';
import type { TriageResult } from './types.ts';
import type { LabelledMessage } from './dataset.ts';

/** The goals from the triage brief: urgent recall 1, urgent precision >= 0.9, accuracy >= 0.85. */
export const TRIAGE_GOALS = { urgentRecall: 1, urgentPrecision: 0.9, accuracy: 0.85 } as const;

/** A message the triage got wrong (need or urgency). */
export interface Miss {
  id: string;
  expected: { need: NeedCode; urgent: boolean };
  got: TriageResult;
  text: string;
}

/** Results of {@link evaluateTriage}. */
export interface TriageEvaluation {
  total: number;
  accuracy: number;
  urgentRecall: number;
  urgentPrecision: number;
  /** Share of urgent messages that get the guide or the "is a life in danger?" question (the safety net; goal 1). */
  guideOrQuestion: number;
  /** Share of non-urgent messages that get the question (goal at most 0.1). */
  questionOnCalm: number;
  /** Per need: precision, recall and support (expected count). */
  perNeed: Record<NeedCode, { precision: number; recall: number; support: number }>;
  /** confusion[expected][predicted] = count. */
  confusion: Record<NeedCode, Record<NeedCode, number>>;
  misses: Miss[];
  /** True when all {@link TRIAGE_GOALS} are met. */
  passed: boolean;
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

/** Runs the triage over the messages and scores it. */
export function evaluateTriage(triage: Triage, messages: readonly LabelledMessage[]): TriageEvaluation {
  const zeroRow = (): Record<NeedCode, number> => Object.fromEntries(NEED_CODES.map((c) => [c, 0])) as Record<NeedCode, number>;
  const confusion = Object.fromEntries(NEED_CODES.map((c) => [c, zeroRow()])) as Record<NeedCode, Record<NeedCode, number>>;
  let correct = 0;
  let truePositive = 0;
  let predictedUrgent = 0;
  let actualUrgent = 0;
  let caught = 0;
  let asked = 0;
  const misses: Miss[] = [];
  for (const m of messages) {
    const got = triage.classify(m.text, m.lang);
    confusion[m.need][got.need] += 1;
    if (got.need === m.need) correct += 1;
    if (got.urgent) predictedUrgent += 1;
    if (m.urgent) actualUrgent += 1;
    if (got.urgent && m.urgent) truePositive += 1;
    if (m.urgent && (got.urgent || got.doubt)) caught += 1;
    if (!m.urgent && got.doubt) asked += 1;
    if (got.need !== m.need || got.urgent !== m.urgent) {
      misses.push({ id: m.id, expected: { need: m.need, urgent: m.urgent }, got, text: m.text });
    }
  }
  const perNeed = Object.fromEntries(
    NEED_CODES.map((c) => {
      const tp = confusion[c][c];
      const predicted = NEED_CODES.reduce((s, e) => s + confusion[e][c], 0);
      const support = NEED_CODES.reduce((s, p) => s + confusion[c][p], 0);
      return [c, { precision: ratio(tp, predicted), recall: ratio(tp, support), support }];
    }),
  ) as TriageEvaluation['perNeed'];
  const accuracy = ratio(correct, messages.length);
  const urgentRecall = ratio(truePositive, actualUrgent);
  const urgentPrecision = ratio(truePositive, predictedUrgent);
  const passed =
    urgentRecall >= TRIAGE_GOALS.urgentRecall &&
    urgentPrecision >= TRIAGE_GOALS.urgentPrecision &&
    accuracy >= TRIAGE_GOALS.accuracy;
  const guideOrQuestion = ratio(caught, actualUrgent);
  const questionOnCalm = messages.length === actualUrgent ? 0 : asked / (messages.length - actualUrgent);
  return { total: messages.length, accuracy, urgentRecall, urgentPrecision, guideOrQuestion, questionOnCalm, perNeed, confusion, misses, passed };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const SHORT: Record<NeedCode, string> = {
  injection_minor: 'inj_min', info_hr_hiv_hcv: 'info_hr', info_detox: 'detox', info_covid: 'covid',
  psych_support: 'psych', offline_services: 'offline', injection_severe: 'inj_sev', hr_services: 'hr_serv',
  overdose: 'overdose', other: 'other',
};

/** A plain-text report of an evaluation. Message texts appear only with `withText`. */
export function formatEvaluation(e: TriageEvaluation, options: { withText?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(`messages: ${e.total}`);
  lines.push(`need accuracy:    ${pct(e.accuracy)} (goal >= ${pct(TRIAGE_GOALS.accuracy)})`);
  lines.push(`urgent recall:    ${pct(e.urgentRecall)} (goal ${pct(TRIAGE_GOALS.urgentRecall)})`);
  lines.push(`urgent precision: ${pct(e.urgentPrecision)} (goal >= ${pct(TRIAGE_GOALS.urgentPrecision)})`);
  lines.push(`guide or question: ${pct(e.guideOrQuestion)} of urgent (goal 100.0%); question on ${pct(e.questionOnCalm)} of non-urgent (goal <= 10.0%)`);
  lines.push('', 'need               precision  recall  support');
  for (const c of NEED_CODES) {
    const p = e.perNeed[c];
    lines.push(`${c.padEnd(18)} ${pct(p.precision).padStart(9)} ${pct(p.recall).padStart(7)} ${String(p.support).padStart(8)}`);
  }
  lines.push('', 'confusion (rows expected, columns predicted)');
  lines.push(`${''.padEnd(9)}${NEED_CODES.map((c) => SHORT[c].padStart(9)).join('')}`);
  for (const c of NEED_CODES) {
    lines.push(`${SHORT[c].padEnd(9)}${NEED_CODES.map((p) => String(e.confusion[c][p]).padStart(9)).join('')}`);
  }
  lines.push('', `misclassified (${e.misses.length}):`);
  for (const m of e.misses) {
    const want = `${m.expected.need}${m.expected.urgent ? '!' : ''}`;
    const got = `${m.got.need}${m.got.urgent ? `!${m.got.urgentKind ?? ''}` : ''}`;
    lines.push(`  ${m.id}: expected ${want}, got ${got} (${m.got.confidence})${options.withText ? `  ${m.text}` : ''}`);
  }
  lines.push('', e.passed ? 'PASS: all goals met' : 'FAIL: goals missed');
  return lines.join('\n');
}
