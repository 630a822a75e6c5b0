import { resolveRunConfig } from '../../src/config/load.js';
import { runMigrationTest } from '../../src/runner/run-all.js';
import { tempDir, writeTree } from './tree.js';

/** Runs the whole tool on a migration set written to a temporary directory, as the CLI would. */
export async function runOnFiles(databaseUrl: string, files: Record<string, string>, flags: Record<string, unknown> = {}) {
  const dir = await writeTree(files);
  const reportDir = await tempDir();
  const config = resolveRunConfig({ databaseUrl, migrations: dir, reportDir, connectTimeout: 5, ...flags });
  const outcome = await runMigrationTest(config, { cwd: dir });
  return { ...outcome, reportDir, dir };
}
