/**
 * Reads a migration tool's bookkeeping table back from a test database: its columns and indexes
 * as the server describes them (information_schema, pg_indexes), and its rows.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { TestDatabase } from './databases.js';

export type Row = Record<string, unknown>;

export async function query(db: TestDatabase, sql: string, params: unknown[] = []): Promise<Row[]> {
  if (db.engine === 'postgres') {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as Row[];
    } finally {
      await c.end();
    }
  }
  const c = await mysql.createConnection(db.url);
  try {
    const [r] = await c.query(sql, params);
    return r as Row[];
  } finally {
    await c.end();
  }
}

/** Each column: name, type (with length), nullable, default, in table order. */
export async function columnsOf(db: TestDatabase, table: string): Promise<Row[]> {
  return db.engine === 'postgres'
    ? query(
        db,
        `SELECT column_name AS name, data_type AS type, character_maximum_length AS length,
                is_nullable AS nullable, column_default AS "default"
           FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
          ORDER BY ordinal_position`,
        [table],
      )
    : query(
        db,
        `SELECT column_name AS name, column_type AS type, is_nullable AS nullable, column_default AS \`default\`
           FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?
          ORDER BY ordinal_position`,
        [table],
      );
}

/** Each index: name and definition (PostgreSQL), or name, uniqueness and column (MySQL/MariaDB). */
export async function indexesOf(db: TestDatabase, table: string): Promise<Row[]> {
  return db.engine === 'postgres'
    ? query(
        db,
        'SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 ORDER BY 1',
        [table],
      )
    : query(
        db,
        `SELECT index_name AS name, non_unique AS nonUnique, column_name AS col FROM information_schema.statistics
          WHERE table_schema = DATABASE() AND table_name = ? ORDER BY index_name, seq_in_index`,
        [table],
      ).then((rows) => rows.map((r) => ({ ...r, nonUnique: Number(r.nonUnique) })));
}
