import type { StoredUpdate } from '../storage/inbox-store.ts';

/**
 * Pending updates grouped by chat. Work is handed out in batches holding at most one
 * update per chat, so a chat's updates are processed in the order Telegram sent them while
 * different chats go together (in one transaction, which is what makes SQLite fast).
 */
export class UpdateScheduler {
  private readonly lanes = new Map<number, StoredUpdate[]>();
  private readonly busy = new Set<number>();
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
  }

  /** Up to `max` updates, the oldest of each idle chat; their chats become busy. */
  take(max: number): StoredUpdate[] {
    const batch: StoredUpdate[] = [];
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
    }
  }
}
