import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEED_CODES } from '../src/core/codebook.ts';
import { parseWorkingHours } from '../src/core/hours.ts';
import { createKeyring } from '../src/core/crypto/keyring.ts';
import { SERVICE_CODES, type Analytics, type StudyTable, type WorkReportRow } from '../src/http/api/contract.ts';
import { SEAL } from '../src/storage/relay-rows.ts';
import { seedDemo } from '../src/storage/seed-demo.ts';
import { DIALECTS } from './support/databases.ts';
import { CLIENT_ID, MASTER_SECRET, startHarness, type Harness } from './support/harness.ts';
import { signUp, type StaffClient } from './support/staff-client.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'netreach.js');
const DAY = 86_400_000;
const keys = createKeyring(MASTER_SECRET);
const FROM = '2025-11-01';
// The period reaches past today, so the case the real client opens below is inside it.
const TO = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
// The harness's organisation is in Europe/Moscow (UTC+3 all year): day bounds taken independently.
const START = Date.parse(`${FROM}T00:00:00+03:00`);
const END = Date.parse(`${TO}T00:00:00+03:00`) + DAY;

function runCli(h: Harness, args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'report', ...args], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: h.config.database.url, NETREACH_SECRET: MASTER_SECRET, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
  });
}

/** CSV text to rows of fields (RFC 4180). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  return rows;
}

for (const dialect of DIALECTS) {
  describe.sequential(`reports and exports on ${dialect}`, () => {
    let h: Harness | undefined;
    let researcher: StaffClient;
    const secrets: string[] = [];
    const direct = { cases: 0, coded: 0, afterHours: 0, needs: new Map<string, number>(), services: new Map<string, number>(), referralsCompleted: 0 };

    beforeAll(async () => {
      h = await startHarness(dialect);
      if (!h) return;
      const db = h.netreach.db.kysely;
      await seedDemo(db, keys, { cases: 600, months: 4, seed: 7, until: new Date('2026-03-01T00:00:00Z'), messagesPerCase: 4, hours: parseWorkingHours('mon-fri 10:00-19:00', 'Europe/Moscow') });
      // A real client with a Telegram id, a name and a username writes; none of it may reach an export.
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'вены пропали, куда колоть, секретное сообщение' });
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && m.from?.is_bot === true, 10_000);
      researcher = await signUp(h.netreach, 'researcher', { totp: false });

      // Counts taken straight from the database, without the report code.
      const cases = await db.selectFrom('cases').select(['id', 'after_hours']).where('opened_at', '>=', START).where('opened_at', '<', END).execute();
      direct.cases = cases.length;
      direct.afterHours = cases.filter((c) => Number(c.after_hours) === 1).length;
      const reports = await db.selectFrom('work_reports as w').innerJoin('cases as c', 'c.id', 'w.case_id').select(['w.needs', 'w.services']).where('c.opened_at', '>=', START).where('c.opened_at', '<', END).execute();
      direct.coded = reports.length;
      for (const r of reports) {
        for (const n of JSON.parse(r.needs) as string[]) direct.needs.set(n, (direct.needs.get(n) ?? 0) + 1);
        for (const s of JSON.parse(r.services) as string[]) direct.services.set(s, (direct.services.get(s) ?? 0) + 1);
      }
      const completed = await db.selectFrom('referrals as r').innerJoin('cases as c', 'c.id', 'r.case_id').select('r.id').where('r.status', '=', 'completed').where('c.opened_at', '>=', START).where('c.opened_at', '<', END).execute();
      direct.referralsCompleted = completed.length;

      // What must never leave: every message body, the real client's id, name, username and sealed chat.
      for (const m of await db.selectFrom('messages').select('body_sealed').execute()) if (m.body_sealed) secrets.push(keys.open(m.body_sealed, SEAL.body));
      for (const c of await db.selectFrom('clients').select('chat_sealed').where('chat_sealed', 'is not', null).execute()) {
        const bytes = Buffer.from(c.chat_sealed as Uint8Array);
        secrets.push(bytes.toString('base64'), bytes.toString('hex'), keys.open(c.chat_sealed as Uint8Array, SEAL.clientChat));
      }
      secrets.push(String(CLIENT_ID), 'Marina', 'marina_secret_name');
    }, 120_000);
    afterAll(async () => {
      await h?.stop();
    });

    const leaks = (text: string) => [...new Set(secrets)].filter((s) => (s.length >= 8 ? text.includes(s) : new RegExp(`(^|[^\\p{L}\\d])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\p{L}\\d]|$)`, 'u').test(text)));

    it('agrees with the database: study table, analytics and work report', async (ctx) => {
      if (!h) return ctx.skip();
      expect(direct.cases).toBeGreaterThan(100);
      const study = (await researcher.request('GET', `/api/reports/study?from=${FROM}&to=${TO}`)).json as StudyTable;
      expect(study.totalCases).toBe(direct.coded);
      const studyNeeds = new Map(study.themes.flatMap((t) => t.needs.map((n) => [n.code, n.count])));
      for (const code of NEED_CODES) expect(studyNeeds.get(code), code).toBe(direct.needs.get(code) ?? 0);

      const res = await researcher.request('GET', `/api/reports/analytics?from=${FROM}&to=${TO}&bucket=week`);
      expect(res.status).toBe(200);
      const a = res.json as Analytics;
      expect(a.totals.cases).toBe(direct.cases);
      expect(a.totals.codedCases).toBe(direct.coded);
      expect(a.totals.referralsCompleted).toBe(direct.referralsCompleted);
      for (const row of a.series.needs ?? []) expect(row.count, String(row.need)).toBe(direct.needs.get(String(row.need)) ?? 0);
      for (const row of a.series.services ?? []) expect(row.count, String(row.service)).toBe(direct.services.get(String(row.service)) ?? 0);
      expect(a.series.afterHours?.find((r) => r.hours === 'outside')?.count).toBe(direct.afterHours);
      expect((a.series.channels ?? []).reduce((s, r) => s + Number(r.count), 0)).toBe(direct.cases);
      expect((a.series.needsOverTime ?? []).reduce((s, r) => s + Number(r.cases), 0)).toBe(direct.cases);
      expect((a.series.needsOverTime ?? []).reduce((s, r) => s + Number(r.overdose), 0)).toBe(direct.needs.get('overdose') ?? 0);
      expect(Number(a.totals.newClients) + Number(a.totals.returningClients)).toBe(a.totals.clients);
      const rt = a.series.responseTimes ?? [];
      expect(rt).toHaveLength(2);
      for (const r of rt) if (Number(r.cases) > 0) expect(Number(r.p90Minutes)).toBeGreaterThanOrEqual(Number(r.medianMinutes));

      const rows = (await researcher.request('GET', `/api/reports/work?from=${FROM}&to=${TO}`)).json as WorkReportRow[];
      expect(rows).toHaveLength(direct.cases);
      expect(rows.filter((r) => r.phoneCall !== null)).toHaveLength(direct.coded);
      const uncoded = rows.find((r) => r.phoneCall === null);
      expect(uncoded).toMatchObject({ needs: [], services: [], requestSummary: '', outcome: null });
      expect(leaks(JSON.stringify(rows))).toEqual([]);
    });

    it('exports CSV with one header row of codebook codes, agreeing with the database, and audits it', async (ctx) => {
      if (!h) return ctx.skip();
      const res = await researcher.request('GET', `/api/reports/export?from=${FROM}&to=${TO}&format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toContain('attachment');
      const [header = [], ...body] = parseCsv(res.text.replace(/^\uFEFF/, ''));
      for (const code of [...NEED_CODES, ...SERVICE_CODES]) expect(header).toContain(code);
      expect(body.filter((r) => r[0] === 'case_id')).toHaveLength(0);
      expect(body).toHaveLength(direct.cases);
      const column = (name: string) => body.reduce((s, r) => s + Number(r[header.indexOf(name)] || 0), 0);
      for (const code of NEED_CODES) expect(column(code), code).toBe(direct.needs.get(code) ?? 0);
      for (const code of SERVICE_CODES) expect(column(code), code).toBe(direct.services.get(code) ?? 0);
      expect(column('coded')).toBe(direct.coded);
      expect(column('after_hours')).toBe(direct.afterHours);
      expect(leaks(res.text)).toEqual([]);

      const audit = await h.netreach.db.kysely.selectFrom('audit_log').select(['actor_account_id', 'actor_role', 'detail']).where('action', '=', 'report.export').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(audit.actor_role).toBe('researcher');
      expect(audit.actor_account_id).toBe(researcher.accountId);
      expect(JSON.parse(audit.detail)).toEqual({ format: 'csv', from: FROM, to: TO, rows: direct.cases, suppressSmall: false });
    });

    it('exports XLSX that reads back with a data dictionary, and JSON, both agreeing', async (ctx) => {
      if (!h) return ctx.skip();
      const response = await fetch(`${h.netreach.url}/api/reports/export?from=${FROM}&to=${TO}&format=xlsx`, { headers: { cookie: researcher.cookie } });
      expect(response.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['cases', 'study', 'data dictionary']);
      const sheet = workbook.getWorksheet('cases');
      const values: Array<Array<unknown>> = [];
      sheet?.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
      const [header = [], ...body] = values;
      expect(body).toHaveLength(direct.cases);
      for (const code of NEED_CODES) expect(body.reduce((s: number, r) => s + Number(r[header.indexOf(code)] || 0), 0), code).toBe(direct.needs.get(code) ?? 0);
      const dictionary: string[] = [];
      workbook.getWorksheet('data dictionary')?.eachRow((row) => dictionary.push((row.values as unknown[]).slice(1).map(String).join('\t')));
      for (const name of header) expect(dictionary.some((line) => line.startsWith(`cases\t${String(name)}\t`)), String(name)).toBe(true);
      for (const code of [...NEED_CODES, ...SERVICE_CODES]) expect(dictionary.some((line) => line.includes(`\t${code}\t`)), code).toBe(true);
      const allText: string[] = [];
      workbook.eachSheet((ws) => ws.eachRow((row) => allText.push((row.values as unknown[]).map(String).join('\t'))));
      expect(leaks(allText.join('\n'))).toEqual([]);

      const json = await researcher.request('GET', `/api/reports/export?from=${FROM}&to=${TO}&format=json`);
      const data = json.json as { cases: WorkReportRow[]; study: StudyTable; analytics: Analytics };
      expect(data.cases).toHaveLength(direct.cases);
      expect(data.study.totalCases).toBe(direct.coded);
      expect(data.analytics.totals.cases).toBe(direct.cases);
      expect(leaks(json.text)).toEqual([]);
    });

    it('suppresses small counts for public sharing and leaves out case rows', async (ctx) => {
      if (!h) return ctx.skip();
      const res = await researcher.request('GET', `/api/reports/export?from=2026-02-20&to=2026-02-28&format=json&suppressSmall=true`);
      const data = res.json as { cases?: unknown; study: StudyTable; analytics: Analytics };
      expect(data.cases).toBeUndefined();
      const counts = data.study.themes.flatMap((t) => [t.count, ...t.needs.flatMap((n) => [n.count, ...n.services.map((s) => s.count)])]);
      expect(counts.some((c) => c === '<5')).toBe(true);
      expect(counts.filter((c) => typeof c === 'number' && c > 0 && c < 5)).toEqual([]);
      const csv = await researcher.request('GET', `/api/reports/export?from=2026-02-20&to=2026-02-28&format=csv&suppressSmall=true`);
      const [header = [], ...rows] = parseCsv(csv.text.replace(/^\uFEFF/, ''));
      expect(header.slice(0, 4)).toEqual(['theme', 'need', 'cases', 'share']);
      expect(rows.map((r) => r[1])).toEqual([...NEED_CODES]);
      expect(rows.flatMap((r) => [r[2], ...r.slice(4)]).filter((c) => /^[1-4]$/.test(c ?? ''))).toEqual([]);
    });

    it('answers an empty period honestly and refuses bad periods with 400', async (ctx) => {
      if (!h) return ctx.skip();
      const empty = await researcher.request('GET', '/api/reports/analytics?from=2020-01-01&to=2020-01-31');
      expect(empty.status).toBe(200);
      expect((empty.json as Analytics).totals.cases).toBe(0);
      expect((await researcher.request('GET', '/api/reports/work?from=2020-01-01&to=2020-01-31')).json).toEqual([]);
      expect(((await researcher.request('GET', '/api/reports/study?from=2020-01-01&to=2020-01-31')).json as StudyTable).totalCases).toBe(0);
      const csv = await researcher.request('GET', '/api/reports/export?from=2020-01-01&to=2020-01-31&format=csv');
      expect(parseCsv(csv.text)).toHaveLength(1);

      for (const [query, message] of [
        ['from=2026-02-01&to=2026-01-01', /after/],
        ['from=2026-02-30&to=2026-03-01', /not a real date/],
        ['from=01.02.2026&to=2026-03-01', /YYYY-MM-DD/],
        ['from=2026-01-01', /to/],
      ] as const) {
        for (const route of ['work', 'study', 'analytics']) {
          const res = await researcher.request('GET', `/api/reports/${route}?${query}`);
          expect(res.status, `${route}?${query}`).toBe(400);
          expect((res.json as { error: string }).error).toMatch(message);
        }
      }
      const format = await researcher.request('GET', '/api/reports/export?from=2026-01-01&to=2026-01-31&format=pdf');
      expect(format.status).toBe(400);
      expect((format.json as { error: string }).error).toMatch(/format/);
    });

    it('still reports coded cases after their transcripts were purged', async (ctx) => {
      if (!h) return ctx.skip();
      const db = h.netreach.db.kysely;
      const before = (await researcher.request('GET', `/api/reports/study?from=${FROM}&to=2026-01-15`)).json as StudyTable;
      const old = db.selectFrom('cases').select('id').where('opened_at', '<', Date.parse('2026-01-15T00:00:00+03:00'));
      await db.deleteFrom('messages').where('case_id', 'in', old).execute();
      const after = (await researcher.request('GET', `/api/reports/study?from=${FROM}&to=2026-01-15`)).json as StudyTable;
      expect(after).toEqual(before);
      expect(Number(before.totalCases)).toBeGreaterThan(0);
    });

    it('netreach report: writes the export, audits it as cli, and refuses bad input with exit code 2', async (ctx) => {
      if (!h) return ctx.skip();
      const dir = mkdtempSync(join(tmpdir(), 'netreach-report-'));
      try {
        const out = join(dir, 'report.csv');
        const ok = await runCli(h, ['--from', FROM, '--to', TO, '--format', 'csv', '--out', out]);
        expect(ok.stderr).toMatch(/rows/);
        expect(ok.code).toBe(0);
        const rows = parseCsv(readFileSync(out, 'utf8').replace(/^\uFEFF/, ''));
        expect(rows).toHaveLength(direct.cases + 1);
        const audit = await h.netreach.db.kysely.selectFrom('audit_log').select(['actor_role', 'detail']).where('action', '=', 'report.export').orderBy('id', 'desc').executeTakeFirstOrThrow();
        expect(audit.actor_role).toBe('cli');
        expect(JSON.parse(audit.detail)).toMatchObject({ format: 'csv', from: FROM, to: TO, rows: direct.cases, suppressSmall: false });

        const json = await runCli(h, ['--from', '2026-01-01', '--to', '2026-01-31', '--format', 'json', '--suppress-small']);
        expect(json.code).toBe(0);
        expect(JSON.parse(json.stdout.toString()) as { suppressSmall: boolean }).toMatchObject({ suppressSmall: true });

        for (const [args, message] of [
          [['--from', '2026-02-01', '--to', '2026-01-01', '--format', 'csv'], /after/],
          [['--from', '2026-01-01', '--to', '2026-01-31', '--format', 'pdf'], /format/],
          [['--from', '01/01/2026', '--to', '2026-01-31', '--format', 'csv'], /YYYY-MM-DD/],
          [['--from', '2026-02-30', '--to', '2026-03-01', '--format', 'csv'], /not a real date/],
          [['--from', '2026-01-01', '--format', 'csv'], /required/],
        ] as const) {
          const bad = await runCli(h, [...args]);
          expect(bad.code, args.join(' ')).toBe(2);
          expect(bad.stderr.trim().split('\n')).toHaveLength(1);
          expect(bad.stderr).toMatch(message);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  });
}
