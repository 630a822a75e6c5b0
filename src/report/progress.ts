import { PHASE_NAMES, formatBytes, formatCount, formatDuration } from './format.js';
import { phaseTotals } from './build.js';
import type { MigrationRun, Report } from './model.js';
import { errorExtras } from './error-text.js';
import { logSafe } from '../util/text.js';

const MARK: Record<MigrationRun['status'], string> = { succeeded: '✓', failed: '✗', skipped: '-', cancelled: '⊘' };

/** One line per migration as it finishes (the CLI's progress), safe to print in a CI log. */
export function progressLine(r: MigrationRun): string {
  return logSafe(progressText(r));
}

function progressText(r: MigrationRun): string {
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
  return line + observationLines(r);
}

/** Most server messages the progress shows per migration; the log and report have them all. */
const MESSAGES_SHOWN = 5;

/** Blocked traffic the probe saw and what the server said, indented under the migration's line. */
function observationLines(r: MigrationRun): string {
  let out = '';
  const blocked = (r.blocking ?? []).filter((b) => b.readsBlockedMs > 0 || b.writesBlockedMs > 0);
  for (const b of blocked)
    out += `\n    ${b.relation}: reads blocked ${formatDuration(b.readsBlockedMs)}, writes blocked ${formatDuration(b.writesBlockedMs)}`;
  const messages = r.messages ?? [];
  for (const m of messages.slice(0, MESSAGES_SHOWN))
    out += `\n    ${r.file}:${m.line}: ${m.severity} ${m.code}: ${m.message.split('\n')[0]}`;
  const rest = messages.length - Math.min(messages.length, MESSAGES_SHOWN) + (r.messagesOmitted ?? 0);
  if (rest > 0) out += `\n    … ${rest} more server message${rest === 1 ? '' : 's'}`;
  return out;
}

/** "base 10 in 1.20 s; new (first up) 2 in 120 ms; …": what each phase ran and how long it took. */
function phaseLine(report: Report): string | null {
  const totals = report.totals ?? phaseTotals(report.migrations);
  const parts = (Object.keys(PHASE_NAMES) as (keyof typeof PHASE_NAMES)[]).flatMap((phase) => {
    const t = totals[phase];
    if (!t) return [];
    const notRun = t.migrations - t.succeeded;
    const tail = notRun > 0 ? ` (${t.succeeded} succeeded)` : '';
    return [`${PHASE_NAMES[phase]} ${t.migrations} in ${formatDuration(t.durationMs)}${tail}`];
  });
  return parts.length > 1 ? `  times: ${parts.join('; ')}` : null;
}

/** How the verdict was reached, in one line: fail-on, the rollback mode, which runs time limits judge. */
function verdictLine(report: Report): string | null {
  const s = report.settings;
  if (!s) return null;
  const judged = s.durations === 'first-up' ? 'the first up' : 'the best of the first up and the up again';
  const fromConfig = s.thresholds.filter((t) => t.source !== 'default').length;
  return (
    `  verdict: fail-on ${s.failOn}; rollback ${s.rollback}; time limits judge ${judged}; ` +
    `${s.thresholds.length} limits (${fromConfig ? `${fromConfig} set in the config` : 'all defaults'})`
  );
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
      `new migrations, first up: ${formatDuration(total)}, size ${formatBytes(size, true)}, rows changed ${formatCount(changed)}`,
  ];
  for (const line of [phaseLine(report), verdictLine(report)]) if (line) lines.push(line);
  for (const f of report.findings)
    lines.push(`  ${f.severity}: ${f.migration ? `${f.migration}: ` : ''}${f.message.replace(/\n/g, '\n    ')}`);
  lines.push(`report: ${reportPath}`);
  return lines.map(logSafe);
}
