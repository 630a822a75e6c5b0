// dbmate's schema_migrations kept as dbmate keeps it, checked against the real dbmate binary (the
// npm package's, a devDependency): the same fixture applied by `dbmate up` on one database and by
// migration-test on another, then the tables' columns, indexes and rows compared.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { columnsOf, indexesOf, query, type Row } from './helpers/bookkeeping-tables.js';
import { runOnFiles } from './helpers/run.js';
import { writeTree } from './helpers/tree.js';

// The platform package of the npm dbmate release: the real binary (CI runs on linux-x64).
const DBMATE = path.resolve('node_modules/@dbmate/linux-x64/bin/dbmate');

// From dbmate's README: one file a migration, `-- migrate:up` / `-- migrate:down`, transaction:false.
const FIXTURE = {
  '20240101000001_create_users.sql':
    '-- migrate:up\ncreate table users (id integer, name varchar(255), email varchar(255) not null);\n\n-- migrate:down\ndrop table users;\n',
  '20240101000002_seed_users.sql':
    "-- migrate:up transaction:false\ninsert into users (id, name, email) values (1, 'a', 'a@example.com');\n\n-- migrate:down transaction:false\ndelete from users;\n",
  '20240101000003_add_nickname.sql':
    '-- migrate:up\nalter table users add column nickname varchar(20);\n\n-- migrate:down\nalter table users drop column nickname;\n',
};

async function dbmate(db: TestDatabase, dir: string, extra: string[] = []): Promise<void> {
  const url = db.engine === 'postgres' ? `${db.url}${db.url.includes('?') ? '&' : '?'}sslmode=disable` : db.url;
  await promisify(execFile)(DBMATE, ['--url', url, '--migrations-dir', dir, '--no-dump-schema', ...extra, 'up'], {
    env: { PATH: process.env.PATH ?? '' },
  });
}

/** Everything a migration could see of the table: columns, indexes, rows. */
async function bookkeeping(db: TestDatabase, table: string): Promise<{ columns: Row[]; indexes: Row[]; rows: Row[] }> {
  return {
    columns: await columnsOf(db, table),
    indexes: await indexesOf(db, table),
    rows: await query(db, `SELECT * FROM ${table} ORDER BY version`),
  };
}

describe.each(['postgres', 'mysql'] as const)('%s', (engine) => {
  let real: TestDatabase;
  let ours: TestDatabase;
  const create = () =>
    engine === 'postgres' ? createPostgresDatabase('mt_bk_dbmate') : createMysqlDatabase('mt_bk_dbmate');
  beforeEach(async () => {
    real = await create();
    ours = await create();
  });
  afterEach(async () => {
    await real.drop();
    await ours.drop();
  });

  test('schema_migrations: the same columns, indexes and rows as real dbmate writes', async () => {
    await dbmate(real, await writeTree(FIXTURE));
    const { report, exitCode } = await runOnFiles(ours.url, FIXTURE);
    expect(exitCode).toBe(0);
    // Each down deleted its row (the reapply's insert would hit the primary key otherwise).
    expect(report.migrations.map((m) => `${m.phase}:${m.direction}:${m.status}`)).toEqual([
      ...Array<string>(3).fill('new:up:succeeded'),
      ...Array<string>(3).fill('rollback:down:succeeded'),
      ...Array<string>(3).fill('reapply:up:succeeded'),
    ]);
    const expected = await bookkeeping(real, 'schema_migrations');
    expect(expected.rows).toEqual([
      { version: '20240101000001' },
      { version: '20240101000002' },
      { version: '20240101000003' },
    ]);
    expect(await bookkeeping(ours, 'schema_migrations')).toEqual(expected);
    const first = report.migrations[0];
    expect(first?.bookkeeping).toMatchObject({ table: 'schema_migrations', statements: 1 });
    expect(first?.queries.some((q) => /schema_migrations/i.test(q.sql))).toBe(false);
  });

  test('a migration that fails in its transaction leaves no row, as with dbmate', async () => {
    const failing = {
      ...FIXTURE,
      '20240101000003_add_nickname.sql':
        "-- migrate:up\ninsert into users (id, email) values (2, 'b');\nselect * from no_such_table;\n-- migrate:down\n",
    };
    await expect(dbmate(real, await writeTree(failing))).rejects.toThrow(/no_such_table/);
    const { exitCode } = await runOnFiles(ours.url, failing);
    expect(exitCode).toBe(1);
    const expected = await bookkeeping(real, 'schema_migrations');
    expect(expected.rows.map((r) => r.version)).toEqual(['20240101000001', '20240101000002']);
    expect(await bookkeeping(ours, 'schema_migrations')).toEqual(expected);
  });

  test('--migrations-table names the table as dbmate --migrations-table does', async () => {
    await dbmate(real, await writeTree(FIXTURE), ['--migrations-table', 'app_versions']);
    const { exitCode } = await runOnFiles(ours.url, FIXTURE, { migrationsTable: 'app_versions' });
    expect(exitCode).toBe(0);
    const expected = await bookkeeping(real, 'app_versions');
    expect(expected.rows).toHaveLength(3);
    expect(await bookkeeping(ours, 'app_versions')).toEqual(expected);
    const tables = (db: TestDatabase) =>
      query(
        db,
        `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ${
          engine === 'postgres' ? 'current_schema()' : 'DATABASE()'
        } ORDER BY 1`,
      );
    expect(await tables(ours)).toEqual([{ t: 'app_versions' }, { t: 'users' }]);
    expect(await tables(real)).toEqual(await tables(ours));
  });
});
