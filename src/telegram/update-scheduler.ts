import type { StoredUpdate } from '../core/inbox/ports.ts';

/**
 * Pending updates grouped by chat. Work is handed out in batches holding at most one
 * update per chat, so a chat's updates are processed in the order Telegram sent them while
 * different chats go together (in one transaction, which is what makes SQLite fast).
 */
export class UpdateScheduler {
  private readonly lanes = new Map<number, StoredUpdate[]>();
  private readonly busy = new Set<number>();
  /** Chats with an emergency waiting, and how many. */
  private readonly urgent = new Map<number, number>();
  private pendingCount = 0;

  /** Updates queued or in a running batch. */
  get size(): number {
    return this.pendingCount;
  }

  add(update: StoredUpdate): void {
    let queue = this.lanes.get(update.lane);
    if (!queue) {
      queue = [];
      this.lanes.set(update.lane, queue);
    }
    queue.push(update);
    this.pendingCount++;
    if (update.urgent) this.urgent.set(update.lane, (this.urgent.get(update.lane) ?? 0) + 1);
  }

  /**
   * Up to `max` updates, the oldest of each idle chat; their chats become busy. While an
   * emergency waits, the batch holds only chats with one, so it is small and goes first.
   */
  take(max: number): StoredUpdate[] {
    const batch: StoredUpdate[] = [];
    for (const lane of this.urgent.keys()) {
      if (batch.length >= max) break;
      const head = this.lanes.get(lane)?.[0];
      if (!head || this.busy.has(lane)) continue;
      this.busy.add(lane);
      batch.push(head);
    }
    if (batch.length > 0) return batch;
    for (const [lane, queue] of this.lanes) {
      if (batch.length >= max) break;
      if (this.busy.has(lane)) continue;
      const head = queue[0];
      if (!head) continue;
      this.busy.add(lane);
      batch.push(head);
    }
    return batch;
  }

  /** The batch's updates are finished (processed or set aside): their chats are free again. */
  done(batch: readonly StoredUpdate[]): void {
    for (const update of batch) {
      this.busy.delete(update.lane);
      const queue = this.lanes.get(update.lane);
      if (queue?.[0] === update) queue.shift();
      if (queue?.length === 0) this.lanes.delete(update.lane);
      this.pendingCount--;
      if (update.urgent) {
        const left = (this.urgent.get(update.lane) ?? 1) - 1;
        if (left <= 0) this.urgent.delete(update.lane);
        else this.urgent.set(update.lane, left);
      }
    }
  }
}
