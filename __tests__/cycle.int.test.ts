import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveRunConfig } from '../src/config/load.js';
import { runMigrationTest } from '../src/runner/run-all.js';
import type { Report } from '../src/report/model.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir, writeTree } from './helpers/tree.js';

function git(cwd: string, ...args: string[]): void {
  execFileSync(
    'git',
    ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args],
    { cwd, stdio: 'pipe' },
  );
}

/** Ten migrations on main; a feature branch adds two: a backfill and one whose down drops the wrong column. */
async function pullRequestLikeRepo(engine: 'postgres' | 'mysql'): Promise<string> {
  const base: Record<string, string> = {};
  for (let i = 1; i <= 10; i++) {
    const v = String(i).padStart(3, '0');
    base[`db/migrations/${v}_table_${i}.up.sql`] = `CREATE TABLE t${i} (id INT PRIMARY KEY, v INT);`;
    base[`db/migrations/${v}_table_${i}.down.sql`] = `DROP TABLE t${i};`;
  }
  base['db/migrations/003_table_3.up.sql'] +=
    engine === 'postgres'
      ? '\nINSERT INTO t3 SELECT g, g FROM generate_series(1, 50) g;'
      : '\nINSERT INTO t3 WITH RECURSIVE s (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 50) SELECT n, n FROM s;';
  const dir = await writeTree(base, 'mt-repo-');
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  git(dir, 'checkout', '-qb', 'feature');
  const add = {
    'db/migrations/011_backfill.up.sql': 'ALTER TABLE t3 ADD COLUMN w INT;\nUPDATE t3 SET w = v * 2;',
    'db/migrations/011_backfill.down.sql': 'ALTER TABLE t3 DROP COLUMN w;',
    'db/migrations/012_flags.up.sql':
      'ALTER TABLE t1 ADD COLUMN flag INT;\nALTER TABLE t1 ADD COLUMN note VARCHAR(20);',
    'db/migrations/012_flags.down.sql': 'ALTER TABLE t1 DROP COLUMN flag;',
  };
  for (const [file, content] of Object.entries(add)) await fs.writeFile(path.join(dir, file), content);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'feature');
  return dir;
}

const engines = [
  ['postgres', createPostgresDatabase],
  ['mysql', createMysqlDatabase],
] as const;

describe.each(engines)('a pull-request-like change on %s', (engine, create) => {
  let db: TestDatabase;
  let repo: string;
  beforeAll(async () => {
    repo = await pullRequestLikeRepo(engine);
  });
  beforeEach(async () => {
    db = await create('mt_cycle');
  });
  afterEach(async () => {
    await db.drop();
  });

  async function run(
    flags: Record<string, unknown>,
    file: Record<string, unknown> = {},
  ): Promise<{ report: Report; exitCode: number }> {
    const config = resolveRunConfig(
      {
        databaseUrl: db.url,
        migrations: 'db/migrations',
        baseRef: 'main',
        reportDir: await tempDir(),
        connectTimeout: 5,
        ...flags,
      },
      file,
    );
    return runMigrationTest(config, { cwd: repo, repoRoot: repo });
  }

  test('batch: base first, then new, rollback, reapply; the broken down is schema drift; thresholds fire', async () => {
    const { report, exitCode } = await run(
      {},
      { thresholds: { rowsChanged: { default: 10 }, duration: { regular: 0 } } },
    );
    expect(exitCode).toBe(1);
    const seq = report.migrations.map((m) => `${m.phase}:${m.id}:${m.direction}`);
    if (process.env.DEBUG_CYCLE) console.log(seq, report.findings);
    expect(seq.slice(0, 10).every((s) => s.startsWith('base:'))).toBe(true);
    expect(seq.slice(10)).toEqual([
      'new:011_backfill:up',
      'new:012_flags:up',
      'rollback:012_flags:down',
      'rollback:011_backfill:down',
      'reapply:011_backfill:up',
      'reapply:012_flags:up',
    ]);
    expect(report.source.newMigrationsFrom).toMatch(/main/);
    const drift = report.findings.filter((f) => f.rule === 'schema-drift');
    expect(drift.length).toBeGreaterThanOrEqual(1);
    expect(drift[0]!.severity).toBe('error');
    expect(drift[0]!.message).toMatch(/note/);
    expect(drift.map((f) => f.migration)).toEqual(['012_flags']);
    const rows = report.findings.find((f) => f.rule === 'rows-changed');
    expect(rows).toMatchObject({ migration: '011_backfill', value: 50, limit: 10, severity: 'error' });
    expect(
      report.findings
        .filter((f) => f.rule === 'duration')
        .map((f) => f.migration)
        .sort(),
    ).toEqual(['011_backfill', '012_flags']);
    const duration = report.findings.find((f) => f.rule === 'duration')!;
    expect(duration).toMatchObject({ limit: 0, unit: 'ms' });
    expect(duration.measurements!.map((m) => m.phase)).toEqual(['new', 'reapply']);
    expect(duration.value).toBe(Math.min(...duration.measurements!.map((m) => m.value)));
    expect(report.settings).toMatchObject({ failOn: 'error', rollback: 'batch', probe: 'on' });
    const limit = (name: string) => report.settings!.thresholds.find((t) => t.name === name);
    expect(limit('rowsChanged.default')).toMatchObject({ limit: 10, unit: 'rows', source: 'config' });
    expect(limit('duration.postDeploy')).toMatchObject({ limit: 600_000, source: 'default' });
    expect(report.totals).toMatchObject({
      base: { migrations: 10, succeeded: 10 },
      new: { migrations: 2, succeeded: 2, failed: 0, skipped: 0 },
      rollback: { migrations: 2, succeeded: 2 },
      // 012's down left its column `note`: adding it again fails.
      reapply: { migrations: 2, succeeded: 1, failed: 1 },
    });
  });

  test('per-migration: each new migration cycles on its own and the drift names the broken one', async () => {
    const { report } = await run({ rollback: 'per-migration' });
    expect(report.migrations.slice(10).map((m) => `${m.phase}:${m.id}`)).toEqual([
      'new:011_backfill',
      'rollback:011_backfill',
      'reapply:011_backfill',
      'new:012_flags',
      'rollback:012_flags',
      'reapply:012_flags',
    ]);
    const drift = report.findings.filter((f) => f.rule === 'schema-drift');
    expect(drift.map((f) => f.migration)).toEqual(['012_flags']);
  });

  test('rollback off: no cycle; --new-from instead of a base ref; fail-on levels', async () => {
    const { report, exitCode } = await run(
      { rollback: 'off', baseRef: undefined, newFrom: '012' },
      { thresholds: { duration: { regular: 0 } } },
    );
    expect(report.migrations.filter((m) => m.phase === 'new').map((m) => m.id)).toEqual(['012_flags']);
    expect(report.migrations.some((m) => m.phase === 'rollback')).toBe(false);
    expect(report.status).toBe('warning');
    expect(exitCode).toBe(0);
    const strict = await (async () => {
      await db.drop();
      db = await create('mt_cycle');
      return run(
        { rollback: 'off', baseRef: undefined, newFrom: '012', failOn: 'warning' },
        { thresholds: { duration: { regular: 0 } } },
      );
    })();
    expect(strict.exitCode).toBe(1);
  });
});

/**
 * Three base tables; a branch adds five migrations whose downs are broken in two places, neither
 * the first: 013 resets a default to the wrong value (visible after the whole rollback), 015
 * leaves a column behind on a table that 011's down then drops (invisible after the whole
 * rollback, but a broken down all the same). With `failingDown`, 012's down also errors.
 */
async function fiveNewMigrationsRepo(failingDown = false): Promise<string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= 3; i++) {
    files[`db/migrations/00${i}_table_${i}.up.sql`] = `CREATE TABLE t${i} (id INT PRIMARY KEY, v INT);`;
    files[`db/migrations/00${i}_table_${i}.down.sql`] = `DROP TABLE t${i};`;
  }
  const dir = await writeTree(files, 'mt-drift-');
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  git(dir, 'checkout', '-qb', 'feature');
  const add: Record<string, string> = {
    '011_create_a.up.sql': 'CREATE TABLE a (id INT PRIMARY KEY);',
    '011_create_a.down.sql': 'DROP TABLE a;',
    '012_add_c2.up.sql': 'ALTER TABLE t1 ADD COLUMN c2 INT;',
    '012_add_c2.down.sql': failingDown
      ? 'ALTER TABLE t1 DROP COLUMN no_such_column;'
      : 'ALTER TABLE t1 DROP COLUMN c2;',
    '013_default_v.up.sql': 'ALTER TABLE t2 ALTER COLUMN v SET DEFAULT 0;',
    '013_default_v.down.sql': 'ALTER TABLE t2 ALTER COLUMN v SET DEFAULT 1;',
    '014_create_b.up.sql': 'CREATE TABLE b (id INT PRIMARY KEY);',
    '014_create_b.down.sql': 'DROP TABLE b;',
    '015_a_columns.up.sql': 'ALTER TABLE a ADD COLUMN x INT;\nALTER TABLE a ADD COLUMN y INT;',
    '015_a_columns.down.sql': 'ALTER TABLE a DROP COLUMN x;',
  };
  for (const [file, content] of Object.entries(add)) await fs.writeFile(path.join(dir, 'db/migrations', file), content);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'feature');
  return dir;
}

describe.each(engines)('batch drift named at its source on %s', (_engine, create) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await create('mt_drift');
  });
  afterEach(async () => {
    await db.drop();
  });

  async function run(repo: string, rollback: string): Promise<Report> {
    const config = resolveRunConfig({
      databaseUrl: db.url,
      migrations: 'db/migrations',
      baseRef: 'main',
      reportDir: await tempDir(),
      connectTimeout: 5,
      rollback,
    });
    return (await runMigrationTest(config, { cwd: repo, repoRoot: repo })).report;
  }

  const drift = (report: Report) =>
    report.findings
      .filter((f) => f.rule === 'schema-drift')
      .map((f) => [f.migration, f.message] as const)
      .sort(([a], [b]) => String(a).localeCompare(String(b)));

  test('two broken downs of five: each drift line is attached to the down that left it, as per-migration mode does', async () => {
    const repo = await fiveNewMigrationsRepo();
    const batch = await run(repo, 'batch');
    expect(batch.migrations.filter((m) => m.status !== 'succeeded')).toEqual([]);
    const found = drift(batch);
    expect(found.map(([m]) => m)).toEqual(['013_default_v', '015_a_columns']);
    expect(found[0]![1]).toMatch(/^in the batch rollback, the schema after its down migration differs/);
    expect(found[0]![1]).toMatch(/t2\.v/);
    expect(found[0]![1]).not.toMatch(/\ba\.y\b/);
    expect(found[1]![1]).toMatch(/a\.y/);
    expect(found[1]![1]).not.toMatch(/t2\.v/);
    expect(batch.findings.find((f) => f.rule === 'schema-drift')).toMatchObject({ value: 1, unit: 'count' });

    await db.drop();
    db = await create('mt_drift');
    const perMigration = await run(repo, 'per-migration');
    expect(drift(perMigration).map(([m]) => m)).toEqual(['013_default_v', '015_a_columns']);
  });

  test('a down that errors is named, and the drift of the downs before it still is', async () => {
    const repo = await fiveNewMigrationsRepo(true);
    const report = await run(repo, 'batch');
    const cycle = report.migrations.filter((m) => m.phase === 'rollback' || m.phase === 'reapply');
    expect(cycle.map((m) => `${m.phase}:${m.id}:${m.status}`)).toEqual([
      'rollback:015_a_columns:succeeded',
      'rollback:014_create_b:succeeded',
      'rollback:013_default_v:succeeded',
      'rollback:012_add_c2:failed',
      'rollback:011_create_a:skipped',
      ...['011_create_a', '012_add_c2', '013_default_v', '014_create_b', '015_a_columns'].map(
        (id) => `reapply:${id}:skipped`,
      ),
    ]);
    expect(report.findings.find((f) => f.rule === 'migration-failed')).toMatchObject({ migration: '012_add_c2' });
    expect(drift(report).map(([m]) => m)).toEqual(['013_default_v', '015_a_columns']);
    expect(report.status).toBe('failed');
  });
});

test('an unknown --base-ref is a usage error before anything runs', async () => {
  const repo = await pullRequestLikeRepo('postgres');
  const config = resolveRunConfig({
    databaseUrl: 'postgres://127.0.0.1:1/none',
    migrations: 'db/migrations',
    baseRef: 'no-such-branch',
    connectTimeout: 1,
  });
  await expect(runMigrationTest(config, { cwd: repo, repoRoot: repo })).rejects.toThrow(/--base-ref no-such-branch/);
});
