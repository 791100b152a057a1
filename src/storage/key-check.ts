import type { Kysely } from 'kysely';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from './schema.ts';

/** Settings key of the master secret's check value (never the secret itself). */
export const KEY_CHECK_SETTING = 'master_key_check';

/** Settings key of a master-secret rotation in progress (see key-rotation.ts); absent otherwise. */
export const KEY_ROTATION_SETTING = 'key_rotation';

/**
 * This process's master secret is not the one the database was written with: every sealed
 * message would be unreadable, and every client would get a second identity. Start-up stops.
 */
export class MasterSecretMismatchError extends Error {
  override name = 'MasterSecretMismatchError';
  constructor() {
    super('the master secret (NETREACH_SECRET or the key file) is not the one this database was written with; refusing to start');
  }
}

/**
 * A master-secret rotation was started on this database and has not finished: part of the
 * data is sealed under the old secret and part under the new one. Start-up stops until
 * `netreach key rotate` is run again to the end.
 */
export class KeyRotationInProgressError extends Error {
  override name = 'KeyRotationInProgressError';
  constructor() {
    super('a master-secret rotation is in progress on this database (some data is under the old key, some under the new): run `netreach key rotate` again with the same new secret to finish it; refusing to start');
  }
}

/**
 * Stores the keyring's check value on first use, or compares it: the first process to start
 * on a database sets it (insert-if-absent, so two first starts cannot both win), and every
 * later one must match. Throws {@link MasterSecretMismatchError} when it does not, and
 * {@link KeyRotationInProgressError} while a key rotation is unfinished.
 */
export async function checkMasterKey(db: Kysely<Database>, keys: Keyring, at: number): Promise<'stored' | 'matched'> {
  const rotating = await db.selectFrom('settings').select('key').where('key', '=', KEY_ROTATION_SETTING).executeTakeFirst();
  if (rotating) throw new KeyRotationInProgressError();
  const inserted = await db
    .insertInto('settings')
    .values({ key: KEY_CHECK_SETTING, value: keys.checkValue, updated_at: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return 'stored';
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY_CHECK_SETTING).executeTakeFirstOrThrow();
  if (row.value !== keys.checkValue) throw new MasterSecretMismatchError();
  return 'matched';
}
