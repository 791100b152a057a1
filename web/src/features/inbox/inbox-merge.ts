/**
 * Pure inbox logic: which rows a filter shows, their order, merging live `case` events
 * into the list, and when an event deserves the urgent alert. Kept free of React so it can
 * be tested on its own.
 */
import type { InboxCase, INBOX_FILTERS, CHANNELS } from '../../../../src/http/api/contract.ts';

export type InboxFilter = (typeof INBOX_FILTERS)[number];
export type Channel = (typeof CHANNELS)[number];

/** What the inbox currently shows. */
export interface InboxView {
  filter: InboxFilter;
  channel?: Channel | undefined;
  q?: string | undefined;
  /** The signed-in account, for "mine". */
  accountId: number;
}

/** True when a row belongs in the list under the current filter (mirrors the server's filters). */
export function matchesView(row: InboxCase, view: InboxView): boolean {
  if (view.channel && row.channel !== view.channel) return false;
  const q = view.q?.trim().toUpperCase();
  if (q && !row.clientCode.toUpperCase().includes(q)) return false;
  if (view.filter === 'closed') return row.status === 'closed';
  if (view.filter === 'report_missing') return row.status === 'closed' && !row.reportComplete;
  if (row.status !== 'open') return false;
  switch (view.filter) {
    case 'all':
      return true;
    case 'urgent':
      return row.urgent;
    case 'unassigned':
      return row.assignee === null;
    case 'mine':
      return row.assignee?.id === view.accountId;
    case 'after_hours':
      return row.afterHours;
    case 'waiting_client':
      return row.lastDirection === 'out';
  }
}

/** True for a case that must stay pinned on top: urgent and still open. */
export function isPinned(row: InboxCase): boolean {
  return row.urgent && row.status === 'open';
}

/** Inbox order: open urgent cases first, then the most recently changed. */
export function compareInbox(a: InboxCase, b: InboxCase): number {
  const pinned = Number(isPinned(b)) - Number(isPinned(a));
  if (pinned !== 0) return pinned;
  if (b.updatedAt !== a.updatedAt) return b.updatedAt - a.updatedAt;
  return b.id - a.id;
}

/** Sorts a copy of the list into inbox order. */
export function sortInbox(rows: readonly InboxCase[]): InboxCase[] {
  return [...rows].sort(compareInbox);
}

/**
 * Merges one live row into the list: replaces the old version, drops it if it no longer
 * matches the filter, and keeps the order. An event older than the row already shown
 * (events can arrive after a reload's fetch) is ignored.
 */
export function upsertCase(rows: readonly InboxCase[], row: InboxCase, view: InboxView): InboxCase[] {
  const current = rows.find((r) => r.id === row.id);
  if (current && current.updatedAt > row.updatedAt) return [...rows];
  const others = rows.filter((r) => r.id !== row.id);
  return matchesView(row, view) ? sortInbox([...others, row]) : others;
}

/**
 * Whether a live event should sound the alarm: a case that is urgent and open and is
 * either new to us, newly urgent, or has a new client message.
 */
export function needsUrgentAlert(previous: InboxCase | undefined, next: InboxCase): boolean {
  if (!isPinned(next)) return false;
  if (!previous || !previous.urgent || previous.status !== 'open') return true;
  return next.lastDirection === 'in' && next.lastAt !== null && next.lastAt !== previous.lastAt;
}
