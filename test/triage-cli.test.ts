import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'netreach.js');

function runTriage(input: string): Promise<{ code: number | null; lines: unknown[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'triage'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, lines: out.trim().split('\n').map((l) => JSON.parse(l) as unknown) }));
    child.stdin.end(input);
  });
}

describe('npx netreach triage', () => {
  it('answers each JSON line in order, reports bad lines and goes on', async () => {
    const { code, lines } = await runTriage(
      ['{"id":"a","text":"друг не дышит, губы синие"}', 'not json', '', '{"id":"c","text":"where can I get clean syringes"}', '{"id":"d"}'].join('\n'),
    );
    expect(code).toBe(0);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ id: 'a', need: 'overdose', urgent: true });
    expect(lines[1]).toMatchObject({ id: null, error: expect.any(String) });
    expect(lines[2]).toMatchObject({ id: 'c', need: 'hr_services', urgent: false });
    expect(lines[3]).toMatchObject({ id: 'd', error: expect.any(String) });
    for (const line of [lines[0], lines[2]]) {
      const confidence = (line as { confidence: number }).confidence;
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
  });
});
