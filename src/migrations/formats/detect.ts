import type { FormatName } from '../types.js';
import { MigrationSourceError } from '../../util/errors.js';
import { readMigrationFile } from '../read-file.js';
import { isDbmateFileName } from './dbmate.js';
import { isFlywayFileName } from './flyway.js';
import type { MigrationFile, MigrationFormat } from './format.js';
import { isUpDownFileName } from './golang-migrate.js';
import { isPlainFileName } from './plain.js';
import { isPopSpecificFileName } from './pop.js';
import { FORMATS } from './registry.js';

/**
 * Picks the format of a directory:
 * 1. A marker file only one tool writes (`atlas.sum`, `sqitch.plan`, Prisma's
 *    `migration_lock.toml`, Drizzle's `meta/_journal.json`) decides; two markers are refused.
 * 2. Otherwise file names, and the directives only one tool writes in its SQL files
 *    (`-- migrate:up`, `-- +goose Up`, `--liquibase formatted sql`), read from the top-level
 *    `.sql` files that no naming rule claims. Generic `<v>_<name>.up.sql` files fit both
 *    golang-migrate and pop: they count as pop only beside a file only pop would name (a
 *    dialect, `.autocommit`, `.fizz`).
 * 3. Plain is the fallback for any other `.sql` files, chosen only when no format matches.
 * Formats whose files nothing tells apart from another's (sqlx) are chosen with --format.
 */
export async function detectFormat(files: readonly MigrationFile[], dirLabel: string): Promise<FormatName> {
  const formats = Object.values(FORMATS);
  const markers = new Map<FormatName, string[]>();
  for (const format of formats) {
    const found = (format.detection?.markers ?? []).filter((marker) => files.some((f) => f.inside === marker));
    if (found.length > 0) markers.set(format.name, found);
  }
  const decided = decide(markers, dirLabel);
  if (decided) return decided;

  const evidence = new Map<FormatName, string[]>();
  const add = (format: FormatName, name: string): void => {
    evidence.set(format, [...(evidence.get(format) ?? []), name]);
  };
  const upDown: MigrationFile[] = [];
  const unclaimed: MigrationFile[] = [];
  for (const file of files) {
    // Only Flyway looks into subdirectories by name.
    if (isFlywayFileName(file.name)) add('flyway', file.name);
    else if (!file.topLevel) continue;
    else if (isPopSpecificFileName(file.name)) add('pop', file.name);
    else if (isUpDownFileName(file.name)) upDown.push(file);
    else if (isDbmateFileName(file.name) || isPlainFileName(file.name)) unclaimed.push(file);
  }
  for (const file of upDown) add(evidence.has('pop') ? 'pop' : 'golang-migrate', file.name);
  for (const [format, file] of await directiveHits(unclaimed, formats)) add(format, file.name);

  const found = decide(evidence, dirLabel);
  if (found) return found;
  if (unclaimed.length > 0) return 'plain';

  const topLevel = files.filter((file) => file.topLevel).map((file) => file.name);
  const saw = topLevel.length === 0 ? 'the directory holds no files' : `saw ${sample(topLevel)}`;
  const expected = formats.map((format) => `${format.description.example} (${format.name})`);
  throw new MigrationSourceError(
    `no migrations found in ${dirLabel} (format auto): ${saw}; expected file names like ${expected.join(', ')}`,
  );
}

/** The one format with evidence; null for none; two or more are refused with what was seen. */
function decide(evidence: ReadonlyMap<FormatName, string[]>, dirLabel: string): FormatName | null {
  const found = [...evidence.keys()];
  if (found.length === 0) return null;
  if (found.length === 1) return found[0] as FormatName;
  const seen = found.map((format) => `${format} (${sample(evidence.get(format) ?? [])})`);
  throw new MigrationSourceError(
    `migrations in ${dirLabel} match more than one format: ${seen.join(', ')}; pass --format to choose one`,
  );
}

/** The files holding a directive only one format writes, with that format. */
async function directiveHits(
  files: readonly MigrationFile[],
  formats: readonly MigrationFormat[],
): Promise<Array<[FormatName, MigrationFile]>> {
  const withDirective = formats.filter((format) => format.detection?.directive);
  const hits: Array<[FormatName, MigrationFile]> = [];
  if (withDirective.length === 0) return hits;
  for (const file of files) {
    const text = await readMigrationFile(file.absPath, file.file);
    for (const format of withDirective) if (format.detection?.directive?.test(text)) hits.push([format.name, file]);
  }
  return hits;
}

/** A few names for a message, with how many more there are. */
export function sample(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
