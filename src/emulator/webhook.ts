/**
 * Webhook delivery: while a webhook is set, pending updates are POSTed one at a time, in
 * order, with the secret token header; a non-2xx answer or a network error keeps the
 * update and retries with doubling backoff (capped at 5 s), as Telegram does.
 */
import type { World } from './world.ts';

/** Controls delivery for the world's update queue. */
export interface WebhookDelivery {
  /** Starts (or redirects) delivery to a URL. */
  start(url: string, secretToken: string | undefined): void;
  /** Stops delivery; pending updates stay queued for getUpdates. */
  stop(): void;
  /** Stops for good (server shutdown). */
  close(): void;
}

/** Creates the delivery loop for `world`; idle until `start`. */
export function createWebhookDelivery(world: World, retryBaseMs: number): WebhookDelivery {
  let generation = 0;
  let running = false;
  let closed = false;
  let wake: (() => void) | undefined;
  let abort: AbortController | undefined;
  const unsubscribe = world.queue.onPush(() => wake?.());

  const sleep = (ms: number, gen: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      if (gen !== generation) done();
      else wake = done;
    });

  const loop = async (gen: number, url: string, secret: string | undefined): Promise<void> => {
    running = true;
    let failures = 0;
    while (gen === generation && !closed) {
      const update = world.queue.peek();
      if (!update) {
        await sleep(60_000, gen);
        continue;
      }
      abort = new AbortController();
      let ok = false;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(secret ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}),
          },
          body: JSON.stringify(update),
          signal: abort.signal,
        });
        await response.arrayBuffer().catch(() => undefined);
        ok = response.ok;
        if (!ok) recordError(`Wrong response from the webhook: ${response.status} ${response.statusText}`);
      } catch (error) {
        recordError(error instanceof Error ? `Connection failed: ${error.message}` : 'Connection failed');
      }
      if (gen !== generation || closed) break;
      if (ok) {
        failures = 0;
        if (world.queue.peek() === update) world.queue.shift();
      } else {
        failures += 1;
        await sleep(Math.min(5000, retryBaseMs * 2 ** (failures - 1)), gen);
      }
    }
    running = false;
  };

  const recordError = (message: string): void => {
    if (!world.webhook) return;
    world.webhook.lastErrorDate = world.unixNow();
    world.webhook.lastErrorMessage = message;
  };

  const stop = (): void => {
    generation += 1;
    abort?.abort();
    wake?.();
  };

  return {
    start(url, secretToken) {
      stop();
      if (closed) return;
      const gen = generation;
      const begin = (): void => {
        if (gen !== generation) return;
        if (running) {
          setTimeout(begin, 5);
          return;
        }
        void loop(gen, url, secretToken);
      };
      begin();
    },
    stop,
    close() {
      closed = true;
      stop();
      unsubscribe();
    },
  };
}
