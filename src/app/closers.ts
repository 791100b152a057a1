/** What to undo when the process stops, last added first. */
export interface Closers {
  add(close: () => Promise<void> | void): void;
  /** Runs every closer, last added first; with `quiet`, a failing one does not stop the rest. */
  closeAll(options?: { quiet?: boolean }): Promise<void>;
}

/** An empty list of closers. */
export function createClosers(): Closers {
  const closers: Array<() => Promise<void> | void> = [];
  return {
    add(close) {
      closers.push(close);
    },
    async closeAll(options) {
      while (closers.length > 0) {
        const close = closers.pop();
        if (!close) break;
        if (options?.quiet) await Promise.resolve().then(close).catch(() => undefined);
        else await close();
      }
    },
  };
}
