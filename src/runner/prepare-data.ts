import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunConfig } from '../config/schema.js';
import { fillDatabase } from '../data/fill/index.js';
import { countRows, loadSeedFile, runSeedCommand } from '../data/seed/index.js';
import type { Engine } from '../engines/engine.js';
import type { DatabaseTarget } from '../engines/target.js';
import type { DataSection } from '../report/model.js';

export function wantsData(config: RunConfig): boolean {
  return config.seed.length > 0 || config.seedCommand !== undefined || config.fill !== null;
}

/** Seed dumps and the seed command, through their own connections. */
export async function loadSeeds(
  config: RunConfig,
  target: DatabaseTarget,
  cwd: string,
  data: DataSection,
  log: (line: string) => void = () => {},
): Promise<void> {
  const t0 = performance.now();
  for (const file of config.seed) {
    log(`loading seed ${file}…`);
    const result = await loadSeedFile(target, path.resolve(cwd, file), { onNote: (m) => log(`  ${file}: ${m}`) });
    data.seeds.push({ ...result, file: path.relative(cwd, path.resolve(cwd, file)) || file });
  }
  if (config.seedCommand) {
    log('running the seed command…');
    const r = await runSeedCommand(target, config.seedCommand, cwd, { onOutput: (text) => log(`  ${text.trimEnd()}`) });
    data.seedCommand = { command: r.command, exitCode: r.exitCode, ms: r.ms };
  }
  data.ms += performance.now() - t0;
}

/** Synthetic rows, after the base migrations created the tables. */
export async function fillTables(config: RunConfig, engine: Engine, data: DataSection): Promise<void> {
  const opts = config.fill;
  if (!opts) return;
  const result = await fillDatabase(engine, opts);
  data.fill = { seed: opts.seed, ms: result.ms, tables: result.tables, skipped: result.skipped };
  data.ms += result.ms;
}

export async function recordRowCounts(target: DatabaseTarget, data: DataSection): Promise<void> {
  data.rowsPerTable = await countRows(target);
}

export function emptyDataSection(config: RunConfig): DataSection {
  return { seeds: [], seedCommand: null, seedAfter: config.seedAfter, fill: null, rowsPerTable: {}, ms: 0 };
}
