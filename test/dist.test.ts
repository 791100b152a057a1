/**
 * The production path (issue 14): what `npm run build` compiles into dist/ starts with plain
 * node (no tsx, no TypeScript at run time), answers /healthz and /metrics, and stops cleanly
 * on SIGTERM. This is what the Docker image runs; where Docker exists, `docker build .` checks
 * the rest. The dashboard's Vite build is left out here (it is not needed to start).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const run = promisify(execFile);

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : path.endsWith('.js') ? [path] : [];
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

describe('the compiled dist/', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-dist-'));
  beforeAll(async () => {
    await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT });
    await run(process.execPath, ['scripts/copy-assets.js'], { cwd: ROOT });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports no tsx and no TypeScript file', () => {
    // Import statements and dynamic imports in code (comments may show `.ts` examples).
    const code = (file: string) => readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const offenders = jsFiles(DIST).filter((file) => /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s*)['"](?:tsx(?:\/[^'"]*)?|[^'"]+\.ts)['"]/m.test(code(file)));
    expect(offenders).toEqual([]);
  });

  it('starts with plain node, answers /healthz and /metrics, and stops on SIGTERM', async () => {
    const port = await freePort();
    // A clean environment: nothing of this machine's configuration, and no loader.
    const env = { PATH: process.env.PATH ?? '', HOME: dir, DATABASE_URL: `sqlite:${join(dir, 'netreach.db')}`, NETREACH_SECRET: 'dist-test-master-secret-0123456789-abcdefghij', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    const child = spawn(process.execPath, [join(DIST, 'cli.js'), 'start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      let health: Response | undefined;
      while (Date.now() < deadline) {
        health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        if (health?.status === 200) break;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(health?.status, output).toBe(200);
      expect(await health?.json()).toMatchObject({ status: 'ok', mode: 'training' });
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('netreach_database_up 1');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, output).toBe(0);
  }, 60_000);
});
