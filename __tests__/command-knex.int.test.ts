// --command with a real migration tool (Knex, from the npm registry) through the recording proxy,
// on PostgreSQL and on MariaDB/MySQL.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { resolveRunConfig } from '../src/config/load.js';
import { runMigrationTest } from '../src/runner/run-all.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir, writeTree } from './helpers/tree.js';

const KNEX = path.resolve('node_modules/knex');
// KNEX_PATH: the CLI looks for a local knex from the migrations' directory, which has none.
const command = (client: string, dir: string, what = 'migrate:latest') =>
  `KNEX_PATH=${KNEX} node ${KNEX}/bin/cli.js ${what} --client ${client} --connection "$DATABASE_URL" --migrations-directory ${dir}`;

const THOUSAND_ROWS: Record<TestDatabase['engine'], string> = {
  postgres: 'INSERT INTO items SELECT g, g FROM generate_series(1, 1000) g',
  mysql:
    'INSERT INTO items WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000) SELECT n, n FROM s',
};

const migrations = (engine: TestDatabase['engine']): Record<string, string> => ({
  'migrations/20240101000000_create_items.js': `
exports.up = (knex) => knex.schema.createTable('items', (t) => { t.integer('id').primary(); t.integer('v'); });
exports.down = (knex) => knex.schema.dropTable('items');
`,
  'migrations/20240101000001_fill_items.js': `
exports.up = async (knex) => {
  await knex.raw(${JSON.stringify(THOUSAND_ROWS[engine])});
  await knex('items').where('id', '<=', 250).update({ v: 0 });
};
exports.down = (knex) => knex('items').del();
`,
  'migrations/20240101000002_index_items.js': `
exports.up = (knex) => knex.schema.alterTable('items', (t) => { t.index(['v']); });
exports.down = (knex) => knex.schema.alterTable('items', (t) => { t.dropIndex(['v']); });
`,
});

async function knexNames(db: TestDatabase): Promise<string[]> {
  if (db.engine === 'postgres') {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query<{ name: string }>('SELECT name FROM knex_migrations ORDER BY id')).rows.map((r) => r.name);
    } finally {
      await c.end();
    }
  }
  const c = await mysql.createConnection(db.url);
  try {
    const [rows] = await c.query('SELECT name FROM knex_migrations ORDER BY id');
    return (rows as { name: string }[]).map((r) => r.name);
  } finally {
    await c.end();
  }
}

describe.each(['postgres', 'mysql'] as const)('%s', (engine) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = engine === 'postgres' ? await createPostgresDatabase('mt_cmd_knex') : await createMysqlDatabase('mt_cmd_knex');
  });
  afterEach(async () => {
    await db.drop();
  });

  async function run(files: Record<string, string>, down = false) {
    const dir = await writeTree(files);
    const reportDir = await tempDir();
    const client = engine === 'postgres' ? 'pg' : 'mysql2';
    const config = resolveRunConfig({
      databaseUrl: db.url,
      command: command(client, path.join(dir, 'migrations')),
      ...(down ? { downCommand: command(client, path.join(dir, 'migrations'), 'migrate:rollback --all') } : {}),
      reportDir,
      connectTimeout: 5,
      thresholds: {
        duration: { regular: null, postDeploy: null },
        queryDuration: { default: null, concurrentIndex: null },
      },
    });
    return runMigrationTest(config, { cwd: dir });
  }

  test('one entry per Knex migration, named as Knex records it, with its statements and rows', async () => {
    const { report, exitCode } = await run(migrations(engine));
    expect(exitCode).toBe(0);
    expect(report.source.format).toBe('command');
    expect(report.source.command?.exitCode).toBe(0);
    expect(report.migrations.map((m) => [m.name, m.status])).toEqual([
      ['20240101000000_create_items.js', 'succeeded'],
      ['20240101000001_fill_items.js', 'succeeded'],
      ['20240101000002_index_items.js', 'succeeded'],
    ]);
    const [create, fill, index] = report.migrations;
    expect(fill!.counters).toMatchObject({ rowsInserted: 1000, rowsUpdated: 250, rowsDeleted: 0, rowsChanged: 1250 });
    if (engine === 'postgres') {
      // migrate:latest runs the whole batch in one transaction (the first migration's BEGIN, the last one's COMMIT).
      expect(report.migrations.map((m) => m.transactional)).toEqual([true, true, true]);
    } else {
      // DDL commits implicitly: the server says the transaction ended with the CREATE TABLE.
      expect(create!.transactional).toBe(false);
    }
    const sqls = (r: typeof fill) => r!.queries.map((q) => q.sql);
    expect(sqls(fill).some((q) => /^INSERT INTO items/i.test(q))).toBe(true);
    expect(sqls(fill).some((q) => /^update [`"]items[`"]/i.test(q))).toBe(true);
    expect(sqls(create).some((q) => /create table [`"]items[`"]/i.test(q))).toBe(true);
    expect(sqls(index).some((q) => /index/i.test(q))).toBe(true);
    // The tool's own reads and writes of knex_migrations are no migration's.
    for (const m of report.migrations) expect(JSON.stringify(m.queries)).not.toMatch(/knex_migrations/);
    expect(create!.sizeDeltaBytes).toBeGreaterThan(0);
    expect(await knexNames(db)).toEqual(report.migrations.map((m) => m.name));
  });

  test('a migration that fails: the ones before it, then it, failed, with the server error and the command’s exit', async () => {
    const { report, exitCode } = await run({
      ...migrations(engine),
      'migrations/20240101000002_index_items.js': `
exports.up = (knex) => knex.raw('UPDATE no_such_table SET x = 1');
exports.down = () => {};
`,
    });
    expect(exitCode).toBe(1);
    expect(report.migrations.map((m) => m.status)).toEqual(['succeeded', 'succeeded', 'failed']);
    const failed = report.migrations[2]!;
    expect(failed.error?.code).toBe(engine === 'postgres' ? '42P01' : '1146');
    expect(failed.error?.message).toMatch(/no_such_table.*the command exited with code 1/s);
    expect(report.source.command?.exitCode).toBe(1);
  });
});

describe.each(['postgres', 'mysql'] as const)('%s, with --down-command', (engine) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = engine === 'postgres' ? await createPostgresDatabase('mt_cmd_knex') : await createMysqlDatabase('mt_cmd_knex');
  });
  afterEach(async () => {
    await db.drop();
  });

  async function cycle(files: Record<string, string>) {
    const dir = await writeTree(files);
    const client = engine === 'postgres' ? 'pg' : 'mysql2';
    const config = resolveRunConfig({
      databaseUrl: db.url,
      command: command(client, path.join(dir, 'migrations')),
      downCommand: command(client, path.join(dir, 'migrations'), 'migrate:rollback --all'),
      reportDir: await tempDir(),
      connectTimeout: 5,
      thresholds: {
        duration: { regular: null, postDeploy: null },
        queryDuration: { default: null, concurrentIndex: null },
      },
    });
    return runMigrationTest(config, { cwd: dir });
  }

  test('up, down (newest first) and up again, each migration measured, the schemas compared', async () => {
    const { report, exitCode } = await cycle(migrations(engine));
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.migrations.map((m) => [m.phase, m.direction, m.name])).toEqual([
      ['new', 'up', '20240101000000_create_items.js'],
      ['new', 'up', '20240101000001_fill_items.js'],
      ['new', 'up', '20240101000002_index_items.js'],
      ['rollback', 'down', '20240101000002_index_items.js'],
      ['rollback', 'down', '20240101000001_fill_items.js'],
      ['rollback', 'down', '20240101000000_create_items.js'],
      ['reapply', 'up', '20240101000000_create_items.js'],
      ['reapply', 'up', '20240101000001_fill_items.js'],
      ['reapply', 'up', '20240101000002_index_items.js'],
    ]);
    expect(report.migrations[4]!.counters.rowsDeleted).toBe(1000);
  });

  test('a down that leaves an index behind is schema drift', async () => {
    const { report, exitCode } = await cycle({
      ...migrations(engine),
      'migrations/20240101000002_index_items.js': `
exports.up = (knex) => knex.schema.createTable('extra', (t) => { t.integer('id'); });
exports.down = () => {};
`,
    });
    expect(exitCode).toBe(1);
    const drift = report.findings.filter((f) => f.rule === 'schema-drift');
    expect(drift).toHaveLength(1);
    expect(drift[0]!.message).toMatch(/after --down-command.*extra/s);
  });
});

describe('postgres: --base-command, --working-directory, --command-env', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createPostgresDatabase('mt_cmd_knex');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('the base migrations recorded as base, the rest as new; the URL in the variables named; the command run in its directory', async () => {
    const files = Object.fromEntries(Object.entries(migrations('postgres')).map(([k, v]) => [`app/${k}`, v]));
    const dir = await writeTree(files);
    const knex = (what: string) =>
      `KNEX_PATH=${KNEX} node ${KNEX}/bin/cli.js ${what} --client pg --connection "$APP_DB" --migrations-directory ./migrations`;
    const config = resolveRunConfig({
      databaseUrl: db.url,
      baseCommand: knex('migrate:up'),
      command: knex('migrate:latest'),
      workingDirectory: 'app',
      commandEnv: ['APP_DB'],
      reportDir: await tempDir(),
      connectTimeout: 5,
      thresholds: {
        duration: { regular: null, postDeploy: null },
        queryDuration: { default: null, concurrentIndex: null },
      },
    });
    const { report, exitCode } = await runMigrationTest(config, { cwd: dir });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.migrations.map((m) => [m.phase, m.name])).toEqual([
      ['base', '20240101000000_create_items.js'],
      ['new', '20240101000001_fill_items.js'],
      ['new', '20240101000002_index_items.js'],
    ]);
  });

  test('a command that fails before any migration: an error naming its exit code and quoting its output', async () => {
    const config = resolveRunConfig({
      databaseUrl: db.url,
      command: 'echo "no such tool here" >&2; exit 7',
      reportDir: await tempDir(),
    });
    const { report, exitCode } = await runMigrationTest(config, { cwd: await tempDir() });
    expect(exitCode).toBe(1);
    expect(report.migrations).toEqual([]);
    expect(report.source.command?.exitCode).toBe(7);
    const error = report.findings.find((f) => f.rule === 'command');
    expect(error?.severity).toBe('error');
    expect(error?.message).toMatch(/exited with code 7 and recorded no migration.*no such tool here/s);
  });

  test("the runner's tokens and variables named like secrets are withheld from the command", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      GITHUB_TOKEN: 'ghs_withheld1',
      ACTIONS_RUNTIME_TOKEN: 'rt_withheld2',
      'INPUT_GITHUB-TOKEN': 'ghs_withheld3',
      MY_API_KEY: 'key_withheld4',
      HARMLESS: 'kept',
    });
    try {
      const config = resolveRunConfig({
        databaseUrl: db.url,
        command: 'env > env.txt; [ -n "$DATABASE_URL" ] || exit 9; exit 3',
        reportDir: await tempDir(),
      });
      const cwd = await tempDir();
      const { report } = await runMigrationTest(config, { cwd });
      expect(report.source.command?.exitCode).toBe(3);
      const env = await readFile(path.join(cwd, 'env.txt'), 'utf8');
      expect(env).toContain('HARMLESS=kept');
      expect(env).not.toMatch(/withheld/);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    }
  });

  test('a working directory that is not there is refused', async () => {
    const config = resolveRunConfig({ databaseUrl: db.url, command: 'true', workingDirectory: 'nowhere' });
    await expect(runMigrationTest(config, { cwd: await tempDir() })).rejects.toThrow(
      /--working-directory nowhere: not a directory/,
    );
  });
});
