/**
 * Where errors point and what they say, on real servers: `line` is where the failing statement
 * starts in the file, `positionLine` where the server points inside it; PostgreSQL's DETAIL,
 * HINT and CONTEXT and MariaDB's warnings beside an error reach report.json, the log, the
 * console line and the comment.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MigrationRun, Report } from '../src/report/model.js';
import { progressLine } from '../src/report/progress.js';
import { renderReport } from '../src/report/render/index.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';

function failed(report: Report): MigrationRun {
  const run = report.migrations.find((m) => m.status === 'failed');
  if (!run) throw new Error(`no failed migration in ${JSON.stringify(report.migrations.map((m) => m.status))}`);
  return run;
}

async function logOf(reportDir: string, run: MigrationRun): Promise<string> {
  return readFile(path.join(reportDir, run.logFile!), 'utf8');
}

function comment(report: Report): string {
  return renderReport(report, { commentKey: 'main' }).comment;
}

describe('postgres', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createPostgresDatabase('mt_errlines');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('a syntax error: line is where the statement starts, positionLine the offending token', async () => {
    const { report } = await runOnFiles(db.url, {
      'V1__t.sql': [
        'CREATE TABLE a (id int);', // 1
        '', // 2
        'CREATE TABLE b (', // 3
        '  id int,', // 4
        '  name text NOT NUL', // 5
        ');', // 6
      ].join('\n'),
    });
    const run = failed(report);
    expect(run.error).toMatchObject({ code: '42601', line: 3, positionLine: 5, statementIndex: 1 });
    expect(comment(report)).toContain('(code `42601`, line 3, at line 5, statement 2)');
    expect(progressLine(run)).toContain('V1__t.sql:3: [42601] syntax error at or near "NUL" (at line 5)');
  }, 60000);

  test('any other error the server places inside the statement gets the same two lines', async () => {
    const { report } = await runOnFiles(db.url, {
      'V1__t.sql': 'CREATE TABLE t (id int);\nSELECT id,\n       missing\n  FROM t;\n',
    });
    expect(failed(report).error).toMatchObject({ code: '42703', line: 2, positionLine: 3 });
  }, 60000);

  test("a unique violation's DETAIL reaches the report, the log, the console and the comment", async () => {
    const { report, reportDir } = await runOnFiles(db.url, {
      'V1__t.sql': "CREATE TABLE orders (state text);\nINSERT INTO orders VALUES ('new'), ('new');\n",
      'V2__unique.sql': '-- one order per state\nCREATE UNIQUE INDEX orders_state\n  ON orders (state);\n',
    });
    const run = failed(report);
    expect(run.id).toBe('2_unique');
    expect(run.error).toEqual({
      message: 'could not create unique index "orders_state"',
      code: '23505',
      line: 2,
      statementIndex: 0,
      detail: 'Key (state)=(new) is duplicated.',
    });
    expect(await logOf(reportDir, run)).toContain(
      'ERROR 23505 could not create unique index "orders_state"\n-- DETAIL: Key (state)=(new) is duplicated.\n',
    );
    expect(progressLine(run)).toContain('\n    DETAIL: Key (state)=(new) is duplicated.');
    expect(comment(report)).toContain(
      'could not create unique index "orders_state"\nDETAIL: Key (state)=(new) is duplicated.\n',
    );
    expect(renderReport(report, { commentKey: 'main' }).summary).toContain('DETAIL: Key (state)=(new) is duplicated.');
  }, 60000);

  test('HINT and CONTEXT: a DO block that raises, and a function that does not exist', async () => {
    const raising = await runOnFiles(db.url, {
      'V1__raise.sql': [
        'DO $$', // 1
        'BEGIN', // 2
        "  RAISE EXCEPTION 'stock is negative' USING DETAIL = 'item 7', HINT = 'restock first';", // 3
        'END', // 4
        '$$;', // 5
      ].join('\n'),
    });
    expect(failed(raising.report).error).toMatchObject({
      message: 'stock is negative',
      code: 'P0001',
      line: 1,
      detail: 'item 7',
      hint: 'restock first',
      where: 'PL/pgSQL function inline_code_block line 3 at RAISE',
    });
    const text = comment(raising.report);
    expect(text).toContain('stock is negative\nDETAIL: item 7\nHINT: restock first\nCONTEXT: PL/pgSQL function');
    const log = await logOf(raising.reportDir, failed(raising.report));
    expect(log).toContain('-- HINT: restock first\n-- CONTEXT: PL/pgSQL function inline_code_block line 3 at RAISE\n');

    await db.drop();
    db = await createPostgresDatabase('mt_errlines');
    const missing = await runOnFiles(db.url, { 'V1__f.sql': 'SELECT\n  lenght(1);\n' });
    expect(failed(missing.report).error).toMatchObject({ code: '42883', line: 1, positionLine: 2 });
    expect(failed(missing.report).error?.hint).toMatch(/explicit type casts/);
  }, 60000);

  test('server text in DETAIL is escaped in the comment like any user text', async () => {
    const { report } = await runOnFiles(db.url, {
      'V1__raise.sql': "DO $$ BEGIN RAISE EXCEPTION 'x' USING DETAIL = e'```\\n@octocat <b>'; END $$;\n",
    });
    const text = comment(report);
    // The code block's fence outgrows any backtick run inside it: the detail cannot close it.
    expect(text).toContain(
      '````text\nx\nDETAIL: ```\n@octocat <b>\nCONTEXT: PL/pgSQL function inline_code_block line 1 at RAISE\n````',
    );
  }, 60000);
});

describe('mariadb', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createMysqlDatabase('mt_errlines');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('1064: line is where the statement starts, positionLine the offending token', async () => {
    const { report } = await runOnFiles(db.url, {
      'V1__t.sql': [
        'CREATE TABLE a (id int);', // 1
        '', // 2
        'CREATE TABLE b (', // 3
        '  id int,', // 4
        '  name varchar(10) NOT NUL', // 5
        ');', // 6
      ].join('\n'),
    });
    const run = failed(report);
    // The server says "at line 3" of the statement (its lexer has read past the token's line).
    expect(run.error).toMatchObject({ code: '1064', line: 3, positionLine: 5, statementIndex: 1 });
    expect(run.error?.message).toMatch(/near 'NUL\n\)' at line \d$/);
  }, 60000);

  test('1064 on the first line of a statement further down', async () => {
    const { report } = await runOnFiles(db.url, {
      'V1__t.sql': 'CREATE TABLE a (id int);\n\n\nSELEC 1;\n',
    });
    expect(failed(report).error).toMatchObject({ code: '1064', line: 4, positionLine: 4 });
  }, 60000);

  test('other errors: the statement start, no position', async () => {
    const { report } = await runOnFiles(db.url, {
      'V1__t.sql': 'CREATE TABLE t (id int);\nSELECT id,\n  missing\nFROM t;\n',
    });
    const error = failed(report).error;
    expect(error).toMatchObject({ code: '1054', line: 2 });
    expect(error?.positionLine).toBeUndefined();
  }, 60000);

  test('the warnings beside an error say why a foreign key cannot be made, in the report and the log', async () => {
    const { report, reportDir } = await runOnFiles(db.url, {
      'V1__t.sql': [
        'CREATE TABLE parent (id int PRIMARY KEY);',
        'CREATE TABLE child (',
        '  id int,',
        '  parent_id varchar(10),',
        '  FOREIGN KEY (parent_id) REFERENCES parent (id)',
        ');',
      ].join('\n'),
    });
    const run = failed(report);
    expect(run.error).toMatchObject({ code: '1005', line: 2 });
    expect(run.error?.message).toMatch(/errno: 150/);
    // The error itself is not repeated in its detail; the reason is.
    expect(run.error?.detail).not.toMatch(/^Error 1005/m);
    expect(run.error?.detail).toMatch(/^Warning 150: .*parent_id.*does not match/m);
    expect(await logOf(reportDir, run)).toMatch(/\n-- DETAIL: Warning 150: .*parent_id/);
    expect(comment(report)).toMatch(/\nDETAIL: Warning 150: /);
  }, 60000);
});
