import { describe, expect, it } from 'vitest';
import { BotApiError } from './errors.ts';
import { createUpdateQueue } from './update-queue.ts';

describe('update queue', () => {
  it('confirms below a positive offset and keeps the last N for a negative one', async () => {
    const queue = createUpdateQueue(10);
    for (let i = 0; i < 5; i++) queue.push({ message: { n: i } });
    expect((await queue.poll(12, 100, 0)).map((u) => u.update_id)).toEqual([12, 13, 14]);
    expect((await queue.poll(-1, 100, 0)).map((u) => u.update_id)).toEqual([14]);
    expect(queue.size()).toBe(1);
  });

  it('stays O(1) per update over many confirmations', async () => {
    const queue = createUpdateQueue();
    let offset = 0;
    const started = performance.now();
    for (let i = 0; i < 50_000; i++) {
      queue.push({ message: { n: i } });
      const [update] = await queue.poll(offset, 1, 0);
      offset = (update?.update_id ?? 0) + 1;
    }
    expect(queue.size()).toBe(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('ends an older long poll with 409 when a newer one starts', async () => {
    const queue = createUpdateQueue();
    const first = queue.poll(0, 100, 30);
    const second = queue.poll(0, 100, 30);
    await expect(first).rejects.toBeInstanceOf(BotApiError);
    await expect(first).rejects.toMatchObject({ errorCode: 409 });
    queue.push({ message: {} });
    await expect(second).resolves.toHaveLength(1);
  });

  it('filters by allowed_updates but keeps forced (raw) updates', async () => {
    const queue = createUpdateQueue();
    queue.setAllowed(['message']);
    expect(queue.push({ callback_query: {} })).toBeUndefined();
    expect(queue.push({ callback_query: {} }, { force: true })).toBeDefined();
    queue.setAllowed([]);
    expect(queue.push({ chat_member: {} })).toBeUndefined();
    expect(queue.size()).toBe(1);
  });
});
