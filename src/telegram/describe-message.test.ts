import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { describeMessage, isServiceMessage } from './describe-message.ts';

const base = { message_id: 1, date: 1, chat: { id: 5, type: 'private' as const, first_name: 'Name' }, from: { id: 5, is_bot: false, first_name: 'Name' } };

describe('describeMessage', () => {
  it('keeps text and its formatting, but drops mentions that carry a person', () => {
    const message = {
      ...base,
      text: 'see this and ask Anna',
      entities: [
        { type: 'bold', offset: 0, length: 3 },
        { type: 'text_mention', offset: 17, length: 4, user: { id: 99, is_bot: false, first_name: 'Anna' } },
      ],
    } as Message;
    const described = describeMessage(message);
    expect(described).toEqual({ kind: 'text', text: 'see this and ask Anna', media: null, entities: [{ type: 'bold', offset: 0, length: 3 }] });
    expect(JSON.stringify(described)).not.toContain('"id":99');
  });

  it('reduces media to their kind, caption and file details, without names', () => {
    const photo = describeMessage({ ...base, caption: 'arm', photo: [{ file_id: 's', file_unique_id: 's', width: 90, height: 90 }, { file_id: 'L', file_unique_id: 'L', width: 800, height: 800 }] } as Message);
    expect(photo).toEqual({ kind: 'photo', text: 'arm', media: { file_id: 'L', width: 800, height: 800 } });
    expect(describeMessage({ ...base, voice: { file_id: 'v', file_unique_id: 'v', duration: 7 } } as Message)).toMatchObject({ kind: 'voice', media: { duration: 7 } });
    expect(describeMessage({ ...base, location: { latitude: 1, longitude: 2 } } as Message)).toMatchObject({ kind: 'location', text: null });
    expect(describeMessage({ ...base, contact: { phone_number: '+70000000000', first_name: 'X' } } as Message)).toEqual({ kind: 'other', text: null, media: null, withheld: 'contact' });
  });

  it('recognises service messages', () => {
    expect(isServiceMessage({ ...base, forum_topic_created: { name: 'x', icon_color: 1 } } as Message)).toBe(true);
    expect(isServiceMessage({ ...base, text: 'hi' } as Message)).toBe(false);
  });
});
