import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { openingKeyAt, type WorkingHours } from '../core/hours.ts';
import { postMorningDigest } from '../core/morning-digest.ts';
import type { Translate } from '../core/ports.ts';
import type { Language } from '../core/types.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { createRelayStore } from '../storage/relay-store.ts';
import type { Database } from '../storage/schema.ts';

/** Checks once a minute whether the working day has started, and posts the morning digest then. */
export function startMorningDigest(deps: {
  db: Kysely<Database>;
  keys: Keyring;
  t: Translate;
  staffLanguage: Language;
  hours: WorkingHours;
  logger: Logger;
  now(): number;
  onPosted(): void;
  everyMs?: number;
}): () => void {
  const run = async () => {
    const at = deps.now();
    const openingKey = openingKeyAt(deps.hours, at);
    if (openingKey === undefined) return;
    const posted = await deps.db.transaction().execute(async (trx) => {
      const store = createRelayStore(trx, deps.keys);
      return postMorningDigest(store, deps, { at, openingKey, waiting: await store.waitingAfterHours() });
    });
    if (posted) deps.onPosted();
  };
  const timer = setInterval(() => {
    run().catch((error: unknown) => deps.logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'morning digest failed'));
  }, deps.everyMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
