import type { Dialect, FormatName, Migration, MigrationScript, SourceProblem, TransactionMode } from '../types.js';
import { MigrationSourceError, UsageError } from '../../util/errors.js';
import type { Bookkeeping, BookkeepingOptions } from '../bookkeeping.js';
import { readMigrationFile } from '../read-file.js';
import { compareIntegers } from '../version.js';

/** A regular file found in the migrations directory. */
export interface MigrationFile {
  absPath: string;
  /** Base name, which is all that the formats' naming rules look at. */
  name: string;
  /** Path relative to the repository root (see pathRoot) with forward slashes: `MigrationScript.file`. */
  file: string;
  /** Whether the file sits directly in the migrations directory (not in a subdirectory). */
  topLevel: boolean;
  /** Path relative to the migrations directory, forward slashes (`deploy/users.sql`). */
  inside: string;
}

export interface FormatContext {
  /** The migrations directory as the user gave it, for messages. */
  dirLabel: string;
  /** Absolute path of the migrations directory. */
  dirAbs: string;
  dialect: Dialect;
  /** A master changelog that orders the files (Liquibase's --changelog), absolute, when given. */
  changelog?: string;
  /** Receives what is wrong but does not stop the run (it becomes a finding of the report). */
  problem(problem: SourceProblem): void;
}

/** What the README's tables say of a format (generated from these, so never written twice). */
export interface FormatDescription {
  /** The tool, as its users call it. */
  tool: string;
  /** The files it reads, in Markdown. */
  files: string;
  /** Where ups and downs come from. */
  upDown: string;
  /** How versions are ordered. */
  versions: string;
  /** How the tool runs one migration on each engine (its transaction rule), in Markdown. */
  transactions: { postgres: string; mysql: string };
  /** How `--format auto` recognises it. */
  detection: string;
  /** What `--format auto` tells a user the format's files look like. */
  example: string;
}

/** How `--format auto` recognises a format beyond file names. */
export interface FormatDetection {
  /** Files (paths inside the migrations directory) whose presence marks the format's directory. */
  markers?: readonly string[];
  /** A line of the format's own SQL files that no other format writes (tested on top-level `.sql` files). */
  directive?: RegExp;
}

/** One migration tool's rules, behind one interface (one module per format). */
export interface MigrationFormat {
  readonly name: FormatName;
  /** Whether the tool also reads files in subdirectories. */
  readonly recursive: boolean;
  /** File names a user of the tool would recognise, for messages. */
  readonly examples: readonly string[];
  readonly description: FormatDescription;
  readonly detection?: FormatDetection;
  /**
   * The migrations in run order. Files whose names are not the format's are ignored, as the
   * tools themselves ignore them; an empty result is reported by the caller.
   */
  load(files: readonly MigrationFile[], ctx: FormatContext): Promise<Migration[]>;
  /** Whether a path inside the migrations directory is one the format reads (what a change touched). */
  isMigrationPath(inside: string): boolean;
  /** The version order of the tool. */
  compareVersions(a: string, b: string): number;
  /** What orders a migration: its version, or for plain files the whole name. */
  versionKey?(m: Migration): string;
  /** A --new-from value in the format's version syntax; throws a UsageError otherwise. */
  parseNewFrom(raw: string): string;
  /** What an out-of-order new migration does where the base is deployed, and the fix. */
  readonly outOfOrder: string;
  /** The tool's own bookkeeping; absent for tools that keep none (plain files). */
  bookkeeping?(opts: BookkeepingOptions): Bookkeeping;
}

/** Versions made of digits, compared as integers: most tools' (golang-migrate, dbmate, goose, …). */
export function integerVersions(format: FormatName): Pick<MigrationFormat, 'compareVersions' | 'parseNewFrom'> {
  return {
    compareVersions: compareIntegers,
    parseNewFrom(raw) {
      const value = raw.trim();
      if (/^\d+$/.test(value)) return value;
      throw new UsageError(`--new-from ${raw}: not a ${format} version (expected digits, e.g. 20240101120000)`);
    },
  };
}

/** Where a tool that records only applied versions runs a new migration older than the newest deployed one. */
export const RUNS_AFTER_NEWER =
  'where the base is already deployed it runs after the newer migrations (as tested here), but on a fresh database before them; give it a version above the newest one';

/** Where a tool that applies only versions above the current one meets an older new migration. */
export const NEVER_RUNS = (tool: string) =>
  `it will not run where the base is already deployed (${tool} only applies versions above the current one); give it a version above the newest one`;

/** A top-level file whose name the format reads (most formats read no subdirectory). */
export function topLevelName(inside: string, test: (name: string) => boolean): boolean {
  return !inside.includes('/') && test(inside);
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
