import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyring, SealError, sealedKeyId } from './keyring.ts';
import { resolveMasterSecret } from '../../storage/files/master-secret.ts';

describe('keyring', () => {
  const keys = createKeyring('a-master-secret-of-sufficient-length-000');

  it('seals text so that it cannot be read and opens it again', () => {
    const sealed = keys.seal('не дышит, губы синие', 'message-body');
    expect(sealed.toString('utf8')).not.toContain('дышит');
    expect(keys.open(sealed, 'message-body')).toBe('не дышит, губы синие');
    expect(keys.seal('same', 'c').equals(keys.seal('same', 'c'))).toBe(false);
  });

  it('refuses altered bytes, another context and another key', () => {
    const sealed = keys.seal('hello', 'message-body');
    const altered = Buffer.from(sealed);
    altered[altered.length - 20] = (altered[altered.length - 20] ?? 0) ^ 1;
    expect(() => keys.open(altered, 'message-body')).toThrow(SealError);
    expect(() => keys.open(sealed, 'client-chat')).toThrow(SealError);
    expect(() => createKeyring('another-master-secret-of-sufficient-length').open(sealed, 'message-body')).toThrow(SealError);
  });

  it('gives stable pseudonyms that depend on the key and do not contain the id', () => {
    expect(keys.pseudonym('user', 123456789)).toBe(keys.pseudonym('user', 123456789));
    expect(keys.pseudonym('user', 123456789)).not.toBe(keys.pseudonym('user', 123456780));
    expect(keys.pseudonym('user', 123456789)).not.toBe(createKeyring('another-master-secret-of-sufficient-length').pseudonym('user', 123456789));
    expect(keys.pseudonym('user', 123456789)).not.toContain('123456789');
  });
});

/** A value as Netreach sealed it before key ids (format 1), made here by hand. */
function legacySeal(masterSecret: string, plaintext: string, context: string): Buffer {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(masterSecret), Buffer.from('netreach'), Buffer.from('seal/v1'), 32));
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), nonce, body, cipher.getAuthTag()]);
}

describe('key ids and rotation', () => {
  const OLD = 'the-old-master-secret-of-sufficient-length-1';
  const NEW = 'the-new-master-secret-of-sufficient-length-2';

  it('writes the key id into every sealed value: the first bytes of the key check value', () => {
    const keys = createKeyring(NEW);
    const checkBytes = createHmac('sha256', Buffer.from(hkdfSync('sha256', Buffer.from(NEW), Buffer.from('netreach'), Buffer.from('key-check/v1'), 32))).update('netreach key check').digest();
    expect(keys.keyId).toBe(checkBytes.subarray(0, 4).toString('hex'));
    expect(Buffer.from(keys.checkValue, 'base64url').subarray(0, 4).toString('hex')).toBe(keys.keyId);
    expect(sealedKeyId(keys.seal('x', 'c'))).toBe(keys.keyId);
    expect(sealedKeyId(createKeyring(OLD).seal('x', 'c'))).not.toBe(keys.keyId);
    expect(sealedKeyId(legacySeal(OLD, 'x', 'c'))).toBeNull();
  });

  it('still opens values sealed before key ids, under their key only', () => {
    const legacy = legacySeal(OLD, 'старое сообщение', 'message-body');
    expect(createKeyring(OLD).open(legacy, 'message-body')).toBe('старое сообщение');
    expect(() => createKeyring(NEW).open(legacy, 'message-body')).toThrow(SealError);
    expect(() => createKeyring(OLD).open(legacy, 'client-chat')).toThrow(SealError);
  });

  it('opens under the current or a previous key during a rotation, and seals only under the current one', () => {
    const rotating = createKeyring(NEW, { previous: [OLD] });
    const underOld = createKeyring(OLD).seal('one', 'c');
    expect(rotating.open(underOld, 'c')).toBe('one');
    expect(rotating.open(legacySeal(OLD, 'two', 'c'), 'c')).toBe('two');
    const fresh = rotating.seal('three', 'c');
    expect(sealedKeyId(fresh)).toBe(createKeyring(NEW).keyId);
    expect(createKeyring(NEW).open(fresh, 'c')).toBe('three');
    expect(() => createKeyring(OLD).open(fresh, 'c')).toThrow(SealError);
    // Rotating keeps the new secret's pseudonyms and check value.
    expect(rotating.pseudonym('user', 42)).toBe(createKeyring(NEW).pseudonym('user', 42));
    expect(rotating.checkValue).toBe(createKeyring(NEW).checkValue);
  });

  it('refuses a key id altered to pass a value off as another key', () => {
    const keys = createKeyring(NEW, { previous: [OLD] });
    const sealed = createKeyring(OLD).seal('x', 'c');
    const relabelled = Buffer.from(sealed);
    Buffer.from(keys.keyId, 'hex').copy(relabelled, 1);
    expect(() => keys.open(relabelled, 'c')).toThrow(SealError);
  });
});

describe('master secret', () => {
  it('prefers the environment', () => {
    expect(resolveMasterSecret('e'.repeat(40), '/nonexistent/key')).toEqual({ secret: 'e'.repeat(40), source: 'environment' });
  });

  it('generates a key file with mode 0600 once and reads it back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'netreach-key-')), 'data', 'netreach.key');
    const first = resolveMasterSecret(undefined, file);
    expect(first.source).toBe('generated');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = resolveMasterSecret(undefined, file);
    expect(second).toEqual({ secret: first.secret, source: 'key-file', keyFile: file });
    expect(readFileSync(file, 'utf8').trim()).toBe(first.secret);
  });
});
