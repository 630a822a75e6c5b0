import type { Severities, Thresholds } from '../config/schema.js';
import { formatBytes, formatCount, formatDuration } from '../report/format.js';
import type { Finding, Lock, MigrationRun } from '../report/model.js';
import { override } from './thresholds.js';

/**
 * Rules over the locks and rewrites observed in the migrations a change adds (GitLab's
 * lock_timeout culture, eugene's E4). A lock counts when it stops ordinary reads or writes
 * (PostgreSQL AccessExclusive, Exclusive, ShareRowExclusive, Share; MySQL exclusive metadata
 * locks) on a table that existed before the migration: a table it created itself is in use by
 * no one else.
 */

/** MariaDB's default lock_wait_timeout is a day, MySQL's a year: that long is no timeout at all. */
const NO_TIMEOUT_FROM_MS = 86_400_000;

const blocksTraffic = (l: Lock): boolean =>
  l.kind === 'table' && !l.created && (l.blocks === 'reads+writes' || l.blocks === 'writes');

const stops = (l: Lock): string => (l.blocks === 'reads+writes' ? 'reads and writes' : 'writes');

const where = (run: MigrationRun, line: number) => `at line ${line} of ${run.file}`;

/** Locks that stop reads and writes come before those that stop writes, then the longer held. */
export function worseLock(a: Lock, b: Lock): number {
  const rank = (l: Lock) => ['reads+writes', 'writes', 'ddl', 'none'].indexOf(l.blocks);
  return rank(a) - rank(b) || b.heldMs - a.heldMs;
}

/** Per relation, the worst blocking lock (the one a reader of the report waits on). */
function worstPerRelation(locks: readonly Lock[]): Lock[] {
  const worst = new Map<string, Lock>();
  for (const l of locks.filter(blocksTraffic)) {
    const known = worst.get(l.relation);
    if (!known || worseLock(l, known) < 0) worst.set(l.relation, l);
  }
  return [...worst.values()];
}

function heldTooLong(run: MigrationRun, worst: readonly Lock[], t: Thresholds, severity: Severities): Finding[] {
  const limit = override(t.lockHeld.perMigration, run) ?? t.lockHeld.default;
  if (limit === null) return [];
  return worst
    .filter((l) => l.heldMs > limit)
    .map((l) => ({
      severity: severity.lockHeld,
      rule: 'lock-held',
      migration: run.id,
      line: l.line,
      message: `${l.mode} on ${l.relation} ${where(run, l.line)} stopped ${stops(l)} for ${formatDuration(l.heldMs)}, over the ${formatDuration(limit)} limit`,
      value: l.heldMs,
      limit,
      unit: 'ms' as const,
    }));
}

/** PostgreSQL's lock_timeout 0 is none; MySQL's lock_wait_timeout is always set, at its long default. */
const timeoutText = (ms: number): string =>
  ms === 0 ? 'lock_timeout is 0' : `lock_wait_timeout is ${formatDuration(ms)}`;

function withoutTimeout(run: MigrationRun, worst: readonly Lock[], severity: Severities): Finding[] {
  return worst
    .filter((l) => l.lockTimeoutMs === 0 || (l.lockTimeoutMs ?? 0) >= NO_TIMEOUT_FROM_MS)
    .map((l) => ({
      severity: severity.lockTimeout,
      rule: 'lock-timeout',
      migration: run.id,
      line: l.line,
      message: `${l.mode} on ${l.relation} ${where(run, l.line)} was taken without a lock timeout (${timeoutText(
        l.lockTimeoutMs ?? 0,
      )}): behind a long-running transaction it would wait, and other sessions' ${stops(l)} would queue behind it`,
      value: l.lockTimeoutMs ?? 0,
      unit: 'ms' as const,
    }));
}

function statementsAfter(run: MigrationRun, worst: readonly Lock[], severity: Severities): Finding[] {
  return worst
    .filter((l) => (l.statementsAfter ?? 0) > 0)
    .map((l) => ({
      severity: severity.statementsAfterLock,
      rule: 'statements-after-lock',
      migration: run.id,
      line: l.line,
      message: `${formatCount(l.statementsAfter ?? 0)} more statement(s) ran for ${formatDuration(
        l.statementsAfterMs ?? 0,
      )} in the same transaction after ${l.mode} on ${l.relation} was taken ${where(run, l.line)}, holding it: commit before them, or take the lock last`,
      value: l.statementsAfter ?? 0,
      unit: 'count' as const,
    }));
}

function rewrites(run: MigrationRun, severity: Severities): Finding[] {
  return (run.rewrites ?? [])
    .filter((r) => r.kind === 'table')
    .map((r) => ({
      severity: severity.rewrite,
      rule: 'table-rewrite',
      migration: run.id,
      ...(r.line !== null ? { line: r.line } : {}),
      message: `rewrote ${r.relation}${r.line !== null ? ` ${where(run, r.line)}` : ''}${
        r.sizeBytes !== null ? ` (${formatBytes(r.sizeBytes)})` : ''
      }: its storage was replaced, under a lock that stops writes for as long as the copy takes`,
      ...(r.sizeBytes !== null ? { value: r.sizeBytes, unit: 'bytes' as const } : {}),
    }));
}

/** Findings over the locks and rewrites of every new migration that ran. */
export function lockFindings(runs: readonly MigrationRun[], t: Thresholds, severity: Severities): Finding[] {
  const out: Finding[] = [];
  const off = new Set<string>();
  for (const run of runs) {
    if (run.phase !== 'new' || run.status === 'skipped') continue;
    if (run.locks === null) off.add(run.lockObservation ?? 'lock observation is off');
    const worst = worstPerRelation(run.locks ?? []);
    out.push(
      ...heldTooLong(run, worst, t, severity),
      ...withoutTimeout(run, worst, severity),
      ...statementsAfter(run, worst, severity),
      ...rewrites(run, severity),
    );
  }
  for (const message of off) out.push({ severity: 'notice', rule: 'locks-not-observed', migration: null, message });
  return out;
}
