import { formatBytes, formatCount, formatDuration } from '../format.js';
import type { Report } from '../model.js';

/** One line on what data the migrations ran against, from the report's data section. */
export function describeDataSet(report: Report): string | null {
  const data = report.data;
  if (!data) return null;
  const parts: string[] = [];
  for (const s of data.seeds) parts.push(`seed ${s.file} (${formatBytes(s.bytes)}, sha256 ${s.sha256.slice(0, 12)}…)`);
  if (data.seedCommand)
    parts.push(`seed command (exit ${data.seedCommand.exitCode}, ${formatDuration(data.seedCommand.ms)})`);
  if (data.fill) {
    const rows = data.fill.tables.reduce((a, t) => a + t.rows, 0);
    parts.push(`${formatCount(rows)} synthetic rows in ${data.fill.tables.length} tables (seed ${data.fill.seed})`);
    if (data.fill.skipped.length) parts.push(`${data.fill.skipped.length} columns or tables skipped by the fill`);
  }
  const total = Object.values(data.rowsPerTable).reduce((a, n) => a + n, 0);
  if (Object.keys(data.rowsPerTable).length)
    parts.push(
      `${formatCount(total)} rows in ${Object.keys(data.rowsPerTable).length} tables before the new migrations`,
    );
  parts.push(`loaded in ${formatDuration(data.ms)}`);
  return parts.join('; ');
}
