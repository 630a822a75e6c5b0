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

function shortSql(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > SQL_IN_MESSAGE ? `${one.slice(0, SQL_IN_MESSAGE - 1)}…` : one;
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

    const durationLimit = override(t.duration.perMigration, run) ?? (run.type === 'post-deploy' ? t.duration.postDeploy : t.duration.regular);
    if (durationLimit !== null && run.durationMs !== null && run.durationMs > durationLimit) {
      out.push({
        severity: severity.duration,
        rule: 'duration',
        migration: run.id,
        message: `took ${formatDuration(run.durationMs)}, over the ${formatDuration(durationLimit)} limit for ${run.type} migrations`,
        value: formatDuration(run.durationMs),
        limit: formatDuration(durationLimit),
      });
    }

    for (const q of run.queries) {
      const limit = CONCURRENT_INDEX.test(q.sql) ? t.queryDuration.concurrentIndex : t.queryDuration.default;
      if (limit === null || q.maxMs <= limit) continue;
      out.push({
        severity: severity.queryDuration,
        rule: 'query-duration',
        migration: run.id,
        message: `a query took ${formatDuration(q.maxMs)} (limit ${formatDuration(limit)}): ${shortSql(q.sql)}`,
        value: formatDuration(q.maxMs),
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
export function unknownOverrideFindings(ids: ReadonlySet<string>, versions: ReadonlySet<string>, names: ReadonlySet<string>, t: Thresholds): Finding[] {
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
      out.push({ severity: 'warning', rule: 'config', migration: null, message: `${path}."${key}" names no migration` });
    }
  }
  return out;
}
