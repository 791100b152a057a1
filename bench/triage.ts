/**
 * `npx tsx bench/triage.ts`: single-threaded triage throughput over realistic messages
 * (triage/eval.tsv and triage/train.tsv, plus long and emoji-only ones). Prints messages/s
 * and writes bench/results/triage.json. Goal: >= 20,000 messages/s.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { readLabelledTsv } from '../src/storage/files/labelled-tsv.ts';
import { loadTriage, TRIAGE_DATA_DIR } from '../src/storage/files/load-triage.ts';

const MESSAGES = Number(process.env.BENCH_TRIAGE_MESSAGES ?? 200_000);
const GOAL = 20_000;

const triage = await loadTriage();
const texts = [
  ...(await readLabelledTsv(`${TRIAGE_DATA_DIR}eval.tsv`)),
  ...(await readLabelledTsv(`${TRIAGE_DATA_DIR}train.tsv`)),
].map((m) => m.text);
texts.push('🙏🙏🙏', 'ПОМОГИТЕ!!!', 'ok', 'друг не дышит '.repeat(20));
const meanChars = texts.reduce((s, t) => s + t.length, 0) / texts.length;

let urgent = 0;
for (let i = 0; i < 20_000; i++) urgent += triage.classify(texts[i % texts.length] ?? '').urgent ? 1 : 0;

urgent = 0;
const start = performance.now();
for (let i = 0; i < MESSAGES; i++) urgent += triage.classify(texts[i % texts.length] ?? '').urgent ? 1 : 0;
const ms = performance.now() - start;
const perSecond = Math.round((MESSAGES / ms) * 1000);

const result = {
  benchmark: 'triage.classify',
  messages: MESSAGES,
  distinctTexts: texts.length,
  meanChars: Math.round(meanChars),
  ms: Math.round(ms),
  messagesPerSecond: perSecond,
  microsecondsPerMessage: Number(((ms * 1000) / MESSAGES).toFixed(2)),
  urgentShare: Number((urgent / MESSAGES).toFixed(3)),
  goal: GOAL,
  passed: perSecond >= GOAL,
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  date: new Date().toISOString(),
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/triage.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`triage: ${perSecond.toLocaleString('en')} messages/s (${result.microsecondsPerMessage} µs/message, goal ${GOAL.toLocaleString('en')})\n`);
