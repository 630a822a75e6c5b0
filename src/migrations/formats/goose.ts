// goose (pressly/goose) SQL migrations, as its CLI runs them: migrate.go collectMigrationsFS and
// NumericComponent (which files, which version), internal/sqlparser/parser.go (the annotations and
// where statements end, ported in goose-parser.ts), migration_sql.go runSQLMigration (the
// transaction and the version row), internal/dialects/{postgres,mysql}.go (goose_db_version).
import type { Bookkeeping } from '../bookkeeping.js';
import type { Dialect, Migration, MigrationScript, Statement } from '../types.js';
import { MigrationSourceError } from '../../util/errors.js';
import { readMigrationFile } from '../read-file.js';
import { compareIntegers, normalizeInteger } from '../version.js';
import {
  duplicateError,
  integerVersions,
  mapLimited,
  migrationId,
  topLevelName,
  type MigrationFile,
  type MigrationFormat,
} from './format.js';
import { GooseParseError, parseGooseSql, type GooseDirection, type GooseParsed } from './goose-parser.js';
import { quoteTable } from './quote.js';

const INT64_MAX = 9223372036854775807n;

/** A file goose's collectMigrationsFS takes: `*.sql` at the top of the directory (Go migrations: `*.go`). */
export function isGooseFileName(name: string): boolean {
  return name.endsWith('.sql') && name.length > 4;
}

/**
 * goose's NumericComponent: the part before the first `_`, parsed as a positive int64
 * (strconv.ParseInt, so a leading `+` is accepted). Returns goose's error text on failure.
 */
export function gooseVersion(name: string): { version: string; name: string } | { error: string } {
  const cut = name.indexOf('_');
  if (cut < 0) return { error: "no filename separator '_' found" };
  const before = name.slice(0, cut);
  const parseError = (why: string) => ({
    error: `failed to parse version from migration file: ${name}: strconv.ParseInt: parsing ${JSON.stringify(before)}: ${why}`,
  });
  if (!/^[+-]?\d+$/.test(before)) return parseError('invalid syntax');
  const n = BigInt(before);
  if (n > INT64_MAX || n < -INT64_MAX - 1n) return parseError('value out of range');
  if (n < 1n) return { error: 'migration version must be greater than zero' };
  const rest = name.slice(cut + 1).replace(/\.(sql|go)$/, '');
  return { version: /^\d+$/.test(before) ? before : normalizeInteger(before.replace(/^[+]/, '')), name: rest };
}

function parseOrRefuse(text: string, direction: GooseDirection, file: MigrationFile): GooseParsed {
  try {
    return parseGooseSql(text, direction);
  } catch (err) {
    if (!(err instanceof GooseParseError)) throw err;
    throw new MigrationSourceError(`${file.file} line ${err.line}: failed to parse SQL migration file: ${err.message}`);
  }
}

/** The lines of one section, for the report and logs; the statements are goose's own. */
function section(text: string, from: number, to: number): string {
  const lines = text.split('\n');
  return lines.slice(from - 1, to === 0 ? lines.length : to - 1).join('\n');
}

function gooseScript(file: MigrationFile, sql: string, startLine: number, parsed: GooseParsed): MigrationScript {
  const statements: Statement[] = parsed.statements;
  return {
    absPath: file.absPath,
    file: file.file,
    sql,
    startLine,
    transaction: parsed.useTx ? 'transaction' : 'none',
    statements,
  };
}

async function loadGooseFile(version: string, name: string, file: MigrationFile): Promise<Migration> {
  const text = await readMigrationFile(file.absPath, file.file);
  // goose's Provider parses both directions before running any (sqlparser.ParseAllFromFS).
  const up = parseOrRefuse(text, 'up', file);
  const down = parseOrRefuse(text, 'down', file);
  return {
    id: migrationId(version, name),
    version,
    name,
    kind: 'versioned',
    up: gooseScript(file, section(text, up.upLine + 1, up.downLine), up.upLine + 1, up),
    // Without a `-- +goose Down` section goose's down runs nothing and only deletes the row: no down written.
    down: down.downLine > 0 ? gooseScript(file, section(text, down.downLine + 1, 0), down.downLine + 1, down) : null,
  };
}

export const goose: MigrationFormat = {
  name: 'goose',
  recursive: false,
  examples: ['20240101120000_create_users.sql (with -- +goose Up and -- +goose Down sections)'],
  description: {
    tool: 'goose',
    files: '`<version>_<name>.sql` with `-- +goose Up` / `-- +goose Down`',
    upDown: 'sections of one file',
    versions: 'positive integer before the first `_` (timestamps or sequential)',
    transactions: {
      postgres:
        'one transaction per migration, unless `-- +goose NO TRANSACTION`; statements sent one by one, cut where goose cuts them (a line ending in `;`, or `StatementBegin`/`StatementEnd`)',
      mysql: 'one transaction (DDL commits implicitly), unless `NO TRANSACTION`; statements cut as goose cuts them',
    },
    detection: '`-- +goose Up` in a numbered file',
    example: "20240101120000_create_users.sql with '-- +goose Up'",
  },
  detection: { directive: /^--[ \t]*\+goose[ \t]*up[ \t]*\r?$/im },
  isMigrationPath: (inside) => topLevelName(inside, isGooseFileName),
  ...integerVersions('goose'),
  // goose up refuses versions below the newest applied one unless -allow-missing (up.go).
  outOfOrder:
    'goose refuses it where the base is already deployed (error: found 1 missing migrations before current version), unless run with -allow-missing, which runs it after the newer ones; give it a version above the newest one',
  bookkeeping: ({ table }) => gooseBookkeeping(table ?? 'goose_db_version'),

  async load(files) {
    const byVersion = new Map<string, { version: string; name: string; file: MigrationFile }>();
    for (const file of files) {
      if (!file.topLevel) continue;
      if (file.name.endsWith('.go')) {
        refuseGoMigration(file);
        continue;
      }
      if (!isGooseFileName(file.name)) continue;
      const parsed = gooseVersion(file.name);
      if ('error' in parsed) {
        throw new MigrationSourceError(
          `could not parse SQL migration file ${JSON.stringify(file.file)}: ${parsed.error}`,
        );
      }
      const key = normalizeInteger(parsed.version);
      const other = byVersion.get(key);
      if (other) throw duplicateError('goose', `version ${key}`, other.file, file);
      byVersion.set(key, { ...parsed, file });
    }
    const ordered = [...byVersion.values()].sort((a, b) => compareIntegers(a.version, b.version));
    return mapLimited(ordered, ({ version, name, file }) => loadGooseFile(version, name, file));
  },
};

/** A numbered `.go` file is a goose Go migration (goose skips `_test.go` and unnumbered ones): it cannot run here. */
function refuseGoMigration(file: MigrationFile): void {
  if (file.name.endsWith('_test.go') || 'error' in gooseVersion(file.name)) return;
  throw new MigrationSourceError(
    `${file.file} is a goose Go migration, which migration-test cannot run (it runs SQL only); running the SQL ones without it would test another schema`,
  );
}

/**
 * goose names its table as given and splices it unquoted (`-table`), so PostgreSQL folds it to
 * lower case; quoted here so the name stays one identifier per part.
 */
function gooseTable(table: string, dialect: Dialect): string {
  return quoteTable(dialect === 'postgres' ? table.toLowerCase() : table, dialect);
}

/**
 * goose_db_version as goose creates it (internal/dialects CreateTable) in one transaction with
 * the row of version 0 (migrate.go createVersionTable), only when the table is missing; after
 * each migration, in its transaction unless NO TRANSACTION, a row (version, true) for an up and
 * the version's rows deleted for a down (migration_sql.go runSQLMigration).
 */
function gooseBookkeeping(table: string): Bookkeeping {
  return {
    tables: [table],
    summary: `${table} (id, version_id bigint, is_applied boolean, tstamp timestamp)`,
    setup: (dialect) => {
      const t = gooseTable(table, dialect);
      const create =
        dialect === 'postgres'
          ? `CREATE TABLE IF NOT EXISTS ${t} (
		id integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY,
		version_id bigint NOT NULL,
		is_applied boolean NOT NULL,
		tstamp timestamp NOT NULL DEFAULT now()
	)`
          : `CREATE TABLE IF NOT EXISTS ${t} (
		id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
		version_id bigint NOT NULL,
		is_applied boolean NOT NULL,
		tstamp timestamp NULL default now(),
		PRIMARY KEY(id)
	)`;
      // goose inserts version 0 right after creating the table; an existing table is left as it is.
      const from = dialect === 'postgres' ? '' : ' FROM DUAL';
      return [
        create,
        `INSERT INTO ${t} (version_id, is_applied) SELECT 0, true${from} WHERE NOT EXISTS (SELECT 1 FROM ${t})`,
      ];
    },
    record: (e) => {
      const t = gooseTable(table, e.dialect);
      const p = (n: number) => (e.dialect === 'postgres' ? `$${n}` : '?');
      const version = normalizeInteger(e.migration.version);
      return e.direction === 'up'
        ? [{ sql: `INSERT INTO ${t} (version_id, is_applied) VALUES (${p(1)}, ${p(2)})`, params: [version, true] }]
        : [{ sql: `DELETE FROM ${t} WHERE version_id=${p(1)}`, params: [version] }];
    },
    recordInTransaction: true,
  };
}
