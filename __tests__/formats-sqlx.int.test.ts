// sqlx on both engines, with a fixture set written from sqlx's documentation and examples
// (examples/*/todos/migrations, `sqlx migrate add -r`): the file as one request in a
// transaction, `-- no-transaction`, reversible downs, and _sqlx_migrations as sqlx leaves it.
import { createHash } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { MigrationRun } from '../src/report/model.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';

async function rows(db: TestDatabase, sql: string): Promise<Record<string, unknown>[]> {
  if (db.engine === 'postgres') {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  }
  const c = await mysql.createConnection({ uri: db.url, supportBigNumbers: true, bigNumberStrings: true });
  try {
    const [r] = await c.query(sql);
    return r as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}

const sha384 = (text: string) => createHash('sha384').update(text).digest('hex');

const TODOS =
  '-- Add migration script here\nCREATE TABLE IF NOT EXISTS todos\n(\n    id          BIGINT PRIMARY KEY,\n    description TEXT    NOT NULL,\n    done        BOOLEAN NOT NULL DEFAULT FALSE\n);\n';
const FILES = {
  '20200718111257_todos.sql': TODOS,
  '20230101000000_add_owner.up.sql':
    "-- Add up migration script here\nALTER TABLE todos ADD COLUMN owner TEXT;\nINSERT INTO todos (id, description) VALUES (1, 'write tests'), (2, 'ship');\n",
  '20230101000000_add_owner.down.sql':
    '-- Add down migration script here\nDELETE FROM todos;\nALTER TABLE todos DROP COLUMN owner;\n',
};

/** A statement each engine refuses inside a transaction and runs outside one. */
const NEEDS_NO_TX = {
  postgres: 'CREATE INDEX CONCURRENTLY todos_done ON todos (done);',
  mysql: 'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;',
};

interface SqlxRow {
  version: string;
  description: string;
  success: boolean;
  checksum: string;
  executionTime: number;
}

async function applied(db: TestDatabase, table = '_sqlx_migrations'): Promise<SqlxRow[]> {
  const r = await rows(
    db,
    `SELECT version, description, installed_on, success, checksum, execution_time FROM ${table} ORDER BY version`,
  );
  return r.map((x) => {
    expect(x.installed_on).toBeInstanceOf(Date);
    return {
      version: String(x.version),
      description: String(x.description),
      success: Boolean(Number(x.success === true ? 1 : x.success)),
      checksum: (x.checksum as Buffer).toString('hex'),
      executionTime: Number(x.execution_time),
    };
  });
}

describe.each(['postgres', 'mysql'] as const)('%s', (engine) => {
  let db: TestDatabase;
  const fresh = async () =>
    engine === 'postgres' ? await createPostgresDatabase('mt_sqlx') : await createMysqlDatabase('mt_sqlx');
  beforeEach(async () => {
    db = await fresh();
  });
  afterEach(async () => {
    await db.drop();
  });

  test('simple and reversible migrations, downs, and _sqlx_migrations as sqlx writes it', async () => {
    const { report, exitCode } = await runOnFiles(db.url, FILES, { format: 'sqlx' });
    expect(exitCode).toBe(0);
    expect(report.source.format).toBe('sqlx');
    const tx = engine === 'postgres';
    expect(report.migrations.map((m) => [m.id, m.phase, m.direction, m.status, m.statements, m.transactional])).toEqual(
      [
        ['20200718111257_todos', 'new', 'up', 'succeeded', 1, tx],
        ['20230101000000_add_owner', 'new', 'up', 'succeeded', 2, tx],
        ['20230101000000_add_owner', 'rollback', 'down', 'succeeded', 2, tx],
        ['20230101000000_add_owner', 'reapply', 'up', 'succeeded', 2, tx],
      ],
    );
    const second = report.migrations[1] as MigrationRun;
    expect(second.counters).toMatchObject({ rowsInserted: 2, rowsUpdated: 0 });
    expect(second.queries.some((q) => /_sqlx_migrations/i.test(q.sql))).toBe(false);
    // PostgreSQL: INSERT then execution_time; MySQL: INSERT (success FALSE) before, UPDATE success and execution_time after.
    expect(second.bookkeeping).toMatchObject({ table: '_sqlx_migrations', statements: engine === 'postgres' ? 2 : 3 });
    const rowsNow = await applied(db);
    expect(rowsNow.map(({ executionTime: _t, ...r }) => r)).toEqual([
      { version: '20200718111257', description: 'todos', success: true, checksum: sha384(TODOS) },
      {
        version: '20230101000000',
        description: 'add owner',
        success: true,
        checksum: sha384(FILES['20230101000000_add_owner.up.sql']),
      },
    ]);
    for (const r of rowsNow) expect(r.executionTime).toBeGreaterThan(0);
    const columns = await rows(
      db,
      engine === 'postgres'
        ? "SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = '_sqlx_migrations' ORDER BY ordinal_position"
        : "SELECT column_name AS c, column_type AS t FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '_sqlx_migrations' ORDER BY ordinal_position",
    );
    expect(columns.map((c) => `${String(c.c ?? c.COLUMN_NAME)} ${String(c.t ?? c.COLUMN_TYPE)}`)).toEqual(
      engine === 'postgres'
        ? [
            'version bigint',
            'description text',
            'installed_on timestamp with time zone',
            'success boolean',
            'checksum bytea',
            'execution_time bigint',
          ]
        : [
            'version bigint(20)',
            'description text',
            'installed_on timestamp',
            'success tinyint(1)',
            'checksum blob',
            'execution_time bigint(20)',
          ],
    );
  });

  test('a statement that cannot run in a transaction fails there; -- no-transaction lets it pass on PostgreSQL only, as with sqlx', async () => {
    const files = (noTx: boolean) => ({
      '20200718111257_todos.sql': TODOS,
      '20230101000000_outside.sql': `${noTx ? '-- no-transaction\n' : ''}${NEEDS_NO_TX[engine]}\n`,
    });
    const failing = await runOnFiles(db.url, files(false), { format: 'sqlx', rollback: 'off' });
    expect(failing.exitCode).toBe(1);
    expect(failing.report.migrations[1]).toMatchObject({ status: 'failed', transactional: true });
    // The failed migration's row went with its transaction (sqlx-mysql's INSERT of success FALSE too).
    expect((await applied(db)).map((r) => [r.version, r.success])).toEqual([['20200718111257', true]]);

    await db.drop();
    db = await fresh();
    const optedOut = await runOnFiles(db.url, files(true), { format: 'sqlx', rollback: 'off' });
    // sqlx-mysql's apply opens its transaction whatever the file says.
    expect(optedOut.exitCode).toBe(engine === 'postgres' ? 0 : 1);
    expect(optedOut.report.migrations[1]?.transactional).toBe(engine === 'mysql');
  });

  test('a failure after an implicit commit leaves sqlx-mysql’s row with success FALSE; PostgreSQL rolls all back', async () => {
    const { exitCode } = await runOnFiles(
      db.url,
      {
        '20200718111257_todos.sql': TODOS,
        '20230101000000_half.sql': 'CREATE TABLE half (id int);\nINSERT INTO no_such_table VALUES (1);\n',
      },
      { format: 'sqlx', rollback: 'off' },
    );
    expect(exitCode).toBe(1);
    expect((await applied(db)).map((r) => [r.version, r.success])).toEqual(
      engine === 'postgres'
        ? [['20200718111257', true]]
        : [
            ['20200718111257', true],
            ['20230101000000', false],
          ],
    );
  });

  test('--migrations-table names the table, as sqlx.toml table-name does', async () => {
    const { exitCode } = await runOnFiles(
      db.url,
      { '20200718111257_todos.sql': TODOS },
      { format: 'sqlx', migrationsTable: 'app_migrations' },
    );
    expect(exitCode).toBe(0);
    expect((await applied(db, 'app_migrations')).map((r) => r.version)).toEqual(['20200718111257']);
  });
});
