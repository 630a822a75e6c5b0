import { resolveRunConfig } from '../../src/config/load.js';
import { runMigrationTest } from '../../src/runner/run-all.js';
import { tempDir, writeTree } from './tree.js';

/**
 * Runs the whole tool on a migration set written to a temporary directory, as the CLI would.
 * Time limits are off unless a test sets them: on a loaded machine any statement can pass 100 ms,
 * and these tests judge what was measured, not how fast the machine was.
 */
export async function runOnFiles(
  databaseUrl: string,
  files: Record<string, string>,
  flags: Record<string, unknown> = {},
) {
  const dir = await writeTree(files);
  const reportDir = await tempDir();
  const config = resolveRunConfig({
    databaseUrl,
    migrations: dir,
    reportDir,
    connectTimeout: 5,
    thresholds: {
      duration: { regular: null, postDeploy: null },
      queryDuration: { default: null, concurrentIndex: null },
      blockedTraffic: { default: null },
    },
    ...flags,
  });
  const outcome = await runMigrationTest(config, { cwd: dir });
  return { ...outcome, reportDir, dir };
}
