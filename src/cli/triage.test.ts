import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runTriageCli } from './triage.ts';

/** Runs the CLI over the given input chunks and returns the parsed output lines. */
async function run(chunks: string[]): Promise<Array<Record<string, unknown>>> {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  await runTriageCli(Readable.from(chunks), output);
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('runTriageCli', () => {
  it('writes one line per message, in order, with need, urgent and confidence', async () => {
    const out = await run([
      '{"id":"a","text":"друг не дышит помогите"}\n{"id":"b","text":"где взять шприцы"}\n',
      '{"id":"c","text":"thank you!"}\n',
    ]);
    expect(out.map((o) => o.id)).toEqual(['a', 'b', 'c']);
    expect(out[0]).toMatchObject({ id: 'a', need: 'overdose', urgent: true });
    expect(out[1]).toMatchObject({ id: 'b', need: 'hr_services', urgent: false });
    expect(out[2]).toMatchObject({ id: 'c', need: 'other', urgent: false });
    for (const o of out) {
      expect(Object.keys(o).sort()).toEqual(['confidence', 'id', 'need', 'urgent']);
      expect(o.confidence).toBeGreaterThanOrEqual(0);
      expect(o.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('reports bad lines and goes on; skips empty lines; handles lines split across chunks', async () => {
    const out = await run([
      '{"id":"1","text":"hi"}\n\n   \nnot json\n{"id":"2"}\n{"id":"3","text":42}\n[1,2]\n{"te',
      'xt":"no id here, he is not breathing"}\n{"id":"4","text":"ok"}',
    ]);
    expect(out).toEqual([
      expect.objectContaining({ id: '1', need: 'other' }),
      { id: null, error: 'invalid JSON' },
      { id: '2', error: expect.stringContaining('text') },
      { id: '3', error: expect.stringContaining('text') },
      { id: null, error: expect.any(String) },
      expect.objectContaining({ id: null, need: 'overdose', urgent: true }),
      expect.objectContaining({ id: '4', need: 'other' }),
    ]);
  });

  it('streams a large input through a slow consumer, keeping order', async () => {
    const count = 20_000;
    async function* lines(): AsyncGenerator<string> {
      for (let i = 0; i < count; i++) yield `{"id":"m${i}","text":"${i % 2 ? 'где сдать тест на вич' : 'he is not breathing'}"}\n`;
    }
    let seen = 0;
    let ordered = true;
    let pending = '';
    const output = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        pending += chunk.toString('utf8');
        const parts = pending.split('\n');
        pending = parts.pop() ?? '';
        for (const part of parts) {
          const o = JSON.parse(part) as { id: string; urgent: boolean };
          if (o.id !== `m${seen}` || o.urgent !== (seen % 2 === 0)) ordered = false;
          seen += 1;
        }
        setImmediate(done);
      },
    });
    await runTriageCli(Readable.from(lines()), output);
    await new Promise<void>((resolve) => output.end(resolve));
    expect(seen).toBe(count);
    expect(ordered).toBe(true);
  });
});
