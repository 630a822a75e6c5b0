import path from 'node:path';
import type { RunConfig } from '../config/schema.js';
import { openEngine } from '../engines/open-engine.js';
import { parseDatabaseUrl } from '../engines/url.js';
import { defaultMigrationsDir, discoverMigrations } from '../migrations/discover.js';
import type { Dialect } from '../migrations/types.js';
import { buildReport, exitCodeFor, migrationFindings } from '../report/build.js';
import type { MigrationRun, Report } from '../report/model.js';
import { prepareReportDir, writeReport } from '../report/write.js';
import { UsageError } from '../util/errors.js';
import { dialectTools } from './dialect-tools.js';
import { DEFAULT_BUCKETS_MS } from './histogram.js';
import { runPhase } from './run-phase.js';

export interface RunIO {
  cwd: string;
  /** Called once per migration as it finishes. */
  onMigration?(run: MigrationRun): void;
  /** Progress that is not about one migration (starting a server, connecting). */
  onStatus?(line: string): void;
}

export interface RunOutcome {
  report: Report;
  reportPath: string;
  exitCode: 0 | 1;
}

/**
 * One run: discover, connect (or start the embedded server), apply every migration under
 * observation, write the report. Usage, config and connection problems throw UsageError
 * before anything runs; a failed migration yields the full report and exit code 1.
 */
export async function runMigrationTest(config: RunConfig, io: RunIO): Promise<RunOutcome> {
  const startedAt = new Date();
  const dialect: Dialect = config.databaseUrl ? parseDatabaseUrl(config.databaseUrl).engine : 'postgres';
  const dir = config.migrations ?? defaultMigrationsDir(io.cwd);
  const set = await discoverMigrations({ dir, format: config.format, dialect, cwd: io.cwd });
  const reportDir = path.resolve(io.cwd, config.reportDir);
  const tools = await dialectTools(dialect);

  io.onStatus?.(config.databaseUrl ? 'connecting to the database…' : 'starting an embedded PostgreSQL…');
  const opened = await openEngine({
    databaseUrl: config.databaseUrl,
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
    io.onStatus?.(`${engine.name} ${engine.serverVersion}: ${set.migrations.length} migrations (${set.format}) from ${set.dir}`);
    await prepareReportDir(reportDir);
    const phase = await runPhase(
      set.migrations,
      'up',
      {
        engine,
        tools,
        reportDir,
        histogramBucketsMs: config.histogramBucketsMs ?? DEFAULT_BUCKETS_MS,
        phase: 'new',
        typeOf: () => 'regular',
      },
      io.onMigration,
    );
    const report = buildReport({
      startedAt,
      finishedAt: new Date(),
      database: { engine: engine.name, serverVersion: engine.serverVersion, label: config.label },
      source: { dir: set.dir, format: set.format },
      migrations: phase.runs,
      findings: migrationFindings(phase.runs),
    });
    const reportPath = await writeReport(reportDir, report);
    return { report, reportPath, exitCode: exitCodeFor(report, config.failOn) };
  } finally {
    await opened.dispose();
  }
}
