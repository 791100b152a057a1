import type { Kysely } from 'kysely';
import type { Transactor } from '../core/ports.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import { createRelayStore } from './relay-store.ts';
import type { Database } from './schema.ts';

/** The one transaction runner: each `run` is a database transaction with a relay store over it. */
export function createTransactor(db: Kysely<Database>, keys: Keyring): Transactor {
  return { run: (work) => db.transaction().execute((trx) => work(createRelayStore(trx, keys))) };
}
