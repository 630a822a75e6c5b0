import fs from 'node:fs/promises';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { resolveRunConfig } from '../src/config/load.js';
import { runMigrationTest } from '../src/runner/run-all.js';
import type { MigrationRun } from '../src/report/model.js';
import { createMysqlDatabase, type TestDatabase } from './helpers/databases.js';
import { validateAgainstJsonSchema } from './helpers/report-schema.js';
import { runOnFiles } from './helpers/run.js';
import { writeTree } from './helpers/tree.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createMysqlDatabase('mt_run');
});
afterEach(async () => {
  await db.drop();
});

const run = (files: Record<string, string>, flags: Record<string, unknown> = {}) => runOnFiles(db.url, files, flags);

const byId = (runs: MigrationRun[], id: string) => runs.find((x) => x.id === id)!;

async function query(sql: string): Promise<unknown[]> {
  const c = await mysql.createConnection(db.url);
  try {
    const [rows] = await c.query(sql);
    return rows as unknown[];
  } finally {
    await c.end();
  }
}

test('counts exactly the rows a migration inserts and updates; DDL is reported as not transactional', async () => {
  const { report, exitCode, reportDir } = await run({
    '1_create.up.sql': 'CREATE TABLE items (id INT PRIMARY KEY, v INT NOT NULL, pad VARCHAR(255)) ENGINE=InnoDB;\n',
    '2_fill.up.sql': [
      'INSERT INTO items (id, v, pad)',
      '  WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1000)',
      "  SELECT n, n, REPEAT('x', 200) FROM seq;",
      'UPDATE items SET v = v + 1 WHERE id <= 250;',
      '',
    ].join('\n'),
  });
  expect(exitCode).toBe(0);
  const create = byId(report.migrations, '1_create');
  expect(create.transactional).toBe(false);
  const fill = byId(report.migrations, '2_fill');
  expect(fill.counters.rowsInserted).toBe(1000);
  expect(fill.counters.rowsUpdated).toBe(250);
  expect(fill.counters.rowsChanged).toBe(1250);
  expect(fill.counters.rowsRead).toBeGreaterThanOrEqual(250);
  expect(fill.counters.raw.Handler_write).toBeGreaterThanOrEqual(1000);
  expect(fill.statements).toBe(2);
  expect(fill.queries.find((q) => /^INSERT/i.test(q.sql))?.rows).toBe(1000);
  expect(JSON.stringify(fill.queries)).not.toContain("'x'");
  expect(['mysql', 'mariadb']).toContain(report.database.engine);
  expect(validateAgainstJsonSchema(JSON.parse(await fs.readFile(path.join(reportDir, 'report.json'), 'utf8')))).toEqual(
    [],
  );
});

/** Rows (n, n) for n in 1..max, from a cross join of digits: no recursion limit to meet on either server. */
const rowsUpTo = (max: number) => {
  const digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `SELECT ${d} AS d`).join(' UNION ALL ');
  const from = ['a', 'b', 'c', 'e'].map((x) => `(${digits}) ${x}`).join(' CROSS JOIN ');
  return `SELECT n, n FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 1 AS n FROM ${from}) s WHERE n <= ${max}`;
};

test('counters count user rows only: routine, event, view and trigger DDL change none; TRUNCATE and DROP TABLE count the rows they remove', async () => {
  const { report, exitCode } = await run(
    {
      '1_tables.up.sql': [
        'CREATE TABLE big (id INT PRIMARY KEY, v INT NOT NULL);',
        'CREATE TABLE big2 (id INT PRIMARY KEY, v INT NOT NULL);',
        `INSERT INTO big (id, v) ${rowsUpTo(8000)};`,
        `INSERT INTO big2 (id, v) ${rowsUpTo(8000)};`,
        '',
      ].join('\n'),
      '2_routines.up.sql': [
        'CREATE PROCEDURE p() SELECT 1;',
        'DROP PROCEDURE p;',
        'CREATE FUNCTION f() RETURNS INT DETERMINISTIC RETURN 1;',
        'DROP FUNCTION IF EXISTS f;',
        'CREATE EVENT e ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1;',
        'DROP EVENT e;',
        'CREATE VIEW v AS SELECT id FROM big;',
        'DROP VIEW v;',
        'CREATE TRIGGER tr BEFORE INSERT ON big FOR EACH ROW SET NEW.v = NEW.v;',
        'DROP TRIGGER tr;',
        '',
      ].join('\n'),
      '3_truncate.up.sql': 'TRUNCATE TABLE big;\n',
      '4_drop.up.sql': 'DROP TABLE IF EXISTS big2, not_there;\n',
      '5_dml.up.sql': [
        `INSERT INTO big (id, v) ${rowsUpTo(100)};`,
        'UPDATE big SET v = v + 1 WHERE id <= 40;',
        'DELETE FROM big WHERE id <= 10;',
        '',
      ].join('\n'),
    },
    { rollback: 'off' },
  );
  expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  expect(exitCode).toBe(0);
  const counters = (id: string) => byId(report.migrations, id).counters;
  expect(counters('1_tables')).toMatchObject({ rowsInserted: 16000, rowsDeleted: 0, rowsChanged: 16000 });
  expect(counters('2_routines')).toMatchObject({
    rowsRead: 0,
    rowsInserted: 0,
    rowsUpdated: 0,
    rowsDeleted: 0,
    rowsChanged: 0,
  });
  expect(counters('3_truncate')).toMatchObject({ rowsInserted: 0, rowsDeleted: 8000, rowsChanged: 8000 });
  expect(counters('4_drop')).toMatchObject({ rowsInserted: 0, rowsDeleted: 8000, rowsChanged: 8000 });
  // the row counts taken before TRUNCATE and DROP are not the migration's reads
  expect(counters('3_truncate').rowsRead).toBe(0);
  expect(counters('5_dml')).toMatchObject({ rowsInserted: 100, rowsUpdated: 40, rowsDeleted: 10, rowsChanged: 150 });
});

test('the database grows by what a migration writes', async () => {
  const { report } = await run({
    '1_create.up.sql': 'CREATE TABLE blobs (id INT PRIMARY KEY, b LONGTEXT) ENGINE=InnoDB;\n',
    '2_fill.up.sql':
      "INSERT INTO blobs WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1000) SELECT n, REPEAT('y', 8000) FROM seq;\n",
  });
  const fill = byId(report.migrations, '2_fill');
  expect(fill.sizeDeltaBytes).toBeGreaterThan(4 * 1024 * 1024);
  expect(fill.tableSizes?.[0]?.table).toBe('blobs');
});

test('procedures and triggers written without DELIMITER run, and a failure keeps the report', async () => {
  const { report, exitCode } = await run({
    '1_t.up.sql': 'CREATE TABLE t (id INT PRIMARY KEY, n INT);\n',
    '2_proc.up.sql': [
      'CREATE PROCEDURE bump(IN k INT)',
      'BEGIN',
      '  UPDATE t SET n = n + 1 WHERE id = k;',
      '  IF ROW_COUNT() = 0 THEN',
      '    INSERT INTO t VALUES (k, 1);',
      '  END IF;',
      'END;',
      'CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.n = NEW.n * 10;',
      'CALL bump(7);',
      'CALL bump(7);',
      '',
    ].join('\n'),
    '3_broken.up.sql': 'ALTER TABLE t ADD COLUMN m INT;\nALTER TABLE nope ADD COLUMN m INT;\n',
    '4_never.up.sql': 'CREATE TABLE never (id INT);\n',
  });
  expect(exitCode).toBe(1);
  expect(byId(report.migrations, '2_proc').status).toBe('succeeded');
  expect(byId(report.migrations, '2_proc').statements).toBe(4);
  expect(await query('SELECT id, n FROM t')).toEqual([{ id: 7, n: 11 }]);
  const broken = byId(report.migrations, '3_broken');
  expect(broken.error).toMatchObject({ code: '1146', line: 2, statementIndex: 1 });
  // MySQL DDL commits implicitly: the first ALTER stays.
  expect((await query(`SHOW COLUMNS FROM t LIKE 'm'`)).length).toBe(1);
  expect(byId(report.migrations, '4_never').status).toBe('skipped');
});

test('a syntax error: the line its statement starts on, and the line the server points at', async () => {
  const { report } = await run({
    '1_bad.up.sql':
      'CREATE TABLE ok1 (id INT);\n\nCREATE TABLE bad (\n  id INT,\n  name VARCHAR(10) DEFAULT,\n  other INT\n);\n',
  });
  expect(report.migrations[0]!.error).toMatchObject({ code: '1064', line: 3, positionLine: 5 });
});

test('--statement-timeout ends a statement that hangs', async () => {
  const { report } = await run({ '1_slow.up.sql': 'SELECT SLEEP(30);\n' }, { statementTimeout: 1 });
  const slow = report.migrations[0]!;
  expect(slow.status).toBe('failed');
  expect(slow.error!.message).toMatch(/timed out after 1s/);
});

test('a wrong password fails at once with one line', async () => {
  const dir = await writeTree({ '1_t.up.sql': 'SELECT 1;' });
  const url = new URL(db.url);
  url.password = 'definitely-wrong-pw';
  const config = resolveRunConfig({ databaseUrl: url.toString(), migrations: dir, connectTimeout: 30 });
  const started = Date.now();
  const err = (await runMigrationTest(config, { cwd: dir }).catch((e: unknown) => e)) as Error;
  expect(err.message).toMatch(/^authentication failed for user "[^"]+" at [\d.]+:\d+/);
  expect(err.message).not.toContain('definitely-wrong-pw');
  expect(Date.now() - started).toBeLessThan(10_000);
});
