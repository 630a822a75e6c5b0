import type { Severities, Thresholds } from '../config/schema.js';
import { formatBytes, formatDuration } from '../report/format.js';
import type { Finding, MigrationRun } from '../report/model.js';

/** A per-migration override is keyed by id ("20240101_backfill"), version or name. */
function override<T>(map: Record<string, T>, run: MigrationRun): T | undefined {
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
  return runs.find((r) => r.phase === 'reapply' && r.direction === 'up' && r.id === run.id && r.status === 'succeeded');
}

function bestOf(first: number, again: number | null | undefined): number {
  return again === null || again === undefined ? first : Math.min(first, again);
}

/**
 * GitLab's and turbo-hipster's checks on the migrations a change adds: wall time by type,
 * per-query time, rows read and changed, size growth. Each breach is one finding carrying the
 * value and the limit.
 */
export function thresholdFindings(runs: readonly MigrationRun[], t: Thresholds, severity: Severities): Finding[] {
  const out: Finding[] = [];
  for (const run of runs) {
    if (run.phase !== 'new' || run.status !== 'succeeded') continue;
    const again = reappliedRun(runs, run);
    const runs2 = again ? ' (the best of 2 runs)' : '';
    const againMaxMs = new Map((again?.queries ?? []).map((q) => [q.sql, q.maxMs]));

    const durationLimit =
      override(t.duration.perMigration, run) ??
      (run.type === 'post-deploy' ? t.duration.postDeploy : t.duration.regular);
    const durationMs = run.durationMs === null ? null : bestOf(run.durationMs, again?.durationMs);
    if (durationLimit !== null && durationMs !== null && durationMs > durationLimit) {
      out.push({
        severity: severity.duration,
        rule: 'duration',
        migration: run.id,
        message: `took ${formatDuration(durationMs)}${runs2}, over the ${formatDuration(durationLimit)} limit for ${run.type} migrations`,
        value: formatDuration(durationMs),
        limit: formatDuration(durationLimit),
      });
    }

    for (const q of run.queries) {
      const limit = CONCURRENT_INDEX.test(q.sql) ? t.queryDuration.concurrentIndex : t.queryDuration.default;
      const maxMs = bestOf(q.maxMs, againMaxMs.get(q.sql));
      if (limit === null || maxMs <= limit) continue;
      out.push({
        severity: severity.queryDuration,
        rule: 'query-duration',
        migration: run.id,
        ...(q.line !== undefined ? { line: q.line } : {}),
        message: `a query took ${formatDuration(maxMs)}${runs2} (limit ${formatDuration(limit)})${q.line !== undefined ? ` at line ${q.line} of ${run.file}` : ''}: ${shortSql(q.sql)}`,
        value: formatDuration(maxMs),
        limit: formatDuration(limit),
      });
    }

    const rowsRead = override(t.rowsRead.perMigration, run) ?? t.rowsRead.default;
    if (rowsRead !== null && run.counters.rowsRead !== null && run.counters.rowsRead > rowsRead) {
      out.push({
        severity: severity.rowsRead,
        rule: 'rows-read',
        migration: run.id,
        message: `read ${run.counters.rowsRead.toLocaleString('en-US')} rows, over the limit of ${rowsRead.toLocaleString('en-US')}`,
        value: run.counters.rowsRead,
        limit: rowsRead,
      });
    }

    const rowsChanged = override(t.rowsChanged.perMigration, run) ?? t.rowsChanged.default;
    if (rowsChanged !== null && run.counters.rowsChanged !== null && run.counters.rowsChanged > rowsChanged) {
      out.push({
        severity: severity.rowsChanged,
        rule: 'rows-changed',
        migration: run.id,
        message: `changed ${run.counters.rowsChanged.toLocaleString('en-US')} rows, over the limit of ${rowsChanged.toLocaleString('en-US')}`,
        value: run.counters.rowsChanged,
        limit: rowsChanged,
      });
    }

    const sizeLimit = override(t.sizeDelta.perMigration, run) ?? t.sizeDelta.default;
    if (sizeLimit !== null && run.sizeDeltaBytes !== null && run.sizeDeltaBytes > sizeLimit) {
      out.push({
        severity: severity.sizeDelta,
        rule: 'size-delta',
        migration: run.id,
        message: `grew the database by ${formatBytes(run.sizeDeltaBytes)}, over the ${formatBytes(sizeLimit)} limit`,
        value: formatBytes(run.sizeDeltaBytes, true),
        limit: formatBytes(sizeLimit),
      });
    }
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
