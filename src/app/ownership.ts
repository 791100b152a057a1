import type { Logger } from 'pino';
import type { LeaseStore } from '../core/leases/ports.ts';
import { errorName } from '../logger.ts';

/** A lease held while this process lives, and what it runs while it holds it. */
export interface Ownership {
  /** Takes the lease if it is free (waits for the roles to start), then keeps contending. */
  start(): Promise<void>;
  /** Stops the roles and gives the lease up, so a standby takes over at once. */
  stop(): Promise<void>;
}

/**
 * Holds the lease `name` for this process and runs `roles` while it does. A holder renews
 * every `renewMs`; a standby tries as often, so it takes over within `ttlMs + renewMs` of a
 * holder's death. A holder that cannot renew for most of `ttlMs` (its database is gone, or
 * it was frozen) stops its roles before another process can have taken the lease.
 */
export function holdLease(deps: {
  leases: LeaseStore;
  name: string;
  holder: string;
  ttlMs: number;
  renewMs: number;
  logger: Logger;
  roles: { start(): Promise<void>; stop(): Promise<void> };
  onChange?(held: boolean): void;
}): Ownership {
  let held = false;
  let renewedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();

  const gain = async () => {
    held = true;
    deps.onChange?.(true);
    deps.logger.info({ lease: deps.name }, 'lease taken: this process runs its roles');
    await deps.roles.start();
  };
  const lose = async () => {
    held = false;
    deps.onChange?.(false);
    deps.logger.warn({ lease: deps.name }, 'lease lost: this process stands by');
    await deps.roles.stop();
  };
  const tick = async () => {
    if (stopped) return;
    const now = Date.now();
    try {
      const ok = await deps.leases.acquire(deps.name, deps.holder, now, deps.ttlMs);
      if (ok) renewedAt = now;
      if (ok && !held) await gain();
      else if (!ok && held) await lose();
    } catch (error) {
      deps.logger.warn({ lease: deps.name, err: errorName(error) }, 'could not renew the lease');
      // Stop before the lease can have expired for the others.
      if (held && Date.now() - renewedAt > deps.ttlMs * 0.7) await lose();
    }
  };
  const next = () => {
    chain = chain.then(tick, tick);
    return chain;
  };

  return {
    async start() {
      await next();
      timer = setInterval(() => void next(), deps.renewMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await chain.catch(() => undefined);
      if (held) {
        held = false;
        deps.onChange?.(false);
        await deps.roles.stop();
        await deps.leases.release(deps.name, deps.holder).catch(() => undefined);
      }
    },
  };
}
