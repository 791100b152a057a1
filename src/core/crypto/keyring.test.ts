import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyring, SealError } from './keyring.ts';
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
