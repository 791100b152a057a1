/**
 * `netreach report --from YYYY-MM-DD --to YYYY-MM-DD --format csv|xlsx|json [--out FILE] [--suppress-small]`:
 * the anonymised dataset of a period, written to a file or stdout and recorded in the audit
 * log with the actor `cli`.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.ts';
import { createKeyring } from '../core/crypto/keyring.ts';
import { resolveMasterSecret } from '../storage/files/master-secret.ts';
import { createAccountStore } from '../storage/account-store.ts';
import { createDb } from '../storage/create-db.ts';
import { createOrgSettingsStore } from '../storage/org-settings-store.ts';
import { createReportStore } from '../storage/report-store.ts';
import { parsePeriod, ReportInputError } from '../core/reports/period.ts';
import { createReports, REPORT_FORMATS } from '../core/reports/reports.ts';

/** Bad arguments: the CLI prints the message on one line and exits with code 2. */
export class ReportUsageError extends Error {
  override name = 'ReportUsageError';
}

const USAGE = 'usage: netreach report --from YYYY-MM-DD --to YYYY-MM-DD --format csv|xlsx|json [--out FILE] [--suppress-small]';
const VALUED = new Set(['--from', '--to', '--format', '--out']);

function parseArgs(args: readonly string[]): { from: string; to: string; format: string; out?: string; suppressSmall: boolean } {
  const values = new Map<string, string>();
  let suppressSmall = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--suppress-small') suppressSmall = true;
    else if (VALUED.has(arg)) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new ReportUsageError(`${arg} needs a value; ${USAGE}`);
      values.set(arg, value);
      i++;
    } else throw new ReportUsageError(`unknown argument "${arg}"; ${USAGE}`);
  }
  const from = values.get('--from');
  const to = values.get('--to');
  const format = values.get('--format');
  if (!from || !to || !format) throw new ReportUsageError(`--from, --to and --format are required; ${USAGE}`);
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new ReportUsageError(`--format: unknown format "${format}"; use ${REPORT_FORMATS.join(', ')}`);
  const out = values.get('--out');
  return { from, to, format, suppressSmall, ...(out === undefined ? {} : { out }) };
}

/** Runs the command; returns the exit code. Throws {@link ReportUsageError} on bad input. */
export async function runReportCommand(config: Config, args: readonly string[], output: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process): Promise<number> {
  const options = parseArgs(args);
  try {
    // Dates are checked before the database is opened; the timezone is checked again with the saved one.
    parsePeriod(options.from, options.to, 'UTC');
  } catch (error) {
    if (error instanceof ReportInputError) throw new ReportUsageError(error.message);
    throw error;
  }
  if (options.format === 'xlsx' && options.out === undefined && (output.stdout as NodeJS.WriteStream).isTTY) throw new ReportUsageError('--format xlsx writes a binary file: add --out FILE');
  const db = createDb(config.database);
  try {
    await db.migrate();
    const saved = await createOrgSettingsStore(db.kysely).read();
    const timezone = saved.timezone ?? config.hours.timezone;
    const accounts = createAccountStore(db.kysely, createKeyring(resolveMasterSecret(config.masterSecret, config.keyFile).secret));
    const reports = createReports({ store: createReportStore(db.kysely), timezone: () => timezone, audit: (event) => accounts.audit(event), now: Date.now });
    let file;
    try {
      file = await reports.streamExport(options, { accountId: null, role: 'cli' });
    } catch (error) {
      if (error instanceof ReportInputError) throw new ReportUsageError(error.message);
      throw error;
    }
    // Written as it is made, at the pace the file or pipe takes it.
    const bytes = Readable.from(file.body, { objectMode: false });
    if (options.out === undefined) await pipeline(bytes, output.stdout, { end: false });
    else await pipeline(bytes, createWriteStream(options.out));
    output.stderr.write(`netreach: ${file.rows} rows, ${options.from} to ${options.to} (${timezone})${options.out === undefined ? '' : ` written to ${options.out}`}; recorded in the audit log\n`);
    return 0;
  } finally {
    await db.close();
  }
}
