/**
 * Runs tasks one after another per lane (a chat) and lanes concurrently: a client's
 * messages are handled in the order they were sent, without one chat waiting on another.
 */
export interface LaneDispatcher {
  dispatch(lane: number, task: () => Promise<void>): void;
  /** Resolves when every task dispatched so far has finished. */
  idle(): Promise<void>;
  /** Tasks queued or running. */
  readonly size: number;
}

/** Creates a dispatcher; a failing task is reported to `onError` and does not stop its lane. */
export function createLaneDispatcher(onError: (error: unknown) => void): LaneDispatcher {
  const tails = new Map<number, Promise<void>>();
  let size = 0;
  return {
    dispatch(lane, task) {
      size++;
      const previous = tails.get(lane) ?? Promise.resolve();
      const next = previous.then(task).catch(onError).finally(() => {
        size--;
        if (tails.get(lane) === next) tails.delete(lane);
      });
      tails.set(lane, next);
    },
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
    get size() {
      return size;
    },
  };
}
