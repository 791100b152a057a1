import type { OutboxHead } from '../core/outbox/ports.ts';

/** The Telegram chat a lane sends to: every case topic shares the staff group. */
export function chatOfLane(lane: string): string {
  return lane.startsWith('case:') || lane.startsWith('topic:') || lane.startsWith('staff:') ? 'staff' : lane;
}

/** What {@link OutboxQueue.take} chose. */
export interface Taken {
  rows: OutboxHead[];
  /** Earliest time a waiting row becomes due (Infinity if none). */
  wakeAt: number;
}

/**
 * The sender's in-memory view of pending outbox rows, grouped by chat and lane so that
 * choosing what to send next costs little even with tens of thousands pending: one call in
 * flight per lane (order), at most `maxPerChat` per chat (a crash can repeat at most that
 * many), urgent rows before the rest.
 */
export class OutboxQueue {
  private readonly chats = new Map<string, Map<string, OutboxHead[]>>();
  private readonly known = new Set<number>();
  private readonly busyLanes = new Set<string>();
  private readonly load = new Map<string, number>();
  /** Urgent rows per lane, so the urgent pass looks only at lanes that have one. */
  private readonly urgentRows = new Map<string, number>();
  /** Highest row id seen, to fetch only newer rows. */
  maxId = 0;

  constructor(private readonly maxPerChat: number) {}

  /** Rows pending (known, not finished). */
  get size(): number {
    return this.known.size;
  }

  /** Adds rows not yet known, keeping each lane in (priority, id) order. */
  add(rows: readonly OutboxHead[]): void {
    for (const row of rows) {
      if (row.id > this.maxId) this.maxId = row.id;
      if (this.known.has(row.id)) continue;
      this.known.add(row.id);
      const chat = chatOfLane(row.lane);
      let lanes = this.chats.get(chat);
      if (!lanes) {
        lanes = new Map();
        this.chats.set(chat, lanes);
      }
      let queue = lanes.get(row.lane);
      if (!queue) {
        queue = [];
        lanes.set(row.lane, queue);
      }
      let i = queue.length;
      while (i > 0 && before(row, queue[i - 1])) i--;
      queue.splice(i, 0, row);
      if (row.priority === 0) this.urgentRows.set(row.lane, (this.urgentRows.get(row.lane) ?? 0) + 1);
    }
  }

  /** Forgets everything not in flight (before a full reload). */
  clear(): void {
    for (const [chat, lanes] of this.chats) {
      for (const [lane, queue] of lanes) {
        const keep = this.busyLanes.has(lane) ? queue.slice(0, 1) : [];
        for (const row of queue) {
          if (keep.includes(row)) continue;
          this.known.delete(row.id);
          if (row.priority === 0) this.forgetUrgent(row.lane);
        }
        if (keep.length > 0) lanes.set(lane, keep);
        else lanes.delete(lane);
      }
      if (lanes.size === 0) this.chats.delete(chat);
    }
  }

  private forgetUrgent(lane: string): void {
    const left = (this.urgentRows.get(lane) ?? 1) - 1;
    if (left <= 0) this.urgentRows.delete(lane);
    else this.urgentRows.set(lane, left);
  }

  /** Chooses rows to send now, up to `capacity`, urgent first; marks them in flight. */
  take(now: number, capacity: number, notBefore: (id: number) => number): Taken {
    const rows: OutboxHead[] = [];
    const state = { wakeAt: Number.POSITIVE_INFINITY };
    // A lane holding anything urgent is urgent: its head goes first so the urgent row can follow.
    for (const lane of this.urgentRows.keys()) {
      if (rows.length >= capacity) return { rows, wakeAt: state.wakeAt };
      const chat = chatOfLane(lane);
      this.tryLane(chat, lane, this.chats.get(chat)?.get(lane), now, notBefore, rows, state);
    }
    // Then, at equal urgency, people waiting in their own chats before the staff group.
    for (const pass of ['clients', 'staff'] as const) {
      for (const [chat, lanes] of this.chats) {
        if (rows.length >= capacity) return { rows, wakeAt: state.wakeAt };
        if ((pass === 'clients') === (chat === 'staff')) continue;
        for (const [lane, queue] of lanes) {
          if ((this.load.get(chat) ?? 0) >= this.maxPerChat || rows.length >= capacity) break;
          this.tryLane(chat, lane, queue, now, notBefore, rows, state);
        }
      }
    }
    return { rows, wakeAt: state.wakeAt };
  }

  private tryLane(chat: string, lane: string, queue: OutboxHead[] | undefined, now: number, notBefore: (id: number) => number, rows: OutboxHead[], state: { wakeAt: number }): void {
    const head = queue?.[0];
    if (!head || this.busyLanes.has(lane) || (this.load.get(chat) ?? 0) >= this.maxPerChat) return;
    const due = Math.max(head.nextAttemptAt, notBefore(head.id));
    if (due > now) {
      state.wakeAt = Math.min(state.wakeAt, due);
      return;
    }
    this.busyLanes.add(lane);
    this.load.set(chat, (this.load.get(chat) ?? 0) + 1);
    rows.push(head);
  }

  /** The rows queued behind `row` in its lane, in order (at most `limit`). */
  followers(row: OutboxHead, limit: number): OutboxHead[] {
    const queue = this.chats.get(chatOfLane(row.lane))?.get(row.lane);
    if (!queue || queue[0] !== row) return [];
    return queue.slice(1, 1 + limit);
  }

  /** A row behind its lane's head went out along with the head (a coalesced relay): forget it. */
  drop(row: OutboxHead): void {
    const chat = chatOfLane(row.lane);
    const queue = this.chats.get(chat)?.get(row.lane);
    const i = queue?.indexOf(row) ?? -1;
    if (!queue || i <= 0) return;
    queue.splice(i, 1);
    this.known.delete(row.id);
    if (row.priority === 0) this.forgetUrgent(row.lane);
  }

  /** A row's call ended; `done` removes it (sent or given up), otherwise it stays at its lane's head. */
  finish(row: OutboxHead, done: boolean): void {
    const chat = chatOfLane(row.lane);
    this.busyLanes.delete(row.lane);
    const left = (this.load.get(chat) ?? 1) - 1;
    if (left <= 0) this.load.delete(chat);
    else this.load.set(chat, left);
    if (!done) return;
    this.known.delete(row.id);
    if (row.priority === 0) this.forgetUrgent(row.lane);
    const lanes = this.chats.get(chat);
    const queue = lanes?.get(row.lane);
    if (!lanes || !queue) return;
    const i = queue.indexOf(row);
    if (i >= 0) queue.splice(i, 1);
    if (queue.length === 0) lanes.delete(row.lane);
    if (lanes.size === 0) this.chats.delete(chat);
  }
}

/**
 * Order within a lane: oldest first, whatever the urgency, except prerequisites (negative
 * priority: a case's topic must exist before anything goes into it), which go first.
 */
function before(a: OutboxHead, b: OutboxHead | undefined): boolean {
  if (b === undefined) return false;
  const ar = a.priority < 0 ? 0 : 1;
  const br = b.priority < 0 ? 0 : 1;
  return ar < br || (ar === br && a.id < b.id);
}
