import { describe, expect, it } from 'vitest';
import { chatMessageLink } from './deps.ts';
import { looksLikeQuestion } from './group-request.ts';

describe('requests in the community chat', () => {
  it('takes questions for requests, in Russian and English, and chatter for none', () => {
    for (const text of ['где взять налоксон', 'нужна помощь', 'anyone know where the bus is', 'is it safe to mix?']) expect(looksLikeQuestion(text)).toBe(true);
    for (const text of ['всем привет', 'кто-нибудь был вчера', 'helpful stuff, thanks']) expect(looksLikeQuestion(text)).toBe(false);
  });

  it('links a message of a private supergroup', () => {
    expect(chatMessageLink(-1001234567890, 42)).toBe('https://t.me/c/1234567890/42');
  });
});
