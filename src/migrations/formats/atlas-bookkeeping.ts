/**
 * Atlas's revisions table as `atlas migrate apply` keeps it (ariga/atlas
 * cmd/atlas/internal/migrate/ent/schema/revision.go, created by Ent through Atlas: ent
 * dialect/sql/schema postgres.go / mysql.go atTypeC): `atlas_schema_revisions`, in the schema
 * `atlas_schema_revisions` on PostgreSQL when the URL names no schema, in the connected database on
 * MySQL/MariaDB, or in the schema --revisions-schema names. The Executor (sql/migrate/migrate.go
 * Execute) writes the file's row before it runs, after each statement and at its end, through
 * the file's transaction in txmode file: only the last write outlives the file, so it is written
 * once at the end, inside the transaction. In txmode none the first write happens before the
 * file, on its own.
 */
import type { Bookkeeping, BookkeepingEvent, BookkeepingWrite } from '../bookkeeping.js';
import type { Dialect, Migration } from '../types.js';
import { UsageError } from '../../util/errors.js';
import { splitMysql } from '../split/mysql.js';
import { splitPostgres } from '../split/postgres.js';
import { quoteIdent, quoteTable } from './quote.js';

export const REVISIONS_TABLE = 'atlas_schema_revisions';
/** sql/migrate RevisionTypeExecute (baseline 1, execute 2, resolved 4). */
export const REVISION_TYPE_EXECUTE = 2;
/** What `operator_version` holds: Atlas writes "Atlas CLI <version>"; this names who ran it instead. */
export const OPERATOR_VERSION = 'Atlas CLI (migration-test)';

const COLUMNS = [
  'version',
  'description',
  'type',
  'applied',
  'total',
  'executed_at',
  'execution_time',
  'error',
  'error_stmt',
  'hash',
  'partial_hashes',
  'operator_version',
] as const;
// Ent's UpdateNewValues leaves the immutable fields (version, description, executed_at) alone.
const UPDATED = COLUMNS.filter((c) => c !== 'version' && c !== 'description' && c !== 'executed_at');

function createTable(table: string, dialect: Dialect): string {
  if (dialect === 'postgres') {
    return `CREATE TABLE IF NOT EXISTS ${table} ("version" character varying NOT NULL, "description" character varying NOT NULL, "type" bigint NOT NULL DEFAULT 2, "applied" bigint NOT NULL DEFAULT 0, "total" bigint NOT NULL DEFAULT 0, "executed_at" timestamptz NOT NULL, "execution_time" bigint NOT NULL, "error" text NULL, "error_stmt" text NULL, "hash" character varying NOT NULL, "partial_hashes" jsonb NULL, "operator_version" character varying NOT NULL, PRIMARY KEY ("version"))`;
  }
  // Ent: varchar(255) strings, longtext for the error texts, and on MariaDB a NULL timestamp (so
  // that the server adds no DEFAULT/ON UPDATE CURRENT_TIMESTAMP); the table utf8mb4_bin.
  return `CREATE TABLE IF NOT EXISTS ${table} (\`version\` varchar(255) NOT NULL, \`description\` varchar(255) NOT NULL, \`type\` bigint unsigned NOT NULL DEFAULT 2, \`applied\` bigint NOT NULL DEFAULT 0, \`total\` bigint NOT NULL DEFAULT 0, \`executed_at\` timestamp NULL, \`execution_time\` bigint NOT NULL, \`error\` longtext NULL, \`error_stmt\` longtext NULL, \`hash\` varchar(255) NOT NULL, \`partial_hashes\` json NULL, \`operator_version\` varchar(255) NOT NULL, PRIMARY KEY (\`version\`)) CHARSET utf8mb4 COLLATE utf8mb4_bin`;
}

/** The upsert Ent runs for WriteRevision (OnConflict(version).UpdateNewValues()). */
function upsert(table: string, dialect: Dialect): string {
  const q = (c: string) => quoteIdent(c, dialect);
  const cols = COLUMNS.map(q).join(', ');
  if (dialect === 'postgres') {
    const values = COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
    const set = UPDATED.map((c) => `${q(c)} = "excluded".${q(c)}`).join(', ');
    return `INSERT INTO ${table} (${cols}) VALUES (${values}) ON CONFLICT ("version") DO UPDATE SET ${set}`;
  }
  const set = UPDATED.map((c) => `${q(c)} = VALUES(${q(c)})`).join(', ');
  return `INSERT INTO ${table} (${cols}) VALUES (${COLUMNS.map(() => '?').join(', ')}) ON DUPLICATE KEY UPDATE ${set}`;
}

/** How many statements Atlas counts in the file (`total`): the statements this tool runs. */
function statementCount(m: Migration, dialect: Dialect): number {
  const split = dialect === 'postgres' ? splitPostgres : splitMysql;
  try {
    return split(m.up.sql, m.up.startLine).length;
  } catch {
    // A script the splitter cannot cut fails when it runs, with the splitter's message.
    return 0;
  }
}

function row(e: BookkeepingEvent, done: boolean, schema: string | undefined): BookkeepingWrite {
  const total = statementCount(e.migration, e.dialect);
  return {
    sql: upsert(revisionsTableFor(e.dialect, schema), e.dialect),
    params: [
      e.migration.version,
      e.migration.name,
      REVISION_TYPE_EXECUTE,
      done ? total : 0,
      total,
      e.startedAt,
      done ? Math.round(e.durationMs * 1e6) : 0,
      '',
      '',
      e.migration.extra?.hash ?? '',
      // PartialHashes is nil before the first statement and after the last: JSON null.
      'null',
      OPERATOR_VERSION,
    ],
  };
}

function revisionsTableFor(dialect: Dialect, schema: string | undefined): string {
  if (schema !== undefined) return quoteTable(`${schema}.${REVISIONS_TABLE}`, dialect);
  return dialect === 'postgres'
    ? quoteTable(`${REVISIONS_TABLE}.${REVISIONS_TABLE}`, dialect)
    : quoteIdent(REVISIONS_TABLE, dialect);
}

/** `--migrations-table` is Atlas's --revisions-schema: the schema (database on MySQL) of the table. */
export function checkRevisionsSchema(table: string | undefined): string | undefined {
  if (table === undefined) return undefined;
  if (table === '' || table.includes('.')) {
    throw new UsageError(
      `--migrations-table ${table}: atlas names only the schema of its table ${REVISIONS_TABLE} (--revisions-schema); give a schema name without a dot`,
    );
  }
  return table;
}

export function atlasBookkeeping(schema: string | undefined): Bookkeeping {
  return {
    // A bare name matches the table in any schema: atlas_schema_revisions on PostgreSQL, the
    // connected database on MySQL.
    tables: [schema === undefined ? REVISIONS_TABLE : `${schema}.${REVISIONS_TABLE}`],
    summary: `${schema === undefined ? `${REVISIONS_TABLE} (schema ${REVISIONS_TABLE} on PostgreSQL)` : `${schema}.${REVISIONS_TABLE}`}: ${COLUMNS.join(', ')}`,
    setup(dialect) {
      const table = revisionsTableFor(dialect, schema);
      const own = schema ?? (dialect === 'postgres' ? REVISIONS_TABLE : undefined);
      const create =
        own === undefined
          ? []
          : [`CREATE ${dialect === 'postgres' ? 'SCHEMA' : 'DATABASE'} IF NOT EXISTS ${quoteIdent(own, dialect)}`];
      return [...create, createTable(table, dialect)];
    },
    before: (e) => (e.direction === 'up' && e.migration.up.transaction === 'none' ? [row(e, false, schema)] : []),
    record: (e) => (e.direction === 'up' ? [row(e, true, schema)] : []),
    recordInTransaction: true,
  };
}
