/**
 * Sqitch projects: the migrations directory is the project directory (the one holding
 * `sqitch.plan`, and optionally `sqitch.conf`). Each change of the plan is one migration, in plan
 * order: up = deploy/<change>.sql, down = revert/<change>.sql, verify = verify/<change>.sql.
 * Sqitch runs each script through the engine's client (psql -f with ON_ERROR_STOP, mysql) without
 * wrapping it in a transaction; its templates put BEGIN/COMMIT inside the scripts, which are sent
 * here as the statements they are (transaction mode `none`).
 *
 * Where this differs from `sqitch deploy --verify`, and why:
 * - the verify script runs after the registry rows are written (the runner's order); sqitch
 *   verifies first and, on failure, reverts instead of recording. The run fails either way.
 * - verify runs after every deploy (sqitch only with --verify or deploy.verify = true).
 * - the committer is sqitch.conf's [user] name/email, else migration-test <migration-test@localhost>.
 * - script_hash is the SHA-1 of the script as read (a UTF-8 byte-order mark removed); sqitch
 *   hashes the raw bytes, so the two differ only for a file starting with a BOM.
 * - MySQL/MariaDB: the registry's tables live in the tested database as `sqitch_*` (see
 *   sqitch-registry.ts); --migrations-table is the registry name (sqitch's --registry).
 * - isMigrationPath (what a pull request touched) knows the default deploy/revert/verify dirs only.
 * Sources: sqitch 1.3.1 (App::Sqitch::Plan, Plan::Change, Plan::Tag, Plan::Depend, Target,
 * Engine::pg/mysql, Role::DBIEngine) and its documentation (sqitch.plan, sqitch-configuration).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Migration } from '../types.js';
import { MigrationSourceError, UsageError } from '../../util/errors.js';
import { readMigrationFile } from '../read-file.js';
import { compareIntegers } from '../version.js';
import {
  mapLimited,
  migrationId,
  script,
  type FormatContext,
  type MigrationFile,
  type MigrationFormat,
} from './format.js';
import { parseSqitchConf, sqitchLayout, type SqitchLayout } from './sqitch-conf.js';
import {
  changeId,
  dependencyString,
  parseSqitchPlan,
  resolveRequired,
  tagId,
  type PlanChange,
  type SqitchPlan,
} from './sqitch-plan.js';
import { registryExtra, sqitchBookkeeping, type SqitchChangeRecord } from './sqitch-registry.js';

const SCRIPT_PATH = /^(deploy|revert|verify)\/.+\.sql$/;

export const sqitch: MigrationFormat = {
  name: 'sqitch',
  recursive: true,
  examples: ['sqitch.plan', 'deploy/users.sql', 'revert/users.sql', 'verify/users.sql'],
  description: {
    tool: 'Sqitch',
    files:
      '`sqitch.plan` (and `sqitch.conf`: `top_dir`, `plan_file`, `deploy_dir`, `revert_dir`, `verify_dir`), `deploy/<change>.sql`, reworked `deploy/<change>@<tag>.sql`',
    upDown: 'both (`revert/`); `verify/` runs after each deploy',
    versions: 'plan order (version = position in the plan)',
    transactions: {
      postgres:
        'each script as `psql -f` runs it: no transaction around it, its own `BEGIN`/`COMMIT` sent as statements',
      mysql: 'each script as `mysql` runs it: no transaction around it, its own `BEGIN`/`COMMIT` sent as statements',
    },
    detection: '`sqitch.plan` or `sqitch.conf`',
    example: 'sqitch.plan',
  },
  detection: { markers: ['sqitch.plan', 'sqitch.conf'] },
  isMigrationPath: (inside) => SCRIPT_PATH.test(inside),
  compareVersions: compareIntegers,
  parseNewFrom(raw) {
    const value = raw.trim();
    if (/^[1-9]\d*$/.test(value)) return value;
    throw new UsageError(
      `--new-from ${raw}: not a sqitch version (expected the position of a change in sqitch.plan, counting from 1)`,
    );
  },
  outOfOrder:
    'sqitch deploys only the changes planned after the last deployed one: a change inserted before it never deploys where the base is deployed (`sqitch check` reports the divergence); add new changes at the end of the plan',
  bookkeeping: ({ table }) => sqitchBookkeeping(table ?? 'sqitch'),

  async load(files, ctx) {
    const byInside = new Map(files.map((f) => [f.inside, f]));
    const conf = byInside.get('sqitch.conf');
    const layout = sqitchLayout(
      conf ? parseSqitchConf(await readMigrationFile(conf.absPath, conf.file), conf.file) : new Map(),
      ctx.dialect,
      conf?.file ?? 'sqitch.conf',
    );
    const planFile = byInside.get(layout.planFile);
    if (!planFile) {
      throw new MigrationSourceError(
        `${labelOf(ctx, files, layout.planFile)}: no sqitch plan (sqitch reads ${layout.planFile})`,
      );
    }
    const plan = parseSqitchPlan(await readMigrationFile(planFile.absPath, planFile.file), planFile.file);
    const ids = changeIds(plan);
    return mapLimited(plan.changes, (change) =>
      loadChange(plan, change, ids, { byInside, layout, planFile, label: (inside) => labelOf(ctx, files, inside) }),
    );
  },
};

interface Where {
  byInside: ReadonlyMap<string, MigrationFile>;
  layout: SqitchLayout;
  planFile: MigrationFile;
  label(inside: string): string;
}

/** Every change's id, in plan order (each one's parent is the change before it). */
function changeIds(plan: SqitchPlan): string[] {
  const ids: string[] = [];
  for (const change of plan.changes) ids.push(changeId(plan, change, ids.at(-1) ?? null));
  return ids;
}

async function loadChange(
  plan: SqitchPlan,
  change: PlanChange,
  ids: readonly string[],
  where: Where,
): Promise<Migration> {
  const index = plan.changes.indexOf(change);
  const file = scriptFile(change, where);
  const deployPath = path.posix.join(where.layout.deployDir, file);
  const deploy = where.byInside.get(deployPath);
  if (!deploy) {
    throw new MigrationSourceError(
      `${where.planFile.file} line ${change.line}: change "${change.name}" has no deploy script ${where.label(deployPath)}`,
    );
  }
  const revert = where.byInside.get(path.posix.join(where.layout.revertDir, file));
  const verify = where.byInside.get(path.posix.join(where.layout.verifyDir, file));
  const deploySql = await readMigrationFile(deploy.absPath, deploy.file);
  const version = String(index + 1);
  const id = ids[index] as string;
  const record: SqitchChangeRecord = {
    changeId: id,
    scriptHash: createHash('sha1').update(deploySql, 'utf8').digest('hex'),
    change: change.name,
    project: plan.project,
    uri: plan.uri,
    note: change.note,
    plannedAt: change.timestamp,
    plannerName: change.plannerName,
    plannerEmail: change.plannerEmail,
    committerName: where.layout.committerName,
    committerEmail: where.layout.committerEmail,
    requires: change.requires.map((d) => dependencyString(d, plan.project)),
    conflicts: change.conflicts.map((d) => dependencyString(d, plan.project)),
    dependencies: [
      ...change.requires.map((d) => ({
        type: 'require' as const,
        dependency: dependencyString(d, plan.project),
        dependencyId: ids[resolveRequired(plan, d, index)] ?? null,
      })),
      ...change.conflicts.map((d) => ({
        type: 'conflict' as const,
        dependency: dependencyString(d, plan.project),
        dependencyId: null,
      })),
    ],
    tags: change.tags.map((t) => ({
      tagId: tagId(plan, t, id),
      tag: `@${t.name}`,
      note: t.note,
      plannedAt: t.timestamp,
      plannerName: t.plannerName,
      plannerEmail: t.plannerEmail,
    })),
  };
  return {
    id: migrationId(version, change.name),
    version,
    name: change.name,
    kind: 'versioned',
    up: script(deploy, deploySql, 'none'),
    down: revert ? script(revert, await readMigrationFile(revert.absPath, revert.file), 'none') : null,
    ...(verify ? { verify: script(verify, await readMigrationFile(verify.absPath, verify.file), 'none') } : {}),
    extra: registryExtra(record),
  };
}

/**
 * The script's path under each directory (Plan::Change path_segments): `<name>.<ext>`, or for an
 * earlier instance of a reworked change `<name>@<tag>.<ext>` of the first of its rework tags
 * found in the deploy directory (else the first one).
 */
function scriptFile(change: PlanChange, where: Where): string {
  const ext = `.${where.layout.extension}`;
  if (change.reworkTags.length === 0) return `${change.name}${ext}`;
  const candidates = change.reworkTags.map((t) => `${change.name}@${t.name}${ext}`);
  return (
    candidates.find((c) => where.byInside.has(path.posix.join(where.layout.deployDir, c))) ?? (candidates[0] as string)
  );
}

/** A path inside the project as messages name files (relative to the repository root). */
function labelOf(ctx: FormatContext, files: readonly MigrationFile[], inside: string): string {
  const sample = files[0];
  if (sample) {
    const prefix = sample.file.slice(0, sample.file.length - sample.inside.length);
    return `${prefix}${inside}`;
  }
  return path.posix.join(ctx.dirLabel, inside);
}
