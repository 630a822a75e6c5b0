import type { Migration, TransactionMode } from '../types.js';
import { MigrationSourceError } from '../../util/errors.js';
import { readMigrationFile } from '../read-file.js';
import { DBMATE_TABLE, dbmateBookkeeping } from './dbmate-bookkeeping.js';
import { compareCodepoints, normalizeInteger } from '../version.js';
import {
  RUNS_AFTER_NEWER,
  duplicateError,
  integerVersions,
  mapLimited,
  migrationId,
  script,
  topLevelName,
  type MigrationFile,
  type MigrationFormat,
} from './format.js';

// dbmate takes every ^(\d+).*\.sql$ file; the version is the leading digits.
const FILE_NAME = /^(\d+)(.*)\.sql$/;
// dbmate's block directives: "-- migrate:up" at the very start of a line, options after it.
const DIRECTIVE = /^--\s*migrate:(up|down)(?:\s+(.*?))?\s*$/;

export function isDbmateFileName(name: string): boolean {
  return FILE_NAME.test(name);
}

export interface DbmateSection {
  sql: string;
  /** 1-based line of the first line after the directive. */
  startLine: number;
  transaction: TransactionMode;
}

/**
 * Splits a dbmate file into its up and (optional) down sections, keeping each section's SQL
 * exactly as in the file so statement lines can be mapped back through `startLine`.
 * Enforces dbmate's own parse rules, with its messages, prefixed by the file.
 */
export function parseDbmateSections(text: string, label: string): { up: DbmateSection; down: DbmateSection } {
  const lines = text.split('\n');
  const directives: Array<{ direction: 'up' | 'down'; index: number; options: string }> = [];
  const lineStart: number[] = [];
  let offset = 0;
  for (const [index, line] of lines.entries()) {
    lineStart.push(offset);
    offset += line.length + 1;
    const match = DIRECTIVE.exec(line.replace(/\r$/, ''));
    if (match && !directives.some((d) => d.direction === match[1])) {
      directives.push({ direction: match[1] === 'up' ? 'up' : 'down', index, options: match[2] ?? '' });
    }
  }
  const up = directives.find((d) => d.direction === 'up');
  const down = directives.find((d) => d.direction === 'down');
  if (!up) {
    throw new MigrationSourceError(
      `${label}: dbmate requires each migration to define an up block with '-- migrate:up'`,
    );
  }
  // dbmate 2 refuses a migration without a down block when it applies it (checked with its binary, 2.36).
  if (!down) {
    throw new MigrationSourceError(
      `${label}: dbmate requires each migration to define a down block with '-- migrate:down'`,
    );
  }
  if (down.index < up.index) {
    throw new MigrationSourceError(`${label}: dbmate requires '-- migrate:up' to appear before '-- migrate:down'`);
  }
  const stray = lines.slice(0, up.index).findIndex((line) => !/^\s*(--.*)?$/.test(line));
  if (stray >= 0) {
    throw new MigrationSourceError(
      `${label}: dbmate does not support statements preceding the '-- migrate:up' block (line ${stray + 1})`,
    );
  }
  const section = (from: number, to: number, options: string): DbmateSection => ({
    sql: text.slice(lineStart[from] ?? text.length, lineStart[to] ?? text.length),
    startLine: from + 1,
    transaction: transactionOption(options) === 'false' ? 'none' : 'transaction',
  });
  return {
    up: section(up.index + 1, down.index, up.options),
    down: section(down.index + 1, lines.length, down.options),
  };
}

/** The value of `transaction:` among a directive's space-separated key:value options. */
function transactionOption(options: string): string | undefined {
  for (const pair of options.split(/\s+/)) {
    const parts = pair.split(':');
    if (parts.length === 2 && parts[0] === 'transaction') return parts[1];
  }
  return undefined;
}

export const dbmate: MigrationFormat = {
  name: 'dbmate',
  recursive: false,
  examples: ['20240101120000_create_users.sql (with -- migrate:up and -- migrate:down sections)'],
  description: {
    tool: 'dbmate',
    files: '`<version>_<name>.sql` with `-- migrate:up` / `-- migrate:down`',
    upDown: 'sections of one file (a down block required, as dbmate 2 requires it)',
    versions: 'leading digits; files run in name order',
    transactions: {
      postgres: 'one transaction per migration, unless `-- migrate:up transaction:false`',
      mysql: 'one transaction, unless `transaction:false`',
    },
    detection: '`-- migrate:up` in a numbered file',
    example: "20240101120000_create_users.sql with '-- migrate:up'",
  },
  detection: { directive: /^--\s*migrate:up(?:\s|$)/m },
  isMigrationPath: (inside) => topLevelName(inside, isDbmateFileName),
  ...integerVersions('dbmate'),
  outOfOrder: RUNS_AFTER_NEWER,
  bookkeeping: ({ table }) => dbmateBookkeeping(table ?? DBMATE_TABLE),

  async load(files) {
    const byVersion = new Map<string, { version: string; name: string; file: MigrationFile }>();
    for (const file of files) {
      const match = file.topLevel ? FILE_NAME.exec(file.name) : null;
      if (!match) continue;
      const [, version = '', rest = ''] = match;
      const key = normalizeInteger(version);
      const other = byVersion.get(key);
      if (other) throw duplicateError('dbmate', `version ${key}`, other.file, file);
      byVersion.set(key, { version, name: rest.replace(/^[_-]/, ''), file });
    }
    // dbmate applies pending files in the order of their names (3_x.sql after 20240101_y.sql).
    const ordered = [...byVersion.values()].sort((a, b) => compareCodepoints(a.file.name, b.file.name));
    return mapLimited(ordered, async ({ version, name, file }): Promise<Migration> => {
      const sections = parseDbmateSections(await readMigrationFile(file.absPath, file.file), file.file);
      const { up, down } = sections;
      return {
        id: migrationId(version, name),
        version,
        name,
        kind: 'versioned',
        up: script(file, up.sql, up.transaction, up.startLine),
        down: script(file, down.sql, down.transaction, down.startLine),
      };
    });
  },
};
