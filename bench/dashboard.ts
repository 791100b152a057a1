/**
 * `npm run bench` (part): the staff dashboard on a large database. Seeds 100,000 cases and
 * about 1,000,000 messages (`netreach seed --demo`), starts Netreach on it, signs in, then
 * measures the inbox (each filter, search, the next page) and opening a random case over
 * real HTTP, on SQLite and on PostgreSQL. Prints p50/p95 per request and the ratio to a
 * `/healthz` request in the same run (the baseline: what HTTP alone costs on this machine).
 * Goal: inbox and case open under 50 ms at p95.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { measure, onBothDatabases, startSeeded } from './support.ts';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);

async function run(dialect: 'sqlite' | 'postgres', databaseUrl: string, dir: string) {
  const app = await startSeeded(databaseUrl, dir, 'admin', { cases: CASES, months: 12, seed: 42, until: new Date('2026-11-01T00:00:00Z') });
  try {
    const { get, netreach } = app;
    const timed = (label: string, request: (i: number) => Promise<Response>) =>
      measure(
        label,
        async (i) => {
          const response = await request(i);
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`${label}: HTTP ${response.status}`);
        },
        REQUESTS,
      );
    const page = (await (await get('/api/cases?filter=closed')).json()) as { next: string | null; cases: Array<{ clientCode: string }> };
    const ids = await netreach.db.kysely.selectFrom('cases').select('id').execute();
    let x = 12345;
    const randomId = () => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return ids[x % ids.length]?.id ?? 1;
    };
    const codes = page.cases.map((c) => c.clientCode);
    const results = [
      await timed('baseline GET /healthz', () => get('/healthz')),
      await timed('inbox (open, urgent pinned)', () => get('/api/cases')),
      await timed('inbox unassigned', () => get('/api/cases?filter=unassigned')),
      await timed('inbox waiting for the client', () => get('/api/cases?filter=waiting_client')),
      await timed('inbox after hours', () => get('/api/cases?filter=after_hours')),
      await timed('inbox closed (all history)', () => get('/api/cases?filter=closed')),
      await timed('inbox closed, next page', () => get(`/api/cases?filter=closed&before=${page.next ?? ''}`)),
      await timed('search by client code', (i) => get(`/api/cases?filter=closed&q=${codes[i % codes.length] ?? 'K-2222'}`)),
      await timed('open a random case (transcript, report, earlier cases)', () => get(`/api/cases/${randomId()}`)),
    ];
    const baseline = results[0]?.p95 ?? 1;
    return { dialect, cases: app.seeded.cases, messages: app.seeded.messages, seedSeconds: app.seedSeconds, requests: REQUESTS, results: results.map((r) => ({ ...r, p50: Number(r.p50.toFixed(2)), p95: Number(r.p95.toFixed(2)), p95VsBaseline: Number((r.p95 / baseline).toFixed(1)), meetsGoal: r.p95 < 50 })) };
  } finally {
    await app.stop();
  }
}

const runs = await onBothDatabases('bench_dash', run);
for (const r of runs) {
  process.stdout.write(`\nDashboard on ${r.dialect}: ${r.cases} cases, ${r.messages} messages (seeded in ${r.seedSeconds} s), ${r.requests} requests each\n`);
  for (const x of r.results) process.stdout.write(`  ${x.label.padEnd(58)} p50 ${x.p50.toFixed(1).padStart(6)} ms  p95 ${x.p95.toFixed(1).padStart(6)} ms  (${x.p95VsBaseline}× baseline)${x.label.startsWith('baseline') ? '' : x.meetsGoal ? '  ok' : '  OVER 50 ms'}\n`);
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/dashboard.json', import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, runs }, null, 2)}\n`);
