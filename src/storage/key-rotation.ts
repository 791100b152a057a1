/**
 * Master-secret rotation: every sealed column re-sealed and every pseudonym and keyed hash
 * re-keyed under a new secret, table by table in batches. Each batch is one transaction that
 * also records how far it got (the settings row {@link KEY_ROTATION_SETTING}), so a run that
 * stops anywhere continues where it left off when started again; a value already sealed
 * under the new key (it names its key id) is left as it is. The stored key check value
 * changes to the new key's only at the end, in the same transaction that removes the state.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { createKeyring, sealedKeyId, type Keyring } from '../core/crypto/keyring.ts';
import { SEAL_CHANNEL_POST } from './channel-store.ts';
import { SEAL_COMMUNITY } from './community-store.ts';
import { SEAL_DRUG_ALERT } from './drug-alert-store.ts';
import { SEAL_GROUP_ANSWER } from './group-request-store.ts';
import { KEY_CHECK_SETTING, KEY_ROTATION_SETTING } from './key-check.ts';
import { createLeaseStore } from './lease-store.ts';
import { SEAL } from './relay-rows.ts';
import type { Database } from './schema.ts';
import { SEAL_RESPONDER } from './spotting-store.ts';
import { TOTP_SEAL } from './account-store.ts';
import { STAFF_CHAT_SETTING } from '../core/link-staff-chat.ts';

/** What a rotation in progress records between batches (the settings row's JSON). */
export interface RotationState {
  /** Key check value of the secret the data is being moved away from. */
  from: string;
  /** Key check value of the new secret. */
  to: string;
  startedAt: number;
  /** Per step (a table): the last key done, or true when the whole table is done. */
  steps: Record<string, number | true>;
}

/** The rotation cannot run as asked (wrong secret, another rotation, Netreach running): one line for the admin. */
export class KeyRotationRefusedError extends Error {
  override name = 'KeyRotationRefusedError';
}

/** What one run did, per table, for the admin. */
export interface RotationSummary {
  /** 'rotated': this run finished the rotation; 'already-done': the database was already under the new key. */
  outcome: 'rotated' | 'already-done';
  /** Whether this run continued a rotation an earlier run had started. */
  resumed: boolean;
  /** Per table: rows changed by this run. */
  changed: Record<string, number>;
  /** Keyed pseudonyms whose Telegram id was not recoverable, replaced by an unlinked marker (per table). */
  unlinked: Record<string, number>;
  /** Unused access codes made void (their keyed hash cannot be recomputed without the code). */
  voidedCodes: number;
  /** Unfinished drug-alert reports cancelled because their reporter could not be re-keyed. */
  cancelledAlerts: number;
}

/** Options of {@link rotateMasterSecret}. */
export interface RotateOptions {
  /** The secret the database was written with (its key check value must be stored). */
  oldSecret: string;
  /** The new secret, or where to get it once the rotation may go ahead (a file generated only then). */
  newSecret: string | (() => string);
  /** Rows per transaction. */
  batchSize?: number;
  now?: () => number;
  /** Telegram chat ids the configuration knows (staff group, community chat, channel): inbox rows of theirs keep a re-keyed chat hash. */
  knownChatIds?: readonly number[];
  /** Called after every committed batch (progress; tests interrupt here). */
  afterBatch?: (progress: { step: string; lastKey: number; changed: number }) => void | Promise<void>;
}

/** A keyed pseudonym as {@link Keyring.pseudonym} writes it; others (`web:…`, `erased:…`, demo data) are not keyed hashes. */
const KEYED = /^[A-Za-z0-9_-]{32}$/;
/** The lease every Netreach process competes for; held by the rotation so none takes over meanwhile. */
const OWNER_LEASE = 'netreach';
/** Short, so that a rotation killed mid-run (kill -9) can be started again within seconds. */
const LEASE_TTL_MS = 15_000;

type Row = Record<string, unknown>;

/** Old and new pseudonyms of every Telegram id the database can still tell (new ones map to themselves, so re-running changes nothing). */
interface Pseudonyms {
  user: Map<string, string>;
  chat: Map<string, string>;
}

interface StepContext {
  next: Keyring;
  pseudonyms: Pseudonyms;
  now: number;
  summary: RotationSummary;
}

interface Step {
  /** Table name; also the step's name in the state. */
  table: keyof Database & string;
  /** Integer primary key the batches walk in order. */
  key: string;
  /** Sealed columns and the context each is sealed under. */
  sealed: Record<string, string>;
  /** Further columns the re-keying reads. */
  read?: string[];
  /** Columns to set besides the re-sealed ones (given the row and its opened values); wins over them. */
  rekey?: (row: Row, opened: Record<string, string | null>, ctx: StepContext) => Row;
}

const bump = (counts: Record<string, number>, table: string, by = 1) => {
  counts[table] = (counts[table] ?? 0) + by;
};

const unlinked = (ctx: StepContext, table: string): string => {
  bump(ctx.summary.unlinked, table);
  return `unlinked:${randomUUID()}`;
};

/** A user pseudonym from a sealed Telegram id, or an unlinked marker when the id is gone and the pseudonym was keyed. */
function userPseudonym(table: string, current: unknown, telegramId: string | null, ctx: StepContext): Row {
  if (telegramId !== null) return { pseudonym: ctx.next.pseudonym('user', Number(telegramId)) };
  if (typeof current === 'string' && KEYED.test(current)) return { pseudonym: unlinked(ctx, table) };
  return {};
}

/** A pseudonym known only as a keyed hash: its new value, or null when the Telegram id is not known. */
function remap(map: Map<string, string>, current: unknown): string | null | undefined {
  if (typeof current !== 'string' || !KEYED.test(current)) return undefined;
  return map.get(current) ?? null;
}

/**
 * Every sealed column and keyed hash of the schema, one step per table. A new sealed column
 * must be added here (the key-rotation test fails for any `*_sealed` column missing).
 */
export const ROTATION_STEPS: readonly Step[] = [
  {
    table: 'clients',
    key: 'id',
    sealed: { chat_sealed: SEAL.clientChat },
    read: ['pseudonym'],
    // In a private chat the chat id is the user's id: the pseudonym is recomputed from it.
    rekey: (row, opened, ctx) => userPseudonym('clients', row.pseudonym, opened.chat_sealed ?? null, ctx),
  },
  {
    table: 'staff',
    key: 'id',
    sealed: { chat_sealed: SEAL.staffChat },
    read: ['pseudonym'],
    rekey: (row, opened, ctx) => userPseudonym('staff', row.pseudonym, opened.chat_sealed ?? null, ctx),
  },
  {
    table: 'community_members',
    key: 'id',
    sealed: { user_sealed: SEAL_COMMUNITY.user },
    read: ['pseudonym'],
    rekey: (row, opened, ctx) => userPseudonym('community_members', row.pseudonym, opened.user_sealed ?? null, ctx),
  },
  { table: 'cases', key: 'id', sealed: { feedback_comment_sealed: SEAL.feedback } },
  { table: 'messages', key: 'id', sealed: { body_sealed: SEAL.body, media_sealed: SEAL.media } },
  {
    table: 'inbox',
    key: 'update_id',
    sealed: { payload_sealed: SEAL.inbox },
    read: ['chat_key'],
    rekey: (row, opened, ctx) => {
      // A pending update says its chat; a processed one (kept a week for de-duplication) only
      // has the hash, re-keyed when the chat is known and cleared when it is not.
      if (opened.payload_sealed) return { chat_key: ctx.next.pseudonym('chat', (JSON.parse(opened.payload_sealed) as { lane: number }).lane) };
      const mapped = remap(ctx.pseudonyms.chat, row.chat_key);
      return mapped === undefined ? {} : { chat_key: mapped ?? 'rotated' };
    },
  },
  { table: 'outbox', key: 'id', sealed: { payload_sealed: SEAL.outbox } },
  { table: 'spotting_sessions', key: 'id', sealed: { responder_sealed: SEAL_RESPONDER } },
  { table: 'staff_accounts', key: 'id', sealed: { totp_sealed: TOTP_SEAL } },
  { table: 'community_moderation', key: 'id', sealed: { body_sealed: SEAL_COMMUNITY.body } },
  { table: 'channel_posts', key: 'id', sealed: { body_sealed: SEAL_CHANNEL_POST } },
  { table: 'group_answers', key: 'id', sealed: { body_sealed: SEAL_GROUP_ANSWER } },
  {
    table: 'drug_alerts',
    key: 'id',
    sealed: { body_sealed: SEAL_DRUG_ALERT },
    read: ['reporter_pseudonym', 'status'],
    rekey: (row, _opened, ctx) => {
      const mapped = remap(ctx.pseudonyms.user, row.reporter_pseudonym);
      if (mapped === undefined) return {};
      if (mapped !== null) return { reporter_pseudonym: mapped };
      // A report still being filled in by someone who can no longer be recognised: cancelled, as a new one would.
      ctx.summary.cancelledAlerts++;
      return { reporter_pseudonym: null, status: 'cancelled', step: null, body_sealed: null, updated_at: ctx.now };
    },
  },
  {
    table: 'community_codes',
    key: 'id',
    sealed: {},
    read: ['code_hash', 'inviter_pseudonym', 'used_by_pseudonym', 'used_at', 'revoked_at', 'expires_at'],
    rekey: (row, _opened, ctx) => {
      const out: Row = {};
      // Only the code's keyed hash is stored, never the code: it cannot be re-keyed. An unused
      // code is made void (revoked) rather than left working under a key that is destroyed.
      if (typeof row.code_hash === 'string' && !row.code_hash.startsWith('rotated:')) {
        out.code_hash = `rotated:${String(row.id)}`;
        if (row.used_at === null && row.revoked_at === null && Number(row.expires_at) > ctx.now) {
          out.revoked_at = ctx.now;
          ctx.summary.voidedCodes++;
        }
      }
      for (const column of ['inviter_pseudonym', 'used_by_pseudonym']) {
        const mapped = remap(ctx.pseudonyms.user, row[column]);
        if (mapped !== undefined) out[column] = mapped;
      }
      return out;
    },
  },
];

/** Reads the rotation state, if a rotation is in progress. */
export async function readRotationState(db: Kysely<Database>): Promise<RotationState | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY_ROTATION_SETTING).executeTakeFirst();
  return row ? (JSON.parse(row.value) as RotationState) : undefined;
}

async function writeState(db: Kysely<Database>, state: RotationState, at: number): Promise<void> {
  const value = JSON.stringify(state);
  await db
    .insertInto('settings')
    .values({ key: KEY_ROTATION_SETTING, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}

/** Builds the old→new (and new→new) pseudonym maps from the Telegram ids still sealed in the database. */
async function knownPseudonyms(db: Kysely<Database>, old: Keyring, next: Keyring, both: Keyring, knownChatIds: readonly number[]): Promise<Pseudonyms> {
  const ids = new Set<number>(knownChatIds);
  const sources = [
    { table: 'clients', column: 'chat_sealed', context: SEAL.clientChat },
    { table: 'staff', column: 'chat_sealed', context: SEAL.staffChat },
    { table: 'community_members', column: 'user_sealed', context: SEAL_COMMUNITY.user },
  ] as const;
  for (const { table, column, context } of sources) {
    let after = -1;
    for (;;) {
      const { rows } = await sql<{ id: number; v: Uint8Array }>`select id, ${sql.id(column)} as v from ${sql.id(table)} where id > ${after} and ${sql.id(column)} is not null order by id limit 1000`.execute(db);
      for (const row of rows) ids.add(Number(both.open(row.v, context)));
      if (rows.length < 1000) break;
      after = Number(rows[rows.length - 1]?.id);
    }
  }
  const linked = await db.selectFrom('settings').select('value').where('key', '=', STAFF_CHAT_SETTING).executeTakeFirst();
  if (linked && /^-?\d+$/.test(linked.value)) ids.add(Number(linked.value));
  const user = new Map<string, string>();
  const chat = new Map<string, string>();
  for (const id of ids) {
    for (const [kind, map] of [['user', user], ['chat', chat]] as const) {
      const fresh = next.pseudonym(kind, id);
      map.set(old.pseudonym(kind, id), fresh);
      map.set(fresh, fresh);
    }
  }
  return { user, chat };
}

const assignments = (values: Row): RawBuilder<unknown> => sql.join(Object.entries(values).map(([column, value]) => sql`${sql.id(column)} = ${value}`));

/** One batch of one step, in its own transaction with the state; returns the last key done, or undefined when the table is done. */
async function runBatch(db: Kysely<Database>, step: Step, state: RotationState, ctx: StepContext & { both: Keyring }, batchSize: number): Promise<{ lastKey: number; changed: number } | undefined> {
  return db.transaction().execute(async (trx) => {
    const after = state.steps[step.table];
    if (after === true) return undefined;
    const columns = [step.key, ...Object.keys(step.sealed), ...(step.read ?? [])];
    const { rows } = await sql<Row>`select ${sql.join(columns.map((c) => sql.id(c)))} from ${sql.id(step.table)} where ${sql.id(step.key)} > ${after ?? -1} order by ${sql.id(step.key)} limit ${batchSize}`.execute(trx);
    let changed = 0;
    for (const row of rows) {
      const set: Row = {};
      const opened: Record<string, string | null> = {};
      for (const [column, context] of Object.entries(step.sealed)) {
        const value = row[column];
        if (!(value instanceof Uint8Array)) {
          opened[column] = null;
          continue;
        }
        try {
          opened[column] = ctx.both.open(value, context);
        } catch (cause) {
          throw new KeyRotationRefusedError(`${step.table}.${column} of row ${String(row[step.key])} opens under neither the old nor the new secret; the rotation stopped there (nothing of that batch was changed)`, { cause });
        }
        if (sealedKeyId(value) !== ctx.next.keyId) set[column] = ctx.next.seal(opened[column], context);
      }
      for (const [column, value] of Object.entries(step.rekey?.(row, opened, ctx) ?? {})) {
        if (value !== row[column]) set[column] = value;
      }
      if (Object.keys(set).length === 0) continue;
      await sql`update ${sql.id(step.table)} set ${assignments(set)} where ${sql.id(step.key)} = ${row[step.key]}`.execute(trx);
      changed++;
    }
    const last = rows.length > 0 ? Number(rows[rows.length - 1]?.[step.key]) : undefined;
    state.steps[step.table] = rows.length < batchSize || last === undefined ? true : last;
    await writeState(trx, state, ctx.now);
    return { lastKey: last ?? Number(after ?? 0), changed };
  });
}

/**
 * Rotates the master secret of a database (see the module comment). Refuses, with
 * {@link KeyRotationRefusedError}, when the old secret is not the database's, when a
 * rotation to another key is in progress, or when a Netreach process holds the owner lease
 * (it is running). Holds that lease itself while it works, so none takes over meanwhile.
 * Running it again after it finished changes nothing (outcome 'already-done').
 */
export async function rotateMasterSecret(db: Kysely<Database>, options: RotateOptions): Promise<RotationSummary> {
  const now = options.now ?? Date.now;
  const batchSize = options.batchSize ?? 500;
  // Netreach running is checked before anything else happens (before a new secret is even made).
  const leases = createLeaseStore(db);
  const holder = `key-rotate-${randomUUID()}`;
  const live = await db.selectFrom('leases').select('holder').where('expires_at', '>', now()).execute();
  if (live.some((l) => !l.holder.startsWith('key-rotate-'))) {
    throw new KeyRotationRefusedError('Netreach is running on this database (it holds a live lease); stop every Netreach process, then rotate the key');
  }
  if (!(await leases.acquire(OWNER_LEASE, holder, now(), LEASE_TTL_MS))) {
    const taken = await db.selectFrom('leases').select('holder').where('name', '=', OWNER_LEASE).executeTakeFirst();
    if (taken && !taken.holder.startsWith('key-rotate-')) throw new KeyRotationRefusedError('Netreach started on this database just now; stop every Netreach process, then rotate the key');
    throw new KeyRotationRefusedError(`another key rotation is running on this database (or one stopped less than ${LEASE_TTL_MS / 1000} s ago); wait, then run it again`);
  }
  try {
    return await rotateHoldingLease(db, options, { now, batchSize, renew: () => leases.acquire(OWNER_LEASE, holder, now(), LEASE_TTL_MS) });
  } finally {
    await leases.release(OWNER_LEASE, holder);
  }
}

async function rotateHoldingLease(db: Kysely<Database>, options: RotateOptions, run: { now: () => number; batchSize: number; renew: () => Promise<boolean> }): Promise<RotationSummary> {
  const { now, batchSize } = run;
  const newSecret = typeof options.newSecret === 'string' ? options.newSecret : options.newSecret();
  const old = createKeyring(options.oldSecret);
  const next = createKeyring(newSecret);
  const summary: RotationSummary = { outcome: 'rotated', resumed: false, changed: {}, unlinked: {}, voidedCodes: 0, cancelledAlerts: 0 };
  const stored = await db.selectFrom('settings').select('value').where('key', '=', KEY_CHECK_SETTING).executeTakeFirst();
  let state = await readRotationState(db);
  if (!state && stored?.value === next.checkValue) return { ...summary, outcome: 'already-done' };
  if (old.checkValue === next.checkValue) throw new KeyRotationRefusedError('the new secret is the current one; give a new secret');
  if (old.keyId === next.keyId) throw new KeyRotationRefusedError('the new secret has the same key id as the current one (1 in 4 billion); generate another');
  if (stored && stored.value !== old.checkValue) {
    throw new KeyRotationRefusedError('the configured master secret (NETREACH_SECRET or the key file) is not the one this database was written with; refusing to rotate');
  }
  if (state && (state.from !== old.checkValue || state.to !== next.checkValue)) {
    throw new KeyRotationRefusedError(`a rotation to another key (key check ${state.to.slice(0, 12)}…) is in progress; run it again with that new secret to finish it`);
  }
  summary.resumed = state !== undefined;
  if (!state) {
    state = { from: old.checkValue, to: next.checkValue, startedAt: now(), steps: {} };
    // From here on `netreach start` refuses: the data is about to hold two keys.
    await writeState(db, state, now());
  }
  if (!stored) await db.insertInto('settings').values({ key: KEY_CHECK_SETTING, value: old.checkValue, updated_at: now() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const both = createKeyring(newSecret, { previous: [options.oldSecret] });
  const ctx = { next, both, now: now(), summary, pseudonyms: await knownPseudonyms(db, old, next, both, options.knownChatIds ?? []) };
  let renewedAt = now();
  for (const step of ROTATION_STEPS) {
    for (;;) {
      const batch = await runBatch(db, step, state, ctx, batchSize);
      if (!batch) break;
      bump(summary.changed, step.table, batch.changed);
      if (now() - renewedAt > LEASE_TTL_MS / 5) {
        if (!(await run.renew())) throw new KeyRotationRefusedError('another process took the Netreach lease during the rotation; stop it and run the rotation again');
        renewedAt = now();
      }
      await options.afterBatch?.({ step: step.table, lastKey: batch.lastKey, changed: batch.changed });
    }
  }
  const finished = state;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('settings').set({ value: finished.to, updated_at: now() }).where('key', '=', KEY_CHECK_SETTING).execute();
    await trx.deleteFrom('settings').where('key', '=', KEY_ROTATION_SETTING).execute();
  });
  return summary;
}
