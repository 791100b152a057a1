import { describe, expect, it } from 'vitest';
import { coalesce, isCoalescibleRelay, MESSAGE_LIMIT } from './coalesce.ts';

const at = (minute: number) => Date.UTC(2026, 11, 3, 14, minute);
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe('coalesced relays', () => {
  it('joins parts in order, each marked with its time, and moves formatting along with its text', () => {
    const joined = coalesce(
      [
        { text: 'first', at: at(1) },
        { text: 'bold here', entities: [{ type: 'bold', offset: 0, length: 4 }], at: at(2) },
        { text: 'третье 🆘 done', entities: [{ type: 'italic', offset: 10, length: 4 }], at: at(3) },
      ],
      hhmm,
    );
    expect(joined.count).toBe(3);
    expect(joined.text).toBe('[14:01] first\n[14:02] bold here\n[14:03] третье 🆘 done');
    const [bold, italic] = joined.entities;
    expect(joined.text.slice(bold?.offset, (bold?.offset ?? 0) + (bold?.length ?? 0))).toBe('bold');
    // Offsets count UTF-16 units, as Telegram's do (the emoji is two).
    expect(joined.text.slice(italic?.offset, (italic?.offset ?? 0) + (italic?.length ?? 0))).toBe('done');
  });

  it('stops before 4,096 characters; the rest waits for the next message', () => {
    const long = 'x'.repeat(1500);
    const joined = coalesce([1, 2, 3, 4].map((m) => ({ text: long, at: at(m) })), hhmm);
    expect(joined.count).toBe(2);
    expect(joined.text.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(coalesce([{ text: 'x'.repeat(4090), at: at(1) }, { text: 'y', at: at(2) }], hhmm).count).toBe(1);
  });

  it('only plain text relays of client messages into a topic are joined', () => {
    const relay = { method: 'sendMessage' as const, target: { kind: 'staff-topic' as const, caseId: 1 }, params: { text: 'hi' }, effect: { kind: 'staff-message-id' as const, messageId: 9 } };
    expect(isCoalescibleRelay(relay)).toBe(true);
    expect(isCoalescibleRelay({ ...relay, params: { text: 'alert', reply_markup: { inline_keyboard: [] } } })).toBe(false);
    expect(isCoalescibleRelay({ ...relay, effect: undefined })).toBe(false);
    expect(isCoalescibleRelay({ ...relay, method: 'copyMessage', params: { message_id: 3 } })).toBe(false);
    expect(isCoalescibleRelay({ ...relay, target: { kind: 'staff-chat' } })).toBe(false);
  });
});
