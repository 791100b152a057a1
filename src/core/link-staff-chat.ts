import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { RelayStore } from './ports.ts';

/** Settings key holding the linked staff group's chat id. */
export const STAFF_CHAT_SETTING = 'staff_chat_id';
const LINK_CODE_SETTING = 'staff_link_code';
const CODE_ALPHABET = 'ACDEFHJKMNPRTUVWXY3479';
/** How long a printed link code stays valid. */
export const LINK_CODE_TTL_MS = 30 * 60 * 1000;

function digest(code: string): string {
  return createHash('sha256').update(code.trim().toUpperCase().replace(/\s+/g, '')).digest('hex');
}

/**
 * Creates a one-time code that links the staff group when an admin posts it there. Only
 * its hash is stored.
 */
export async function createStaffLinkCode(store: Pick<RelayStore, 'setSetting'>, at: number): Promise<string> {
  let code = 'LINK-';
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  await store.setSetting(LINK_CODE_SETTING, JSON.stringify({ hash: digest(code), expiresAt: at + LINK_CODE_TTL_MS }), at);
  return code;
}

/** True if `text` looks like a link code, so group messages that are not one cost nothing. */
export function looksLikeLinkCode(text: string): boolean {
  return /^\s*LINK-[A-Z0-9]{8}\s*$/i.test(text);
}

/**
 * Links the staff group if `text` is the current, unexpired link code. The code is used up
 * either way it matches.
 */
export async function linkStaffChat(
  store: Pick<RelayStore, 'getSetting' | 'setSetting'>,
  input: { chatId: number; text: string; at: number },
): Promise<'linked' | 'invalid'> {
  const raw = await store.getSetting(LINK_CODE_SETTING);
  if (!raw) return 'invalid';
  const saved = JSON.parse(raw) as { hash?: string; expiresAt?: number };
  if (!saved.hash || typeof saved.expiresAt !== 'number' || saved.expiresAt < input.at) return 'invalid';
  const given = Buffer.from(digest(input.text), 'hex');
  const expected = Buffer.from(saved.hash, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  await store.setSetting(LINK_CODE_SETTING, JSON.stringify({ used: true }), input.at);
  await store.setSetting(STAFF_CHAT_SETTING, String(input.chatId), input.at);
  return 'linked';
}
