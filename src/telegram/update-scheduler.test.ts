import { describe, expect, it } from 'vitest';
import { UpdateScheduler } from './update-scheduler.ts';

const update = (updateId: number, lane: number) => ({ updateId, lane, update: { update_id: updateId } });

describe('UpdateScheduler', () => {
  it('batches one update per chat and keeps each chat in order', () => {
    const s = new UpdateScheduler();
    for (const u of [update(1, 10), update(2, 10), update(3, 20), update(4, 10)]) s.add(u);
    const first = s.take(64);
    expect(first.map((u) => u.updateId)).toEqual([1, 3]);
    expect(s.take(64)).toEqual([]);
    s.done(first);
    expect(s.take(64).map((u) => u.updateId)).toEqual([2]);
  });

  it('limits the batch size and counts what is left', () => {
    const s = new UpdateScheduler();
    for (let i = 0; i < 10; i++) s.add(update(i, i));
    const batch = s.take(4);
    expect(batch).toHaveLength(4);
    s.done(batch);
    expect(s.size).toBe(6);
  });

  it('lets an emergency overtake the backlog of other chats, keeping its own chat in order', () => {
    const s = new UpdateScheduler();
    for (let i = 0; i < 10; i++) s.add(update(i, i));
    s.add(update(100, 5));
    s.add({ ...update(101, 42), urgent: true });
    const first = s.take(64);
    expect(first.map((u) => u.updateId)).toEqual([101]);
    s.done(first);
    expect(s.take(64)).toHaveLength(10);
  });
});
