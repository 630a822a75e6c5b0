// --command that does not end: stopped by --command-timeout or by a cancel, with nothing left
// running on the server.
import path from 'node:path';
import pg from 'pg';
import { resolveRunConfig } from '../src/config/load.js';
import { runMigrationTest } from '../src/runner/run-all.js';
import { createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir, writeTree } from './helpers/tree.js';

const PG = path.resolve('node_modules/pg');
// A client of the tool's kind: a migration recorded, then one that never ends.
const SCRIPT = `
const pg = require(${JSON.stringify(PG)});
const c = new pg.Client(process.env.DATABASE_URL);
(async () => {
  await c.connect();
  await c.query('CREATE TABLE schema_migrations (version text)');
  await c.query("INSERT INTO schema_migrations VALUES ('1')");
  await c.query('SELECT pg_sleep(600)');
})();
`;

let db: TestDatabase;
beforeEach(async () => {
  db = await createPostgresDatabase('mt_cmd_stop');
});
afterEach(async () => {
  await db.drop();
});

async function sleepers(): Promise<number> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(600)' AND datname = $1",
      [db.name],
    );
    return Number(r.rows[0]?.n);
  } finally {
    await c.end();
  }
}

async function run(flags: Record<string, unknown>, signal?: AbortSignal) {
  const dir = await writeTree({ 'migrate.cjs': SCRIPT });
  const config = resolveRunConfig({
    databaseUrl: db.url,
    command: 'node migrate.cjs',
    reportDir: await tempDir(),
    connectTimeout: 5,
    ...flags,
  });
  return runMigrationTest(config, { cwd: dir, ...(signal ? { signal } : {}) });
}

test('--command-timeout stops the command and its statement; what it recorded stands', async () => {
  const { report, exitCode } = await run({ commandTimeout: 2 });
  expect(exitCode).toBe(1);
  expect(report.migrations.map((m) => [m.name, m.status])).toEqual([
    ['1', 'succeeded'],
    ['not recorded (the command failed)', 'failed'],
  ]);
  expect(report.migrations[1]!.error?.message).toMatch(/ran longer than 2 s and was stopped/);
  expect(await sleepers()).toBe(0);
});

test('a cancelled run stops the command: the migration under way is cancelled, the report written', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('cancelled by SIGTERM')), 1500);
  const { report, exitCode } = await run({}, controller.signal);
  expect(exitCode).toBe(1);
  expect(report.migrations.map((m) => m.status)).toEqual(['succeeded', 'cancelled']);
  expect(report.findings.some((f) => f.rule === 'cancelled' && /cancelled by SIGTERM/.test(f.message))).toBe(true);
  expect(await sleepers()).toBe(0);
});
