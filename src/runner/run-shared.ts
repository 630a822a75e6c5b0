// What a run over SQL files and a run of --command share: opening the database, refusing a
// database that holds tables, and the settings that decide the verdict.
import type { RunConfig } from '../config/schema.js';
import type { Engine } from '../engines/engine.js';
import { openEngine, type OpenedEngine } from '../engines/open-engine.js';
import type { DatabaseTarget } from '../engines/target.js';
import type { ReportSettings } from '../report/model.js';
import { resolvedThresholds } from '../rules/thresholds.js';
import { UsageError } from '../util/errors.js';
import { registerSecret } from '../util/secrets.js';
import type { RunIO } from './run-all.js';

export async function openDatabase(config: RunConfig, target: DatabaseTarget | null, io: RunIO): Promise<OpenedEngine> {
  io.onStatus?.(config.databaseUrl ? 'connecting to the database…' : 'starting an embedded PostgreSQL…');
  const opened = await openEngine({
    target,
    connectTimeoutSec: config.connectTimeout,
    statementTimeoutSec: config.statementTimeout,
  });
  registerSecret(opened.target.password);
  return opened;
}

/** Migrations may change the database freely, so it must hold nothing of anyone's. */
export async function refuseNonEmptyDatabase(engine: Engine): Promise<void> {
  const tables = await engine.listUserTables();
  if (tables.length === 0) return;
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, … (${tables.length} in all)` : '');
  throw new UsageError(
    `database "${engine.database}" already holds tables (${shown}): migration-test runs on an empty database it may change freely; pass --allow-existing to run there anyway`,
  );
}

/** What decides the verdict, as the report records it. */
export function verdictSettings(config: RunConfig, configFile: Record<string, unknown> | undefined): ReportSettings {
  return {
    failOn: config.failOn,
    rollback: config.rollback,
    probe: config.probe,
    durations: config.rollback === 'off' ? 'first-up' : 'best-of-up-and-reapply',
    thresholds: resolvedThresholds(config.thresholds, config.severity, configFile && (configFile.thresholds ?? {})),
  };
}
