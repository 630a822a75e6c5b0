import { describeDataSet } from './data-set.js';
import type { Finding, MigrationRun } from '../model.js';
import { formatBytes, formatCount, formatDuration, formatMeasure } from '../format.js';
import type { RenderContext } from './context.js';
import { codeSpan, escapeText, link } from './escape.js';
import {
  type ReportFacts,
  RUN_ICONS,
  SEVERITY_ICONS,
  TYPE_NAMES,
  engineName,
  formatTimestamp,
  labelWithPhase,
  migrationLabel,
  plural,
  sortFindings,
  sumOf,
  worstSeverity,
} from './facts.js';
import { runTime } from './run-time.js';
import { markdownTable } from './table.js';

/** A collapsed block; the blank lines keep Markdown inside it Markdown, not raw HTML. */
export function collapsed(summaryHtml: string, body: string): string {
  return `<details><summary>${summaryHtml}</summary>\n\n${body}\n\n</details>`;
}

const STATUS_LINES = {
  passed: '✅ **Passed**',
  warning: '⚠️ **Warning**',
  failed: '💥 **Failed**',
  error: '💥 **Could not run**',
} as const;

/** A run stopped by SIGINT/SIGTERM (a cancelled job) says so first: what follows is what it measured. */
function statusLine(facts: ReportFacts): string {
  const cancelled =
    facts.report.migrations.some((r) => r.status === 'cancelled') ||
    facts.report.findings.some((f) => f.rule === 'cancelled');
  return cancelled ? '🛑 **Cancelled** (what was measured before the run stopped)' : STATUS_LINES[facts.report.status];
}

function statusCounts(runs: readonly MigrationRun[]): string {
  const count = (s: MigrationRun['status']): string => formatCount(runs.filter((r) => r.status === s).length);
  const cancelled = runs.some((r) => r.status === 'cancelled') ? `, ${count('cancelled')} cancelled` : '';
  return `${count('succeeded')} succeeded, ${count('failed')} failed${cancelled}, ${count('skipped')} skipped`;
}

function rollbackClause(facts: ReportFacts): string | null {
  const down = facts.changed.filter((r) => r.phase === 'rollback');
  const again = facts.changed.filter((r) => r.phase === 'reapply');
  if (down.length === 0 && again.length === 0) return null;
  const failed = [...down, ...again].filter((r) => r.status === 'failed').length;
  return `rollback cycle: ${down.length} down, ${again.length} up again${failed ? `, ${failed} failed` : ''}`;
}

export function resultLine(facts: ReportFacts, ctx: RenderContext): string {
  const { fresh, base } = facts;
  const parts: string[] = [statusLine(facts)];
  parts.push(
    fresh.length === 0 ? 'no new migrations' : `${plural(fresh.length, 'new migration')}: ${statusCounts(fresh)}`,
  );
  const baseFailed = base.filter((r) => r.status === 'failed').length;
  if (baseFailed > 0) parts.push(`${plural(baseFailed, 'base migration')} failed`);
  if (fresh.length > 0) {
    parts.push(`${formatDuration(sumOf(fresh.map((r) => r.durationMs)) ?? 0)} in total (first up)`);
    parts.push(`DB size ${formatBytes(sumOf(fresh.map((r) => r.sizeDeltaBytes)), true)}`);
  }
  const rollback = rollbackClause(facts);
  if (rollback) parts.push(rollback);
  if (ctx.runUrl) parts.push(link('workflow run', ctx.runUrl));
  if (ctx.artifactUrl) parts.push(link('artifact', ctx.artifactUrl));
  return parts.join(' · ');
}

/** A number in the finding's unit; a string (a report from before units, or a version label) as written. */
function findingValue(v: Finding['value'], unit: Finding['unit']): string {
  if (v === undefined) return '';
  return typeof v === 'number' ? escapeText(formatMeasure(v, unit)) : escapeText(v, 60);
}

function findingWhere(facts: ReportFacts, f: Finding): string {
  if (f.migration === null) return '–';
  const run = facts.runById.get(f.migration);
  return run ? migrationLabel(run) : escapeText(f.migration);
}

function severityCounts(findings: readonly Finding[]): string {
  const n = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length;
  const parts = [
    n('error') ? plural(n('error'), 'error') : '',
    n('warning') ? plural(n('warning'), 'warning') : '',
    n('notice') ? plural(n('notice'), 'notice') : '',
  ];
  return parts.filter(Boolean).join(', ');
}

export interface FindingsLimits {
  maxRows: number | null;
  maxMessageChars: number | null;
}

export function findingsSection(facts: ReportFacts, limits: FindingsLimits): string | null {
  const all = sortFindings(facts.report.findings);
  if (all.length === 0) return null;
  const shown = limits.maxRows === null ? all : all.slice(0, limits.maxRows);
  const withNumbers = shown.some((f) => f.value !== undefined || f.limit !== undefined);
  const rows = shown.map((f) => {
    const cells = [
      SEVERITY_ICONS[f.severity],
      findingWhere(facts, f),
      `${escapeText(f.message, limits.maxMessageChars)} · ${codeSpan(f.rule, { inTable: true })}`,
    ];
    return withNumbers ? [...cells, findingValue(f.value, f.unit), findingValue(f.limit, f.unit)] : cells;
  });
  const headers = ['', 'Migration', 'Finding', ...(withNumbers ? ['Value', 'Limit'] : [])];
  const align = ['left', 'left', 'left', 'right', 'right'] as const;
  const more = all.length - shown.length;
  return [
    `#### Findings: ${severityCounts(all)}`,
    markdownTable(headers, align, rows),
    ...(more > 0 ? [`${plural(more, 'more finding')} in the artifact.`] : []),
  ].join('\n\n');
}

function resultCell(facts: ReportFacts, run: MigrationRun): string {
  const worst = worstSeverity(facts.findingsByRun.get(run) ?? []);
  const flag = run.status === 'succeeded' && worst && worst !== 'notice' ? ` ${SEVERITY_ICONS[worst]}` : '';
  return `${RUN_ICONS[run.status]} ${run.status}${flag}`;
}

export function migrationsTable(facts: ReportFacts, runs: readonly MigrationRun[]): string {
  return markdownTable(
    ['Migration', 'Type', 'Duration', 'Result', 'DB size change', 'Rows read', 'Rows changed'],
    ['left', 'left', 'right', 'left', 'right', 'right', 'right'],
    runs.map((r) =>
      facts.memo.get(r, 'row', () => [
        labelWithPhase(r),
        TYPE_NAMES[r.type],
        runTime(r),
        resultCell(facts, r),
        formatBytes(r.sizeDeltaBytes, true),
        formatCount(r.counters.rowsRead),
        formatCount(r.counters.rowsChanged),
      ]),
    ),
  );
}

/** The base migrations, newest last; a long history is cut from the front. */
const BASE_LIST_MAX = 50;

export function baseSection(facts: ReportFacts): string | null {
  const { base } = facts;
  if (base.length === 0) return null;
  const total = formatDuration(sumOf(base.map((r) => r.durationMs)) ?? 0);
  const shown = base.slice(-BASE_LIST_MAX);
  const lines = shown.map((r) => {
    const status = r.status === 'succeeded' ? '' : ` ${RUN_ICONS[r.status]} ${r.status}`;
    return `- ${migrationLabel(r)} · ${formatDuration(r.durationMs)}${status}`;
  });
  if (shown.length < base.length)
    lines.unshift(`- … ${plural(base.length - shown.length, 'earlier one')} in the artifact`);
  return collapsed(`${plural(base.length, 'base migration')} applied first · ${total}`, lines.join('\n'));
}

export function serverSection(facts: ReportFacts, ctx: RenderContext): string {
  const { report } = facts;
  const dataSet = ctx.dataSet ?? describeDataSet(report);
  const lines = [
    `- Server: ${engineName(report.database.engine)} ${escapeText(report.database.serverVersion)}, database label ${escapeText(report.database.label)}`,
    ...(dataSet ? [`- Data set: ${escapeText(dataSet)}`] : []),
    `- Migrations: ${codeSpan(report.source.dir)} (${escapeText(report.source.format)})` +
      (report.source.newMigrationsFrom ? `; new ones from ${escapeText(report.source.newMigrationsFrom)}` : ''),
    `- Tool: ${escapeText(report.tool.name)} ${escapeText(report.tool.version)}`,
    `- Started ${formatTimestamp(report.startedAt)}, finished ${formatTimestamp(report.finishedAt)}`,
  ];
  return collapsed('Server and data set', lines.join('\n'));
}

export type Audience = 'comment' | 'summary';

export function omittedNote(omitted: readonly string[], audience: Audience, ctx: RenderContext): string | null {
  if (omitted.length === 0) return null;
  const where =
    audience === 'comment'
      ? `The full report is in the ${link('job summary', ctx.runUrl)} and the ${link('artifact', ctx.artifactUrl)}.`
      : `The full report is in the ${link('artifact', ctx.artifactUrl)} (report.json and the statement logs).`;
  const limit = audience === 'comment' ? "GitHub's size limit for comments" : "GitHub's size limit for job summaries";
  return [
    '> [!NOTE]',
    `> Left out to stay within ${limit}:`,
    ...omitted.map((line) => `> - ${line}`),
    '>',
    `> ${where}`,
  ].join('\n');
}
