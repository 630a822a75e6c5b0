import type { MigrationRun, QueryStat } from '../model.js';
import { errorText } from '../error-text.js';
import { formatBytes, formatCount, formatDuration } from '../format.js';
import type { Detail } from './budget.js';
import type { RenderContext } from './context.js';
import { codeBlock, codeSpan, escapeText, link, oneLine } from './escape.js';
import {
  type ReportFacts,
  RUN_ICONS,
  SEVERITY_ICONS,
  TYPE_NAMES,
  labelWithPhase,
  plural,
  sortFindings,
} from './facts.js';
import { histogramTable, histogramTotal } from './histogram-chart.js';
import { collapsed } from './sections.js';
import { locksPart, worstLockSummary } from './locks.js';
import { runTime } from './run-time.js';
import { blockingLine, messageLines, worstBlocked } from './server-observations.js';
import { markdownTable } from './table.js';

/** Slowest first by total time; ties keep the report's order. */
export function topQueries(queries: readonly QueryStat[], n: number): QueryStat[] {
  if (n <= 0) return [];
  return queries
    .map((q, i) => ({ q, i }))
    .sort((a, b) => b.q.totalMs - a.q.totalMs || a.i - b.i)
    .slice(0, n)
    .map(({ q }) => q);
}

/** The n slowest queries of a run. */
export function slowestQueries(facts: ReportFacts, run: MigrationRun, n: number): QueryStat[] {
  return facts.memo.get(run, 'sorted', () => topQueries(run.queries, run.queries.length)).slice(0, Math.max(0, n));
}

/** Length of the SQL as a query table shows it in full. */
export function sqlLength(facts: ReportFacts, q: QueryStat): number {
  return facts.memo.get(q, 'length', () => oneLine(q.sql).length);
}

function queryTable(facts: ReportFacts, queries: readonly QueryStat[], sqlMaxChars: number | null): string {
  const { memo } = facts;
  return markdownTable(
    ['Query', 'Calls', 'Total', 'Max', 'Mean', 'Rows'],
    ['left', 'right', 'right', 'right', 'right', 'right'],
    queries.map((q) => [
      memo.get(q, `sql:${sqlMaxChars}`, () => codeSpan(q.sql, { inTable: true, maxChars: sqlMaxChars })),
      ...memo.get(q, 'numbers', () => [
        formatCount(q.calls),
        formatDuration(q.totalMs),
        formatDuration(q.maxMs),
        formatDuration(q.meanMs),
        formatCount(q.rows),
      ]),
    ]),
  );
}

function summaryLine(run: MigrationRun): string {
  const parts = [`${RUN_ICONS[run.status]} ${labelWithPhase(run)}`, formatDuration(run.durationMs)];
  if (run.status === 'failed') parts.push('failed');
  else if (run.sizeDeltaBytes !== null) parts.push(formatBytes(run.sizeDeltaBytes, true));
  const lock = worstLockSummary(run);
  if (lock) parts.push(lock);
  const blocked = worstBlocked(run);
  if (blocked) parts.push(`${escapeText(blocked.what, 60)} blocked ${formatDuration(blocked.ms)}`);
  return parts.join(' · ');
}

function sizeLine(run: MigrationRun): string {
  const range =
    run.sizeBeforeBytes !== null && run.sizeAfterBytes !== null
      ? ` (${formatBytes(run.sizeBeforeBytes)} → ${formatBytes(run.sizeAfterBytes)})`
      : '';
  const tables = (run.tableSizes ?? [])
    .filter((t) => t.deltaBytes !== 0)
    .slice(0, 3)
    .map((t) => `${escapeText(t.table, 60)} ${formatBytes(t.deltaBytes, true)}`);
  return `- DB size change: ${formatBytes(run.sizeDeltaBytes, true)}${range}${tables.length ? `; ${tables.join(', ')}` : ''}`;
}

function rowsLine(run: MigrationRun): string {
  const c = run.counters;
  return (
    `- Rows: ${formatCount(c.rowsRead)} read, ${formatCount(c.rowsChanged)} changed ` +
    `(${formatCount(c.rowsInserted)} inserted, ${formatCount(c.rowsUpdated)} updated, ${formatCount(c.rowsDeleted)} deleted)`
  );
}

/** The tool's own writes, apart: they are in none of the numbers above. */
function bookkeepingLine(run: MigrationRun): string | null {
  const b = run.bookkeeping;
  if (!b) return null;
  return `- The tool's bookkeeping: ${plural(b.statements, 'write')} to ${codeSpan(b.table)}, ${formatDuration(b.durationMs)} (not counted above)`;
}

function errorPart(run: MigrationRun): string | null {
  const e = run.error;
  if (!e) return null;
  const where = [
    e.code ? `code ${codeSpan(e.code)}` : '',
    e.line !== null ? `line ${e.line}` : '',
    e.positionLine !== undefined && e.positionLine !== e.line ? `at line ${e.positionLine}` : '',
    e.statementIndex !== null ? `statement ${e.statementIndex + 1}` : '',
  ].filter(Boolean);
  return `**Error**${where.length ? ` (${where.join(', ')})` : ''}:\n\n${codeBlock(errorText(e))}`;
}

function queriesPart(facts: ReportFacts, run: MigrationRun, detail: Detail, ctx: RenderContext): string | null {
  if (run.queries.length === 0) return null;
  const shown = slowestQueries(facts, run, detail.queriesPerMigration);
  const rest = run.queries.length - shown.length;
  const where = link('artifact', ctx.artifactUrl);
  const note =
    shown.length === 0
      ? `${plural(rest, 'query', 'queries')} in the ${where}.`
      : rest > 0
        ? `${plural(rest, 'more query', 'more queries')} in the ${where}.`
        : null;
  return [...(shown.length ? [queryTable(facts, shown, detail.sqlMaxChars)] : []), ...(note ? [note] : [])].join(
    '\n\n',
  );
}

/** Everything about a run that no level of detail changes. */
function detailsHead(facts: ReportFacts, run: MigrationRun): string {
  // A finding that quotes the error would say it twice: the error block below shows it.
  const error = run.error?.message.trim();
  const findings = sortFindings(facts.findingsByRun.get(run) ?? []).filter((f) => !error || !f.message.includes(error));
  const lines = [
    `- Type: ${TYPE_NAMES[run.type]}, ${run.transactional ? 'in a transaction' : 'outside a transaction'}, ${plural(run.statements, 'statement')}`,
    `- Duration: ${runTime(run)}`,
    sizeLine(run),
    rowsLine(run),
    ...[blockingLine(run), bookkeepingLine(run)].filter((l): l is string => l !== null),
    ...messageLines(run),
    `- File: ${codeSpan(run.file)}${run.logFile ? `, log ${codeSpan(run.logFile)}` : ''}`,
    ...findings.map((f) => `- ${SEVERITY_ICONS[f.severity]} ${escapeText(f.message)}`),
  ].join('\n');
  return [lines, errorPart(run)].filter((p): p is string => !!p).join('\n\n');
}

export function migrationDetails(facts: ReportFacts, run: MigrationRun, detail: Detail, ctx: RenderContext): string {
  const { memo } = facts;
  const head = memo.get(run, 'head', () => detailsHead(facts, run));
  const queries = memo.get(run, `queries:${detail.sqlMaxChars}:${detail.queriesPerMigration}`, () =>
    queriesPart(facts, run, detail, ctx),
  );
  const histogram = memo.get(run, 'histogram', () =>
    histogramTotal(run.histogram) > 0 ? histogramTable(run.histogram) : null,
  );
  const locks = memo.get(run, 'locks', () => locksPart(run));
  const body = [head, locks, queries, histogram].filter((p): p is string => !!p).join('\n\n');
  return collapsed(
    memo.get(run, 'summary', () => summaryLine(run)),
    body,
  );
}

/** Runs that get a <details>: the non-base runs that ran, and any base run that failed. */
export function runsWithDetails(facts: ReportFacts): MigrationRun[] {
  return facts.report.migrations.filter((r) => r.status !== 'skipped' && (r.phase !== 'base' || r.status === 'failed'));
}
