import { type Severities, type Thresholds, ThresholdsSchema } from '../config/schema.js';
import { formatBytes, formatCount, formatDuration } from '../report/format.js';
import type { Finding, MigrationRun, ResolvedThreshold } from '../report/model.js';

type Measurement = NonNullable<Finding['measurements']>[number];

/** A per-migration override is keyed by id ("20240101_backfill"), version or name. */
export function override<T>(map: Record<string, T>, run: MigrationRun): T | undefined {
  for (const key of [run.id, run.version, run.name]) if (key && key in map) return map[key];
  return undefined;
}

const CONCURRENT_INDEX = /\b(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY)\b/i;
const SQL_IN_MESSAGE = 120;

/** The statement's first line, cut short: enough to find it, with the line it starts on. */
function shortSql(sql: string): string {
  const lines = sql.trim().split('\n');
  const one = (lines[0] ?? '').replace(/\s+/g, ' ').trim();
  if (one.length > SQL_IN_MESSAGE) return `${one.slice(0, SQL_IN_MESSAGE - 1)}…`;
  return lines.length > 1 ? `${one} …` : one;
}

/**
 * The same migration applied up again by the rollback cycle. A time limit judges the best of
 * the two runs: one slow run on a busy machine is noise, two are the migration's own cost.
 */
function reappliedRun(runs: readonly MigrationRun[], run: MigrationRun): MigrationRun | undefined {
  const again = runs.find(
    (r) => r.phase === 'reapply' && r.direction === 'up' && r.id === run.id && r.status === 'succeeded',
  );
  return again && didComparableWork(run, again) ? again : undefined;
}

/** Below this many rows, a run's work is its statements, not its data. */
const SMALL_WORK_ROWS = 100;

/**
 * Whether the up again redid the first up's work, so that its time measures the same thing. A
 * down seldom restores data: after a purge or a backfill, the up again finds nothing left to do
 * and is fast, and judging it would pass a migration whose first run was slow. It counts when it
 * ran as many statements and touched at least half as many rows (read or changed).
 */
export function didComparableWork(first: MigrationRun, again: MigrationRun): boolean {
  if (again.statements !== first.statements) return false;
  return comparableRows(rowsTouched(first), rowsTouched(again));
}

function rowsTouched(run: MigrationRun): number | null {
  const { rowsRead, rowsChanged } = run.counters;
  if (rowsRead === null && rowsChanged === null) return null;
  return (rowsRead ?? 0) + (rowsChanged ?? 0);
}

function comparableRows(first: number | null, again: number | null): boolean {
  if (first === null || again === null) return first === again;
  return first < SMALL_WORK_ROWS || again * 2 >= first;
}

/** The runs a time was measured on, and the best of them, which is what a limit judges. */
interface Judged {
  best: number;
  measurements: Measurement[];
  /** " (the best of 2 runs: first up 250 ms, up again 210 ms)", or "" for one run. */
  words: string;
}

function judge(first: number, again: number | null | undefined): Judged {
  const measurements: Measurement[] = [{ phase: 'new', value: first }];
  if (again === null || again === undefined) return { best: first, measurements, words: '' };
  measurements.push({ phase: 'reapply', value: again });
  const words = ` (the best of 2 runs: first up ${formatDuration(first)}, up again ${formatDuration(again)})`;
  return { best: Math.min(first, again), measurements, words };
}

function durationFinding(
  run: MigrationRun,
  again: MigrationRun | undefined,
  t: Thresholds,
  severity: Severities,
): Finding[] {
  const limit =
    override(t.duration.perMigration, run) ?? (run.type === 'post-deploy' ? t.duration.postDeploy : t.duration.regular);
  if (limit === null || run.durationMs === null) return [];
  const time = judge(run.durationMs, again?.durationMs);
  if (time.best <= limit) return [];
  const finding: Finding = {
    severity: severity.duration,
    rule: 'duration',
    migration: run.id,
    message: `took ${formatDuration(time.best)}${time.words}, over the ${formatDuration(limit)} limit for ${run.type} migrations`,
    value: time.best,
    limit,
    unit: 'ms',
    measurements: time.measurements,
  };
  return [finding];
}

function queryFindings(
  run: MigrationRun,
  again: MigrationRun | undefined,
  t: Thresholds,
  severity: Severities,
): Finding[] {
  const againBySql = new Map((again?.queries ?? []).map((q) => [q.sql, q]));
  const out: Finding[] = [];
  for (const q of run.queries) {
    const limit = CONCURRENT_INDEX.test(q.sql) ? t.queryDuration.concurrentIndex : t.queryDuration.default;
    if (limit === null) continue;
    const twin = againBySql.get(q.sql);
    // A statement that found fewer rows the second time did other work: the first run alone counts.
    const time = judge(q.maxMs, twin && comparableRows(q.rows, twin.rows) ? twin.maxMs : undefined);
    if (time.best <= limit) continue;
    out.push({
      severity: severity.queryDuration,
      rule: 'query-duration',
      migration: run.id,
      ...(q.line !== undefined ? { line: q.line } : {}),
      message: `a query took ${formatDuration(time.best)}${time.words} (limit ${formatDuration(limit)})${q.line !== undefined ? ` at line ${q.line} of ${run.file}` : ''}: ${shortSql(q.sql)}`,
      value: time.best,
      limit,
      unit: 'ms',
      measurements: time.measurements,
    });
  }
  return out;
}

function countFindings(run: MigrationRun, t: Thresholds, severity: Severities): Finding[] {
  const out: Finding[] = [];
  const checks = [
    ['rows-read', 'read', run.counters.rowsRead, t.rowsRead, severity.rowsRead],
    ['rows-changed', 'changed', run.counters.rowsChanged, t.rowsChanged, severity.rowsChanged],
  ] as const;
  for (const [rule, verb, value, limits, level] of checks) {
    const limit = override(limits.perMigration, run) ?? limits.default;
    if (limit === null || value === null || value <= limit) continue;
    out.push({
      severity: level,
      rule,
      migration: run.id,
      message: `${verb} ${formatCount(value)} rows, over the limit of ${formatCount(limit)}`,
      value,
      limit,
      unit: 'rows',
    });
  }
  const sizeLimit = override(t.sizeDelta.perMigration, run) ?? t.sizeDelta.default;
  if (sizeLimit !== null && run.sizeDeltaBytes !== null && run.sizeDeltaBytes > sizeLimit) {
    out.push({
      severity: severity.sizeDelta,
      rule: 'size-delta',
      migration: run.id,
      message: `grew the database by ${formatBytes(run.sizeDeltaBytes)}, over the ${formatBytes(sizeLimit)} limit`,
      value: run.sizeDeltaBytes,
      limit: sizeLimit,
      unit: 'bytes',
    });
  }
  return out;
}

/**
 * GitLab's and turbo-hipster's checks on the migrations a change adds: wall time by type,
 * per-query time, rows read and changed, size growth. Each breach is one finding carrying the
 * value and the limit as numbers in their unit; a time carries the runs it was judged on.
 */
export function thresholdFindings(runs: readonly MigrationRun[], t: Thresholds, severity: Severities): Finding[] {
  const out: Finding[] = [];
  for (const run of runs) {
    if (run.phase !== 'new' || run.status !== 'succeeded') continue;
    const again = reappliedRun(runs, run);
    out.push(
      ...durationFinding(run, again, t, severity),
      ...queryFindings(run, again, t, severity),
      ...countFindings(run, t, severity),
    );
  }
  return out;
}

/** Per-migration overrides that name no migration are most likely typos. */
export function unknownOverrideFindings(
  ids: ReadonlySet<string>,
  versions: ReadonlySet<string>,
  names: ReadonlySet<string>,
  t: Thresholds,
): Finding[] {
  const out: Finding[] = [];
  const maps: [string, Record<string, unknown>][] = [
    ['thresholds.duration.perMigration', t.duration.perMigration],
    ['thresholds.rowsRead.perMigration', t.rowsRead.perMigration],
    ['thresholds.rowsChanged.perMigration', t.rowsChanged.perMigration],
    ['thresholds.sizeDelta.perMigration', t.sizeDelta.perMigration],
    ['thresholds.lockHeld.perMigration', t.lockHeld.perMigration],
    ['thresholds.blockedTraffic.perMigration', t.blockedTraffic.perMigration],
  ];
  for (const [path, map] of maps) {
    for (const key of Object.keys(map)) {
      if (ids.has(key) || versions.has(key) || names.has(key)) continue;
      out.push({
        severity: 'warning',
        rule: 'config',
        migration: null,
        message: `${path}."${key}" names no migration`,
      });
    }
  }
  return out;
}

/** A threshold's limit in its unit, and the severity key that grades a breach. */
const LIMITS = [
  ['duration.regular', 'ms', 'duration', (t: Thresholds) => t.duration.regular],
  ['duration.postDeploy', 'ms', 'duration', (t: Thresholds) => t.duration.postDeploy],
  ['queryDuration.default', 'ms', 'queryDuration', (t: Thresholds) => t.queryDuration.default],
  ['queryDuration.concurrentIndex', 'ms', 'queryDuration', (t: Thresholds) => t.queryDuration.concurrentIndex],
  ['rowsRead.default', 'rows', 'rowsRead', (t: Thresholds) => t.rowsRead.default],
  ['rowsChanged.default', 'rows', 'rowsChanged', (t: Thresholds) => t.rowsChanged.default],
  ['sizeDelta.default', 'bytes', 'sizeDelta', (t: Thresholds) => t.sizeDelta.default],
  ['lockHeld.default', 'ms', 'lockHeld', (t: Thresholds) => t.lockHeld.default],
  ['blockedTraffic.default', 'ms', 'blockedTraffic', (t: Thresholds) => t.blockedTraffic.default],
] as const;

const OVERRIDES = [
  ['duration.perMigration', 'ms', 'duration', (t: Thresholds) => t.duration.perMigration],
  ['rowsRead.perMigration', 'rows', 'rowsRead', (t: Thresholds) => t.rowsRead.perMigration],
  ['rowsChanged.perMigration', 'rows', 'rowsChanged', (t: Thresholds) => t.rowsChanged.perMigration],
  ['sizeDelta.perMigration', 'bytes', 'sizeDelta', (t: Thresholds) => t.sizeDelta.perMigration],
  ['lockHeld.perMigration', 'ms', 'lockHeld', (t: Thresholds) => t.lockHeld.perMigration],
  ['blockedTraffic.perMigration', 'ms', 'blockedTraffic', (t: Thresholds) => t.blockedTraffic.perMigration],
] as const;

const DEFAULTS: Thresholds = ThresholdsSchema.parse({});

/** The value at a dotted path of the config file's raw `thresholds`, or undefined when it is not there. */
function fileValue(file: unknown, name: string): unknown {
  let v: unknown = file;
  for (const part of name.split('.')) {
    if (typeof v !== 'object' || v === null || !(part in v)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/**
 * Every limit the run applied, with where it came from, for the report's settings. Thresholds
 * are set in the config file only (no flag or input sets them): given the file's raw
 * `thresholds`, a limit is "config" when the file sets it; without it, when it differs from the
 * default.
 */
export function resolvedThresholds(t: Thresholds, severity: Severities, fileThresholds?: unknown): ResolvedThreshold[] {
  const known = fileThresholds !== undefined;
  const out: ResolvedThreshold[] = LIMITS.map(([name, unit, rule, get]) => {
    const fromFile = known ? fileValue(fileThresholds, name) !== undefined : get(t) !== get(DEFAULTS);
    return { name, limit: get(t), unit, severity: severity[rule], source: fromFile ? 'config' : 'default' };
  });
  for (const [name, unit, rule, get] of OVERRIDES)
    for (const [migration, limit] of Object.entries(get(t)))
      out.push({ name, migration, limit, unit, severity: severity[rule], source: 'override' });
  return out;
}
