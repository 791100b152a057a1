/**
 * The live connection to `/api/events`: one EventSource for the whole page, reconnected
 * with backoff when it drops (EventSource retries by itself only while the server keeps
 * answering 200; a restart or a 401 closes it for good).
 */
import { createContext, useContext, useEffect, useRef } from 'react';
import type { InboxCase } from '../../../../src/http/api/contract.ts';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';
type CaseListener = (row: InboxCase) => void;

export interface LiveEvents {
  /** Listens to `case` events; returns the unsubscribe function. */
  onCase(listener: CaseListener): () => void;
  /** Listens to reconnections (lists refetch then, to catch what was missed). */
  onReconnect(listener: () => void): () => void;
  close(): void;
}

/** Opens the connection; `onStatus` reports connection changes for the UI. */
export function connectLiveEvents(onStatus: (status: LiveStatus) => void, url = '/api/events'): LiveEvents {
  const caseListeners = new Set<CaseListener>();
  const reconnectListeners = new Set<() => void>();
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let closed = false;
  let everOpened = false;

  const open = () => {
    if (closed) return;
    source = new EventSource(url, { withCredentials: true });
    source.addEventListener('open', () => {
      onStatus('live');
      if (everOpened || attempt > 0) for (const l of reconnectListeners) l();
      everOpened = true;
      attempt = 0;
    });
    source.addEventListener('case', (event) => {
      let row: InboxCase;
      try {
        row = JSON.parse((event as MessageEvent<string>).data) as InboxCase;
      } catch {
        return;
      }
      if (typeof row?.id !== 'number') return;
      for (const l of caseListeners) l(row);
    });
    source.addEventListener('error', () => {
      onStatus('reconnecting');
      if (source?.readyState === EventSource.CLOSED) {
        source.close();
        attempt += 1;
        const delay = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
        retry = setTimeout(open, delay);
      }
    });
  };
  onStatus('connecting');
  open();

  return {
    onCase(listener) {
      caseListeners.add(listener);
      return () => caseListeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      source?.close();
    },
  };
}

export const LiveEventsContext = createContext<LiveEvents | null>(null);

/** Runs `listener` for every live `case` event while the component is mounted. */
export function useCaseEvents(listener: CaseListener, onReconnect?: () => void): void {
  const live = useContext(LiveEventsContext);
  const ref = useRef({ listener, onReconnect });
  useEffect(() => {
    ref.current = { listener, onReconnect };
  });
  useEffect(() => {
    if (!live) return;
    const a = live.onCase((row) => ref.current.listener(row));
    const b = live.onReconnect(() => ref.current.onReconnect?.());
    return () => {
      a();
      b();
    };
  }, [live]);
}
