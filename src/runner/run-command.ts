import path from 'node:path';
import type { RunConfig } from '../config/schema.js';
import { parseDatabaseTarget } from '../engines/target.js';
import { runMigrateCommand } from '../proxy/command-run.js';
import { buildReport, exitCodeFor, migrationFindings } from '../report/build.js';
import type { MigrationRun } from '../report/model.js';
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
    const out = await runMigrateCommand({
      command,
      cwd: io.cwd,
      target: opened.target,
      engine,
      tools: await dialectTools(engine.dialect),
      reportDir,
      histogramBucketsMs: config.histogramBucketsMs ?? DEFAULT_BUCKETS_MS,
      ...(config.migrationsTable ? { table: config.migrationsTable } : {}),
      onOutput: (line) => io.onStatus?.(`  ${line}`),
    });
    const runs: MigrationRun[] = out.runs.map((run) => maskDeep(run));
    for (const run of runs) io.onMigration?.(run);
    const findings = [
      ...out.findings,
      ...migrationFindings(runs),
      ...thresholdFindings(runs, config.thresholds, config.severity),
    ];
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
