import path from 'node:path';
import type { RunConfig } from '../config/schema.js';
import type { OpenedEngine } from '../engines/open-engine.js';
import { parseDatabaseTarget, type DatabaseTarget } from '../engines/target.js';
import { defaultMigrationsDir, discoverMigrations } from '../migrations/discover.js';
import { changesFromGit, gitChangesLabel, repositoryRoot, type FileChanges } from '../migrations/git-changes.js';
import { globToRegExp, matchesAny } from '../migrations/glob.js';
import { planMigrations, type MigrationPlan } from '../migrations/plan.js';
import type { Dialect, Migration, MigrationSet } from '../migrations/types.js';
import { buildReport, exitCodeFor, migrationFindings } from '../report/build.js';
import type { DataSection, Finding, MigrationRun, Report } from '../report/model.js';
import { prepareReportDir, writeReport } from '../report/write.js';
import { blockedTrafficFindings } from '../rules/blocking.js';
import { serverWarningFindings } from '../rules/server-messages.js';
import { thresholdFindings, unknownOverrideFindings } from '../rules/thresholds.js';
import { lockFindings } from '../rules/locks.js';
import { UsageError, errorMessage } from '../util/errors.js';
import { maskDeep, registerSecret } from '../util/secrets.js';
import { oneLine } from '../util/text.js';
import { type DialectTools, dialectTools } from './dialect-tools.js';
import { DEFAULT_BUCKETS_MS } from './histogram.js';
import { emptyDataSection, fillTables, loadSeeds, recordRowCounts, wantsData } from './prepare-data.js';
import { applyNewMigrations } from './rollback-cycle.js';
import { BookkeepingRecorder } from './bookkeeping-recorder.js';
import type { Bookkeeping } from '../migrations/bookkeeping.js';
import { formatNamed } from '../migrations/formats/registry.js';
import { type MigrationContext, skippedRun } from './run-migration.js';
import { runPhase } from './run-phase.js';
import { untilAborted } from '../util/interrupt.js';
import { runCommandTest } from './run-command.js';
import { openDatabase, refuseNonEmptyDatabase, verdictSettings } from './run-shared.js';

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
  /** Once connected: which server the run tests (the action names its comment after it). */
  onDatabase?(db: { engine: Report['database']['engine']; serverVersion: string }): void;
  /**
   * Aborted on SIGINT/SIGTERM: the running statement is cancelled on the server, the
   * interrupted migration is reported as cancelled, the rest as skipped, and the report written.
   */
  signal?: AbortSignal;
  /**
   * The config file's values as read, before defaults (readConfigFile's result), so that the
   * report can tell a limit the file sets from a default. Absent: told by comparing with defaults.
   */
  configFile?: Record<string, unknown>;
}

export interface RunOutcome {
  report: Report;
  reportPath: string;
  exitCode: 0 | 1;
}

function postDeployTyping(
  config: RunConfig,
  migrations: readonly Migration[],
): { typeOf: (m: Migration) => MigrationRun['type']; findings: Finding[] } {
  const globs = config.postDeploy.map((g) => ({ glob: g, re: globToRegExp(g) }));
  const findings: Finding[] = [];
  for (const g of globs) {
    if (!migrations.some((m) => matchesAny(m.up.file, [g.re]))) {
      findings.push({
        severity: 'warning',
        rule: 'config',
        migration: null,
        message: `postDeploy glob "${g.glob}" matches no migration file`,
      });
    }
  }
  const res = globs.map((g) => g.re);
  return { typeOf: (m) => (matchesAny(m.up.file, res) ? 'post-deploy' : 'regular'), findings };
}

/** What the run knows before it touches the database: the plan, and the findings about it. */
interface PlannedRun {
  target: DatabaseTarget | null;
  set: MigrationSet;
  plan: MigrationPlan;
  typeOf: (m: Migration) => MigrationRun['type'];
  findings: Finding[];
  reportDir: string;
  tools: DialectTools;
  /** The format's tool's bookkeeping, kept on the database (null: none, or --bookkeeping off). */
  bookkeeping: Bookkeeping | null;
}

/** A run under way on an open database, and what it has recorded so far. */
interface Recording {
  config: RunConfig;
  io: RunIO;
  planned: PlannedRun;
  opened: OpenedEngine;
  /** The base phase's; the other phases are this with their own `phase`. */
  ctx: MigrationContext;
  runs: MigrationRun[];
  findings: Finding[];
  data: DataSection | undefined;
  onRun: (run: MigrationRun) => void;
}

/**
 * One run: discover and plan (usage errors before anything runs), connect or start the
 * embedded server, load data, apply the base migrations, then the new ones under observation
 * with their rollback cycle, check thresholds, write the report. A failure at any step after
 * connecting still yields the full report of what was measured, and exit code 1.
 */
export async function runMigrationTest(config: RunConfig, io: RunIO): Promise<RunOutcome> {
  if (config.command) return runCommandTest(config, io);
  const startedAt = new Date();
  const planned = await planRun(config, io);
  await prepareReportDir(planned.reportDir);
  const opened = await untilAborted(openDatabase(config, planned.target, io), io.signal, (late) => late.dispose());
  try {
    const { engine } = opened;
    if (!(await engine.acquireRunLock())) {
      throw new UsageError(
        `database "${engine.database}" is in use by another migration-test run: wait for it to finish, or use another database`,
      );
    }
    if (!config.allowExisting) await refuseNonEmptyDatabase(engine);
    io.onDatabase?.({ engine: engine.name, serverVersion: engine.serverVersion });
    io.onStatus?.(
      `${engine.name} ${engine.serverVersion}: ${planned.set.migrations.length} migrations (${planned.set.format}) from ${planned.set.dir}; ` +
        `${planned.plan.base.length} base, ${planned.plan.new.length} new (${planned.plan.baseLabel})`,
    );
    const rec = startRecording(config, io, planned, opened);
    const cancel = () => void engine.cancel().catch(() => undefined);
    io.signal?.addEventListener('abort', cancel, { once: true });
    try {
      await applyGuarded(rec);
    } finally {
      io.signal?.removeEventListener('abort', cancel);
    }
    noteInterruption(rec);
    return await writeOutcome(rec, startedAt);
  } finally {
    await opened.dispose();
  }
}

/** Discovers the migrations and splits them into base and new; nothing here touches a database. */
async function planRun(config: RunConfig, io: RunIO): Promise<PlannedRun> {
  const target = config.databaseUrl ? parseDatabaseTarget(config.databaseUrl) : null;
  registerSecret(target?.password);
  const dialect: Dialect = target?.engine ?? 'postgres';
  const dir = config.migrations ?? defaultMigrationsDir(io.cwd);
  const set = await discoverMigrations({
    dir,
    format: config.format,
    dialect,
    cwd: io.cwd,
    ...(io.repoRoot ? { repoRoot: io.repoRoot } : {}),
    ...(config.changelog ? { changelog: config.changelog } : {}),
  });
  const { changes, repoRoot } = await changesOf(config, io, dir);
  const plan = planMigrations(set, {
    changes: changes?.files ?? null,
    newFrom: config.newFrom ?? null,
    repoRoot,
    ...(changes ? { changesLabel: changes.label } : {}),
  });
  const typing = postDeployTyping(config, set.migrations);
  const findings: Finding[] = [
    ...(set.problems ?? []),
    ...(set.ignored ?? []).map((file): Finding => ({
      severity: 'notice',
      rule: 'discovery',
      migration: null,
      message: `${JSON.stringify(file)} is in the migrations directory but is not named as a ${set.format} migration: it does not run`,
    })),
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
  const format = formatNamed(set.format);
  const bookkeeping =
    config.bookkeeping === 'on' && format.bookkeeping
      ? format.bookkeeping(config.migrationsTable ? { table: config.migrationsTable } : {})
      : null;
  const tools = await dialectTools(dialect);
  return { target, set, plan, typeOf: typing.typeOf, findings, reportDir, tools, bookkeeping };
}

/** What the change adds: as the caller knows it, else from git against the base ref, else unknown. */
async function changesOf(
  config: RunConfig,
  io: RunIO,
  dir: string,
): Promise<{ changes: NonNullable<RunIO['changes']> | null; repoRoot: string }> {
  if (io.changes || !config.baseRef) return { changes: io.changes ?? null, repoRoot: io.repoRoot ?? io.cwd };
  const files = await changesFromGit({ cwd: io.cwd, baseRef: config.baseRef, dir: path.resolve(io.cwd, dir) });
  return { changes: { files, label: gitChangesLabel(config.baseRef) }, repoRoot: await repositoryRoot(io.cwd) };
}

function startRecording(config: RunConfig, io: RunIO, planned: PlannedRun, opened: OpenedEngine): Recording {
  const runs: MigrationRun[] = [];
  const findings = planned.findings;
  return {
    config,
    io,
    planned,
    opened,
    ctx: {
      engine: opened.engine,
      tools: planned.tools,
      reportDir: planned.reportDir,
      histogramBucketsMs: config.histogramBucketsMs ?? DEFAULT_BUCKETS_MS,
      phase: 'base',
      typeOf: planned.typeOf,
      ...(io.signal ? { signal: io.signal } : {}),
      onFinding: (finding) => findings.push(finding),
      ...(planned.bookkeeping
        ? { bookkeeping: new BookkeepingRecorder(planned.bookkeeping, opened.engine, planned.set.migrations) }
        : {}),
    },
    runs,
    findings,
    data: wantsData(config) ? emptyDataSection(config) : undefined,
    onRun: (run) => {
      // Masked before anyone sees it: a server's error can quote back what a file smuggled in.
      const masked = maskDeep(run);
      runs.push(masked);
      io.onMigration?.(masked);
    },
  };
}

/**
 * Data and migrations in their order: seeds (when they come first), the base migrations, the
 * data that needs the base schema, the new migrations. After a step fails, the migrations
 * that did not run are reported as skipped.
 */
async function applyMigrations(rec: Recording): Promise<void> {
  const { plan } = rec.planned;
  let ready = await loadSeedsFirst(rec);
  if (ready) ready = await setUpBookkeeping(rec);
  if (ready) ready = !(await runPhase(plan.base, 'up', rec.ctx, rec.onRun)).failed;
  else skipAll(rec, plan.base, 'base');
  if (ready) ready = await loadDataAfterBase(rec);
  if (ready) await applyNew(rec);
  else skipAll(rec, plan.new, 'new');
}

/**
 * Anything that stops the run outside a migration's own statements (a schema snapshot of the
 * rollback cycle, a connection gone) ends it with what was measured until then: the cause is an
 * error finding on the migration that ran last, and what did not run is reported as skipped.
 */
async function applyGuarded(rec: Recording): Promise<void> {
  try {
    await applyMigrations(rec);
  } catch (err) {
    const last = rec.runs.at(-1);
    rec.findings.push({
      severity: 'error',
      rule: 'run',
      migration: last?.id ?? null,
      message: `the run stopped${last ? ` after ${last.id} (${last.phase}, ${last.direction})` : ''}: ${oneLine(errorMessage(err))}`,
    });
    const ran = new Set(
      rec.runs.filter((r) => r.direction === 'up' && (r.phase === 'base' || r.phase === 'new')).map((r) => r.id),
    );
    skipAll(
      rec,
      rec.planned.plan.base.filter((m) => !ran.has(m.id)),
      'base',
    );
    skipAll(
      rec,
      rec.planned.plan.new.filter((m) => !ran.has(m.id)),
      'new',
    );
  }
}

/** An interrupted run says so, once, as an error: what it reports is not the whole change. */
function noteInterruption(rec: Recording): void {
  const signal = rec.io.signal;
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  const why = reason instanceof Error ? reason.message : 'cancelled';
  rec.findings.push({
    severity: 'error',
    rule: 'cancelled',
    migration: rec.runs.find((r) => r.status === 'cancelled')?.id ?? null,
    message: `the run was ${why}: the migrations after the interrupted one did not run`,
  });
}

function skipAll(rec: Recording, migrations: readonly Migration[], phase: MigrationRun['phase']): void {
  for (const m of migrations) rec.onRun(skippedRun(m, 'up', { ...rec.ctx, phase }));
}

/** The tool's tables, created as the tool creates them before its first migration (after seeds, which may hold them). */
async function setUpBookkeeping(rec: Recording): Promise<boolean> {
  const books = rec.ctx.bookkeeping;
  if (!books) return true;
  try {
    await books.setup();
  } catch (err) {
    rec.findings.push({ severity: 'error', rule: 'bookkeeping', migration: null, message: errorMessage(err) });
    return false;
  }
  return true;
}

async function loadSeedsFirst(rec: Recording): Promise<boolean> {
  const { config, data, io } = rec;
  try {
    if (data && config.seedAfter === 'none')
      await loadSeeds(config, rec.opened.target, io.cwd, data, (l) => io.onStatus?.(l));
  } catch (err) {
    rec.findings.push({ severity: 'error', rule: 'seed', migration: null, message: errorMessage(err) });
    return false;
  }
  return true;
}

/** Seeds that need the base schema, synthetic rows, and the row counts the report shows. */
async function loadDataAfterBase(rec: Recording): Promise<boolean> {
  const { config, data, io } = rec;
  if (!data) return true;
  try {
    if (config.seedAfter === 'base') await loadSeeds(config, rec.opened.target, io.cwd, data, (l) => io.onStatus?.(l));
    await fillTables(config, rec.opened.engine, data);
    await recordRowCounts(rec.opened.target, data);
  } catch (err) {
    rec.findings.push({
      severity: 'error',
      rule: data.fill || config.seedAfter !== 'base' ? 'fill' : 'seed',
      migration: null,
      message: errorMessage(err),
    });
    return false;
  }
  return true;
}

async function applyNew(rec: Recording): Promise<void> {
  const { config } = rec;
  const cycle = await applyNewMigrations(
    rec.planned.plan.new,
    { ...rec.ctx, phase: 'new', probe: config.probe === 'on' },
    {
      mode: config.rollback,
      requireDown: config.requireDown,
      onRun: rec.onRun,
      snapshot: (e) => e.schemaSnapshot(),
    },
  );
  rec.findings.push(...cycle.findings);
}

/** The findings on what ran, the report, and the exit code it calls for. */
async function writeOutcome(rec: Recording, startedAt: Date): Promise<RunOutcome> {
  const { config, planned, runs, findings, data } = rec;
  const { engine } = rec.opened;
  findings.push(
    ...migrationFindings(runs),
    ...thresholdFindings(runs, config.thresholds, config.severity),
    ...blockedTrafficFindings(runs, config.thresholds, config.severity),
    ...serverWarningFindings(runs, config.severity),
  );
  findings.push(...lockFindings(runs, config.thresholds, config.severity));
  const report = buildReport({
    startedAt,
    finishedAt: new Date(),
    database: { engine: engine.name, serverVersion: engine.serverVersion, label: config.label },
    source: { dir: planned.set.dir, format: planned.set.format, newMigrationsFrom: planned.plan.baseLabel },
    migrations: runs,
    findings,
    ...(data ? { data } : {}),
    settings: verdictSettings(config, rec.io.configFile),
  });
  const reportPath = await writeReport(planned.reportDir, report);
  return { report, reportPath, exitCode: exitCodeFor(report, config.failOn) };
}
