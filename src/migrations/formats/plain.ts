import type { Migration } from '../types.js';
import { readMigrationFile } from '../read-file.js';
import { UsageError } from '../../util/errors.js';
import { compareNatural } from '../version.js';
import { mapLimited, script, topLevelName, type MigrationFormat } from './format.js';

const SQL_FILE = /^(.+)\.sql$/;

export function isPlainFileName(name: string): boolean {
  return SQL_FILE.test(name);
}

/**
 * Plain `.sql` files run in natural order, each as `psql -f` or `mysql < file` would run it.
 * Files sharing leading digits (01_a.sql, 01_b.sql) are not duplicates here: the whole name
 * orders them, and the id (the name) stays unique.
 */
export const plain: MigrationFormat = {
  name: 'plain',
  recursive: false,
  examples: ['001_create_users.sql', '002_add_orders.sql'],
  description: {
    tool: 'plain SQL files',
    files: '`*.sql`',
    upDown: 'up only',
    versions: 'natural order (`2_x` < `10_x`)',
    transactions: {
      postgres: 'every statement on its own (as `psql -f` runs a file)',
      mysql: 'every statement on its own (as `mysql < file`)',
    },
    detection: 'any other `.sql` files, when no format matches',
    example: '001_create_users.sql',
  },
  isMigrationPath: (inside) => topLevelName(inside, isPlainFileName),
  compareVersions: compareNatural,
  versionKey: (m) => m.id,
  parseNewFrom(raw) {
    const value = raw.trim();
    if (value !== '') return value;
    throw new UsageError(`--new-from: empty; expected the name (or leading number) of the first new migration file`);
  },
  outOfOrder:
    'where the base is already deployed it runs after the newer migrations, if at all; give it a name that sorts last',

  async load(files) {
    const sqlFiles = files
      .filter((file) => file.topLevel && SQL_FILE.test(file.name))
      .sort((a, b) => compareNatural(a.name, b.name));
    return mapLimited(sqlFiles, async (file): Promise<Migration> => {
      const base = file.name.slice(0, -'.sql'.length);
      const digits = /^\d+/.exec(base)?.[0];
      const rest = digits === undefined ? base : base.slice(digits.length).replace(/^[-_.\s]+/, '');
      return {
        id: base,
        version: digits ?? base,
        name: rest === '' ? base : rest,
        kind: 'versioned',
        up: script(file, await readMigrationFile(file.absPath, file.file), 'none'),
        down: null,
      };
    });
  },
};
