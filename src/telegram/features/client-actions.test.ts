import type { MaybeInaccessibleMessage } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { labelOf } from './client-actions.ts';

const message = (markup: unknown): MaybeInaccessibleMessage => ({ message_id: 7, date: 1, chat: { id: 1, type: 'private', first_name: 'C' }, ...(markup ? { reply_markup: markup } : {}) }) as MaybeInaccessibleMessage;

describe('labelOf', () => {
  it('finds the pressed button by its callback data among the rows of the keyboard', () => {
    const markup = { inline_keyboard: [[{ text: 'Breathing', callback_data: 'g:overdose:breathing' }], [{ text: 'Site', url: 'https://example.org' }, { text: 'Not breathing', callback_data: 'g:overdose:not-breathing' }]] };
    expect(labelOf(message(markup), 'g:overdose:not-breathing')).toEqual({ label: 'Not breathing' });
  });

  it('has no label for a message without the button, an inaccessible (old) message, or none', () => {
    expect(labelOf(message({ inline_keyboard: [[{ text: 'Yes', callback_data: 'a' }]] }), 'b')).toEqual({});
    expect(labelOf(message(undefined), 'a')).toEqual({});
    expect(labelOf({ message_id: 7, date: 0, chat: { id: 1, type: 'private', first_name: 'C' } }, 'a')).toEqual({});
    expect(labelOf(undefined, 'a')).toEqual({});
  });
});
