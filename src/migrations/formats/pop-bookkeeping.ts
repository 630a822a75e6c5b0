/**
 * pop's `schema_migration`. Two tools read these files and keep different tables:
 * - gobuffalo/pop v6.3 and its fork ory/pop v6.4 (identical here: schema_migrations.go,
 *   migrator.go CreateSchemaMigrations) create, through fizz, `schema_migration (version
 *   varchar(14) not null primary key)` with the unique index `schema_migration_version_idx`.
 * - ory/x popx (the migrator Ory's services run, and the one that reads `.autocommit`,
 *   migrator.go createTransactionalMigrationTable) creates `schema_migration (version
 *   VARCHAR (48) NOT NULL, version_self INT NOT NULL DEFAULT 0)` with the unique index
 *   `schema_migration_version_idx` and the index `schema_migration_version_self_idx`.
 * This format reads popx's names (`.autocommit`, versions longer than 14 digits, as Ory's
 * migrations are), which gobuffalo's varchar(14) cannot hold, and popx's table also holds
 * every row gobuffalo's does: so popx's table is the one kept. Both write the same rows:
 * `INSERT INTO <t> (version) VALUES (?)` with the version as written in the file name, in the
 * migration's transaction (after it for `.autocommit`), and `DELETE FROM <t> WHERE version = ?`
 * for a down, the same way. popx strips non-word characters from the table's name
 * (sanitizedMigrationTableName, pop's `migration_table_name`) and splices it unquoted, so
 * PostgreSQL folds it to lower case.
 */
import type { Bookkeeping, BookkeepingEvent } from '../bookkeeping.js';
import type { Dialect } from '../types.js';
import { UsageError } from '../../util/errors.js';
import { quoteIdent } from './quote.js';

export const POP_TABLE = 'schema_migration';

/** The name popx uses: non-word characters removed (Go's `\W`), folded on PostgreSQL as unquoted names are. */
export function popTableName(table: string, dialect: Dialect): string {
  const clean = table.replace(/[^0-9A-Za-z_]/g, '');
  return dialect === 'postgres' ? clean.toLowerCase() : clean;
}

function createScript(table: string, dialect: Dialect): string[] {
  const name = popTableName(table, dialect);
  const t = quoteIdent(name, dialect);
  const versionIdx = quoteIdent(`${name}_version_idx`, dialect);
  const selfIdx = quoteIdent(`${name}_version_self_idx`, dialect);
  if (dialect === 'postgres') {
    return [
      `CREATE TABLE IF NOT EXISTS ${t} (version VARCHAR (48) NOT NULL, version_self INT NOT NULL DEFAULT 0)`,
      `CREATE UNIQUE INDEX IF NOT EXISTS ${versionIdx} ON ${t} (version)`,
      `CREATE INDEX IF NOT EXISTS ${selfIdx} ON ${t} (version_self)`,
    ];
  }
  // MySQL has no CREATE INDEX IF NOT EXISTS: the same indexes, declared with the table.
  return [
    `CREATE TABLE IF NOT EXISTS ${t} (version VARCHAR (48) NOT NULL, version_self INT NOT NULL DEFAULT 0, UNIQUE INDEX ${versionIdx} (version), INDEX ${selfIdx} (version_self))`,
  ];
}

export function popBookkeeping(table: string): Bookkeeping {
  if (popTableName(table, 'mysql') === '') {
    throw new UsageError(
      `--migrations-table ${JSON.stringify(table)}: pop keeps only letters, digits and _ of its table's name, and none are left`,
    );
  }
  return {
    // The recorder matches relations by name without regard to case.
    tables: [popTableName(table, 'mysql')],
    summary: `${popTableName(table, 'mysql')} (version varchar(48) unique, version_self int)`,
    setup: (dialect) => createScript(table, dialect),
    record: (e: BookkeepingEvent) => {
      const t = quoteIdent(popTableName(table, e.dialect), e.dialect);
      const p = e.dialect === 'postgres' ? '$1' : '?';
      return [
        e.direction === 'up'
          ? { sql: `INSERT INTO ${t} (version) VALUES (${p})`, params: [e.migration.version] }
          : { sql: `DELETE FROM ${t} WHERE version = ${p}`, params: [e.migration.version] },
      ];
    },
    recordInTransaction: true,
  };
}
