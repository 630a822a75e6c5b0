import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  formatBytes,
  formatCount,
  formatDuration
} from "./chunk-EB4YU66Y.js";
import {
  ThresholdsSchema
} from "./chunk-PCHNTTHX.js";

// src/rules/thresholds.ts
function override(map, run) {
  for (const key of [run.id, run.version, run.name]) if (key && key in map) return map[key];
  return void 0;
}
var CONCURRENT_INDEX = /\b(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY)\b/i;
var SQL_IN_MESSAGE = 120;
function shortSql(sql) {
  const lines = sql.trim().split("\n");
  const one = (lines[0] ?? "").replace(/\s+/g, " ").trim();
  if (one.length > SQL_IN_MESSAGE) return `${one.slice(0, SQL_IN_MESSAGE - 1)}\u2026`;
  return lines.length > 1 ? `${one} \u2026` : one;
}
function reappliedRun(runs, run) {
  const again = runs.find(
    (r) => r.phase === "reapply" && r.direction === "up" && r.id === run.id && r.status === "succeeded"
  );
  return again && didComparableWork(run, again) ? again : void 0;
}
var SMALL_WORK_ROWS = 100;
function didComparableWork(first, again) {
  if (again.statements !== first.statements) return false;
  return comparableRows(rowsTouched(first), rowsTouched(again));
}
function rowsTouched(run) {
  const { rowsRead, rowsChanged } = run.counters;
  if (rowsRead === null && rowsChanged === null) return null;
  return (rowsRead ?? 0) + (rowsChanged ?? 0);
}
function comparableRows(first, again) {
  if (first === null || again === null) return first === again;
  return first < SMALL_WORK_ROWS || again * 2 >= first;
}
function judge(first, again) {
  const measurements = [{ phase: "new", value: first }];
  if (again === null || again === void 0) return { best: first, measurements, words: "" };
  measurements.push({ phase: "reapply", value: again });
  const words = ` (the best of 2 runs: first up ${formatDuration(first)}, up again ${formatDuration(again)})`;
  return { best: Math.min(first, again), measurements, words };
}
function durationFinding(run, again, t, severity) {
  const limit = override(t.duration.perMigration, run) ?? (run.type === "post-deploy" ? t.duration.postDeploy : t.duration.regular);
  if (limit === null || run.durationMs === null) return [];
  const time = judge(run.durationMs, again?.durationMs);
  if (time.best <= limit) return [];
  const finding = {
    severity: severity.duration,
    rule: "duration",
    migration: run.id,
    message: `took ${formatDuration(time.best)}${time.words}, over the ${formatDuration(limit)} limit for ${run.type} migrations`,
    value: time.best,
    limit,
    unit: "ms",
    measurements: time.measurements
  };
  return [finding];
}
function queryFindings(run, again, t, severity) {
  const againBySql = new Map((again?.queries ?? []).map((q) => [q.sql, q]));
  const out = [];
  for (const q of run.queries) {
    const limit = CONCURRENT_INDEX.test(q.sql) ? t.queryDuration.concurrentIndex : t.queryDuration.default;
    if (limit === null) continue;
    const twin = againBySql.get(q.sql);
    const time = judge(q.maxMs, twin && comparableRows(q.rows, twin.rows) ? twin.maxMs : void 0);
    if (time.best <= limit) continue;
    out.push({
      severity: severity.queryDuration,
      rule: "query-duration",
      migration: run.id,
      ...q.line !== void 0 ? { line: q.line } : {},
      message: `a query took ${formatDuration(time.best)}${time.words} (limit ${formatDuration(limit)})${q.line !== void 0 ? ` at line ${q.line} of ${run.file}` : ""}: ${shortSql(q.sql)}`,
      value: time.best,
      limit,
      unit: "ms",
      measurements: time.measurements
    });
  }
  return out;
}
function countFindings(run, t, severity) {
  const out = [];
  const checks = [
    ["rows-read", "read", run.counters.rowsRead, t.rowsRead, severity.rowsRead],
    ["rows-changed", "changed", run.counters.rowsChanged, t.rowsChanged, severity.rowsChanged]
  ];
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
      unit: "rows"
    });
  }
  const sizeLimit = override(t.sizeDelta.perMigration, run) ?? t.sizeDelta.default;
  if (sizeLimit !== null && run.sizeDeltaBytes !== null && run.sizeDeltaBytes > sizeLimit) {
    out.push({
      severity: severity.sizeDelta,
      rule: "size-delta",
      migration: run.id,
      message: `grew the database by ${formatBytes(run.sizeDeltaBytes)}, over the ${formatBytes(sizeLimit)} limit`,
      value: run.sizeDeltaBytes,
      limit: sizeLimit,
      unit: "bytes"
    });
  }
  return out;
}
function thresholdFindings(runs, t, severity) {
  const out = [];
  for (const run of runs) {
    if (run.phase !== "new" || run.status !== "succeeded") continue;
    const again = reappliedRun(runs, run);
    out.push(
      ...durationFinding(run, again, t, severity),
      ...queryFindings(run, again, t, severity),
      ...countFindings(run, t, severity)
    );
  }
  return out;
}
function unknownOverrideFindings(ids, versions, names, t) {
  const out = [];
  const maps = [
    ["thresholds.duration.perMigration", t.duration.perMigration],
    ["thresholds.rowsRead.perMigration", t.rowsRead.perMigration],
    ["thresholds.rowsChanged.perMigration", t.rowsChanged.perMigration],
    ["thresholds.sizeDelta.perMigration", t.sizeDelta.perMigration],
    ["thresholds.lockHeld.perMigration", t.lockHeld.perMigration],
    ["thresholds.blockedTraffic.perMigration", t.blockedTraffic.perMigration]
  ];
  for (const [path, map] of maps) {
    for (const key of Object.keys(map)) {
      if (ids.has(key) || versions.has(key) || names.has(key)) continue;
      out.push({
        severity: "warning",
        rule: "config",
        migration: null,
        message: `${path}."${key}" names no migration`
      });
    }
  }
  return out;
}
var LIMITS = [
  ["duration.regular", "ms", "duration", (t) => t.duration.regular],
  ["duration.postDeploy", "ms", "duration", (t) => t.duration.postDeploy],
  ["queryDuration.default", "ms", "queryDuration", (t) => t.queryDuration.default],
  ["queryDuration.concurrentIndex", "ms", "queryDuration", (t) => t.queryDuration.concurrentIndex],
  ["rowsRead.default", "rows", "rowsRead", (t) => t.rowsRead.default],
  ["rowsChanged.default", "rows", "rowsChanged", (t) => t.rowsChanged.default],
  ["sizeDelta.default", "bytes", "sizeDelta", (t) => t.sizeDelta.default],
  ["lockHeld.default", "ms", "lockHeld", (t) => t.lockHeld.default],
  ["blockedTraffic.default", "ms", "blockedTraffic", (t) => t.blockedTraffic.default]
];
var OVERRIDES = [
  ["duration.perMigration", "ms", "duration", (t) => t.duration.perMigration],
  ["rowsRead.perMigration", "rows", "rowsRead", (t) => t.rowsRead.perMigration],
  ["rowsChanged.perMigration", "rows", "rowsChanged", (t) => t.rowsChanged.perMigration],
  ["sizeDelta.perMigration", "bytes", "sizeDelta", (t) => t.sizeDelta.perMigration],
  ["lockHeld.perMigration", "ms", "lockHeld", (t) => t.lockHeld.perMigration],
  ["blockedTraffic.perMigration", "ms", "blockedTraffic", (t) => t.blockedTraffic.perMigration]
];
var DEFAULTS = ThresholdsSchema.parse({});
function fileValue(file, name) {
  let v = file;
  for (const part of name.split(".")) {
    if (typeof v !== "object" || v === null || !(part in v)) return void 0;
    v = v[part];
  }
  return v;
}
function resolvedThresholds(t, severity, fileThresholds) {
  const known = fileThresholds !== void 0;
  const out = LIMITS.map(([name, unit, rule, get]) => {
    const fromFile = known ? fileValue(fileThresholds, name) !== void 0 : get(t) !== get(DEFAULTS);
    return { name, limit: get(t), unit, severity: severity[rule], source: fromFile ? "config" : "default" };
  });
  for (const [name, unit, rule, get] of OVERRIDES)
    for (const [migration, limit] of Object.entries(get(t)))
      out.push({ name, migration, limit, unit, severity: severity[rule], source: "override" });
  return out;
}

// src/rules/locks.ts
var NO_TIMEOUT_FROM_MS = 864e5;
var blocksTraffic = (l) => l.kind === "table" && !l.created && (l.blocks === "reads+writes" || l.blocks === "writes");
var stops = (l) => l.blocks === "reads+writes" ? "reads and writes" : "writes";
var where = (run, line) => `at line ${line} of ${run.file}`;
function worseLock(a, b) {
  const rank = (l) => ["reads+writes", "writes", "ddl", "none"].indexOf(l.blocks);
  return rank(a) - rank(b) || b.heldMs - a.heldMs;
}
function worstPerRelation(locks) {
  const worst = /* @__PURE__ */ new Map();
  for (const l of locks.filter(blocksTraffic)) {
    const known = worst.get(l.relation);
    if (!known || worseLock(l, known) < 0) worst.set(l.relation, l);
  }
  return [...worst.values()];
}
function heldTooLong(run, worst, t, severity) {
  const limit = override(t.lockHeld.perMigration, run) ?? t.lockHeld.default;
  if (limit === null) return [];
  return worst.filter((l) => l.heldMs > limit).map((l) => ({
    severity: severity.lockHeld,
    rule: "lock-held",
    migration: run.id,
    line: l.line,
    message: `${l.mode} on ${l.relation} ${where(run, l.line)} stopped ${stops(l)} for ${formatDuration(l.heldMs)}, over the ${formatDuration(limit)} limit`,
    value: l.heldMs,
    limit,
    unit: "ms"
  }));
}
var timeoutText = (ms) => ms === 0 ? "lock_timeout is 0" : `lock_wait_timeout is ${formatDuration(ms)}`;
function withoutTimeout(run, worst, severity) {
  return worst.filter((l) => l.lockTimeoutMs === 0 || (l.lockTimeoutMs ?? 0) >= NO_TIMEOUT_FROM_MS).map((l) => ({
    severity: severity.lockTimeout,
    rule: "lock-timeout",
    migration: run.id,
    line: l.line,
    message: `${l.mode} on ${l.relation} ${where(run, l.line)} was taken without a lock timeout (${timeoutText(
      l.lockTimeoutMs ?? 0
    )}): behind a long-running transaction it would wait, and other sessions' ${stops(l)} would queue behind it`,
    value: l.lockTimeoutMs ?? 0,
    unit: "ms"
  }));
}
function statementsAfter(run, worst, severity) {
  return worst.filter((l) => (l.statementsAfter ?? 0) > 0).map((l) => ({
    severity: severity.statementsAfterLock,
    rule: "statements-after-lock",
    migration: run.id,
    line: l.line,
    message: `${formatCount(l.statementsAfter ?? 0)} more statement(s) ran for ${formatDuration(
      l.statementsAfterMs ?? 0
    )} in the same transaction after ${l.mode} on ${l.relation} was taken ${where(run, l.line)}, holding it: commit before them, or take the lock last`,
    value: l.statementsAfter ?? 0,
    unit: "count"
  }));
}
function rewrites(run, severity) {
  return (run.rewrites ?? []).filter((r) => r.kind === "table").map((r) => ({
    severity: severity.rewrite,
    rule: "table-rewrite",
    migration: run.id,
    ...r.line !== null ? { line: r.line } : {},
    message: `rewrote ${r.relation}${r.line !== null ? ` ${where(run, r.line)}` : ""}${r.sizeBytes !== null ? ` (${formatBytes(r.sizeBytes)})` : ""}: its storage was replaced, under a lock that stops writes for as long as the copy takes`,
    ...r.sizeBytes !== null ? { value: r.sizeBytes, unit: "bytes" } : {}
  }));
}
function lockFindings(runs, t, severity) {
  const out = [];
  const off = /* @__PURE__ */ new Set();
  for (const run of runs) {
    if (run.phase !== "new" || run.status === "skipped") continue;
    if (run.locks === null) off.add(run.lockObservation ?? "lock observation is off");
    const worst = worstPerRelation(run.locks ?? []);
    out.push(
      ...heldTooLong(run, worst, t, severity),
      ...withoutTimeout(run, worst, severity),
      ...statementsAfter(run, worst, severity),
      ...rewrites(run, severity)
    );
  }
  for (const message of off) out.push({ severity: "notice", rule: "locks-not-observed", migration: null, message });
  return out;
}

export {
  override,
  thresholdFindings,
  unknownOverrideFindings,
  resolvedThresholds,
  worseLock,
  lockFindings
};
