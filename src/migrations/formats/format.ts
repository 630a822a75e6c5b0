import type { Dialect, FormatName, Migration, MigrationScript, TransactionMode } from '../types.js';
import { MigrationSourceError } from '../../util/errors.js';
import { readMigrationFile } from '../read-file.js';

/** A regular file found in the migrations directory. */
export interface MigrationFile {
  absPath: string;
  /** Base name, which is all that the formats' naming rules look at. */
  name: string;
  /** Path relative to the repository root (see pathRoot) with forward slashes: `MigrationScript.file`. */
  file: string;
  /** Whether the file sits directly in the migrations directory (not in a subdirectory). */
  topLevel: boolean;
}

export interface FormatContext {
  /** The migrations directory as the user gave it, for messages. */
  dirLabel: string;
  dialect: Dialect;
}

/** One migration tool's naming rules, behind one interface (one module per format). */
export interface MigrationFormat {
  readonly name: FormatName;
  /** Whether the tool also reads files in subdirectories. */
  readonly recursive: boolean;
  /** File names a user of the tool would recognise, for messages. */
  readonly examples: readonly string[];
  /**
   * The migrations in run order. Files whose names are not the format's are ignored, as the
   * tools themselves ignore them; an empty result is reported by the caller.
   */
  load(files: readonly MigrationFile[], ctx: FormatContext): Promise<Migration[]>;
}

export function script(file: MigrationFile, sql: string, transaction: TransactionMode, startLine = 1): MigrationScript {
  return { absPath: file.absPath, file: file.file, sql, startLine, transaction };
}

/** One file of a migration that keeps its up and down scripts in separate files. */
export interface ScriptFile {
  file: MigrationFile;
  transaction: TransactionMode;
}

/** A versioned migration whose up and down scripts are whole files (golang-migrate, pop). */
export async function upDownMigration(
  version: string,
  name: string,
  up: ScriptFile,
  down: ScriptFile | undefined,
): Promise<Migration> {
  return {
    id: migrationId(version, name),
    version,
    name,
    kind: 'versioned',
    up: script(up.file, await readMigrationFile(up.file.absPath, up.file.file), up.transaction),
    down: down ? script(down.file, await readMigrationFile(down.file.absPath, down.file.file), down.transaction) : null,
  };
}

export function migrationId(version: string, name: string): string {
  return name === '' ? version : `${version}_${name}`;
}

export function duplicateError(
  format: FormatName,
  what: string,
  a: MigrationFile,
  b: MigrationFile,
): MigrationSourceError {
  const [first, second] = [a.file, b.file].sort();
  return new MigrationSourceError(
    `two ${format} migrations with ${what}: ${first} and ${second}; rename or remove one`,
  );
}

export function downWithoutUpError(format: FormatName, down: MigrationFile, expected: string): MigrationSourceError {
  return new MigrationSourceError(`${format} down migration ${down.file} has no up migration (expected ${expected})`);
}

/**
 * Maps with at most `limit` calls in flight: migration directories can hold thousands of
 * files, and opening them all at once can run out of file descriptors. When calls fail, the
 * error of the first item in order is thrown, whichever failed first in time, so the message
 * a user sees does not depend on I/O timing.
 */
export async function mapLimited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>, limit = 16): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failedAt = items.length;
  let failure: unknown;
  async function worker(): Promise<void> {
    while (next < failedAt) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T);
      } catch (err) {
        if (index < failedAt) {
          failedAt = index;
          failure = err;
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failedAt < items.length) throw failure;
  return results;
}
