// sqlx (launchbadge/sqlx, `sqlx migrate run` / `migrate!()`), as its source does it:
// sqlx-core migrate/source.rs resolve_blocking_with_config (names, versions, description,
// `-- no-transaction`, checksum), migrate/migration_type.rs (simple and reversible files),
// migrate/migrator.rs (order, what runs), sqlx-postgres and sqlx-mysql migrate.rs (the
// transaction, `_sqlx_migrations`, the writes of apply and revert).
import { createHash } from 'node:crypto';
import type { Bookkeeping, BookkeepingEvent, BookkeepingWrite } from '../bookkeeping.js';
import type { Dialect, Migration, TransactionMode } from '../types.js';
import { MigrationSourceError, UsageError } from '../../util/errors.js';
import { readMigrationFile } from '../read-file.js';
import {
  RUNS_AFTER_NEWER,
  downWithoutUpError,
  duplicateError,
  mapLimited,
  migrationId,
  script,
  topLevelName,
  type MigrationFile,
  type MigrationFormat,
} from './format.js';
import { quoteTable } from './quote.js';

const I64_MAX = 9223372036854775807n;
const I64_MIN = -9223372036854775808n;
const SUFFIXES = { up: '.up.sql', down: '.down.sql', simple: '.sql' } as const;
type SqlxType = keyof typeof SUFFIXES;

/** A name sqlx's resolver considers: `<version>_<rest>` with rest ending in `.sql` (others it ignores). */
export function isSqlxFileName(name: string): boolean {
  const cut = name.indexOf('_');
  return cut >= 0 && name.slice(cut + 1).endsWith('.sql');
}

/** Rust's i64 FromStr: an optional sign, digits, in range. */
function parseI64(text: string): bigint | null {
  if (!/^[+-]?\d+$/.test(text)) return null;
  const n = BigInt(text);
  return n > I64_MAX || n < I64_MIN ? null : n;
}

export interface SqlxName {
  /** The version as written, without a `+`. */
  version: string;
  /** The name's part after the version, without the suffix (the id's name). */
  name: string;
  /** sqlx's description: that part with `_` as spaces. */
  description: string;
  type: SqlxType;
}

/** How sqlx reads a file name; null for a name it ignores; throws sqlx's error for a bad version. */
export function parseSqlxName(fileName: string, label: string): SqlxName | null {
  if (!isSqlxFileName(fileName)) return null;
  const cut = fileName.indexOf('_');
  const head = fileName.slice(0, cut);
  const rest = fileName.slice(cut + 1);
  if (parseI64(head) === null) {
    throw new MigrationSourceError(
      `${label}: error parsing migration filename ${JSON.stringify(fileName)}; expected integer version prefix (e.g. \`01_foo.sql\`)`,
    );
  }
  const type: SqlxType = rest.endsWith(SUFFIXES.up) ? 'up' : rest.endsWith(SUFFIXES.down) ? 'down' : 'simple';
  // Rust's trim_end_matches removes the suffix as many times as it repeats.
  let name = rest;
  while (name.endsWith(SUFFIXES[type])) name = name.slice(0, -SUFFIXES[type].length);
  return { version: head.replace(/^\+/, ''), name, description: name.replaceAll('_', ' '), type };
}

export function compareSqlxVersions(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * sqlx's transaction: on PostgreSQL the file is one multi-statement request in a transaction,
 * or alone when it starts with `-- no-transaction` (then the server's implicit transaction holds
 * a file of several statements); sqlx-mysql's apply and revert always open a transaction.
 */
export function sqlxTransaction(sql: string, dialect: Dialect): TransactionMode {
  if (dialect === 'mysql') return 'transaction';
  return sql.startsWith('-- no-transaction') ? 'multiStatement' : 'transaction';
}

interface Pair {
  version: string;
  up?: { file: MigrationFile; parsed: SqlxName };
  down?: { file: MigrationFile; parsed: SqlxName };
}

async function loadPair(pair: Required<Pick<Pair, 'up'>> & Pair, dialect: Dialect): Promise<Migration> {
  const { up, down } = pair;
  const upSql = await readMigrationFile(up.file.absPath, up.file.file);
  const downSql = down ? await readMigrationFile(down.file.absPath, down.file.file) : null;
  return {
    id: migrationId(pair.version, up.parsed.name),
    version: pair.version,
    name: up.parsed.name,
    kind: 'versioned',
    up: script(up.file, upSql, sqlxTransaction(upSql, dialect)),
    down: down && downSql !== null ? script(down.file, downSql, sqlxTransaction(downSql, dialect)) : null,
    // SHA-384 of the file's text (migration.rs checksum), recorded as _sqlx_migrations.checksum.
    extra: { description: up.parsed.description, checksum: createHash('sha384').update(upSql, 'utf8').digest('hex') },
  };
}

export const sqlx: MigrationFormat = {
  name: 'sqlx',
  recursive: false,
  examples: [
    '20240101120000_create_users.sql',
    '20240101120000_create_users.up.sql',
    '20240101120000_create_users.down.sql',
  ],
  description: {
    tool: 'sqlx',
    files: '`<version>_<description>.sql`, or `.up.sql` and `.down.sql`',
    upDown: 'up only, or both (reversible)',
    versions: 'i64',
    transactions: {
      postgres:
        'the file is one multi-statement request in a transaction; with `-- no-transaction` as its first line, alone (an implicit transaction when it holds more than one statement)',
      mysql: 'one transaction (DDL commits implicitly); sqlx-mysql ignores `-- no-transaction`',
    },
    detection: 'none (its names are golang-migrate’s or plain files’): `--format sqlx`',
    example: '20240101120000_create_users.sql',
  },
  isMigrationPath: (inside) => topLevelName(inside, isSqlxFileName),
  compareVersions: compareSqlxVersions,
  parseNewFrom(raw) {
    const value = raw.trim();
    if (parseI64(value) !== null) return value.replace(/^\+/, '');
    throw new UsageError(`--new-from ${raw}: not a sqlx version (expected a 64-bit integer, e.g. 20240101120000)`);
  },
  // sqlx applies every version missing from _sqlx_migrations, in version order (migrator.rs).
  outOfOrder: RUNS_AFTER_NEWER,
  bookkeeping: ({ table }) => sqlxBookkeeping(table ?? '_sqlx_migrations'),

  async load(files, ctx) {
    const pairs = new Map<string, Pair>();
    for (const file of files) {
      const parsed = file.topLevel ? parseSqlxName(file.name, file.file) : null;
      if (!parsed) continue;
      const key = BigInt(parsed.version).toString();
      const pair = pairs.get(key) ?? { version: parsed.version };
      const slot = parsed.type === 'down' ? 'down' : 'up';
      const other = pair[slot];
      // sqlx would run both and fail on the second's row (version is _sqlx_migrations' primary key).
      if (other) throw duplicateError('sqlx', `${slot} version ${key}`, other.file, file);
      pair[slot] = { file, parsed };
      if (slot === 'up') pair.version = parsed.version;
      pairs.set(key, pair);
    }
    const ordered = [...pairs.values()].sort((a, b) => compareSqlxVersions(a.version, b.version));
    const complete = ordered.map((pair) => {
      if (!pair.up) {
        const down = pair.down as NonNullable<Pair['down']>;
        throw downWithoutUpError('sqlx', down.file, `${pair.version}_${down.parsed.name}.up.sql`);
      }
      return { ...pair, up: pair.up };
    });
    return mapLimited(complete, (pair) => loadPair(pair, ctx.dialect));
  },
};

/**
 * sqlx names its table as given (`table-name` in sqlx.toml) and splices it unquoted, so
 * PostgreSQL folds it to lower case; quoted here so the name stays one identifier per part.
 */
function sqlxTable(table: string, dialect: Dialect): string {
  return quoteTable(dialect === 'postgres' ? table.toLowerCase() : table, dialect);
}

function extraOf(e: BookkeepingEvent, key: 'description' | 'checksum'): string {
  return e.migration.extra?.[key] ?? '';
}

/**
 * `_sqlx_migrations` as sqlx creates it (ensure_migrations_table) and writes it:
 * - PostgreSQL apply: the script, then INSERT (success TRUE, execution_time -1) in its
 *   transaction (after it without one), then execution_time in nanoseconds; revert: the
 *   script, then DELETE, in the same transaction.
 * - MySQL apply, all in one transaction: INSERT (success FALSE) first, the script, UPDATE
 *   success TRUE; then execution_time (after COMMIT in sqlx). Revert: UPDATE success FALSE, the
 *   script, DELETE. An implicit commit in the script (DDL) keeps the FALSE row when it fails.
 * The checksum is bytes (BYTEA / BLOB), written from its hex form with the engine's decoder.
 */
function sqlxBookkeeping(table: string): Bookkeeping {
  const writes = (e: BookkeepingEvent, when: 'before' | 'record'): BookkeepingWrite[] => {
    const t = sqlxTable(table, e.dialect);
    const version = BigInt(e.migration.version).toString();
    const nanos = Math.max(0, Math.round(e.durationMs * 1e6));
    const executionTime = (p1: string, p2: string): BookkeepingWrite => ({
      sql: `UPDATE ${t} SET execution_time = ${p1} WHERE version = ${p2}`,
      params: [nanos, version],
    });
    if (e.dialect === 'postgres') {
      if (when === 'before') return [];
      if (e.direction === 'down') return [{ sql: `DELETE FROM ${t} WHERE version = $1`, params: [version] }];
      return [
        {
          sql: `INSERT INTO ${t} ( version, description, success, checksum, execution_time ) VALUES ( $1, $2, TRUE, decode($3, 'hex'), -1 )`,
          params: [version, extraOf(e, 'description'), extraOf(e, 'checksum')],
        },
        executionTime('$1', '$2'),
      ];
    }
    if (e.direction === 'down') {
      return when === 'before'
        ? [{ sql: `UPDATE ${t} SET success = FALSE WHERE version = ?`, params: [version] }]
        : [{ sql: `DELETE FROM ${t} WHERE version = ?`, params: [version] }];
    }
    return when === 'before'
      ? [
          {
            sql: `INSERT INTO ${t} ( version, description, success, checksum, execution_time ) VALUES ( ?, ?, FALSE, UNHEX(?), -1 )`,
            params: [version, extraOf(e, 'description'), extraOf(e, 'checksum')],
          },
        ]
      : [{ sql: `UPDATE ${t} SET success = TRUE WHERE version = ?`, params: [version] }, executionTime('?', '?')];
  };
  return {
    tables: [table],
    summary: `${table} (version bigint, description text, installed_on timestamp, success boolean, checksum bytes, execution_time bigint)`,
    setup: (dialect) => [
      dialect === 'postgres'
        ? `CREATE TABLE IF NOT EXISTS ${sqlxTable(table, dialect)} (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
    success BOOLEAN NOT NULL,
    checksum BYTEA NOT NULL,
    execution_time BIGINT NOT NULL
)`
        : `CREATE TABLE IF NOT EXISTS ${sqlxTable(table, dialect)} (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    success BOOLEAN NOT NULL,
    checksum BLOB NOT NULL,
    execution_time BIGINT NOT NULL
)`,
    ],
    before: (e) => writes(e, 'before'),
    beforeInTransaction: true,
    record: (e) => writes(e, 'record'),
    recordInTransaction: true,
  };
}
