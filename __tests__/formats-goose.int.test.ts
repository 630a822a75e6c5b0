// goose on both engines, with a fixture set written from goose's documentation and its
// examples/sql-migrations: statements as goose cuts them, its transaction rule and NO
// TRANSACTION, the down sections, and goose_db_version as goose leaves it.
import type { MigrationRun } from '../src/report/model.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';
import { query as rows } from './helpers/bookkeeping-tables.js';

async function versions(db: TestDatabase, table = 'goose_db_version'): Promise<Array<[number, number, boolean]>> {
  const r = await rows(db, `SELECT id, version_id, is_applied, tstamp FROM ${table} ORDER BY id`);
  for (const x of r) expect(x.tstamp).toBeInstanceOf(Date);
  return r.map((x) => [Number(x.id), Number(x.version_id), Boolean(Number(x.is_applied))]);
}

// goose's examples/sql-migrations, with the statements goose's README shows.
const EXAMPLES = {
  '00001_create_users_table.sql': [
    '-- +goose Up',
    'CREATE TABLE users (',
    '    id int NOT NULL PRIMARY KEY,',
    '    username text,',
    '    name text,',
    '    surname text',
    ');',
    '',
    'INSERT INTO users VALUES',
    "(0, 'root', '', ''),",
    "(1, 'vojtechvitek', 'Vojtech', 'Vitek');",
    '',
    '-- +goose Down',
    'DROP TABLE users;',
    '',
  ].join('\n'),
  '00002_rename_root.sql': [
    '-- +goose Up',
    '-- +goose StatementBegin',
    "UPDATE users SET username='admin' WHERE username='root';",
    '-- +goose StatementEnd',
    '',
    '-- +goose Down',
    '-- +goose StatementBegin',
    "UPDATE users SET username='root' WHERE username='admin';",
    '-- +goose StatementEnd',
    '',
  ].join('\n'),
  '00003_no_transaction.sql': [
    '-- +goose NO TRANSACTION',
    '-- +goose Up',
    'CREATE TABLE post (',
    '    id int NOT NULL,',
    '    title text,',
    '    body text,',
    '    PRIMARY KEY(id)',
    ');',
    '',
    '-- +goose Down',
    'DROP TABLE post;',
    '',
  ].join('\n'),
};

/** A statement each engine refuses inside a transaction and runs outside one. */
const NEEDS_NO_TX = {
  postgres: 'CREATE INDEX CONCURRENTLY users_name ON users (name);',
  mysql: 'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;',
};

const summary = (report: { migrations: MigrationRun[] }) =>
  report.migrations.map((m) => [m.id, m.phase, m.direction, m.status, m.statements, m.transactional]);

describe.each(['postgres', 'mysql'] as const)('%s', (engine) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = engine === 'postgres' ? await createPostgresDatabase('mt_goose') : await createMysqlDatabase('mt_goose');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('goose’s examples: auto detected, statements as goose cuts them, downs, and goose_db_version', async () => {
    const { report, exitCode } = await runOnFiles(db.url, EXAMPLES);
    expect(report.source.format).toBe('goose');
    expect(exitCode).toBe(0);
    // MySQL's CREATE TABLE commits implicitly: the migration is not one transaction there.
    const ddlTx = engine === 'postgres';
    expect(summary(report)).toEqual([
      ['00001_create_users_table', 'new', 'up', 'succeeded', 2, ddlTx],
      ['00002_rename_root', 'new', 'up', 'succeeded', 1, true],
      ['00003_no_transaction', 'new', 'up', 'succeeded', 1, false],
      ['00003_no_transaction', 'rollback', 'down', 'succeeded', 1, false],
      ['00002_rename_root', 'rollback', 'down', 'succeeded', 1, true],
      ['00001_create_users_table', 'rollback', 'down', 'succeeded', 1, ddlTx],
      ['00001_create_users_table', 'reapply', 'up', 'succeeded', 2, ddlTx],
      ['00002_rename_root', 'reapply', 'up', 'succeeded', 1, true],
      ['00003_no_transaction', 'reapply', 'up', 'succeeded', 1, false],
    ]);
    const first = report.migrations[0] as MigrationRun;
    // goose's INSERT of the version, kept apart from the migration's own rows.
    expect(first.bookkeeping).toMatchObject({ table: 'goose_db_version', statements: 1 });
    expect(first.counters).toMatchObject({ rowsInserted: 2, rowsDeleted: 0 });
    expect(first.queries.some((q) => /goose_db_version/i.test(q.sql))).toBe(false);
    // Row 0 at creation; 1..3 inserted, deleted by the downs, inserted again.
    expect(await versions(db)).toEqual([
      [1, 0, true],
      [5, 1, true],
      [6, 2, true],
      [7, 3, true],
    ]);
    const users = await rows(db, 'SELECT username FROM users ORDER BY id');
    expect(users.map((u) => u.username)).toEqual(['admin', 'vojtechvitek']);
    const columns = await rows(
      db,
      engine === 'postgres'
        ? "SELECT column_name AS c, data_type AS t, is_nullable AS n FROM information_schema.columns WHERE table_name = 'goose_db_version' ORDER BY ordinal_position"
        : "SELECT column_name AS c, column_type AS t, is_nullable AS n FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'goose_db_version' ORDER BY ordinal_position",
    );
    expect(columns.map((c) => [c.c ?? c.C ?? c.COLUMN_NAME, c.t ?? c.COLUMN_TYPE, c.n ?? c.IS_NULLABLE])).toEqual(
      engine === 'postgres'
        ? [
            ['id', 'integer', 'NO'],
            ['version_id', 'bigint', 'NO'],
            ['is_applied', 'boolean', 'NO'],
            ['tstamp', 'timestamp without time zone', 'NO'],
          ]
        : [
            ['id', 'bigint(20) unsigned', 'NO'],
            ['version_id', 'bigint(20)', 'NO'],
            ['is_applied', 'tinyint(1)', 'NO'],
            ['tstamp', 'timestamp', 'YES'],
          ],
    );
  });

  test('a statement that cannot run in a transaction fails there, and passes with NO TRANSACTION', async () => {
    const files = (noTx: boolean) => ({
      '00001_create_users_table.sql': EXAMPLES['00001_create_users_table.sql'],
      '00002_outside.sql': `${noTx ? '-- +goose NO TRANSACTION\n' : ''}-- +goose Up\n${NEEDS_NO_TX[engine]}\n`,
    });
    const failing = await runOnFiles(db.url, files(false), { rollback: 'off' });
    expect(failing.exitCode).toBe(1);
    const failed = failing.report.migrations.find((m) => m.id === '00002_outside');
    expect(failed).toMatchObject({ status: 'failed', transactional: true });
    expect(failed?.error?.line).toBe(2);
    // The failed migration's row was rolled back with it.
    expect((await versions(db)).map((v) => v[1])).toEqual([0, 1]);

    await db.drop();
    db = engine === 'postgres' ? await createPostgresDatabase('mt_goose') : await createMysqlDatabase('mt_goose');
    const passing = await runOnFiles(db.url, files(true), { rollback: 'off' });
    expect(passing.exitCode).toBe(0);
    expect(passing.report.migrations.find((m) => m.id === '00002_outside')?.transactional).toBe(false);
    expect((await versions(db)).map((v) => v[1])).toEqual([0, 1, 2]);
  });

  test('a function body without StatementBegin is cut at its first ; and fails, as with goose; with it, it runs', async () => {
    const body =
      engine === 'postgres'
        ? ['CREATE FUNCTION answer() RETURNS int AS $$', 'BEGIN', '  RETURN 42;', 'END;', '$$ LANGUAGE plpgsql;']
        : ['CREATE PROCEDURE answer()', 'BEGIN', '  SELECT 42;', 'END;'];
    const cut = await runOnFiles(
      db.url,
      { '00001_fn.sql': ['-- +goose Up', ...body, ''].join('\n') },
      { rollback: 'off' },
    );
    expect(cut.exitCode).toBe(1);
    const failed = cut.report.migrations[0] as MigrationRun;
    expect(failed).toMatchObject({ status: 'failed', statements: 1 });
    expect(failed.error?.line).toBe(2);

    await db.drop();
    db = engine === 'postgres' ? await createPostgresDatabase('mt_goose') : await createMysqlDatabase('mt_goose');
    const whole = [
      '-- +goose Up',
      '-- +goose StatementBegin',
      ...body,
      '-- +goose StatementEnd',
      '-- +goose Down',
      engine === 'postgres' ? 'DROP FUNCTION answer();' : 'DROP PROCEDURE answer;',
      '',
    ].join('\n');
    const ok = await runOnFiles(db.url, { '00001_fn.sql': whole });
    expect(ok.exitCode).toBe(0);
    expect((ok.report.migrations[0] as MigrationRun).statements).toBe(1);
  });

  test('--migrations-table names the table, as goose -table does', async () => {
    const { exitCode } = await runOnFiles(
      db.url,
      { '00001_create_users_table.sql': EXAMPLES['00001_create_users_table.sql'] },
      { migrationsTable: 'app_versions', rollback: 'off' },
    );
    expect(exitCode).toBe(0);
    expect(await versions(db, 'app_versions')).toEqual([
      [1, 0, true],
      [2, 1, true],
    ]);
  });

  test('a directory mixing goose and dbmate files is refused by --format auto', async () => {
    await expect(runOnFiles(db.url, { ...EXAMPLES, '00004_dbmate.sql': '-- migrate:up\nSELECT 1;\n' })).rejects.toThrow(
      /match more than one format: goose \(00001_create_users_table\.sql, 00002_rename_root\.sql, 00003_no_transaction\.sql\), dbmate \(00004_dbmate\.sql\)/,
    );
  });
});
