import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Sealed values made before key ids: `[1][nonce][ciphertext][tag]`. They still open. */
const LEGACY_VERSION = 1;
/** Sealed values that name their key: `[2][key id, 4 bytes][nonce][ciphertext][tag]`. */
const VERSION = 2;
const KEY_ID_BYTES = 4;
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
  /**
   * The id of the key that seals new values (8 hex characters, the first bytes of the check
   * value): written into every sealed value, so a value tells which key it needs.
   */
  readonly keyId: string;
}

/** Options of {@link createKeyring}. */
export interface KeyringOptions {
  /**
   * Master secrets this keyring still opens (never seals with) during a key rotation: a
   * value naming one of their key ids, or an old value without a key id, opens under them.
   */
  previous?: readonly string[];
}

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.from('netreach'), Buffer.from(purpose), 32));
}

interface SealKey {
  id: Buffer;
  key: Buffer;
}

function sealKeyOf(masterSecret: string): SealKey & { checkValue: string; pseudonymKey: Buffer } {
  const master = Buffer.from(masterSecret, 'utf8');
  const check = createHmac('sha256', derive(master, 'key-check/v1')).update('netreach key check').digest();
  return { id: check.subarray(0, KEY_ID_BYTES), key: derive(master, 'seal/v1'), checkValue: check.toString('base64url'), pseudonymKey: derive(master, 'pseudonym/v1') };
}

function decrypt(key: Buffer, nonce: Buffer, body: Buffer, tag: Buffer, aad: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/**
 * The key id a sealed value names (8 hex characters), or null for a value sealed before key
 * ids (it names none) or one that is not a sealed value. Tells apart, without any key, the
 * values a rotation has re-sealed from those it has not.
 */
export function sealedKeyId(sealed: Uint8Array): string | null {
  const buf = Buffer.from(sealed);
  if (buf.length < 1 + KEY_ID_BYTES + NONCE_BYTES + TAG_BYTES || buf[0] !== VERSION) return null;
  return buf.subarray(1, 1 + KEY_ID_BYTES).toString('hex');
}

/**
 * Builds the keyring from the master secret. New values are sealed under it and name its
 * key id; `options.previous` lists secrets whose values it still opens (a key rotation).
 *
 * @example
 * const keys = createKeyring(secret);
 * const box = keys.seal('hello', 'message-body');
 * keys.open(box, 'message-body'); // 'hello'
 */
export function createKeyring(masterSecret: string, options: KeyringOptions = {}): Keyring {
  const current = sealKeyOf(masterSecret);
  const { pseudonymKey, checkValue } = current;
  const keys: SealKey[] = [current, ...(options.previous ?? []).map(sealKeyOf)];
  const master = Buffer.from(masterSecret, 'utf8');
  const tagKeys = new Map<string, Buffer>();
  return {
    checkValue,
    keyId: current.id.toString('hex'),
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
      const header = Buffer.concat([Buffer.from([VERSION]), current.id]);
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce);
      // The key id is authenticated too: a value cannot be passed off as another key's.
      cipher.setAAD(Buffer.concat([header, Buffer.from(context)]));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([header, nonce, body, cipher.getAuthTag()]);
    },
    open(sealed, context) {
      const buf = Buffer.from(sealed);
      const tag = buf.subarray(buf.length - TAG_BYTES);
      if (buf[0] === VERSION && buf.length >= 1 + KEY_ID_BYTES + NONCE_BYTES + TAG_BYTES) {
        const id = buf.subarray(1, 1 + KEY_ID_BYTES);
        const key = keys.find((k) => k.id.equals(id));
        if (!key) throw new SealError('sealed under another key');
        const nonce = buf.subarray(1 + KEY_ID_BYTES, 1 + KEY_ID_BYTES + NONCE_BYTES);
        try {
          return decrypt(key.key, nonce, buf.subarray(1 + KEY_ID_BYTES + NONCE_BYTES, buf.length - TAG_BYTES), tag, Buffer.concat([buf.subarray(0, 1 + KEY_ID_BYTES), Buffer.from(context)]));
        } catch (cause) {
          throw new SealError('sealed value failed authentication', { cause });
        }
      }
      if (buf[0] !== LEGACY_VERSION || buf.length < 1 + NONCE_BYTES + TAG_BYTES) throw new SealError('not a sealed value');
      // A value from before key ids names no key: each key this keyring knows is tried.
      const nonce = buf.subarray(1, 1 + NONCE_BYTES);
      const body = buf.subarray(1 + NONCE_BYTES, buf.length - TAG_BYTES);
      let failure: unknown;
      for (const key of keys) {
        try {
          return decrypt(key.key, nonce, body, tag, Buffer.from(context));
        } catch (cause) {
          failure = cause;
        }
      }
      throw new SealError('sealed value failed authentication', { cause: failure });
    },
  };
}
