import type { Bookkeeping, BookkeepingEvent, BookkeepingWrite } from '../bookkeeping.js';
import type { Dialect } from '../types.js';
import { compareIntegers, normalizeInteger } from '../version.js';
import { quoteTable } from './quote.js';
import {
  NEVER_RUNS,
  downWithoutUpError,
  integerVersions,
  topLevelName,
  duplicateError,
  mapLimited,
  upDownMigration,
  type MigrationFile,
  type MigrationFormat,
} from './format.js';

// golang-migrate's own pattern is ^([0-9]+)_(.*)\.(down|up)\.(.*)$; only .sql files are SQL.
const FILE_NAME = /^(\d+)_(.*)\.(up|down)\.sql$/;

export function isUpDownFileName(name: string): boolean {
  return FILE_NAME.test(name);
}

interface Pair {
  version: string;
  title: string;
  up?: MigrationFile;
  down?: MigrationFile;
}

export const golangMigrate: MigrationFormat = {
  name: 'golang-migrate',
  recursive: false,
  examples: ['000001_create_users.up.sql', '000001_create_users.down.sql'],
  description: {
    tool: 'golang-migrate',
    files: '`<version>_<title>.up.sql`, `.down.sql`',
    upDown: 'both',
    versions: 'unsigned integer',
    transactions: {
      postgres:
        'the file is one multi-statement request: an implicit transaction when it holds more than one statement, so `CREATE INDEX CONCURRENTLY` fails when it shares a file and passes alone',
      mysql: 'statements one after the other, no transaction',
    },
    detection: 'file names',
    example: '000001_create_users.up.sql',
  },
  isMigrationPath: (inside) => topLevelName(inside, isUpDownFileName),
  ...integerVersions('golang-migrate'),
  outOfOrder: NEVER_RUNS('golang-migrate'),
  bookkeeping: ({ table }) => golangMigrateBookkeeping(table ?? 'schema_migrations'),

  async load(files) {
    const pairs = new Map<string, Pair>();
    for (const file of files) {
      const match = file.topLevel ? FILE_NAME.exec(file.name) : null;
      if (!match) continue;
      const [, version = '', title = '', direction] = match;
      // golang-migrate parses the version as an integer: 001 and 1 are the same migration.
      const key = normalizeInteger(version);
      const pair = pairs.get(key) ?? { version, title };
      const slot = direction === 'up' ? 'up' : 'down';
      const other = pair[slot];
      if (other) throw duplicateError('golang-migrate', `${slot} version ${key}`, other, file);
      pair[slot] = file;
      if (slot === 'up') {
        pair.version = version;
        pair.title = title;
      }
      pairs.set(key, pair);
    }

    const ordered = [...pairs.values()].sort((a, b) => compareIntegers(a.version, b.version));
    const complete = ordered.map(({ up, down, version, title }) => {
      if (!up) throw downWithoutUpError('golang-migrate', down as MigrationFile, `${version}_${title}.up.sql`);
      return { up, down, version, title };
    });
    return mapLimited(complete, ({ up, down, version, title }) =>
      upDownMigration(
        version,
        title,
        { file: up, transaction: 'multiStatement' },
        down ? { file: down, transaction: 'multiStatement' } : undefined,
      ),
    );
  },
};

/**
 * golang-migrate keeps the current version only (database/postgres and database/mysql):
 * before a migration it sets the target version dirty, after it the same version clean, each
 * time as TRUNCATE and INSERT. A down's target is the version
 * before it, or none (-1, written only while dirty).
 */
function golangMigrateBookkeeping(table: string): Bookkeeping {
  const setVersion = (e: BookkeepingEvent, dirty: boolean): BookkeepingWrite[] => {
    const t = quoteTable(table, e.dialect);
    const target = e.direction === 'up' ? Number(e.migration.version) : e.previous ? Number(e.previous.version) : -1;
    const values = e.dialect === 'postgres' ? '($1, $2)' : '(?, ?)';
    // The tool's own transaction around the two adds nothing to what they leave behind.
    return [
      { sql: `TRUNCATE ${t}`, params: [] },
      ...(target >= 0 || dirty
        ? [{ sql: `INSERT INTO ${t} (version, dirty) VALUES ${values}`, params: [target, dirty] }]
        : []),
    ];
  };
  return {
    tables: [table],
    summary: `${table} (version bigint, dirty boolean)`,
    setup: (dialect: Dialect) => [
      `CREATE TABLE IF NOT EXISTS ${quoteTable(table, dialect)} (version bigint not null primary key, dirty boolean not null)`,
    ],
    before: (e) => setVersion(e, true),
    record: (e) => setVersion(e, false),
    recordInTransaction: false,
  };
}
