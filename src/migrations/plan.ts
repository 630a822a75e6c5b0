/**
 * Which migrations a change adds ("new") and which are already on the base branch ("base"),
 * as GitLab's database testing splits them: the base ones build the database at the base
 * branch's state, the new ones are then run and measured on it.
 *
 * Pure: the changed files come in as data (from `changesFromGit` or `changesFromPullRequest`).
 */
import path from 'node:path';
import type { Finding } from '../report/model.js';
import { UsageError } from '../util/errors.js';
import type { MigrationFormat } from './formats/format.js';
import { formatNamed } from './formats/registry.js';
import type { FileChanges } from './git-changes.js';
import type { Migration, MigrationSet } from './types.js';

export interface MigrationPlan {
  /** Already on the base branch, in run order: applied first, to reach the base state. */
  base: Migration[];
  /** Added by the change, in run order: applied and measured after the base ones. */
  new: Migration[];
  findings: Finding[];
  /**
   * How `new` was decided, e.g. "git diff origin/main...HEAD", "pull request #12 files",
   * "--new-from 20240101", "all migrations (no base)".
   */
  baseLabel: string;
}

export interface PlanOptions {
  /** The change's files (repository-root relative), or null when there is no change to compare. */
  changes: FileChanges | null;
  /** Versions from this one on are new (takes precedence over `changes` for the split). */
  newFrom: string | null;
  /** Absolute path of the repository root, which `changes` paths are relative to. */
  repoRoot: string;
  /** Describes where `changes` came from; default "changed files". */
  changesLabel?: string;
}

export const NO_BASE_LABEL = 'all migrations (no base)';

/**
 * Splits the set into base and new migrations, in run order, with findings.
 *
 * - `newFrom` given: versioned migrations with a version >= newFrom are new, in the format's
 *   version order; Flyway repeatable (R__) migrations are base (they are part of the deployed
 *   state). When `changes` are given too, they still produce the modified/deleted findings.
 * - `changes` given: a versioned migration is new when the change added its up file (for
 *   dbmate the single file, for Flyway the V file); a repeatable one when the change added or
 *   modified it (Flyway reruns changed repeatables by design, so that is no error).
 * - neither: every migration is new.
 *
 * Renames: a file moved to another directory under the same name is the same migration
 * (its content changes, if any, count as modified); a file renamed to another name is
 * deleted and added, because migration tools identify a migration by its file name
 * (version and description), so a database that ran the old one treats the new one as new.
 *
 * Findings, for migrations already on the base branch:
 * - error `modified-migration` when the change modified its up file (or the dbmate file);
 *   a warning when it modified only its separate down (golang-migrate, pop) or undo (Flyway)
 *   file, which deployed databases run only on rollback;
 * - warning `deleted-migration` when the change deleted or renamed one of its files;
 * - notice `added-down-migration` when the change added a down/undo file to it;
 * and for new ones:
 * - warning `out-of-order` when its version sorts before the newest base migration's.
 */
export function planMigrations(set: MigrationSet, opts: PlanOptions): MigrationPlan {
  const format = formatNamed(set.format);
  const paths = pathMapper(set, opts, format);
  const changes = opts.changes === null ? null : normalizeChanges(opts.changes);

  let isNew: (m: Migration) => boolean;
  let baseLabel: string;
  if (opts.newFrom !== null) {
    const from = format.parseNewFrom(opts.newFrom);
    isNew = (m) => m.kind === 'versioned' && format.compareVersions(versionKey(format, m), from) >= 0;
    baseLabel = `--new-from ${opts.newFrom}`;
  } else if (changes !== null) {
    isNew = (m) => {
      const up = paths.toRepo(m.up.file);
      if (m.kind === 'repeatable') return changes.added.has(up) || changes.modified.has(up);
      return changes.added.has(up);
    };
    baseLabel = opts.changesLabel ?? 'changed files';
  } else {
    isNew = () => true;
    baseLabel = NO_BASE_LABEL;
  }

  const base: Migration[] = [];
  const added: Migration[] = [];
  for (const m of set.migrations) (isNew(m) ? added : base).push(m);

  const findings: Finding[] = [];
  if (changes !== null) findings.push(...changeFindings(set, base, changes, paths));
  findings.push(...outOfOrderFindings(format, base, added));
  return { base, new: added, findings, baseLabel };
}

// ---------------------------------------------------------------------------------------
// Paths

interface PathMapper {
  /** Repository-relative path (forward slashes) of a `Migration*.file` (relative to `set.root`). */
  toRepo(file: string): string;
  /** The label of a repository-relative path as reports show files (relative to `set.root`). */
  toLabel(repoPath: string): string;
  /** Whether a repository-relative path is a file the format reads in the migrations directory. */
  isMigrationFile(repoPath: string): boolean;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function pathMapper(set: MigrationSet, opts: PlanOptions, format: MigrationFormat): PathMapper {
  const repoRoot = path.resolve(opts.repoRoot);
  // Usually the same directory: the labels' root is the repository's, found the same way.
  const root = path.resolve(set.root);
  const toRepo = (file: string): string => toPosix(path.relative(repoRoot, path.resolve(root, file)));
  const dir = toRepo(set.dir);
  if (opts.changes !== null && (dir === '..' || dir.startsWith('../') || path.isAbsolute(dir))) {
    throw new UsageError(
      `migrations directory ${path.resolve(root, set.dir)} is outside the repository at ${repoRoot}: cannot tell the change's migrations from the base branch's`,
    );
  }
  const prefix = dir === '' ? '' : `${dir}/`;
  return {
    toRepo,
    toLabel: (repoPath) => {
      const rel = toPosix(path.relative(root, path.resolve(repoRoot, repoPath)));
      return rel === '' ? '.' : rel;
    },
    isMigrationFile: (repoPath) => {
      return repoPath.startsWith(prefix) && format.isMigrationPath(repoPath.slice(prefix.length));
    },
  };
}

// ---------------------------------------------------------------------------------------
// Changes

interface NormalizedChanges {
  added: Set<string>;
  modified: Set<string>;
  deleted: Set<string>;
  /** Renamed to another name: old path -> new path (the new path is in `added`). */
  renamedAway: Map<string, string>;
  /** Moved to another directory under the same name: new path -> old path. */
  moved: Map<string, string>;
}

function normalizePath(p: string): string {
  return path.posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '');
}

/** Applies the rename rule: same name in another directory = moved, otherwise deleted + added. */
function normalizeChanges(changes: FileChanges): NormalizedChanges {
  const out: NormalizedChanges = {
    added: new Set(changes.added.map(normalizePath)),
    modified: new Set(changes.modified.map(normalizePath)),
    deleted: new Set(changes.deleted.map(normalizePath)),
    renamedAway: new Map(),
    moved: new Map(),
  };
  for (const rename of changes.renamed) {
    const from = normalizePath(rename.from);
    const to = normalizePath(rename.to);
    if (path.posix.basename(from) === path.posix.basename(to)) {
      out.moved.set(to, from);
    } else {
      out.renamedAway.set(from, to);
      out.added.add(to);
      out.modified.delete(to);
    }
  }
  return out;
}

function changeFindings(
  set: MigrationSet,
  base: readonly Migration[],
  changes: NormalizedChanges,
  paths: PathMapper,
): Finding[] {
  // The migration each current file belongs to, to attach deleted down files to it.
  const owner = new Map<string, Migration>();
  for (const m of set.migrations) {
    owner.set(paths.toRepo(m.up.file), m);
    if (m.down) owner.set(paths.toRepo(m.down.file), m);
  }
  return [
    ...landedChangeFindings(base, changes, paths),
    ...deletedFindings(changes, paths, owner),
    ...renamedFindings(changes, paths, owner),
  ];
}

/** Base migrations whose files the change modified, or gave a down script. */
function landedChangeFindings(base: readonly Migration[], changes: NormalizedChanges, paths: PathMapper): Finding[] {
  const findings: Finding[] = [];
  for (const m of base) {
    const up = paths.toRepo(m.up.file);
    const down = m.down && m.down.file !== m.up.file ? paths.toRepo(m.down.file) : null;
    // Repeatable migrations that changed are new; an unchanged one cannot be modified here.
    if (changes.modified.has(up) && m.kind === 'versioned') {
      findings.push({
        severity: 'error',
        rule: 'modified-migration',
        migration: m.id,
        message: `migrations cannot be changed once landed: ${m.up.file}`,
      });
    }
    if (down !== null && m.down) {
      if (changes.modified.has(down)) {
        findings.push({
          severity: 'warning',
          rule: 'modified-migration',
          migration: m.id,
          message: `migrations cannot be changed once landed: ${m.down.file} (the down script only: databases that ran the migration run the changed one on rollback)`,
        });
      } else if (changes.added.has(down) && !changes.added.has(up)) {
        findings.push({
          severity: 'notice',
          rule: 'added-down-migration',
          migration: m.id,
          message: `down script added to a migration already on the base branch: ${m.down.file}`,
        });
      }
    }
  }
  return findings;
}

function deletedFindings(
  changes: NormalizedChanges,
  paths: PathMapper,
  owner: ReadonlyMap<string, Migration>,
): Finding[] {
  const findings: Finding[] = [];
  const deleted = [...changes.deleted].filter((p) => paths.isMigrationFile(p));
  // Moved out of the migrations directory: gone for the migration tool.
  for (const [to, from] of changes.moved) {
    if (paths.isMigrationFile(from) && !paths.isMigrationFile(to)) deleted.push(from);
  }
  const gone = new Set(deleted);
  for (const file of deleted.sort()) {
    // One finding per migration: a down file deleted with its up file is said with the up one.
    if (upSiblings(file).some((up) => gone.has(up))) continue;
    const label = paths.toLabel(file);
    const remaining = upSiblings(file)
      .map((up) => owner.get(up))
      .find((m) => m !== undefined);
    findings.push({
      severity: 'warning',
      rule: 'deleted-migration',
      migration: remaining?.id ?? null,
      message: remaining
        ? `a script of a migration already on the base branch was deleted: ${label}`
        : `a migration already on the base branch was deleted: ${label}; databases that ran it keep what it did`,
    });
  }
  return findings;
}

function renamedFindings(
  changes: NormalizedChanges,
  paths: PathMapper,
  owner: ReadonlyMap<string, Migration>,
): Finding[] {
  const findings: Finding[] = [];
  const renamed = [...changes.renamedAway].filter(([from]) => paths.isMigrationFile(from));
  const renamedFrom = new Set(renamed.map(([from]) => from));
  for (const [from, to] of renamed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (upSiblings(from).some((up) => renamedFrom.has(up))) continue;
    findings.push({
      severity: 'warning',
      rule: 'deleted-migration',
      migration: owner.get(to)?.id ?? null,
      message: `a migration already on the base branch was renamed: ${paths.toLabel(from)} -> ${paths.toLabel(to)}; migration tools see the new name as a new migration, which runs again where the old one already ran`,
    });
  }
  return findings;
}

/**
 * The paths the up file of a down/undo file would have: golang-migrate and pop `.down.` ->
 * `.up.`, Flyway `U` -> `V`, Sqitch `revert/x.sql` and `verify/x.sql` -> `deploy/x.sql`; none
 * for other files.
 */
function upSiblings(file: string): string[] {
  const dir = path.posix.dirname(file);
  const name = path.posix.basename(file);
  const candidates = [name.replace(/\.down\.([^.]+)$/, '.up.$1'), name.replace(/^U(\d)/, 'V$1')];
  const sqitch = file.replace(/(^|\/)(?:revert|verify)\//, '$1deploy/');
  return [
    ...candidates.filter((c) => c !== name).map((c) => (dir === '.' ? c : `${dir}/${c}`)),
    ...(sqitch !== file ? [sqitch] : []),
  ];
}

// ---------------------------------------------------------------------------------------
// Versions

/** What orders a migration in its format: plain files are ordered by their whole name. */
function versionKey(format: MigrationFormat, m: Migration): string {
  return format.versionKey ? format.versionKey(m) : m.version;
}

function outOfOrderFindings(
  format: MigrationFormat,
  base: readonly Migration[],
  added: readonly Migration[],
): Finding[] {
  let newest: Migration | undefined;
  for (const m of base) {
    if (m.kind !== 'versioned') continue;
    if (!newest || format.compareVersions(versionKey(format, m), versionKey(format, newest)) > 0) newest = m;
  }
  if (!newest) return [];
  const last = newest;
  return added
    .filter(
      (m) => m.kind === 'versioned' && format.compareVersions(versionKey(format, m), versionKey(format, last)) < 0,
    )
    .map((m) => ({
      severity: 'warning' as const,
      rule: 'out-of-order',
      migration: m.id,
      message: `${m.up.file} sorts before ${last.up.file}, already on the base branch: ${format.outOfOrder}`,
      value: versionKey(format, m),
      limit: versionKey(format, last),
    }));
}
