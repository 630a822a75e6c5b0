import type { Engine } from '../engines/engine.js';
import type { SchemaDifference, SchemaSnapshot } from '../engines/schema/snapshot.js';
import { diffSchemas, formatSchemaDiff } from '../engines/schema/snapshot.js';
import type { Migration } from '../migrations/types.js';
import type { Finding, MigrationRun } from '../report/model.js';
import { type AttributedDrift, type DriftStep, attributeDrift } from './drift-attribution.js';
import { type MigrationContext, runMigration, skippedRun, stopsPhase } from './run-migration.js';

export type RollbackMode = 'batch' | 'per-migration' | 'off';

export interface CycleOptions {
  mode: RollbackMode;
  requireDown: boolean;
  /** Called with every run as it finishes, in order. */
  onRun: (run: MigrationRun) => void;
  snapshot: (engine: Engine) => Promise<SchemaSnapshot>;
}

export interface CycleResult {
  runs: MigrationRun[];
  findings: Finding[];
  /** A migration failed (up, or a down that left the database in an unknown state). */
  failed: boolean;
}

const DIFF_LINES = 20;

function noDownFinding(m: Migration, requireDown: boolean, stops: string): Finding {
  return {
    severity: requireDown ? 'warning' : 'notice',
    rule: 'missing-down',
    migration: m.id,
    message: `has no down migration: ${stops}`,
  };
}

const DOWN_DRIFT = 'the schema after its down migration differs from the schema before its up migration';
const REAPPLY_DRIFT = 'the schema after applying it again differs from the schema after its first up';
const BATCH_DOWN_DRIFT = `in the batch rollback, ${DOWN_DRIFT}`;
const BATCH_REAPPLY_DRIFT = `in the batch re-apply, ${REAPPLY_DRIFT}`;

function diffFinding(diffs: readonly SchemaDifference[], migration: string, what: string): Finding {
  return {
    severity: 'error',
    rule: 'schema-drift',
    migration,
    message: `${what} (${diffs.length} difference${diffs.length === 1 ? '' : 's'}):\n${formatSchemaDiff([...diffs], DIFF_LINES)}`,
    value: diffs.length,
    unit: 'count',
  };
}

function driftFinding(
  expected: SchemaSnapshot,
  actual: SchemaSnapshot,
  migration: string,
  what: string,
): Finding | null {
  const diffs = diffSchemas(expected, actual);
  return diffs.length === 0 ? null : diffFinding(diffs, migration, what);
}

/**
 * Applies the new migrations and proves them reversible, as turbo-hipster does: down in
 * reverse order must restore the schema from before them, up again must reproduce the schema
 * of the first up. Batch mode cycles all of them at once, as a deployment's rollback would;
 * per-migration mode cycles each in turn. Both name the migration behind each difference.
 */
export async function applyNewMigrations(
  all: readonly Migration[],
  base: MigrationContext,
  opts: CycleOptions,
): Promise<CycleResult> {
  // Flyway runs repeatable migrations after every versioned one, and they have no undo: the
  // cycle covers the versioned ones, and the repeatables follow it.
  const migrations = all.filter((m) => m.kind !== 'repeatable');
  const repeatables = all.filter((m) => m.kind === 'repeatable');
  const result = await cycleVersioned(migrations, base, opts);
  for (let i = 0; i < repeatables.length; i++) {
    const m = repeatables[i]!;
    const run = result.failed
      ? skippedRun(m, 'up', { ...base, phase: 'new' })
      : await runMigration(m, 'up', { ...base, phase: 'new' });
    result.runs.push(run);
    opts.onRun(run);
    if (stopsPhase(run)) result.failed = true;
  }
  return result;
}

async function cycleVersioned(
  migrations: readonly Migration[],
  base: MigrationContext,
  opts: CycleOptions,
): Promise<CycleResult> {
  const runs: MigrationRun[] = [];
  const findings: Finding[] = [];
  const phase = (p: MigrationRun['phase']): MigrationContext => ({ ...base, phase: p });
  const record = (run: MigrationRun) => {
    runs.push(run);
    opts.onRun(run);
    return run;
  };
  const skipRest = (from: number) => {
    for (const m of migrations.slice(from)) record(skippedRun(m, 'up', phase('new')));
  };
  const cycling = opts.mode !== 'off' && migrations.length > 0;
  // schemas[i]: the schema before new migration i; schemas[n]: after all of them.
  const schemas: SchemaSnapshot[] = [];
  if (cycling) schemas.push(await opts.snapshot(base.engine));

  for (let i = 0; i < migrations.length; i++) {
    const m = migrations[i]!;
    const up = record(await runMigration(m, 'up', phase('new')));
    if (stopsPhase(up)) {
      skipRest(i + 1);
      return { runs, findings, failed: true };
    }
    if (!cycling) continue;
    schemas.push(await opts.snapshot(base.engine));
    if (opts.mode !== 'per-migration') continue;

    if (!m.down) {
      findings.push(noDownFinding(m, opts.requireDown, 'its rollback cycle was skipped'));
      continue;
    }
    const down = record(await runMigration(m, 'down', phase('rollback')));
    if (stopsPhase(down)) {
      // What a half-run down left behind is unknown: what follows would measure that, not the change.
      skipRest(i + 1);
      return { runs, findings, failed: true };
    }
    const drift = driftFinding(schemas[i]!, await opts.snapshot(base.engine), m.id, DOWN_DRIFT);
    if (drift) findings.push(drift);
    const again = record(await runMigration(m, 'up', phase('reapply')));
    if (stopsPhase(again)) {
      skipRest(i + 1);
      return { runs, findings, failed: true };
    }
    const redrift = driftFinding(schemas[i + 1]!, await opts.snapshot(base.engine), m.id, REAPPLY_DRIFT);
    if (redrift) findings.push(redrift);
  }

  if (cycling && opts.mode === 'batch') await batchCycle(migrations, schemas, phase, record, findings, opts);
  return { runs, findings, failed: runs.some((r) => stopsPhase(r)) };
}

/** The schema-drift findings of a batch pass, one per migration that left differences behind. */
function batchDriftFindings(culprits: readonly AttributedDrift[], what: string): Finding[] {
  return culprits.map((c) => diffFinding(c.diffs, c.migration, what));
}

/**
 * Batch mode: every new migration down (newest first), then up again, as a deployment's rollback
 * would. After each one the schema is compared with the first up pass's at the same point, and a
 * difference is blamed on the migration after which it first appears (see attributeDrift). The
 * snapshots are our own read-only catalog queries: nothing of the user's runs that the batch
 * cycle would not run anyway, and a down that fails still leaves the drift found before it named.
 */
async function batchCycle(
  migrations: readonly Migration[],
  schemas: SchemaSnapshot[],
  phase: (p: MigrationRun['phase']) => MigrationContext,
  record: (run: MigrationRun) => MigrationRun,
  findings: Finding[],
  opts: CycleOptions,
): Promise<void> {
  // Roll back from the newest; a migration without a down is as far as rolling back can go.
  let first = migrations.length;
  while (first > 0 && migrations[first - 1]!.down) first--;
  if (first > 0) {
    const stop = migrations[first - 1]!;
    findings.push(noDownFinding(stop, opts.requireDown, 'the rollback cycle stops before it'));
  }
  const cycle = migrations.slice(first);
  if (cycle.length === 0) return;
  const engine = phase('rollback').engine;

  const downSteps: DriftStep[] = [];
  for (let k = migrations.length - 1; k >= first; k--) {
    const m = migrations[k]!;
    const run = record(await runMigration(m, 'down', phase('rollback')));
    if (stopsPhase(run)) {
      for (const rest of migrations.slice(first, k).reverse()) record(skippedRun(rest, 'down', phase('rollback')));
      for (const rest of cycle) record(skippedRun(rest, 'up', phase('reapply')));
      findings.push(...batchDriftFindings(attributeDrift(downSteps).culprits, BATCH_DOWN_DRIFT));
      return;
    }
    downSteps.push({ migration: m.id, expected: schemas[k]!, actual: await opts.snapshot(engine) });
  }
  const down = attributeDrift(downSteps);
  findings.push(...batchDriftFindings(down.culprits, BATCH_DOWN_DRIFT));

  const upSteps: DriftStep[] = [];
  for (let k = first; k < migrations.length; k++) {
    const m = migrations[k]!;
    const run = record(await runMigration(m, 'up', phase('reapply')));
    if (stopsPhase(run)) {
      for (const rest of migrations.slice(k + 1)) record(skippedRun(rest, 'up', phase('reapply')));
      break;
    }
    upSteps.push({ migration: m.id, expected: schemas[k + 1]!, actual: await opts.snapshot(engine) });
  }
  findings.push(...batchDriftFindings(attributeDrift(upSteps, down.remaining).culprits, BATCH_REAPPLY_DRIFT));
}
