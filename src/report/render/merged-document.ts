import { worstLockSummary } from './locks.js';
import type { MigrationRun, Report, SingleReport } from '../model.js';
import { type Rendered, byteLength } from './budget.js';
import { formatCount, formatDuration } from '../format.js';
import type { RenderContext } from './context.js';
import { codeSpan, escapeText } from './escape.js';
import { RUN_ICONS, engineName, heading, plural, shortVersion } from './facts.js';
import { commentMarker } from './marker.js';
import { collapsed } from './sections.js';
import { markdownTable } from './table.js';
import type { DocumentOptions } from './document.js';

/** A migration this much slower on one database than on the fastest is called out. */
export const SLOWER_FACTOR = 10;
/** ...when the slower run took at least this long: below it, the difference is noise. */
export const SLOWER_MIN_MS = 100;

type RenderOne = (report: Report, ctx: RenderContext, options: DocumentOptions) => Rendered;

function column(r: SingleReport): string {
  return escapeText(`${r.database.label} (${engineName(r.database.engine)} ${shortVersion(r.database.serverVersion)})`);
}

interface Row {
  id: string;
  label: string;
  runs: (MigrationRun | undefined)[];
}

/** Rows: the new migrations of every database, in the order they first appear. */
function matrixRows(reports: readonly SingleReport[]): Row[] {
  const rows = new Map<string, Row>();
  reports.forEach((r, i) => {
    for (const m of r.migrations.filter((x) => x.phase === 'new')) {
      let row = rows.get(m.id);
      if (!row) rows.set(m.id, (row = { id: m.id, label: m.id, runs: [] }));
      row.runs[i] = m;
    }
  });
  return [...rows.values()].map((row) => ({ ...row, runs: reports.map((_, i) => row.runs[i]) }));
}

function cell(run: MigrationRun | undefined): string {
  if (!run) return '—';
  const parts = [RUN_ICONS[run.status], formatDuration(run.durationMs)];
  if (run.counters.rowsChanged) parts.push(`${formatCount(run.counters.rowsChanged)} rows`);
  const lock = worstLockSummary(run);
  if (lock) parts.push(lock);
  return parts.join(' ');
}

/** The differences between databases, one line each, the most serious first. */
export function differences(reports: readonly SingleReport[], rows: readonly Row[]): string[] {
  const names = (idx: number[]) => idx.map((i) => escapeText(reports[i]!.database.label)).join(', ');
  const out: string[] = [];
  for (const row of rows) {
    const failed = row.runs.flatMap((r, i) => (r?.status === 'failed' ? [i] : []));
    const ok = row.runs.filter((r) => r?.status === 'succeeded').length;
    if (failed.length > 0 && ok > 0) out.push(`❌ ${codeSpan(row.label)} fails only on ${names(failed)}`);
  }
  for (const row of rows) {
    const times = row.runs.map((r) => (r?.status === 'succeeded' ? r.durationMs : null));
    const known = times.filter((t): t is number => t !== null && t > 0);
    if (known.length < 2) continue;
    const fastest = Math.min(...known);
    const slow = times.flatMap((t, i) => (t !== null && t >= SLOWER_MIN_MS && t >= fastest * SLOWER_FACTOR ? [i] : []));
    if (slow.length > 0)
      out.push(
        `🐢 ${codeSpan(row.label)} is ≥${SLOWER_FACTOR}× slower on ${names(slow)} (fastest ${formatDuration(fastest)})`,
      );
  }
  out.push(...findingDifferences(reports, names));
  return out;
}

/** Findings (schema drift after the rollback cycle among them) raised on some databases only. */
function findingDifferences(reports: readonly SingleReport[], names: (idx: number[]) => string): string[] {
  const where = new Map<string, number[]>();
  reports.forEach((r, i) => {
    for (const key of new Set(r.findings.map((f) => `${f.rule}\u0000${f.migration ?? ''}`))) {
      where.set(key, [...(where.get(key) ?? []), i]);
    }
  });
  return [...where.entries()]
    .filter(([, idx]) => idx.length < reports.length)
    .map(([key, idx]) => {
      const [rule, migration] = key.split('\u0000') as [string, string];
      const what = rule === 'schema-drift' ? 'different schema after the rollback cycle' : `finding ${codeSpan(rule)}`;
      return `⚠️ ${what}${migration ? ` for ${codeSpan(migration)}` : ''} only on ${names(idx)}`;
    });
}

const MAX_DIFFERENCES = 50;

function resultLine(report: Report, reports: readonly SingleReport[]): string {
  const icon = { passed: '✅', warning: '⚠️', failed: '❌', error: '❌' }[report.status];
  const each = reports.map((r) => `${escapeText(r.database.label)}: ${r.status}`).join(' · ');
  return `${icon} **${report.status}** on ${plural(reports.length, 'database')} (${each})`;
}

function matrix(reports: readonly SingleReport[], rows: readonly Row[]): string {
  return markdownTable(
    ['Migration', ...reports.map(column)],
    ['left', ...reports.map(() => 'left' as const)],
    rows.map((row) => [codeSpan(row.label, { inTable: true }), ...row.runs.map(cell)]),
  );
}

function interesting(row: Row): boolean {
  const statuses = new Set(row.runs.map((r) => r?.status ?? 'missing'));
  return statuses.size > 1 || statuses.has('failed');
}

/** Strips the nested document's sticky marker: only the merged comment has one. */
function nested(render: RenderOne, r: SingleReport, ctx: RenderContext, options: DocumentOptions): string {
  const text = render(r, ctx, options).markdown;
  const marker = commentMarker(ctx.commentKey);
  return text.startsWith(marker) ? text.slice(marker.length).trimStart() : text;
}

/**
 * One document for several databases: the result, the differences first, the matrix, then
 * each database's own document collapsed, rendered by the single-report renderer within an
 * equal share of what is left of the budget.
 */
export function renderMergedDocument(
  report: Report,
  ctx: RenderContext,
  options: DocumentOptions,
  render: RenderOne,
): Rendered {
  const reports = report.merged?.reports ?? [];
  const rows = matrixRows(reports);
  const diffs = differences(reports, rows);
  const omitted: string[] = [];
  const shownDiffs = diffs.slice(0, MAX_DIFFERENCES);
  if (diffs.length > shownDiffs.length) omitted.push(`${plural(diffs.length - shownDiffs.length, 'more difference')}`);
  const top = [
    ...(options.audience === 'comment' ? [commentMarker(ctx.commentKey)] : []),
    heading(null, null, report.database.label, ctx.commit ?? null),
    '',
    resultLine(report, reports),
  ].join('\n');
  const diffSection = [
    '#### Differences',
    shownDiffs.length ? shownDiffs.map((d) => `- ${d}`).join('\n') : '_None: every database gave the same results._',
  ].join('\n\n');
  let table = matrix(reports, rows);
  if (byteLength(table) > options.limitBytes * 0.5) {
    const kept = rows.filter(interesting);
    omitted.push(`${plural(rows.length - kept.length, 'row')} of the matrix (same result on every database)`);
    table = kept.length ? matrix(reports, kept) : '_Every migration gave the same result on every database._';
  }
  const head = [top, diffSection, '#### Migrations by database', table].join('\n\n');
  const note = (o: string[]) =>
    o.length ? `\n\n_Left out for size: ${o.join('; ')}. See each database's report in the artifact._` : '';
  const spare =
    options.limitBytes - byteLength(head) - byteLength(note([...omitted, 'x'.repeat(200)])) - 200 * reports.length;
  const share = Math.floor(spare / Math.max(1, reports.length));
  let details: string[] = [];
  if (share >= 1500) {
    details = reports.map((r) =>
      collapsed(
        escapeText(`${r.database.label}: ${r.status}`),
        nested(render, r, ctx, { ...options, limitBytes: share }),
      ),
    );
  } else omitted.push("each database's details");
  const markdown =
    [head, ...(details.length ? ['#### Each database', ...details] : [])].join('\n\n') + note(omitted) + '\n';
  return { markdown, omitted };
}
