/**
 * What a backup needs to know of a database's tables, asked of the database itself (so a
 * table added by a later migration is backed up without touching this file), one
 * implementation per dialect, like {@link DialectCapabilities}.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';
import type { Database } from '../schema.ts';

/** The catalogue queries of one dialect. `db` may be a transaction. */
export interface SchemaCatalog {
  /** Every table of Netreach's schema, by name. */
  tables(db: Kysely<Database>): Promise<string[]>;
  /** A table's columns, in their order. */
  columns(db: Kysely<Database>, table: string): Promise<string[]>;
  /** Foreign keys as (table, referenced table) pairs. */
  references(db: Kysely<Database>): Promise<Array<{ table: string; ref: string }>>;
  /** A table's rows in batches, columns in the given order; inside one snapshot (a transaction). */
  rows(db: Kysely<Database>, table: string, columns: readonly string[], batch: number): AsyncIterable<unknown[][]>;
  /** After rows were inserted with explicit ids: makes new ids continue after the largest. */
  continueIds(db: Kysely<Database>): Promise<void>;
}

const columnList = (columns: readonly string[]) => sql.join(columns.map((c) => sql.id(c)));

const SQLITE_CATALOG: SchemaCatalog = {
  async tables(db) {
    const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite\_%' escape '\\' order by name`.execute(db);
    return rows.map((r) => r.name);
  },
  async columns(db, table) {
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table}) order by cid`.execute(db);
    return rows.map((r) => r.name);
  },
  async references(db) {
    const out: Array<{ table: string; ref: string }> = [];
    for (const table of await this.tables(db)) {
      const { rows } = await sql<{ ref: string }>`select "table" as ref from pragma_foreign_key_list(${table})`.execute(db);
      for (const r of rows) out.push({ table, ref: r.ref });
    }
    return out;
  },
  async *rows(db, table, columns, batch) {
    // Keyset pages by rowid (every Netreach table has one): each page is one short query.
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const { rows } = await sql<Record<string, unknown>>`select rowid as netreach_rowid, ${columnList(columns)} from ${sql.id(table)} where rowid > ${after} order by rowid limit ${batch}`.execute(db);
      if (rows.length === 0) return;
      yield rows.map((r) => columns.map((c) => r[c]));
      after = Number(rows[rows.length - 1]?.netreach_rowid);
      if (rows.length < batch) return;
    }
  },
  async continueIds() {
    // INTEGER PRIMARY KEY takes the largest id + 1, and AUTOINCREMENT's sqlite_sequence is
    // raised by explicit inserts too: nothing to do.
  },
};

const POSTGRES_CATALOG: SchemaCatalog = {
  async tables(db) {
    const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
    return rows.map((r) => r.name);
  },
  async columns(db, table) {
    const { rows } = await sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
    return rows.map((r) => r.name);
  },
  async references(db) {
    const { rows } = await sql<{ table: string; ref: string }>`
      select src.relname as "table", dst.relname as ref
      from pg_constraint c
      join pg_class src on src.oid = c.conrelid
      join pg_class dst on dst.oid = c.confrelid
      join pg_namespace n on n.oid = src.relnamespace
      where c.contype = 'f' and n.nspname = current_schema()`.execute(db);
    return rows;
  },
  async *rows(db, table, columns, batch) {
    // A cursor inside the caller's transaction: the whole table is never in memory, and
    // every FETCH reads the same snapshot.
    await sql`declare netreach_backup no scroll cursor for select ${columnList(columns)} from ${sql.id(table)}`.execute(db);
    try {
      for (;;) {
        const { rows } = await sql<Record<string, unknown>>`fetch forward ${sql.raw(String(Math.trunc(batch)))} from netreach_backup`.execute(db);
        if (rows.length === 0) return;
        yield rows.map((r) => columns.map((c) => r[c]));
      }
    } finally {
      await sql`close netreach_backup`.execute(db);
    }
  },
  async continueIds(db) {
    const { rows } = await sql<{ table: string; column: string }>`
      select table_name as "table", column_name as "column" from information_schema.columns
      where table_schema = current_schema() and (column_default like 'nextval(%' or is_identity = 'YES')`.execute(db);
    for (const { table, column } of rows) {
      await sql`select setval(pg_get_serial_sequence(format('%I.%I', current_schema(), ${table}::text), ${column}),
        coalesce((select max(${sql.id(column)}) from ${sql.id(table)}), 0) + 1, false)`.execute(db);
    }
  },
};

/** The catalogue of a dialect. */
export function catalogFor(dialect: DialectCapabilities['name']): SchemaCatalog {
  return dialect === 'sqlite' ? SQLITE_CATALOG : POSTGRES_CATALOG;
}

/**
 * Tables ordered so that every table comes after those it references: rows can then be
 * inserted in file order with foreign keys checked as they go. Ties by name, for stable files.
 */
export function inReferenceOrder(tables: readonly string[], references: ReadonlyArray<{ table: string; ref: string }>): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (placed.has(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const { ref } of references.filter((r) => r.table === table && r.ref !== table)) if (tables.includes(ref)) visit(ref);
    visiting.delete(table);
    placed.add(table);
    ordered.push(table);
  };
  for (const table of [...tables].sort()) visit(table);
  return ordered;
}
