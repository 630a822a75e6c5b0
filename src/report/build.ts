import type { Finding, MigrationRun, Report, ReportSettings, Totals } from './model.js';
import { ReportSchema } from './model.js';
import { TOOL_VERSION } from './version.js';

export interface ReportParts {
  startedAt: Date;
  finishedAt: Date;
  database: Report['database'];
  source: Report['source'];
  migrations: MigrationRun[];
  findings: Finding[];
  data?: Report['data'];
  settings?: ReportSettings;
}

const PHASES = ['base', 'new', 'rollback', 'reapply'] as const;

/** Counts and summed times of each phase that has runs; the first up of the new migrations is `new`. */
export function phaseTotals(runs: readonly MigrationRun[]): Totals {
  const totals: Totals = {};
  for (const phase of PHASES) {
    const of = runs.filter((r) => r.phase === phase);
    if (of.length === 0) continue;
    const count = (s: MigrationRun['status']) => of.filter((r) => r.status === s).length;
    totals[phase] = {
      migrations: of.length,
      succeeded: count('succeeded'),
      failed: count('failed'),
      skipped: count('skipped'),
      ...(count('cancelled') > 0 ? { cancelled: count('cancelled') } : {}),
      // Rounded to the microsecond: a sum of fractions should not read 0.30000000000000004.
      durationMs: Math.round(of.reduce((sum, r) => sum + (r.durationMs ?? 0), 0) * 1000) / 1000,
    };
  }
  return totals;
}

/** Findings every run yields from its migrations alone; rules add their own. */
export function migrationFindings(runs: readonly MigrationRun[]): Finding[] {
  const out: Finding[] = [];
  for (const r of runs) {
    if (r.status !== 'failed' || !r.error) continue;
    const where = r.error.line !== null ? ` (${r.file}:${r.error.line})` : ` (${r.file})`;
    const code = r.error.code ? ` [${r.error.code}]` : '';
    out.push({
      severity: 'error',
      rule: 'migration-failed',
      migration: r.id,
      message: `${r.direction === 'down' ? 'down migration' : 'migration'} failed${where}${code}: ${r.error.message}`,
    });
  }
  return out;
}

export function reportStatus(findings: readonly Finding[], runs: readonly MigrationRun[]): Report['status'] {
  if (runs.some((r) => r.status === 'failed') || findings.some((f) => f.severity === 'error')) return 'failed';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return 'passed';
}

/** Assembles and validates the report: what is written is what the contract says. */
export function buildReport(parts: ReportParts): Report {
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'migration-test', version: TOOL_VERSION },
    startedAt: parts.startedAt.toISOString(),
    finishedAt: parts.finishedAt.toISOString(),
    status: reportStatus(parts.findings, parts.migrations),
    database: parts.database,
    source: parts.source,
    migrations: parts.migrations,
    findings: parts.findings,
    ...(parts.data ? { data: parts.data } : {}),
    ...(parts.settings ? { settings: parts.settings } : {}),
    totals: phaseTotals(parts.migrations),
  };
  return ReportSchema.parse(report);
}

/** Exit code for a finished run under --fail-on. */
export function exitCodeFor(report: Report, failOn: 'error' | 'warning' | 'never'): 0 | 1 {
  if (failOn === 'never') return 0;
  if (report.status === 'failed') return 1;
  if (failOn === 'warning' && report.status === 'warning') return 1;
  return 0;
}
