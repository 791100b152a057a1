import { writeFileSync } from 'node:fs';
import { Api } from 'grammy';
import type { Config } from '../config.ts';
import { createAccessCodeBatch } from '../core/community/access.ts';
import { createKeyring } from '../core/crypto/keyring.ts';
import { resolveMasterSecret } from '../storage/files/master-secret.ts';
import { createDb } from '../storage/create-db.ts';
import { createRelayStore } from '../storage/relay-store.ts';
import { renderCodeCards } from '../core/community/cards.ts';

/** A wrong `netreach codes …` invocation; the message is the usage line. */
export class CodesUsageError extends Error {
  override name = 'CodesUsageError';
}

export const CODES_USAGE =
  'usage: netreach codes create --batch NAME --count N --days D [--out cards.html] [--bot USERNAME] | codes revoke --batch NAME | codes revoke --code CODE | codes list';

/**
 * `netreach codes create|revoke|list`: batches of one-time access codes for the community
 * chat, printed as cards with a QR code that opens the bot.
 */
export async function runCodesCommand(config: Config, args: readonly string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [action] = args;
  const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (action !== 'create' && action !== 'revoke' && action !== 'list') throw new CodesUsageError(CODES_USAGE);
  const db = createDb(config.database);
  try {
    await db.migrate();
    const keys = createKeyring(resolveMasterSecret(config.masterSecret, config.keyFile).secret);
    const store = createRelayStore(db.kysely, keys);
    const now = Date.now();
    if (action === 'list') {
      const batches = await store.community.listBatches(now);
      if (batches.length === 0) out.write('no batches\n');
      for (const b of batches) {
        out.write(`${b.batch}: ${b.total} codes, ${b.used} used, ${b.revoked} revoked, ${b.expired} expired unused, valid until ${new Date(b.expiresAt).toISOString().slice(0, 10)}\n`);
      }
      return 0;
    }
    if (action === 'revoke') {
      const batch = option('batch');
      const code = option('code');
      if (!batch === !code) throw new CodesUsageError(CODES_USAGE);
      const { normalizeAccessCode } = await import('../core/community/access.ts');
      const normalized = code === undefined ? undefined : normalizeAccessCode(code);
      if (code !== undefined && normalized === undefined) throw new CodesUsageError(`"${code}" is not an access code`);
      const n = await store.community.revokeCodes(batch !== undefined ? { batch } : { code: normalized ?? '' }, now);
      out.write(`revoked ${n} unused code(s)\n`);
      return 0;
    }
    const batch = option('batch');
    const count = Number(option('count'));
    const days = Number(option('days'));
    if (!batch || !/^[\p{L}\d _.-]{1,60}$/u.test(batch)) throw new CodesUsageError('--batch NAME is required (letters, digits, space, _ . -)');
    if (!Number.isInteger(count) || count < 1 || count > 5000) throw new CodesUsageError('--count must be 1 to 5000');
    if (!Number.isInteger(days) || days < 1 || days > 730) throw new CodesUsageError('--days must be 1 to 730');
    const botUsername = option('bot') ?? (config.botToken ? (await new Api(config.botToken, { apiRoot: config.telegramApiRoot }).getMe()).username : undefined);
    if (!botUsername) throw new CodesUsageError('--bot USERNAME is required without BOT_TOKEN (the QR code opens the bot)');
    const codes = await createAccessCodeBatch(store, { batch, count, days, at: now });
    const html = await renderCodeCards(codes, { botUsername, batch, expiresAt: now + days * 86_400_000 });
    const file = option('out') ?? `codes-${batch.replace(/[^\p{L}\d_-]+/gu, '-')}.html`;
    writeFileSync(file, html, { mode: 0o600 });
    out.write(`created ${codes.length} codes in batch "${batch}", valid ${days} days; cards: ${file} (print it, then delete the file: only hashes are stored)\n`);
    return 0;
  } finally {
    await db.close();
  }
}
