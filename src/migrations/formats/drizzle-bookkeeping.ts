/**
 * drizzle-orm's migrations table (src/pg-core/dialect.ts and src/mysql-core/dialect.ts,
 * migrate()):
 * - PostgreSQL: CREATE SCHEMA IF NOT EXISTS "drizzle", then CREATE TABLE IF NOT EXISTS
 *   "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);
 *   migrationsSchema / migrationsTable rename both (`--migrations-table schema.table`).
 * - MySQL: create table if not exists `__drizzle_migrations` (id serial primary key, hash text
 *   not null, created_at bigint); migrationsTable renames it (one identifier).
 * - each migration: insert (hash, created_at) = (sha256 hex of the file, the journal's `when`),
 *   in the transaction that runs it.
 */
import type { Bookkeeping, BookkeepingEvent } from '../bookkeeping.js';
import type { Dialect } from '../types.js';
import { quoteIdent } from './quote.js';

export const DRIZZLE_TABLE = '__drizzle_migrations';
export const DRIZZLE_SCHEMA = 'drizzle';

export function drizzleBookkeeping(table: string | undefined): Bookkeeping {
  const given = table ?? DRIZZLE_TABLE;
  const dot = given.indexOf('.');
  // PostgreSQL: the schema drizzle uses unless named; MySQL: the whole name is one identifier.
  const pg =
    dot < 0 ? { schema: DRIZZLE_SCHEMA, name: given } : { schema: given.slice(0, dot), name: given.slice(dot + 1) };
  const qualified = (dialect: Dialect) =>
    dialect === 'postgres'
      ? `${quoteIdent(pg.schema, dialect)}.${quoteIdent(pg.name, dialect)}`
      : quoteIdent(given, dialect);
  return {
    tables: [`${pg.schema}.${pg.name}`, given].filter((v, i, all) => all.indexOf(v) === i),
    summary: `${DRIZZLE_SCHEMA}.${DRIZZLE_TABLE} on PostgreSQL, ${DRIZZLE_TABLE} on MySQL (id serial, hash text, created_at bigint)`,
    setup: (dialect) =>
      dialect === 'postgres'
        ? [
            `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(pg.schema, dialect)}`,
            `CREATE TABLE IF NOT EXISTS ${qualified(dialect)} (\n\tid SERIAL PRIMARY KEY,\n\thash text NOT NULL,\n\tcreated_at bigint\n)`,
          ]
        : [
            `create table if not exists ${qualified(dialect)} (\n\tid serial primary key,\n\thash text not null,\n\tcreated_at bigint\n)`,
          ],
    record: (e: BookkeepingEvent) => {
      if (e.direction !== 'up') return [];
      const hash = e.migration.extra?.hash ?? '';
      const when = Number(e.migration.extra?.when ?? '0');
      return [
        e.dialect === 'postgres'
          ? { sql: `insert into ${qualified(e.dialect)} ("hash", "created_at") values($1, $2)`, params: [hash, when] }
          : {
              sql: `insert into ${qualified(e.dialect)} (\`hash\`, \`created_at\`) values(?, ?)`,
              params: [hash, when],
            },
      ];
    },
    recordInTransaction: true,
  };
}
