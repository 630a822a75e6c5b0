import type { Severities, Thresholds } from '../config/schema.js';
import { formatDuration } from '../report/format.js';
import type { Finding, MigrationRun } from '../report/model.js';
import { override } from './thresholds.js';

/**
 * Traffic the probe found blocked longer than the limit: one finding per table and kind
 * (reads, writes). The probe only watches tables that existed before the migration, so the
 * tables it created itself, which no one else can be using, are exempt.
 */
export function blockedTrafficFindings(runs: readonly MigrationRun[], t: Thresholds, severity: Severities): Finding[] {
  const out: Finding[] = [];
  for (const run of runs) {
    if (run.phase !== 'new' || !run.blocking) continue;
    const limit = override(t.blockedTraffic.perMigration, run) ?? t.blockedTraffic.default;
    if (limit === null) continue;
    for (const b of run.blocking) {
      for (const [what, ms] of [
        ['reads', b.readsBlockedMs],
        ['writes', b.writesBlockedMs],
      ] as const) {
        if (ms <= limit) continue;
        out.push({
          severity: severity.blockedTraffic,
          rule: 'blocked-traffic',
          migration: run.id,
          message: `${what} to ${b.relation} were blocked for ${formatDuration(ms)} while ${run.id} ran (limit ${formatDuration(limit)})`,
          value: ms,
          limit,
          unit: 'ms',
        });
      }
    }
  }
  return out;
}
