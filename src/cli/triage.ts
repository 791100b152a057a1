/**
 * The logic of `netreach triage`: JSON lines in, JSON lines out, in the same order.
 *
 * In:  {"id": "...", "text": "..."}  (an optional "lang": "ru" | "en" is a hint)
 * Out: {"id": "...", "need": "<code>", "urgent": true|false, "confidence": 0..1}
 *  or: {"id": <id or null>, "error": "..."} for a line that cannot be used; the run goes on.
 * Empty lines are skipped. Lines are streamed, so input of any size runs in constant memory.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { Triage } from '../core/triage/create-triage.ts';
import { loadTriage } from '../storage/files/load-triage.ts';

/** Options of {@link runTriageCli}. */
export interface TriageCliOptions {
  /** A directory of the organisation's own term files (see triage/README.md). */
  termsDir?: string;
}

const lineSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string({ error: 'text must be a string' }),
  lang: z.enum(['ru', 'en']).optional(),
});

type OutputLine =
  | { id: string | number | null; need: string; urgent: boolean; confidence: number }
  | { id: string | number | null; error: string };

/** Reads the id of a parsed line if it has a usable one. */
function idOf(value: unknown): string | number | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const id = (value as { id: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/** Classifies one input line; never throws. */
export function triageLine(triage: Triage, line: string): OutputLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { id: null, error: 'invalid JSON' };
  }
  const parsed = lineSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    return { id: idOf(value), error: `${where === '' ? 'line' : where}: ${issue?.message ?? 'invalid'}` };
  }
  const { id = null, text, lang } = parsed.data;
  const result = triage.classify(text, lang);
  return { id, need: result.need, urgent: result.urgent, confidence: result.confidence };
}

/**
 * Runs the triage over JSON lines from `input`, writing one JSON line per non-empty input
 * line to `output` (respecting back-pressure). Resolves when the input ends.
 *
 * @example
 * await runTriageCli(process.stdin, process.stdout, { termsDir: './our-terms' });
 */
export async function runTriageCli(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: TriageCliOptions = {},
): Promise<void> {
  const triage = await loadTriage({ termsDir: options.termsDir });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (!output.write(`${JSON.stringify(triageLine(triage, line))}\n`)) await once(output, 'drain');
  }
}
