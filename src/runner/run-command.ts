import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunConfig } from '../config/schema.js';
import { parseDatabaseTarget } from '../engines/target.js';
import { diffSchemas, formatSchemaDiff, type SchemaSnapshot } from '../engines/schema/snapshot.js';
import { mentionsToolTable } from '../proxy/boundaries.js';
import { runMigrateCommand, type CommandRunInput, type CommandRunOutput } from '../proxy/command-run.js';
import { buildReport, exitCodeFor, migrationFindings } from '../report/build.js';
import type { Finding, MigrationRun } from '../report/model.js';
import { prepareReportDir, writeReport } from '../report/write.js';
import { thresholdFindings } from '../rules/thresholds.js';
import { UsageError } from '../util/errors.js';
import { untilAborted } from '../util/interrupt.js';
import { maskDeep, registerSecret } from '../util/secrets.js';
import { dialectTools } from './dialect-tools.js';
import { DEFAULT_BUCKETS_MS } from './histogram.js';
import type { RunIO, RunOutcome } from './run-all.js';
import { openDatabase, refuseNonEmptyDatabase, verdictSettings } from './run-shared.js';

/**
 * A run of --command: the database opened as for SQL files (or an embedded one), the team's
 * command run through the recording proxy, and the same report from what it recorded.
 */
export async function runCommandTest(config: RunConfig, io: RunIO): Promise<RunOutcome> {
  const command = config.command;
  if (!command) throw new UsageError('--command: empty');
  const startedAt = new Date();
  const target = config.databaseUrl ? parseDatabaseTarget(config.databaseUrl) : null;
  registerSecret(target?.password);
  // Usage errors before anything is opened.
  const cwd = await commandDirectory(io.cwd, config.workingDirectory);
  const reportDir = path.resolve(io.cwd, config.reportDir);
  await prepareReportDir(reportDir);
  const opened = await untilAborted(openDatabase(config, target, io), io.signal, (late) => late.dispose());
  try {
    const { engine } = opened;
    if (!(await engine.acquireRunLock())) {
      throw new UsageError(`database "${engine.database}" is in use by another migration-test run`);
    }
    if (!config.allowExisting) await refuseNonEmptyDatabase(engine);
    io.onDatabase?.({ engine: engine.name, serverVersion: engine.serverVersion });
    io.onStatus?.(`${engine.name} ${engine.serverVersion}: running ${command} through the recording proxy`);
    const base: CommandRunInput = {
      command,
      cwd,
      urlVariables: config.commandEnv,
      target: opened.target,
      engine,
      tools: await dialectTools(engine.dialect),
      reportDir,
      histogramBucketsMs: config.histogramBucketsMs ?? DEFAULT_BUCKETS_MS,
      ...(config.migrationsTable ? { table: config.migrationsTable } : {}),
      onOutput: (line) => io.onStatus?.(`  ${line}`),
      ...(io.signal ? { signal: io.signal } : {}),
      timeoutSec: config.commandTimeout,
    };
    const runs: MigrationRun[] = [];
    const findings: Finding[] = [];
    const phase = async (p: MigrationRun['phase'], cmd: string): Promise<CommandRunOutput> => {
      io.onStatus?.(`${p === 'rollback' ? 'rolling back' : p === 'reapply' ? 'applying again' : 'applying'}: ${cmd}`);
      const out = await runMigrateCommand({ ...base, command: cmd, phase: p });
      for (const run of out.runs.map((r) => maskDeep(r))) {
        runs.push(run);
        io.onMigration?.(run);
      }
      findings.push(...out.findings);
      return out;
    };
    const cancelled = () => io.signal?.aborted === true;
    const baseRun = config.baseCommand ? await phase('base', config.baseCommand) : null;
    if (baseRun && baseRun.command.exitCode !== 0) {
      findings.push({
        severity: 'error',
        rule: 'command',
        migration: null,
        message: `--base-command ${JSON.stringify(baseRun.command.command)} failed: the new migrations did not run`,
      });
    }
    const before = config.downCommand ? await engine.schemaSnapshot() : null;
    const up = baseRun && (baseRun.command.exitCode !== 0 || cancelled()) ? null : await phase('new', command);
    if (config.downCommand && before && up && up.command.exitCode === 0 && up.runs.length > 0 && !cancelled()) {
      const afterUp = await engine.schemaSnapshot();
      const down = await phase('rollback', config.downCommand);
      if (down.command.exitCode === 0 && !cancelled()) {
        findings.push(...drift(before, await engine.schemaSnapshot(), DOWN_DRIFT, config.migrationsTable));
        const again = await phase('reapply', command);
        if (again.command.exitCode === 0)
          findings.push(...drift(afterUp, await engine.schemaSnapshot(), REAPPLY_DRIFT, config.migrationsTable));
      }
    }
    const out = { command: (up ?? baseRun)!.command };
    if (cancelled()) {
      const reason: unknown = io.signal?.reason;
      findings.push({
        severity: 'error',
        rule: 'cancelled',
        migration: runs.find((r) => r.status === 'cancelled')?.id ?? null,
        message: `the run was ${reason instanceof Error ? reason.message : 'cancelled'}: the command was stopped`,
      });
    }
    findings.push(...migrationFindings(runs), ...thresholdFindings(runs, config.thresholds, config.severity));
    const report = buildReport({
      startedAt,
      finishedAt: new Date(),
      database: { engine: engine.name, serverVersion: engine.serverVersion, label: config.label },
      source: {
        dir: '.',
        format: 'command',
        newMigrationsFrom: 'the migrations the command ran',
        command: out.command,
      },
      migrations: runs,
      findings,
      settings: verdictSettings(config, io.configFile),
    });
    const reportPath = await writeReport(reportDir, report);
    return { report, reportPath, exitCode: exitCodeFor(report, config.failOn) };
  } finally {
    await opened.dispose();
  }
}

const DOWN_DRIFT = 'after --down-command, the schema differs from the schema before --command';
const REAPPLY_DRIFT = 'after --command ran again, the schema differs from the schema after its first run';

/** The schema without the tool's own tables, which the tool creates on its first run and keeps. */
function withoutToolTables(s: SchemaSnapshot, table: string | undefined): SchemaSnapshot {
  return {
    objects: Object.fromEntries(
      Object.entries(s.objects).filter(([key, o]) => !mentionsToolTable(`${key} ${o.parent ?? ''}`, table)),
    ),
  };
}

function drift(expected: SchemaSnapshot, actual: SchemaSnapshot, what: string, table?: string): Finding[] {
  const diffs = diffSchemas(withoutToolTables(expected, table), withoutToolTables(actual, table));
  if (diffs.length === 0) return [];
  return [
    {
      severity: 'error',
      rule: 'schema-drift',
      migration: null,
      message: `${what} (${diffs.length} difference${diffs.length === 1 ? '' : 's'}):\n${formatSchemaDiff(diffs, 20)}`,
      value: diffs.length,
      unit: 'count',
    },
  ];
}

/** The directory the commands run in: --working-directory under the run's, which must exist. */
async function commandDirectory(cwd: string, dir: string | undefined): Promise<string> {
  if (!dir) return cwd;
  const abs = path.resolve(cwd, dir);
  const isDir = await stat(abs).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new UsageError(`--working-directory ${dir}: not a directory (looked for ${abs})`);
  return abs;
}
