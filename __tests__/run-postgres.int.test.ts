import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { resolveRunConfig } from '../src/config/load.js';
import { runMigrationTest } from '../src/runner/run-all.js';
import type { MigrationRun } from '../src/report/model.js';
import { ConnectionError, UsageError } from '../src/util/errors.js';
import { createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { validateAgainstJsonSchema } from './helpers/report-schema.js';
import { runOnFiles } from './helpers/run.js';
import { writeTree } from './helpers/tree.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createPostgresDatabase('mt_run');
});
afterEach(async () => {
  await db.drop();
});

const run = (files: Record<string, string>, flags: Record<string, unknown> = {}) => runOnFiles(db.url, files, flags);

const byId = (runs: MigrationRun[], id: string) => {
  const r = runs.find((x) => x.id === id);
  if (!r) throw new Error(`no run ${id} in ${runs.map((x) => x.id).join(', ')}`);
  return r;
};

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const c = new pg.Client(db.url);
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

test('counts exactly the rows a migration inserts and updates, and the size it adds', async () => {
  const { report, exitCode, reportDir } = await run({
    'V1__create_items.sql': 'CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL, pad text);\n',
    'V2__fill_items.sql': [
      '-- 1,000 rows, then 250 of them updated',
      "INSERT INTO items SELECT g, g, repeat('x', 200) FROM generate_series(1, 1000) g;",
      'UPDATE items SET v = v + 1 WHERE id <= 250;',
      '',
    ].join('\n'),
  });
  expect(exitCode).toBe(0);
  expect(report.status).toBe('passed');
  const fill = byId(report.migrations, '2_fill_items');
  expect(fill.counters.rowsInserted).toBe(1000);
  expect(fill.counters.rowsUpdated).toBe(250);
  expect(fill.counters.rowsDeleted).toBe(0);
  expect(fill.counters.rowsChanged).toBe(1250);
  // The UPDATE reads the 250 rows it changes (index scan) or all 1,000 (seq scan).
  expect(fill.counters.rowsRead).toBeGreaterThanOrEqual(250);
  expect(fill.counters.raw.tup_inserted).toBeGreaterThanOrEqual(1000);
  expect(fill.sizeDeltaBytes).toBeGreaterThan(200 * 1000);
  expect(fill.tableSizes?.[0]?.table).toBe('public.items');
  expect(fill.statements).toBe(2);
  expect(fill.transactional).toBe(true);
  expect(fill.queries).toHaveLength(2);
  expect(fill.queries.every((q) => q.calls === 1)).toBe(true);
  expect(fill.queries.find((q) => /^INSERT/i.test(q.sql))?.rows).toBe(1000);
  // The comment shows normalized SQL only: no literal from the file survives.
  expect(JSON.stringify(fill.queries)).not.toContain("'x'");
  expect(fill.histogram.counts.reduce((a, b) => a + b, 0)).toBe(2);
  const create = byId(report.migrations, '1_create_items');
  expect(create.counters.rowsChanged).toBe(0);
  expect(validateAgainstJsonSchema(JSON.parse(await fs.readFile(path.join(reportDir, 'report.json'), 'utf8')))).toEqual(
    [],
  );
  const log = await fs.readFile(path.join(reportDir, fill.logFile!), 'utf8');
  expect(log).toContain("INSERT INTO items SELECT g, g, repeat('x', 200) FROM generate_series(1, 1000) g;");
  expect(log).toMatch(/line 2 +[\d.]+ ms +rows 1000 +ok/);
  expect(log).toMatch(/line 3 +[\d.]+ ms +rows 250 +ok/);
});

test('counters count user rows only: function DDL changes none; TRUNCATE and DROP TABLE count the rows they remove', async () => {
  const { report, exitCode } = await run(
    {
      '1_tables.up.sql': [
        'CREATE TABLE big (id int PRIMARY KEY, v int NOT NULL);',
        'CREATE TABLE big2 (id int PRIMARY KEY, v int NOT NULL);',
        'INSERT INTO big SELECT g, g FROM generate_series(1, 8000) AS g;',
        'INSERT INTO big2 SELECT g, g FROM generate_series(1, 8000) AS g;',
        '',
      ].join('\n'),
      '2_functions.up.sql': [
        'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
        'DROP FUNCTION f();',
        'CREATE VIEW v AS SELECT id FROM big;',
        'DROP VIEW v;',
        '',
      ].join('\n'),
      '3_truncate.up.sql': 'TRUNCATE TABLE big;\n',
      '4_drop.up.sql': 'DROP TABLE big2;\n',
      '5_dml.up.sql': [
        'INSERT INTO big SELECT g, g FROM generate_series(1, 100) AS g;',
        'UPDATE big SET v = v + 1 WHERE id <= 40;',
        'DELETE FROM big WHERE id <= 10;',
        // a rewrite keeps its rows: not a TRUNCATE
        'ALTER TABLE big ALTER COLUMN v TYPE bigint;',
        '',
      ].join('\n'),
    },
    { rollback: 'off' },
  );
  expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  expect(exitCode).toBe(0);
  const counters = (id: string) => byId(report.migrations, id).counters;
  expect(counters('1_tables')).toMatchObject({ rowsInserted: 16000, rowsDeleted: 0, rowsChanged: 16000 });
  expect(counters('2_functions')).toMatchObject({ rowsInserted: 0, rowsUpdated: 0, rowsDeleted: 0, rowsChanged: 0 });
  expect(counters('3_truncate')).toMatchObject({ rowsInserted: 0, rowsDeleted: 8000, rowsChanged: 8000 });
  expect(counters('4_drop')).toMatchObject({ rowsInserted: 0, rowsDeleted: 8000, rowsChanged: 8000 });
  expect(counters('5_dml')).toMatchObject({ rowsInserted: 100, rowsUpdated: 40, rowsDeleted: 10, rowsChanged: 150 });
});

test('a failure in the middle keeps everything: error with line and code, rollback, later migrations skipped', async () => {
  const { report, exitCode, reportDir } = await run({
    'V1__a.sql': 'CREATE TABLE a (id int);\n',
    'V2__b.sql': 'CREATE TABLE b (id int);\nINSERT INTO a VALUES (1);\n\nINSERT INTO missing_table\n  VALUES (1);\n',
    'V3__c.sql': 'CREATE TABLE c (id int);\n',
  });
  expect(exitCode).toBe(1);
  expect(report.status).toBe('failed');
  const [a, b, c] = report.migrations;
  expect(a!.status).toBe('succeeded');
  expect(b!.status).toBe('failed');
  expect(b!.error).toMatchObject({ code: '42P01', line: 4, statementIndex: 2 });
  expect(b!.error!.message).toMatch(/missing_table/);
  expect(b!.statements).toBe(3);
  expect(c!.status).toBe('skipped');
  expect(c!.durationMs).toBeNull();
  expect(report.findings).toEqual([
    expect.objectContaining({ severity: 'error', rule: 'migration-failed', migration: '2_b' }),
  ]);
  // Flyway wraps the migration in a transaction: b's table and row are gone.
  expect(await query(`SELECT to_regclass('public.b') AS t`)).toEqual([{ t: null }]);
  expect(await query('SELECT count(*)::int AS n FROM a')).toEqual([{ n: 0 }]);
  const saved = JSON.parse(await fs.readFile(path.join(reportDir, 'report.json'), 'utf8'));
  expect(saved.migrations).toHaveLength(3);
  const log = await fs.readFile(path.join(reportDir, b!.logFile!), 'utf8');
  expect(log).toMatch(/ERROR 42P01/);
  expect(log).toContain('rolled back');
});

describe('transaction semantics follow each format', () => {
  test('golang-migrate: CREATE INDEX CONCURRENTLY fails when it shares a file, passes alone', async () => {
    const { report } = await run({
      '1_t.up.sql': 'CREATE TABLE t (id int);\n',
      '2_idx.up.sql': 'CREATE INDEX CONCURRENTLY t_id ON t (id);\n',
      '3_mixed.up.sql': 'ALTER TABLE t ADD COLUMN x int;\nCREATE INDEX CONCURRENTLY t_x ON t (x);\n',
    });
    expect(byId(report.migrations, '2_idx').status).toBe('succeeded');
    expect(byId(report.migrations, '2_idx').transactional).toBe(false);
    const mixed = byId(report.migrations, '3_mixed');
    expect(mixed.status).toBe('failed');
    expect(mixed.error).toMatchObject({ code: '25001', line: 2 });
    expect(mixed.error!.message).toMatch(/cannot run inside a transaction block/);
    // The implicit transaction rolled back the ALTER too.
    expect(
      await query(
        `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 't' AND column_name = 'x'`,
      ),
    ).toEqual([{ n: 0 }]);
  });

  test('flyway: a migration of only non-transactional statements runs outside a transaction; a mixed one is refused', async () => {
    const { report } = await run({
      'V1__t.sql': 'CREATE TABLE t (id int);\n',
      'V2__idx.sql': 'CREATE INDEX CONCURRENTLY t_id ON t (id);\n',
      'V3__mixed.sql': 'ALTER TABLE t ADD COLUMN y int;\nCREATE INDEX CONCURRENTLY t_y ON t (y);\n',
    });
    expect(byId(report.migrations, '2_idx')).toMatchObject({ status: 'succeeded', transactional: false });
    const mixed = byId(report.migrations, '3_mixed');
    expect(mixed.status).toBe('failed');
    expect(mixed.statements).toBe(0);
    expect(mixed.error!.message).toMatch(/both transactional and non-transactional/);
    expect(mixed.error!.line).toBe(2);
  });

  test('dbmate transaction:false runs statements on their own; sections keep file line numbers', async () => {
    const { report } = await run({
      '20240101000000_t.sql': '-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\n',
      '20240102000000_idx.sql':
        '-- migrate:up transaction:false\nALTER TABLE t ADD COLUMN z int;\nCREATE INDEX CONCURRENTLY t_z ON t (z);\nSELECT * FROM nope;\n-- migrate:down\nDROP INDEX t_z;\n',
    });
    const idx = byId(report.migrations, '20240102000000_idx');
    expect(idx.transactional).toBe(false);
    expect(idx.status).toBe('failed');
    expect(idx.error).toMatchObject({ code: '42P01', line: 4 });
    // Without a transaction the first two statements stay applied, as with dbmate itself.
    expect(await query(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 't_z'`)).toEqual([{ n: 1 }]);
  });

  test('pop: .autocommit runs without a transaction', async () => {
    const { report } = await run({
      '20240101000000_t.up.sql': 'CREATE TABLE t (id int);\n',
      '20240102000000_idx.autocommit.up.sql': 'CREATE INDEX CONCURRENTLY t_id ON t (id);\n',
      '20240103000000_more.postgres.up.sql': 'ALTER TABLE t ADD COLUMN q int;\nCREATE INDEX t_q ON t (q);\n',
      '20240103000000_more.mysql.up.sql': 'this is not for postgres;\n',
    });
    expect(report.migrations.every((r) => r.status === 'succeeded')).toBe(true);
    // The only warning is a lock rule's on t, which an earlier migration created: the ALTER's
    // AccessExclusiveLock held across the CREATE INDEX after it (without a lock_timeout: a notice).
    expect(report.findings.filter((f) => f.severity !== 'notice').map((f) => [f.rule, f.migration])).toEqual([
      ['statements-after-lock', '20240103000000_more'],
    ]);
    expect(report.findings.filter((f) => f.rule === 'lock-timeout').map((f) => f.severity)).toEqual(['notice']);
    expect(byId(report.migrations, '20240102000000_idx').transactional).toBe(false);
    expect(byId(report.migrations, '20240103000000_more').transactional).toBe(true);
  });
});

test('an empty migration file runs as a no-op', async () => {
  const { report } = await run({ 'V1__empty.sql': '', 'V2__t.sql': 'CREATE TABLE t (id int);' });
  expect(report.migrations.map((r) => [r.status, r.statements])).toEqual([
    ['succeeded', 0],
    ['succeeded', 1],
  ]);
});

test('--statement-timeout ends a statement that hangs', async () => {
  const { report, exitCode } = await run({ 'V1__slow.sql': 'SELECT pg_sleep(30);\n' }, { statementTimeout: 1 });
  expect(exitCode).toBe(1);
  const slow = report.migrations[0]!;
  expect(slow.error).toMatchObject({ code: '57014', line: 1 });
});

test('refuses a database that already holds tables unless --allow-existing', async () => {
  await query('CREATE TABLE precious (id int)');
  await expect(run({ 'V1__t.sql': 'CREATE TABLE t (id int);' })).rejects.toThrow(
    /already holds tables \(public\.precious\).*--allow-existing/,
  );
  const { report } = await run({ 'V1__t.sql': 'CREATE TABLE t (id int);' }, { allowExisting: true });
  expect(report.status).toBe('passed');
});

test('bad connections fail with one clear line naming host and port', async () => {
  const dir = await writeTree({ 'V1__t.sql': 'SELECT 1;' });
  const closed = resolveRunConfig({
    databaseUrl: 'postgres://postgres:s3cret-pw@127.0.0.1:1/x',
    migrations: dir,
    connectTimeout: 1,
  });
  const err = await runMigrationTest(closed, { cwd: dir }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectionError);
  expect((err as Error).message).toMatch(
    /^cannot connect to 127\.0\.0\.1:1 within 1s \(--connect-timeout\): .*ECONNREFUSED/,
  );
  expect((err as Error).message).not.toContain('s3cret-pw');

  const url = new URL(db.url);
  url.username = 'no_such_role_mt';
  const wrongUser = resolveRunConfig({ databaseUrl: url.toString(), migrations: dir, connectTimeout: 5 });
  await expect(runMigrationTest(wrongUser, { cwd: dir })).rejects.toThrow(
    /authentication failed for user "no_such_role_mt"/,
  );

  url.username = new URL(db.url).username;
  url.pathname = '/no_such_database_mt';
  const missing = resolveRunConfig({ databaseUrl: url.toString(), migrations: dir, connectTimeout: 5 });
  await expect(runMigrationTest(missing, { cwd: dir })).rejects.toThrow(
    /database "no_such_database_mt" does not exist/,
  );
});

test('usage errors come before any connection', async () => {
  await expect(run({ 'V1__a.sql': 'SELECT 1;', 'V1__b.sql': 'SELECT 2;' })).rejects.toBeInstanceOf(UsageError);
  expect(() => resolveRunConfig({ format: 'rails' })).toThrow(
    /--format: invalid value; allowed: auto, flyway, golang-migrate, dbmate, pop, goose, sqlx, prisma, drizzle, atlas, liquibase, sqitch, plain/,
  );
});
