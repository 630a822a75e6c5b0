import fs from 'node:fs/promises';
import path from 'node:path';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { validateAgainstJsonSchema } from './helpers/report-schema.js';
import { runOnFiles } from './helpers/run.js';

describe.each([
  ['postgres', createPostgresDatabase, 'SELECT pg_terminate_backend(pg_backend_pid());'],
  ['mysql', createMysqlDatabase, 'KILL CONNECTION_ID();'],
] as const)('%s: the connection dropped in the middle of the rollback cycle', (_engine, create, killSelf) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await create('mt_faults');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('the report is written with everything measured, the cause named, the run failed', async () => {
    const { report, exitCode, reportDir } = await runOnFiles(db.url, {
      '1_t.up.sql': 'CREATE TABLE t (id int);\n',
      '1_t.down.sql': 'DROP TABLE t;\n',
      '2_u.up.sql': 'CREATE TABLE u (id int);\n',
      '2_u.down.sql': `${killSelf}\n`,
    });
    expect(exitCode).toBe(1);
    expect(report.status).toBe('failed');
    const ups = report.migrations.filter((m) => m.phase === 'new').map((m) => [m.id, m.status]);
    expect(ups).toEqual([
      ['1_t', 'succeeded'],
      ['2_u', 'succeeded'],
    ]);
    const down = report.migrations.find((m) => m.phase === 'rollback');
    expect(down).toMatchObject({ id: '2_u', direction: 'down', status: 'failed' });
    expect(report.findings.some((f) => f.severity === 'error' && (f.rule === 'run' || f.migration === '2_u'))).toBe(
      true,
    );
    const written = JSON.parse(await fs.readFile(path.join(reportDir, 'report.json'), 'utf8')) as unknown;
    expect(validateAgainstJsonSchema(written)).toEqual([]);
  });
});

describe('files that look like migrations but are not read', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createPostgresDatabase('mt_faults');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('a misnamed file and a name with a newline are notices, not silence', async () => {
    const { report } = await runOnFiles(db.url, {
      'V1__a.sql': 'CREATE TABLE a (id int);\n',
      'v2__b.sql': 'CREATE TABLE b (id int);\n',
      'V3__c\n.sql': 'CREATE TABLE c (id int);\n',
      'README.md': 'not SQL',
    });
    const notices = report.findings.filter((f) => f.rule === 'discovery').map((f) => [f.severity, f.message]);
    expect(notices).toEqual([
      [
        'notice',
        expect.stringMatching(
          /"[^"]*V3__c\\n\.sql" is in the migrations directory but is not named as a flyway migration: it does not run$/,
        ),
      ],
      [
        'notice',
        expect.stringMatching(
          /"[^"]*v2__b\.sql" is in the migrations directory but is not named as a flyway migration: it does not run$/,
        ),
      ],
    ]);
    expect(report.status).toBe('passed');
  });
});

// The server times SELECT 1 in microseconds; its catalog reads for a schema snapshot take longer.
// (On MySQL/MariaDB the limit is a timer around the migration's statements alone.)
test("postgres: a statement timeout of 2 ms binds the migrations' statements, not the tool's own schema reads", async () => {
  const db = await createPostgresDatabase('mt_faults');
  try {
    const { report } = await runOnFiles(
      db.url,
      { '1_t.up.sql': 'SELECT 1;\n', '1_t.down.sql': 'SELECT 1;\n' },
      { statementTimeout: 0.002 },
    );
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.migrations.map((m) => [m.phase, m.direction, m.status])).toEqual([
      ['new', 'up', 'succeeded'],
      ['rollback', 'down', 'succeeded'],
      ['reapply', 'up', 'succeeded'],
    ]);
  } finally {
    await db.drop();
  }
});

test('a statement timeout below a millisecond is refused, naming the field', async () => {
  const { resolveRunConfig } = await import('../src/config/load.js');
  expect(() => resolveRunConfig({ statementTimeout: '0.0004' })).toThrow(/statementTimeout|statement-timeout/);
  expect(() => resolveRunConfig({ statementTimeout: '0.0004' })).toThrow(/at least 0\.001 seconds/);
});

describe('another session connected while a migration runs', () => {
  test('postgres: the counters may include its work, and the report says so, naming it', async () => {
    const { default: pg } = await import('pg');
    const db = await createPostgresDatabase('mt_faults');
    const other = new pg.Client(db.url);
    await other.connect();
    try {
      const pid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const { report } = await runOnFiles(db.url, { 'V1__t.sql': 'CREATE TABLE t (id int);\n' });
      const found = report.findings.filter((f) => f.rule === 'other-sessions');
      expect(found).toEqual([
        expect.objectContaining({ severity: 'warning', migration: '1_t', message: expect.stringContaining(`#${pid}`) }),
      ]);
    } finally {
      await other.end();
      await db.drop();
    }
  });

  test('mysql: likewise', async () => {
    const { default: mysql } = await import('mysql2/promise');
    const db = await createMysqlDatabase('mt_faults');
    const other = await mysql.createConnection(db.url);
    try {
      const { report } = await runOnFiles(db.url, { 'V1__t.sql': 'CREATE TABLE t (id int);\n' });
      expect(report.findings.filter((f) => f.rule === 'other-sessions')).toEqual([
        expect.objectContaining({ severity: 'warning', message: expect.stringContaining(`#${other.threadId}`) }),
      ]);
    } finally {
      await other.end();
      await db.drop();
    }
  });
});

test('postgres: text that does not parse is shown by its first line, cut short', async () => {
  const db = await createPostgresDatabase('mt_faults');
  try {
    const junk = `HOME=/root ${'x'.repeat(300)}\nSECOND_LINE=never shown`;
    const { report } = await runOnFiles(db.url, { 'V1__junk.sql': `${junk};\n` });
    const run = report.migrations[0]!;
    expect(run.status).toBe('failed');
    expect(run.queries).toHaveLength(1);
    expect(run.queries[0]!.sql.length).toBeLessThanOrEqual(120);
    expect(run.queries[0]!.sql).not.toContain('SECOND_LINE');
  } finally {
    await db.drop();
  }
});
