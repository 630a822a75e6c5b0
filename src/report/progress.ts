import { formatBytes, formatCount, formatDuration } from './format.js';
import type { MigrationRun, Report } from './model.js';

const MARK: Record<MigrationRun['status'], string> = { succeeded: '✓', failed: '✗', skipped: '-' };

/** One line per migration as it finishes (the CLI's progress). */
export function progressLine(r: MigrationRun): string {
  const head = `${MARK[r.status]} ${r.id} (${r.direction})`;
  if (r.status === 'skipped') return `${head}  skipped`;
  const parts = [
    formatDuration(r.durationMs),
    `size ${formatBytes(r.sizeDeltaBytes, true)}`,
    `rows changed ${formatCount(r.counters.rowsChanged)}`,
    `${r.statements} statement${r.statements === 1 ? '' : 's'}`,
  ];
  let line = `${head}  ${parts.join('  ')}`;
  if (r.error) {
    const where = r.error.line !== null ? `${r.file}:${r.error.line}` : r.file;
    line += `\n    ${where}: ${r.error.code ? `[${r.error.code}] ` : ''}${r.error.message.split('\n')[0]}`;
  }
  return line;
}

export function summaryLines(report: Report, reportPath: string): string[] {
  const runs = report.migrations;
  const count = (s: MigrationRun['status']) => runs.filter((r) => r.status === s).length;
  const total = runs.reduce((a, r) => a + (r.durationMs ?? 0), 0);
  const size = runs.reduce((a, r) => a + (r.sizeDeltaBytes ?? 0), 0);
  const changed = runs.reduce((a, r) => a + (r.counters.rowsChanged ?? 0), 0);
  const lines = [
    '',
    `${report.status.toUpperCase()}: ${runs.length} migrations on ${report.database.engine} ${report.database.serverVersion}: ` +
      `${count('succeeded')} succeeded, ${count('failed')} failed, ${count('skipped')} skipped; ` +
      `${formatDuration(total)}, size ${formatBytes(size, true)}, rows changed ${formatCount(changed)}`,
  ];
  for (const f of report.findings) lines.push(`  ${f.severity}: ${f.message}`);
  lines.push(`report: ${reportPath}`);
  return lines;
}
