import path from 'node:path';
import type { RunConfig } from '../config/schema.js';
import { openEngine } from '../engines/open-engine.js';
import { parseDatabaseTarget } from '../engines/target.js';
import { defaultMigrationsDir, discoverMigrations } from '../migrations/discover.js';
import { changesFromGit, gitChangesLabel, repositoryRoot, type FileChanges } from '../migrations/git-changes.js';
import { globToRegExp, matchesAny } from '../migrations/glob.js';
import { planMigrations } from '../migrations/plan.js';
import type { Dialect, Migration } from '../migrations/types.js';
import { buildReport, exitCodeFor, migrationFindings } from '../report/build.js';
import type { DataSection, Finding, MigrationRun, Report } from '../report/model.js';
import { prepareReportDir, writeReport } from '../report/write.js';
import { thresholdFindings, unknownOverrideFindings } from '../rules/thresholds.js';
import { UsageError, errorMessage } from '../util/errors.js';
import { dialectTools } from './dialect-tools.js';
import { DEFAULT_BUCKETS_MS } from './histogram.js';
import { emptyDataSection, fillTables, loadSeeds, recordRowCounts, wantsData } from './prepare-data.js';
import { applyNewMigrations } from './rollback-cycle.js';
import type { RunContext } from './run-migration.js';
import { skippedRun } from './run-migration.js';
import { runPhase } from './run-phase.js';

export interface RunIO {
  cwd: string;
  /** The repository's root, which change lists are relative to (default: cwd). */
  repoRoot?: string;
  /** What the change adds, when the caller knows it (the action: the pull request's files). */
  changes?: { files: FileChanges; label: string };
  /** Called once per migration run as it finishes. */
  onMigration?(run: MigrationRun): void;
  /** Progress that is not about one migration (starting a server, connecting). */
  onStatus?(line: string): void;
}

export interface RunOutcome {
  report: Report;
  reportPath: string;
  exitCode: 0 | 1;
}

function postDeployTyping(config: RunConfig, migrations: readonly Migration[]): { typeOf: (m: Migration) => MigrationRun['type']; findings: Finding[] } {
  const globs = config.postDeploy.map((g) => ({ glob: g, re: globToRegExp(g) }));
  const findings: Finding[] = [];
  for (const g of globs) {
    if (!migrations.some((m) => matchesAny(m.up.file, [g.re]))) {
      findings.push({ severity: 'warning', rule: 'config', migration: null, message: `postDeploy glob "${g.glob}" matches no migration file` });
    }
  }
  const res = globs.map((g) => g.re);
  return { typeOf: (m) => (matchesAny(m.up.file, res) ? 'post-deploy' : 'regular'), findings };
}

/**
 * One run: discover and plan (usage errors before anything runs), connect or start the
 * embedded server, load data, apply the base migrations, then the new ones under observation
 * with their rollback cycle, check thresholds, write the report. A failure at any step after
 * connecting still yields the full report of what was measured, and exit code 1.
 */
export async function runMigrationTest(config: RunConfig, io: RunIO): Promise<RunOutcome> {
  const startedAt = new Date();
  const target = config.databaseUrl ? parseDatabaseTarget(config.databaseUrl) : null;
  const dialect: Dialect = target?.engine ?? 'postgres';
  const dir = config.migrations ?? defaultMigrationsDir(io.cwd);
  const set = await discoverMigrations({ dir, format: config.format, dialect, cwd: io.cwd });
  let changes = io.changes ?? null;
  let repoRoot = io.repoRoot ?? io.cwd;
  if (!changes && config.baseRef) {
    changes = { files: await changesFromGit({ cwd: io.cwd, baseRef: config.baseRef, dir: path.resolve(io.cwd, dir) }), label: gitChangesLabel(config.baseRef) };
    repoRoot = await repositoryRoot(io.cwd);
  }
  const plan = planMigrations(set, {
    changes: changes?.files ?? null,
    newFrom: config.newFrom ?? null,
    repoRoot,
    cwd: io.cwd,
    ...(changes ? { changesLabel: changes.label } : {}),
  });
  const typing = postDeployTyping(config, set.migrations);
  const findings: Finding[] = [
    ...plan.findings,
    ...typing.findings,
    ...unknownOverrideFindings(
      new Set(set.migrations.map((m) => m.id)),
      new Set(set.migrations.map((m) => m.version)),
      new Set(set.migrations.map((m) => m.name)),
      config.thresholds,
    ),
  ];
  const reportDir = path.resolve(io.cwd, config.reportDir);
  const tools = await dialectTools(dialect);

  io.onStatus?.(config.databaseUrl ? 'connecting to the database…' : 'starting an embedded PostgreSQL…');
  const opened = await openEngine({
    target,
    connectTimeoutSec: config.connectTimeout,
    statementTimeoutSec: config.statementTimeout,
  });
  try {
    const { engine } = opened;
    if (!config.allowExisting) {
      const tables = await engine.listUserTables();
      if (tables.length > 0) {
        const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, … (${tables.length} in all)` : '');
        throw new UsageError(
          `database "${engine.database}" already holds tables (${shown}): migration-test runs on an empty database it may change freely; pass --allow-existing to run there anyway`,
        );
      }
    }
    io.onStatus?.(
      `${engine.name} ${engine.serverVersion}: ${set.migrations.length} migrations (${set.format}) from ${set.dir}; ` +
        `${plan.base.length} base, ${plan.new.length} new (${plan.baseLabel})`,
    );
    await prepareReportDir(reportDir);

    const ctx: RunContext = {
      engine,
      tools,
      reportDir,
      histogramBucketsMs: config.histogramBucketsMs ?? DEFAULT_BUCKETS_MS,
      phase: 'base',
      typeOf: typing.typeOf,
    };
    const runs: MigrationRun[] = [];
    const onRun = (r: MigrationRun) => {
      runs.push(r);
      io.onMigration?.(r);
    };
    const data: DataSection | undefined = wantsData(config) ? emptyDataSection(config) : undefined;
    const skipNew = () => {
      for (const m of plan.new) onRun(skippedRun(m, 'up', { ...ctx, phase: 'new' }));
    };

    let ready = true;
    try {
      if (data && config.seedAfter === 'none') await loadSeeds(config, opened.target, io.cwd, data, (l) => io.onStatus?.(l));
    } catch (err) {
      findings.push({ severity: 'error', rule: 'seed', migration: null, message: errorMessage(err) });
      ready = false;
    }
    if (ready) {
      const base = await runPhase(plan.base, 'up', ctx, onRun);
      ready = !base.failed;
    } else {
      for (const m of plan.base) onRun(skippedRun(m, 'up', ctx));
    }
    if (ready && data) {
      try {
        if (config.seedAfter === 'base') await loadSeeds(config, opened.target, io.cwd, data, (l) => io.onStatus?.(l));
        await fillTables(config, engine, data);
        await recordRowCounts(opened.target, data);
      } catch (err) {
        findings.push({ severity: 'error', rule: data.fill || config.seedAfter !== 'base' ? 'fill' : 'seed', migration: null, message: errorMessage(err) });
        ready = false;
      }
    }
    if (ready) {
      const cycle = await applyNewMigrations(plan.new, { ...ctx, phase: 'new' }, {
        mode: config.rollback,
        requireDown: config.requireDown,
        onRun,
        snapshot: (e) => e.schemaSnapshot(),
      });
      findings.push(...cycle.findings);
    } else {
      skipNew();
    }

    findings.push(...migrationFindings(runs), ...thresholdFindings(runs, config.thresholds, config.severity));
    const report = buildReport({
      startedAt,
      finishedAt: new Date(),
      database: { engine: engine.name, serverVersion: engine.serverVersion, label: config.label },
      source: { dir: set.dir, format: set.format, newMigrationsFrom: plan.baseLabel },
      migrations: runs,
      findings,
      ...(data ? { data } : {}),
    });
    const reportPath = await writeReport(reportDir, report);
    return { report, reportPath, exitCode: exitCodeFor(report, config.failOn) };
  } finally {
    await opened.dispose();
  }
}
