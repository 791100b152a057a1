import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value could not be opened: wrong key, or the bytes were altered. */
export class SealError extends Error {
  override name = 'SealError';
}

/**
 * Keys derived from the master secret, one per purpose (HKDF-SHA256), so that a leak of one
 * use does not weaken another. Sealing is AES-256-GCM (authenticated); pseudonyms are
 * HMAC-SHA256, so a Telegram id can be recognised again but not recovered from the hash.
 */
export interface Keyring {
  /** Stable pseudonym for a Telegram user or chat id (keyed hash, not reversible). */
  pseudonym(kind: 'user' | 'chat', telegramId: number): string;
  /**
   * A keyed hash of a text for one purpose (HMAC-SHA256 under a key of that purpose's own):
   * recognisable again, not reversible, and useless for any other purpose. The web chat keeps
   * only this of a codename, and signs its forms' questions with it.
   */
  tag(purpose: string, value: string): string;
  /** Encrypts text; `context` is bound as associated data and must match on open. */
  seal(plaintext: string, context: string): Buffer;
  /** Decrypts what {@link Keyring.seal} made under the same context. */
  open(sealed: Uint8Array, context: string): string;
  /**
   * A key check value: a keyed hash of a constant, the same for the same master secret and
   * telling nothing about it. Stored once, it shows whether a process has the right secret.
   */
  readonly checkValue: string;
}

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.from('netreach'), Buffer.from(purpose), 32));
}

/**
 * Builds the keyring from the master secret.
 *
 * @example
 * const keys = createKeyring(secret);
 * const box = keys.seal('hello', 'message-body');
 * keys.open(box, 'message-body'); // 'hello'
 */
export function createKeyring(masterSecret: string): Keyring {
  const master = Buffer.from(masterSecret, 'utf8');
  const pseudonymKey = derive(master, 'pseudonym/v1');
  const checkValue = createHmac('sha256', derive(master, 'key-check/v1')).update('netreach key check').digest('base64url');
  const sealKey = derive(master, 'seal/v1');
  const tagKeys = new Map<string, Buffer>();
  return {
    checkValue,
    tag(purpose, value) {
      let key = tagKeys.get(purpose);
      if (!key) {
        key = derive(master, `tag/${purpose}/v1`);
        tagKeys.set(purpose, key);
      }
      return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
    },
    pseudonym(kind, telegramId) {
      return createHmac('sha256', pseudonymKey).update(`${kind}:${telegramId}`).digest('base64url').slice(0, 32);
    },
    seal(plaintext, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, nonce);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), nonce, body, cipher.getAuthTag()]);
    },
    open(sealed, context) {
      const buf = Buffer.from(sealed);
      if (buf.length < 1 + NONCE_BYTES + TAG_BYTES || buf[0] !== VERSION) throw new SealError('not a sealed value');
      const nonce = buf.subarray(1, 1 + NONCE_BYTES);
      const tag = buf.subarray(buf.length - TAG_BYTES);
      const body = buf.subarray(1 + NONCE_BYTES, buf.length - TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey, nonce);
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new SealError('sealed value failed authentication', { cause });
      }
    },
  };
}
