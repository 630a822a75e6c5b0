import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { MigrationSourceError } from '../util/errors.js';
import {
  FORMAT_NAMES,
  type Dialect,
  type FormatName,
  type Migration,
  type MigrationSet,
  type SourceProblem,
} from './types.js';
import { detectFormat, sample } from './formats/detect.js';
import { listMigrationFiles } from './formats/files.js';
import type { MigrationFile, MigrationFormat } from './formats/format.js';
import { FORMATS } from './formats/registry.js';
import { pathRoot, rootLabel } from './root.js';

export interface DiscoverOptions {
  dir: string;
  format: 'auto' | FormatName;
  dialect: Dialect;
  /** Default process.cwd(); `dir` is relative to it. */
  cwd?: string;
  /**
   * The repository root as the caller knows it (the Actions workspace): file paths are relative
   * to it when the directory is in no git working tree of its own (see pathRoot).
   */
  repoRoot?: string;
  /** A master changelog that orders the files (Liquibase), relative to `cwd`. */
  changelog?: string;
}

const DEFAULT_DIRS = ['db/migrations', 'migrations', 'sql/migrations'] as const;

/** Finds the migrations of a directory, in the order they run. */
export async function discoverMigrations(opts: DiscoverOptions): Promise<MigrationSet> {
  const cwd = opts.cwd ?? process.cwd();
  const dirLabel = opts.dir === '' ? '.' : opts.dir;
  const requested = checkFormat(opts.format);
  const dirAbs = path.resolve(cwd, opts.dir);
  await checkDirectory(dirAbs, dirLabel);

  // Auto detection looks into subdirectories too, for Flyway's sake.
  const recursive = requested === 'auto' || FORMATS[requested].recursive;
  const { root, inRepository } = await pathRoot(dirAbs, opts.repoRoot);
  const files = await listMigrationFiles(dirAbs, dirLabel, root, recursive);
  const name = requested === 'auto' ? await detectFormat(files, dirLabel) : requested;
  const format = FORMATS[name];
  const own = format.recursive ? files : files.filter((file) => file.topLevel);
  const problems: SourceProblem[] = [];
  const migrations = await format.load(own, {
    dirLabel,
    dirAbs,
    dialect: opts.dialect,
    ...(opts.changelog !== undefined ? { changelog: path.resolve(cwd, opts.changelog) } : {}),
    problem: (p) => problems.push(p),
  });
  if (migrations.length === 0) throw noMigrationsError(format, dirLabel, opts.dialect, own);
  const ignored = unreadLookalikes(own, migrations, opts.dialect);
  // Outside any repository the directory has no shorter name that reads the same from anywhere.
  const dir = inRepository ? rootLabel(root, dirAbs) : root;
  return { format: name, dir, root, migrations, ignored, ...(problems.length ? { problems } : {}) };
}

const OTHER_DIALECT: Readonly<Record<Dialect, RegExp>> = {
  postgres: /\.(mysql|mariadb|sqlite3?|cockroach|mssql|sqlserver)\./i,
  mysql: /\.(postgres|postgresql|sqlite3?|cockroach|mssql|sqlserver)\./i,
};

/**
 * SQL files the format does not read (a `v2__b.sql` for Flyway's `V2__b.sql`), and names with
 * control characters; files meant for another engine's dialect (pop's `x.mysql.up.sql`) are not.
 */
function unreadLookalikes(
  files: readonly MigrationFile[],
  migrations: readonly Migration[],
  dialect: Dialect,
): string[] {
  const read = new Set(
    migrations.flatMap((m) => [m.up.file, ...(m.down ? [m.down.file] : []), ...(m.verify ? [m.verify.file] : [])]),
  );
  return files
    .filter((f) => !read.has(f.file))
    .filter(
      (f) => /[\u0000-\u001f\u007f]/.test(f.name) || (/\.sql$/i.test(f.name) && !OTHER_DIALECT[dialect].test(f.name)),
    )
    .map((f) => f.file);
}

/** The first of db/migrations, migrations, sql/migrations that exists under cwd. */
export function defaultMigrationsDir(cwd: string = process.cwd()): string {
  for (const dir of DEFAULT_DIRS) {
    try {
      if (statSync(path.join(cwd, dir)).isDirectory()) return dir;
    } catch {
      // Not there: try the next one.
    }
  }
  throw new MigrationSourceError(
    `no migrations directory found in ${cwd}: looked for ${DEFAULT_DIRS.join(', ')}; pass --migrations DIR`,
  );
}

function checkFormat(format: string): 'auto' | FormatName {
  if (format === 'auto') return format;
  const known = FORMAT_NAMES.find((name) => name === format);
  if (known) return known;
  throw new MigrationSourceError(
    `unknown migration format "${format}": expected one of auto, ${FORMAT_NAMES.join(', ')}`,
  );
}

async function checkDirectory(dirAbs: string, dirLabel: string): Promise<void> {
  const where = path.isAbsolute(dirLabel) ? '' : ` (looked for ${dirAbs})`;
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(dirAbs)).isDirectory();
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : String(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new MigrationSourceError(`migrations directory ${dirLabel} does not exist${where}`);
    }
    throw new MigrationSourceError(`cannot read migrations directory ${dirLabel}: ${code}`);
  }
  if (!isDirectory) throw new MigrationSourceError(`migrations directory ${dirLabel} is not a directory${where}`);
}

function noMigrationsError(
  format: MigrationFormat,
  dirLabel: string,
  dialect: Dialect,
  files: readonly MigrationFile[],
): MigrationSourceError {
  const what = format.name === 'pop' ? `format pop, dialect ${dialect}` : `format ${format.name}`;
  const saw = files.length === 0 ? 'the directory holds no files' : `saw ${sample(files.map((f) => f.name))}`;
  return new MigrationSourceError(
    `no migrations found in ${dirLabel} (${what}): expected file names like ${format.examples.join(', ')}; ${saw}`,
  );
}
