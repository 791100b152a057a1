import type { Logger } from 'pino';
import { openingKeyAt, type WorkingHours } from '../core/hours.ts';
import { postMorningDigest } from '../core/morning-digest.ts';
import type { Transactor, Translate } from '../core/ports.ts';
import type { Language } from '../core/types.ts';
import { errorName } from '../logger.ts';

/** Checks once a minute whether the working day has started, and posts the morning digest then. */
export function startMorningDigest(deps: {
  transactor: Transactor;
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
    const posted = await deps.transactor.run(async (store) => postMorningDigest(store, deps, { at, openingKey, waiting: await store.cases.waitingAfterHours() }));
    if (posted) deps.onPosted();
  };
  const timer = setInterval(() => {
    run().catch((error: unknown) => deps.logger.error({ err: errorName(error) }, 'morning digest failed'));
  }, deps.everyMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
