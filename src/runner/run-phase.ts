import type { Migration } from '../migrations/types.js';
import type { MigrationRun } from '../report/model.js';
import { type MigrationContext, runMigration, skippedRun, stopsPhase } from './run-migration.js';

export interface PhaseResult {
  runs: MigrationRun[];
  failed: boolean;
}

/** Runs migrations in order; after the first failure the rest are reported as skipped. */
export async function runPhase(
  migrations: readonly Migration[],
  direction: 'up' | 'down',
  ctx: MigrationContext,
  onRun: (run: MigrationRun) => void = () => {},
): Promise<PhaseResult> {
  const runs: MigrationRun[] = [];
  let failed = false;
  for (const m of migrations) {
    const run = failed ? skippedRun(m, direction, ctx) : await runMigration(m, direction, ctx);
    if (stopsPhase(run)) failed = true;
    runs.push(run);
    onRun(run);
  }
  return { runs, failed };
}
