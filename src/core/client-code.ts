import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another when read aloud or on a phone. */
export const UNAMBIGUOUS_ALPHABET = 'ACDEFHJKMNPRTUVWXY3479';

/**
 * A short human code for a client, such as `K-7F3Q`: what workers call a client instead of a
 * name. Random, so it says nothing about the client or when they came.
 */
export function newClientCode(length = 4): string {
  let code = 'K-';
  for (let i = 0; i < length; i++) code += UNAMBIGUOUS_ALPHABET[randomInt(UNAMBIGUOUS_ALPHABET.length)];
  return code;
}
