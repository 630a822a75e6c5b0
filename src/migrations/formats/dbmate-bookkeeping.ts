/**
 * dbmate's `schema_migrations`, as dbmate 2 creates and writes it (amacneil/dbmate
 * pkg/driver/postgres and pkg/driver/mysql, pkg/dbmate/db.go):
 * - PostgreSQL: `create table if not exists <schema>.<table> (version varchar primary key)` in
 *   the URL's search_path or the current schema; `--migrations-table schema.table` names both,
 *   each part quoted as needed by the server (quote_ident).
 * - MySQL/MariaDB: `create table if not exists <table> (version varchar(128) primary key)`, the
 *   whole name one back-quoted identifier.
 * - up: `insert into <table> (version) values ($1)` with the version as written in the file
 *   name, in the migration's transaction (after it with `transaction:false`);
 *   down: `delete from <table> where version = $1`, the same way.
 * Checked against the real dbmate binary by __tests__/bookkeeping-dbmate.int.test.ts.
 */
import type { Bookkeeping, BookkeepingEvent } from '../bookkeeping.js';
import type { Dialect } from '../types.js';
import { quoteIdent, quoteTable } from './quote.js';

export const DBMATE_TABLE = 'schema_migrations';

function dbmateTable(table: string, dialect: Dialect): string {
  return dialect === 'postgres' ? quoteTable(table, dialect) : quoteIdent(table, dialect);
}

export function dbmateBookkeeping(table: string): Bookkeeping {
  return {
    tables: [table],
    summary: `${table} (version varchar primary key; varchar(128) on MySQL)`,
    setup: (dialect) => [
      `create table if not exists ${dbmateTable(table, dialect)} (version ${dialect === 'postgres' ? 'varchar' : 'varchar(128)'} primary key)`,
    ],
    record: (e: BookkeepingEvent) => {
      const t = dbmateTable(table, e.dialect);
      const p = e.dialect === 'postgres' ? '$1' : '?';
      return [
        e.direction === 'up'
          ? { sql: `insert into ${t} (version) values (${p})`, params: [e.migration.version] }
          : { sql: `delete from ${t} where version = ${p}`, params: [e.migration.version] },
      ];
    },
    recordInTransaction: true,
  };
}
