/**
 * Flyway's `flyway_schema_history`, as Flyway 11 creates and writes it. Flyway is Java and is not
 * run by the tests here, so this follows its source (flyway/flyway):
 * - the table: PostgreSQLDatabase / MySQLDatabase getRawCreateScript, in the connection's
 *   current schema (Flyway's default schema). Flyway checks for the table and runs a bare
 *   CREATE TABLE, then ALTER TABLE … ADD CONSTRAINT `<table>_pk` PRIMARY KEY (PostgreSQL) and
 *   CREATE INDEX `<table>_s_idx`; here the same table, constraint and index are created with
 *   IF NOT EXISTS (on MySQL the index inside CREATE TABLE, as MySQL has no CREATE INDEX IF NOT EXISTS).
 * - the row: JdbcTableSchemaHistory.doAddAppliedMigration with Database.getInsertStatement:
 *   installed_rank = the last row's + 1 (SchemaHistory.calculateInstalledRank), version as
 *   MigrationVersion shows it (`_` as `.`), description from the file name with `_` as spaces
 *   (ResourceNameParser), cut to 200 characters and script to 1000 (AbbreviationUtils), type
 *   'SQL', script = the path relative to the location, checksum (ChecksumCalculator),
 *   installed_by = the current user (`SELECT current_user`; MySQL
 *   `SELECT SUBSTRING_INDEX(USER(),'@',1)`), installed_on the column's default, execution_time in
 *   whole milliseconds, success true. Written in the migration's transaction when it has one
 *   (DbMigrate.applyMigrations runs doMigrateGroup, insert included, in one), after it otherwise.
 * - an undo (Flyway Teams' U files): a row of its own with type 'UNDO_SQL', the undone version,
 *   the U file's description, script and checksum; the V row stays.
 * Not kept: the `<< Flyway Schema Creation >>` row of type 'SCHEMA' (SchemaHistory.addSchemasMarker),
 * which Flyway writes only for schemas it created itself; here the schema already exists, so Flyway
 * would not write it either. Nor the success=false row Flyway adds when a migration fails outside a
 * rolled-back transaction (MySQL, or a non-transactional migration): records are written after
 * successful migrations only.
 */
import { crc32 } from 'node:zlib';
import type { Bookkeeping, BookkeepingEvent, BookkeepingWrite } from '../bookkeeping.js';
import type { Dialect } from '../types.js';
import { quoteIdent } from './quote.js';

export const FLYWAY_TABLE = 'flyway_schema_history';

/**
 * Flyway's checksum of a SQL file: CRC32 updated with each line's UTF-8 bytes, without line
 * terminators (Java's BufferedReader.readLine: `\n`, `\r` or `\r\n`; no empty last line after a
 * final terminator), the byte-order mark removed, as a signed 32-bit integer.
 */
export function flywayChecksum(text: string): number {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  let crc = 0;
  for (const line of lines) crc = crc32(Buffer.from(line, 'utf8'), crc);
  return crc | 0;
}

/** Flyway's description of a file: its name's description with `_` as spaces. */
export function flywayDescription(fileDescription: string): string {
  return fileDescription.replaceAll('_', ' ');
}

/** MigrationVersion's text: `_` as `.`, leading zeros kept. */
export function flywayVersionText(version: string): string {
  return version.replaceAll('_', '.');
}

/** AbbreviationUtils.abbreviateDescription / abbreviateScript. */
export function abbreviateDescription(description: string): string {
  return description.length <= 200 ? description : `${description.slice(0, 197)}...`;
}
export function abbreviateScript(script: string): string {
  return script.length <= 1000 ? script : `...${script.slice(3, 1000)}`;
}

function createScript(table: string, dialect: Dialect): string[] {
  const t = quoteIdent(table, dialect);
  if (dialect === 'postgres') {
    return [
      `CREATE TABLE IF NOT EXISTS ${t} (
    "installed_rank" INT NOT NULL,
    "version" VARCHAR(50),
    "description" VARCHAR(200) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL,
    CONSTRAINT ${quoteIdent(`${table}_pk`, dialect)} PRIMARY KEY ("installed_rank")
)`,
      `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table}_s_idx`, dialect)} ON ${t} ("success")`,
    ];
  }
  return [
    `CREATE TABLE IF NOT EXISTS ${t} (
    \`installed_rank\` INT NOT NULL,
    \`version\` VARCHAR(50),
    \`description\` VARCHAR(200) NOT NULL,
    \`type\` VARCHAR(20) NOT NULL,
    \`script\` VARCHAR(1000) NOT NULL,
    \`checksum\` INT,
    \`installed_by\` VARCHAR(100) NOT NULL,
    \`installed_on\` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    \`execution_time\` INT NOT NULL,
    \`success\` BOOL NOT NULL,
    CONSTRAINT ${quoteIdent(`${table}_pk`, dialect)} PRIMARY KEY (\`installed_rank\`),
    INDEX ${quoteIdent(`${table}_s_idx`, dialect)} (\`success\`)
)`,
  ];
}

/** What the row of one migration says, from what the format kept of its files (Migration.extra). */
interface FlywayRow {
  version: string | null;
  description: string;
  type: 'SQL' | 'UNDO_SQL';
  script: string;
  checksum: number;
}

function rowOf(e: BookkeepingEvent): FlywayRow {
  const m = e.migration;
  const extra = m.extra ?? {};
  const undo = e.direction === 'down';
  const description = (undo ? extra.undoDescription : extra.description) ?? m.name;
  const script = (undo ? extra.undoScript : extra.script) ?? '';
  const checksum = Number((undo ? extra.undoChecksum : extra.checksum) ?? '0');
  return {
    version: m.kind === 'repeatable' ? null : flywayVersionText(m.version),
    description: abbreviateDescription(flywayDescription(description)),
    type: undo ? 'UNDO_SQL' : 'SQL',
    script: abbreviateScript(script),
    checksum,
  };
}

/**
 * The insert with installed_rank and installed_by computed by the server, as Flyway reads them
 * just before (the last rank, the current user); cast on PostgreSQL, where an INSERT … SELECT
 * gives untyped parameters the type text.
 */
function insertRow(table: string, e: BookkeepingEvent): BookkeepingWrite {
  const row = rowOf(e);
  const pg = e.dialect === 'postgres';
  const t = quoteIdent(table, e.dialect);
  const q = (name: string) => quoteIdent(name, e.dialect);
  const p = (n: number, type: string) => (pg ? `$${n}::${type}` : '?');
  const user = pg ? 'current_user' : "SUBSTRING_INDEX(USER(),'@',1)";
  const columns = [
    'installed_rank',
    'version',
    'description',
    'type',
    'script',
    'checksum',
    'installed_by',
    'execution_time',
    'success',
  ].map(q);
  const values = [
    `COALESCE(MAX(${q('installed_rank')}), 0) + 1`,
    p(1, 'varchar'),
    p(2, 'varchar'),
    p(3, 'varchar'),
    p(4, 'varchar'),
    p(5, 'integer'),
    user,
    p(6, 'integer'),
    p(7, 'boolean'),
  ];
  return {
    sql: `INSERT INTO ${t} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${t}`,
    params: [row.version, row.description, row.type, row.script, row.checksum, Math.floor(e.durationMs), true],
  };
}

export function flywayBookkeeping(table: string): Bookkeeping {
  return {
    tables: [table],
    summary: `${table} (installed_rank int primary key, version, description, type, script, checksum, …, success)`,
    setup: (dialect) => createScript(table, dialect),
    record: (e) => [insertRow(table, e)],
    recordInTransaction: true,
  };
}
