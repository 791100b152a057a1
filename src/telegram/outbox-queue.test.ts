import { describe, expect, it } from 'vitest';
import type { OutboxHead } from '../core/outbox/ports.ts';
import { chatOfLane, OutboxQueue } from './outbox-queue.ts';

const row = (id: number, lane: string, priority = 1, nextAttemptAt = 0): OutboxHead => ({ id, lane, priority, nextAttemptAt, attempts: 0, caseId: null, sealed: null });
const none = () => 0;

describe('OutboxQueue', () => {
  it('sends one call per lane at a time, in order', () => {
    const q = new OutboxQueue(10);
    q.add([row(1, 'client:1'), row(2, 'client:1'), row(3, 'client:2')]);
    const first = q.take(0, 10, none);
    expect(first.rows.map((r) => r.id)).toEqual([1, 3]);
    expect(q.take(0, 10, none).rows).toEqual([]);
    const sent = first.rows[0];
    if (!sent) throw new Error('no row');
    q.finish(sent, true);
    expect(q.take(0, 10, none).rows.map((r) => r.id)).toEqual([2]);
  });

  it('keeps at most maxPerChat calls in flight to one chat: every case topic is the staff group', () => {
    expect(chatOfLane('case:5')).toBe('staff');
    expect(chatOfLane('client:5')).toBe('client:5');
    const q = new OutboxQueue(2);
    q.add([row(1, 'case:1'), row(2, 'case:2'), row(3, 'case:3'), row(4, 'client:9')]);
    expect(q.take(0, 10, none).rows.map((r) => r.id).sort()).toEqual([1, 2, 4]);
  });

  it('at equal urgency, serves people waiting in their own chats before the staff group', () => {
    const q = new OutboxQueue(2);
    q.add([row(1, 'case:1'), row(2, 'client:7')]);
    expect(q.take(0, 1, none).rows.map((r) => r.id)).toEqual([2]);
  });

  it('takes urgent lanes first, even when they arrived last', () => {
    const q = new OutboxQueue(1);
    q.add([row(1, 'case:1'), row(2, 'case:2'), row(3, 'case:3', 0)]);
    expect(q.take(0, 1, none).rows.map((r) => r.id)).toEqual([3]);
  });

  it('keeps a lane in order even when a later row is urgent, and serves that lane first', () => {
    const q = new OutboxQueue(1);
    q.add([row(1, 'case:1'), row(2, 'case:2'), row(3, 'case:2', 0)]);
    expect(q.take(0, 1, none).rows.map((r) => r.id)).toEqual([2]);
  });

  it('puts a repair (a new topic for a deleted one) before everything in its lane', () => {
    const q = new OutboxQueue(1);
    q.add([row(5, 'case:1'), row(9, 'case:1', -1)]);
    expect(q.take(0, 1, none).rows.map((r) => r.id)).toEqual([9]);
  });

  it('waits for rows that are not due and says when to wake', () => {
    const q = new OutboxQueue(2);
    q.add([row(1, 'client:1', 1, 500), row(2, 'client:2', 1, 0)]);
    const taken = q.take(100, 10, (id) => (id === 2 ? 300 : 0));
    expect(taken.rows).toEqual([]);
    expect(taken.wakeAt).toBe(300);
  });

  it('puts a row that failed back at the head of its lane', () => {
    const q = new OutboxQueue(2);
    q.add([row(1, 'client:1'), row(2, 'client:1')]);
    const [first] = q.take(0, 10, none).rows;
    if (!first) throw new Error('no row');
    q.finish(first, false);
    expect(q.take(0, 10, none).rows.map((r) => r.id)).toEqual([1]);
    expect(q.size).toBe(2);
  });
});
