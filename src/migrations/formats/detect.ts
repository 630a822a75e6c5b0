import type { FormatName } from '../types.js';
import { MigrationSourceError } from '../../util/errors.js';
import { readMigrationFile } from '../read-file.js';
import { hasDbmateUpDirective, isDbmateFileName } from './dbmate.js';
import { isFlywayFileName } from './flyway.js';
import type { MigrationFile } from './format.js';
import { isUpDownFileName } from './golang-migrate.js';
import { isPlainFileName } from './plain.js';
import { isPopSpecificFileName } from './pop.js';

/** What auto detection tells the user each format's files look like. */
export const AUTO_EXAMPLES: Readonly<Record<FormatName, string>> = {
  flyway: 'V1__create_users.sql',
  'golang-migrate': '000001_create_users.up.sql',
  dbmate: "20240101120000_create_users.sql with '-- migrate:up'",
  pop: '20240101120000_create_users.postgres.up.sql',
  plain: '001_create_users.sql',
};

/**
 * Picks the format from file names alone, except that `<digits>_<name>.sql` files are
 * dbmate's when one holds `-- migrate:up` and plain ones otherwise. Generic
 * `<v>_<name>.up.sql` files fit both golang-migrate and pop: they count as pop only beside
 * a file only pop would name (a dialect, `.autocommit`, `.fizz`). Plain is the fallback
 * for any other `.sql` files, chosen only when no other format matches.
 */
export async function detectFormat(files: readonly MigrationFile[], dirLabel: string): Promise<FormatName> {
  const evidence = new Map<FormatName, MigrationFile[]>();
  const add = (format: FormatName, file: MigrationFile): void => {
    evidence.set(format, [...(evidence.get(format) ?? []), file]);
  };
  const upDown: MigrationFile[] = [];
  const numbered: MigrationFile[] = [];
  const otherSql: MigrationFile[] = [];
  for (const file of files) {
    // Only Flyway looks into subdirectories.
    if (isFlywayFileName(file.name)) add('flyway', file);
    else if (!file.topLevel) continue;
    else if (isPopSpecificFileName(file.name)) add('pop', file);
    else if (isUpDownFileName(file.name)) upDown.push(file);
    else if (isDbmateFileName(file.name)) numbered.push(file);
    else if (isPlainFileName(file.name)) otherSql.push(file);
  }
  for (const file of upDown) add(evidence.has('pop') ? 'pop' : 'golang-migrate', file);
  if (await anyHasDbmateUpDirective(numbered)) for (const file of numbered) add('dbmate', file);

  const found = [...evidence.keys()];
  if (found.length === 1) return found[0] as FormatName;
  if (found.length > 1) {
    const seen = found.map((format) => `${format} (${sample((evidence.get(format) ?? []).map((f) => f.name))})`);
    throw new MigrationSourceError(
      `migrations in ${dirLabel} match more than one format: ${seen.join(', ')}; pass --format to choose one`,
    );
  }
  if (numbered.length > 0 || otherSql.length > 0) return 'plain';

  const topLevel = files.filter((file) => file.topLevel).map((file) => file.name);
  const saw = topLevel.length === 0 ? 'the directory holds no files' : `saw ${sample(topLevel)}`;
  const expected = Object.entries(AUTO_EXAMPLES).map(([format, example]) => `${example} (${format})`);
  throw new MigrationSourceError(
    `no migrations found in ${dirLabel} (format auto): ${saw}; expected file names like ${expected.join(', ')}`,
  );
}

/** A few names for a message, with how many more there are. */
export function sample(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

async function anyHasDbmateUpDirective(files: readonly MigrationFile[]): Promise<boolean> {
  for (const file of files) {
    if (hasDbmateUpDirective(await readMigrationFile(file.absPath, file.file))) return true;
  }
  return false;
}
