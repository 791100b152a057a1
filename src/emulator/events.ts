/**
 * A tiny typed event emitter. Listener errors propagate to whoever emitted, which in the
 * emulator means the Bot API call that caused the event fails with a 500: a broken test
 * listener should be loud, not silently skipped.
 */

/** A typed subscribe/emit pair over an event map. */
export interface TypedEmitter<Events> {
  /** Subscribes; returns a function that unsubscribes. */
  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void;
  /** Calls every listener of `event` in subscription order. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void;
  /** Whether anyone listens to `event`; lets callers skip building payloads. */
  has(event: keyof Events): boolean;
}

/** Creates a typed emitter. */
export function createEmitter<Events>(): TypedEmitter<Events> {
  const listeners = new Map<keyof Events, Set<(payload: never) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const stored = listener as (payload: never) => void;
      set.add(stored);
      return () => {
        set.delete(stored);
      };
    },
    emit(event, payload) {
      const set = listeners.get(event);
      if (!set || set.size === 0) return;
      for (const listener of [...set]) (listener as (p: typeof payload) => void)(payload);
    },
    has(event) {
      return (listeners.get(event)?.size ?? 0) > 0;
    },
  };
}
