/** A job that looks for work in passes, one at a time. */
export interface PassLoop {
  /** Starts passing (the first pass runs at once). */
  start(): void;
  /** Look again now; a nudge during a pass makes one more pass after it. */
  nudge(): void;
  /** Stops, and waits for a pass in flight. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` one at a time, never two at once: a nudge while a pass runs makes exactly one
 * more pass after it. Each pass returns how long until the next look is needed; the loop
 * looks again then, or after `maxWaitMs` at the latest (the clock may jump, and a nudge may
 * be missed). `pass` handles its own errors: the loop only schedules.
 */
export function createPassLoop(pass: () => Promise<number>, options: { maxWaitMs: number }): PassLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;
  let again = false;

  const arm = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), Math.max(0, Math.min(ms, options.maxWaitMs)));
  };

  const run = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass().then(arm);
    await running;
    running = undefined;
    if (again) {
      again = false;
      void run();
    }
  };

  return {
    start() {
      stopped = false;
      void run();
    },
    nudge() {
      void run();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
