import { compareIntegers, normalizeInteger } from '../version.js';
import {
  downWithoutUpError,
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
