import { formatBytes, formatCount, formatDuration } from './format.js';
import type { MigrationRun, Report } from './model.js';
import { errorExtras } from './error-text.js';

const MARK: Record<MigrationRun['status'], string> = { succeeded: '✓', failed: '✗', skipped: '-', cancelled: '⊘' };

/** One line per migration as it finishes (the CLI's progress). */
export function progressLine(r: MigrationRun): string {
  const phase = r.phase === 'reapply' ? ', again' : r.phase === 'base' ? ', base' : '';
  const head = `${MARK[r.status]} ${r.id} (${r.direction}${phase})`;
  if (r.status === 'skipped') return `${head}  skipped`;
  const parts = [
    formatDuration(r.durationMs),
    `size ${formatBytes(r.sizeDeltaBytes, true)}`,
    `rows changed ${formatCount(r.counters.rowsChanged)}`,
    `${r.statements} statement${r.statements === 1 ? '' : 's'}`,
  ];
  let line = `${head}  ${parts.join('  ')}`;
  if (r.error) {
    const e = r.error;
    const where = e.line !== null ? `${r.file}:${e.line}` : r.file;
    const at = e.positionLine !== undefined && e.positionLine !== e.line ? ` (at line ${e.positionLine})` : '';
    line += `\n    ${where}: ${e.code ? `[${e.code}] ` : ''}${e.message.split('\n')[0]}${at}`;
    for (const [label, text] of errorExtras(e)) line += `\n    ${label}: ${text.replace(/\n/g, '\n      ')}`;
  }
  return line;
}

export function summaryLines(report: Report, reportPath: string): string[] {
  const runs = report.migrations;
  const fresh = runs.filter((r) => r.phase === 'new');
  const base = runs.filter((r) => r.phase === 'base');
  const cycle = runs.filter((r) => r.phase === 'rollback' || r.phase === 'reapply');
  const count = (s: MigrationRun['status']) => fresh.filter((r) => r.status === s).length;
  const total = fresh.reduce((a, r) => a + (r.durationMs ?? 0), 0);
  const size = fresh.reduce((a, r) => a + (r.sizeDeltaBytes ?? 0), 0);
  const changed = fresh.reduce((a, r) => a + (r.counters.rowsChanged ?? 0), 0);
  const extra = [
    base.length ? `after ${base.length} base migration${base.length === 1 ? '' : 's'}` : '',
    cycle.length
      ? `rollback cycle: ${cycle.filter((r) => r.direction === 'down' && r.status === 'succeeded').length} down, ${cycle.filter((r) => r.direction === 'up' && r.status === 'succeeded').length} up again`
      : '',
  ].filter(Boolean);
  const lines = [
    '',
    `${report.status.toUpperCase()}: ${fresh.length} new migration${fresh.length === 1 ? '' : 's'} on ${report.database.engine} ${report.database.serverVersion}` +
      `${extra.length ? ` (${extra.join('; ')})` : ''}: ` +
      `${count('succeeded')} succeeded, ${count('failed')} failed, ${count('skipped')} skipped; ` +
      `${formatDuration(total)}, size ${formatBytes(size, true)}, rows changed ${formatCount(changed)}`,
  ];
  for (const f of report.findings)
    lines.push(`  ${f.severity}: ${f.migration ? `${f.migration}: ` : ''}${f.message.replace(/\n/g, '\n    ')}`);
  lines.push(`report: ${reportPath}`);
  return lines;
}
