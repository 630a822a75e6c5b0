/**
 * Prisma Migrate's `_prisma_migrations`, as `prisma migrate deploy` creates and writes it
 * (prisma/prisma-engines schema-engine/connectors/sql-schema-connector: flavour/postgres.rs and
 * flavour/mysql.rs create_migrations_table; lib.rs record_migration_started_impl,
 * record_successful_step, record_migration_finished):
 * - created by the schema engine before the first migration, not renameable;
 * - before each migration, outside it: INSERT (id = uuid v4, checksum = sha256 hex of
 *   migration.sql, started_at = now, migration_name);
 * - after it, outside it: applied_steps_count + 1, then finished_at = now.
 * Prisma Migrate has no down migrations.
 */
import { randomUUID } from 'node:crypto';
import type { Bookkeeping, BookkeepingEvent, BookkeepingWrite } from '../bookkeeping.js';
import type { Dialect } from '../types.js';
import { UsageError } from '../../util/errors.js';

export const PRISMA_TABLE = '_prisma_migrations';

const POSTGRES_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

const MYSQL_DDL = `CREATE TABLE IF NOT EXISTS \`_prisma_migrations\` (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             DATETIME(3),
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          DATETIME(3),
    started_at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    applied_steps_count     INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;

export function prismaBookkeeping(table: string | undefined): Bookkeeping {
  if (table !== undefined && table !== PRISMA_TABLE) {
    throw new UsageError(
      `--migrations-table: Prisma Migrate always keeps its record in ${PRISMA_TABLE}; remove the option`,
    );
  }
  // The id Prisma generates when a migration starts, to update that row once it finished.
  const ids = new Map<string, string>();
  const t = (dialect: Dialect) => (dialect === 'postgres' ? `"${PRISMA_TABLE}"` : `\`${PRISMA_TABLE}\``);
  const p = (dialect: Dialect, n: number) => (dialect === 'postgres' ? `$${n}` : '?');
  return {
    tables: [PRISMA_TABLE],
    summary: `${PRISMA_TABLE} (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)`,
    setup: (dialect) => [dialect === 'postgres' ? POSTGRES_DDL : MYSQL_DDL],
    before: (e: BookkeepingEvent): BookkeepingWrite[] => {
      if (e.direction !== 'up') return [];
      const id = randomUUID();
      ids.set(e.migration.id, id);
      const d = e.dialect;
      return [
        {
          sql: `INSERT INTO ${t(d)} (id, checksum, started_at, migration_name) VALUES (${p(d, 1)}, ${p(d, 2)}, ${p(d, 3)}, ${p(d, 4)})`,
          params: [id, e.migration.extra?.checksum ?? '', e.startedAt, e.migration.id],
        },
      ];
    },
    record: (e: BookkeepingEvent): BookkeepingWrite[] => {
      const id = ids.get(e.migration.id);
      if (e.direction !== 'up' || id === undefined) return [];
      const d = e.dialect;
      return [
        {
          sql: `UPDATE ${t(d)} SET applied_steps_count = (applied_steps_count + 1) WHERE id = ${p(d, 1)}`,
          params: [id],
        },
        { sql: `UPDATE ${t(d)} SET finished_at = ${p(d, 1)} WHERE id = ${p(d, 2)}`, params: [new Date(), id] },
      ];
    },
    recordInTransaction: false,
  };
}
