import type { MigrationRun, Report } from '../model.js';
import {
  type Detail,
  FULL_DETAIL,
  MINIMAL_FINDINGS,
  MINIMAL_MESSAGE_CHARS,
  type Rendered,
  fitWithin,
} from './budget.js';
import { formatCount } from '../format.js';
import type { RenderContext } from './context.js';
import { oneLine } from './escape.js';
import {
  type ReportFacts,
  collectFacts,
  engineName,
  heading,
  isFlagged,
  plural,
  shortVersion,
  sortFindings,
} from './facts.js';
import {
  type MergedHistogram,
  histogramTable,
  histogramTotal,
  mergeHistograms,
  mermaidChart,
} from './histogram-chart.js';
import { commentMarker } from './marker.js';
import { renderMergedDocument } from './merged-document.js';
import { verdictSection } from './verdict.js';
import { migrationDetails, runsWithDetails, slowestQueries, sqlLength } from './migration-details.js';
import {
  type Audience,
  baseSection,
  collapsed,
  findingsSection,
  migrationsTable,
  omittedNote,
  resultLine,
  serverSection,
} from './sections.js';

/** All statements of the new migrations, or null when none ran. */
function freshRuntimes(facts: ReportFacts): MergedHistogram | null {
  const merged = mergeHistograms(facts.fresh.map((r) => r.histogram));
  return merged && histogramTotal(merged.histogram) > 0 ? merged : null;
}

function runtimesSection(facts: ReportFacts, detail: Detail): string | null {
  const merged = freshRuntimes(facts);
  if (!merged) return null;
  const total = histogramTotal(merged.histogram);
  const mismatch = merged.mismatched
    ? ` (${plural(merged.mismatched, 'migration')} with other buckets not included)`
    : '';
  return [
    '#### Statement runtimes',
    `${plural(total, 'statement')} in the ${plural(facts.fresh.length, 'new migration')}${mismatch}.`,
    histogramTable(merged.histogram),
    ...(detail.mermaidChart ? [collapsed('Chart', mermaidChart(merged.histogram, 'Statement runtimes'))] : []),
  ].join('\n\n');
}

/** What one level of detail leaves out, in words, counted over what would otherwise show. */
function omissions(facts: ReportFacts, detail: Detail, detailed: readonly MigrationRun[], rows: number): string[] {
  const out: string[] = [];
  const full = FULL_DETAIL.queriesPerMigration;
  if (detail.sqlMaxChars !== null) {
    const max = detail.sqlMaxChars;
    const shortened = detailed
      .flatMap((r) => slowestQueries(facts, r, detail.queriesPerMigration))
      .filter((q) => sqlLength(facts, q) > max).length;
    if (shortened > 0)
      out.push(`SQL over ${max} characters shortened in the query tables (${plural(shortened, 'query', 'queries')})`);
  }
  if (detail.queriesPerMigration < full) {
    const cut = detailed.reduce(
      (n, r) => n + Math.min(full, r.queries.length) - Math.min(detail.queriesPerMigration, r.queries.length),
      0,
    );
    if (cut > 0)
      out.push(
        detail.queriesPerMigration === 0
          ? `the query tables (${plural(cut, 'query', 'queries')})`
          : `query tables cut to the ${detail.queriesPerMigration} slowest queries per migration (${plural(cut, 'more query', 'more queries')})`,
      );
  }
  const dropped = runsWithDetails(facts).length - detailed.length;
  if (dropped > 0) out.push(`the details of ${plural(dropped, 'migration')} without findings or errors`);
  if (!detail.mermaidChart && freshRuntimes(facts)) out.push('the runtime chart');
  const rowsCut = facts.changed.length - rows;
  if (rowsCut > 0) out.push(`${plural(rowsCut, 'row')} of the migrations table (runs without failure or findings)`);
  return out;
}

function onlyFlagged(shown: number, of: number): string {
  return `_Only the ${formatCount(shown)} of ${plural(of, 'migration run')} that failed or have findings; see the note at the end._`;
}

function fullDocument(facts: ReportFacts, detail: Detail, ctx: RenderContext): { parts: string[]; omitted: string[] } {
  const flagged = (r: MigrationRun): boolean => isFlagged(facts, r);
  const detailed = runsWithDetails(facts).filter((r) => detail.migrationDetails === 'all' || flagged(r));
  const rows = facts.changed.filter((r) => detail.summaryRows === 'all' || flagged(r));
  const allDetailed = runsWithDetails(facts).length;
  const parts: (string | null)[] = [
    findingsSection(facts, { maxRows: null, maxMessageChars: null }),
    rows.length
      ? [
          '#### Migrations',
          migrationsTable(facts, rows),
          ...(rows.length < facts.changed.length ? [onlyFlagged(rows.length, facts.changed.length)] : []),
        ].join('\n\n')
      : null,
    runtimesSection(facts, detail),
    detailed.length
      ? [
          '#### Migration details',
          ...(detailed.length < allDetailed ? [onlyFlagged(detailed.length, allDetailed)] : []),
          ...detailed.map((r) => migrationDetails(facts, r, detail, ctx)),
        ].join('\n\n')
      : null,
    [
      '#### Other information',
      verdictSection(facts.report.settings, facts.report.totals),
      baseSection(facts),
      serverSection(facts, ctx),
    ]
      .filter(Boolean)
      .join('\n\n'),
  ];
  return { parts: parts.filter((p): p is string => !!p), omitted: omissions(facts, detail, detailed, rows.length) };
}

function minimalDocument(facts: ReportFacts): { parts: string[]; omitted: string[] } {
  const findings = sortFindings(facts.report.findings);
  const longMessages = findings
    .slice(0, MINIMAL_FINDINGS)
    .filter((f) => oneLine(f.message).length > MINIMAL_MESSAGE_CHARS);
  const verdict = facts.report.settings || facts.report.totals ? ', how the verdict was reached' : '';
  const omitted = [
    `everything but the result and the findings: the migrations table, the runtimes, the per-migration details, the base migrations${verdict} and the server details`,
  ];
  if (findings.length > MINIMAL_FINDINGS)
    omitted.push(`${plural(findings.length - MINIMAL_FINDINGS, 'finding')} after the first ${MINIMAL_FINDINGS}`);
  if (longMessages.length > 0) omitted.push(`finding messages over ${MINIMAL_MESSAGE_CHARS} characters shortened`);
  const section = findingsSection(facts, { maxRows: MINIMAL_FINDINGS, maxMessageChars: MINIMAL_MESSAGE_CHARS });
  return { parts: section ? [section] : [], omitted };
}

export interface DocumentOptions {
  audience: Audience;
  limitBytes: number;
}

/** The comment or the summary: the same sections, at the fullest detail that fits. */
export function renderDocument(report: Report, ctx: RenderContext, options: DocumentOptions): Rendered {
  if (report.merged) return renderMergedDocument(report, ctx, options, renderDocument);
  const facts = collectFacts(report);
  const db = report.database;
  const top = [
    ...(options.audience === 'comment' ? [commentMarker(ctx.commentKey)] : []),
    heading(engineName(db.engine), shortVersion(db.serverVersion), db.label, ctx.commit ?? null),
    '',
    resultLine(facts, ctx),
  ].join('\n');
  return fitWithin(options.limitBytes, (detail) => {
    const body = detail.minimal ? minimalDocument(facts) : fullDocument(facts, detail, ctx);
    const note = omittedNote(body.omitted, options.audience, ctx);
    const markdown = [top, ...body.parts, ...(note ? [note] : [])].join('\n\n') + '\n';
    return { markdown, omitted: body.omitted };
  });
}
