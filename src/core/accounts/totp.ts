import { Secret, TOTP } from 'otpauth';

/** The TOTP settings every authenticator app understands: SHA-1, 6 digits, 30 s. */
const PERIOD = 30;

/** A new random TOTP secret (base32, 160 bits). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = ''): TOTP {
  return new TOTP({ issuer: 'Netreach', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** The `otpauth://` URL an authenticator app scans. */
export function totpUrl(secret: string, label: string): string {
  return totp(secret, label).toString();
}

/**
 * Checks a code, allowing one step of clock drift either way. Returns the time step the
 * code belongs to (so the caller can refuse a code used before), or undefined.
 */
export function checkTotp(secret: string, code: string, at: number): number | undefined {
  const delta = totp(secret).validate({ token: code, timestamp: at, window: 1 });
  if (delta === null) return undefined;
  return Math.floor(at / 1000 / PERIOD) + delta;
}

/** The code for a moment (tests and the CLI's self-check). */
export function totpCode(secret: string, at: number): string {
  return totp(secret).generate({ timestamp: at });
}
