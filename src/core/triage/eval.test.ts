import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTriage, type Triage } from './create-triage.ts';
import { parseLabelledTsv } from './dataset.ts';
import { readLabelledTsv } from '../../storage/files/labelled-tsv.ts';
import { evaluateTriage, formatEvaluation } from './eval.ts';
import { loadTriage, TRIAGE_DATA_DIR } from '../../storage/files/load-triage.ts';
import { loadTermDirectory } from '../../storage/files/load-terms.ts';

const SAMPLE = new URL('../../../../shared/codebook/triage-sample.tsv', import.meta.url);
let triage: Triage;
beforeAll(async () => {
  triage = await loadTriage();
});

describe('triage goals', () => {
  it('meets the goals on triage/eval.tsv', async () => {
    const messages = await readLabelledTsv(`${TRIAGE_DATA_DIR}eval.tsv`);
    const e = evaluateTriage(triage, messages);
    expect(e.total).toBeGreaterThanOrEqual(400);
    expect(messages.filter((m) => m.urgent).length).toBeGreaterThanOrEqual(60);
    expect(e.urgentRecall, formatEvaluation(e)).toBe(1);
    expect(e.urgentPrecision, formatEvaluation(e)).toBeGreaterThanOrEqual(0.9);
    expect(e.accuracy, formatEvaluation(e)).toBeGreaterThanOrEqual(0.85);
    expect(e.passed).toBe(true);
  });

  it.runIf(existsSync(SAMPLE))('meets the goals on the shared codebook sample', () => {
    const e = evaluateTriage(triage, parseLabelledTsv(readFileSync(SAMPLE, 'utf8')));
    expect(e.passed, formatEvaluation(e)).toBe(true);
  });

  it('the training set shares no message with the eval set', async () => {
    const norm = (t: string): string => t.toLowerCase().replace(/\s+/g, ' ').trim();
    const evalTexts = new Set((await readLabelledTsv(`${TRIAGE_DATA_DIR}eval.tsv`)).map((m) => norm(m.text)));
    const overlap = (await readLabelledTsv(`${TRIAGE_DATA_DIR}train.tsv`)).filter((m) => evalTexts.has(norm(m.text)));
    expect(overlap.map((m) => m.id)).toEqual([]);
  });

  it('reports failure when a triage misses emergencies', async () => {
    // The shipped need terms without any urgent cues: every emergency is missed.
    const terms = (await loadTermDirectory(`${TRIAGE_DATA_DIR}terms`)).map(({ urgent: _urgent, ...rest }) => rest);
    const messages = await readLabelledTsv(`${TRIAGE_DATA_DIR}eval.tsv`);
    const e = evaluateTriage(createTriage({ terms }), messages);
    expect(e.urgentRecall).toBe(0);
    expect(e.passed).toBe(false);
    expect(formatEvaluation(e)).toContain('FAIL');
  });
});

function existsSync(url: URL): boolean {
  try {
    readFileSync(url);
    return true;
  } catch {
    return false;
  }
}
