import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';

/** The CLI entry, as an admin runs it. */
export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'netreach.js');
const run = promisify(execFile);

/** Runs the CLI with only the given environment (and PATH); never throws on a non-zero exit. */
export async function cli(args: string[], environment: Record<string, string>, timeoutMs = 90_000): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...environment }, timeout: timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The one line a refusal prints: exactly one, starting "netreach:", no stack trace. */
export function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^netreach: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}
