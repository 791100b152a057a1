import { createHash } from 'node:crypto';

/**
 * The stored form of a one-time code that links a dashboard account to a staff member's
 * Telegram account (case and spaces do not matter). The dashboard stores it when it shows
 * the code; the bot looks it up when `/link CODE` arrives in the staff group.
 */
export function linkCodeHash(code: string): string {
  return createHash('sha256').update(`link:${code.toUpperCase().replace(/[^A-Z0-9]/g, '')}`).digest('base64url');
}
