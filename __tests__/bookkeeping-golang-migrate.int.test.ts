// golang-migrate's own bookkeeping kept as the tool keeps it (database/postgres and database/mysql
// of golang-migrate/migrate): schema_migrations(version bigint not null primary key, dirty boolean
// not null), one row, the current version; dirty while a migration runs, and left dirty when it fails.
import type { MigrationRun } from '../src/report/model.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';
import { query as rows } from './helpers/bookkeeping-tables.js';

/** The current version as golang-migrate reads it back (`SELECT version, dirty … LIMIT 1`), dirty as a boolean. */
async function versionRow(
  db: TestDatabase,
  table = 'schema_migrations',
): Promise<{ version: number; dirty: boolean }[]> {
  const r = await rows(db, `SELECT version, dirty FROM ${table}`);
  return r.map((x) => ({ version: Number(x.version), dirty: Boolean(Number(x.dirty === true ? 1 : x.dirty)) }));
}

const MIGRATIONS = {
  '000001_users.up.sql':
    "CREATE TABLE users (id int primary key, name varchar(20));\nINSERT INTO users VALUES (1, 'a'), (2, 'b');\n",
  '000001_users.down.sql': 'DROP TABLE users;\n',
  // A real project's migration: it extends the tool's own table, which exists before the first migration.
  '000002_applied_at.up.sql': 'ALTER TABLE schema_migrations ADD COLUMN applied_at timestamp NULL;\n',
  '000002_applied_at.down.sql': 'ALTER TABLE schema_migrations DROP COLUMN applied_at;\n',
  '000003_rename.up.sql': "UPDATE users SET name = 'c';\n",
  '000003_rename.down.sql': "UPDATE users SET name = 'a';\n",
};

describe.each(['postgres', 'mysql'] as const)('%s', (engine) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = engine === 'postgres' ? await createPostgresDatabase('mt_bk_gm') : await createMysqlDatabase('mt_bk_gm');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('schema_migrations is created before the first migration, holds the current version, and is nobody’s rows', async () => {
    const { report, exitCode } = await runOnFiles(db.url, MIGRATIONS);
    expect(report.migrations.map((m) => [m.id, m.phase, m.direction, m.status])).toEqual([
      ['000001_users', 'new', 'up', 'succeeded'],
      ['000002_applied_at', 'new', 'up', 'succeeded'],
      ['000003_rename', 'new', 'up', 'succeeded'],
      ['000003_rename', 'rollback', 'down', 'succeeded'],
      ['000002_applied_at', 'rollback', 'down', 'succeeded'],
      ['000001_users', 'rollback', 'down', 'succeeded'],
      ['000001_users', 'reapply', 'up', 'succeeded'],
      ['000002_applied_at', 'reapply', 'up', 'succeeded'],
      ['000003_rename', 'reapply', 'up', 'succeeded'],
    ]);
    expect(exitCode).toBe(0);
    expect(await versionRow(db)).toEqual([{ version: 3, dirty: false }]);
    const first = report.migrations[0] as MigrationRun;
    // TRUNCATE and INSERT before (dirty) and after (clean): four writes of the tool's, none of them counted.
    expect(first.bookkeeping).toMatchObject({ table: 'schema_migrations', statements: 4 });
    expect(first.counters).toMatchObject({ rowsInserted: 2, rowsUpdated: 0, rowsDeleted: 0 });
    expect(first.statements).toBe(2);
    expect(first.queries.some((q) => /schema_migrations/i.test(q.sql))).toBe(false);
    expect((report.migrations[2] as MigrationRun).counters).toMatchObject({ rowsUpdated: 2, rowsInserted: 0 });
    expect((first.tableSizes ?? []).some((t) => /schema_migrations/.test(t.table))).toBe(false);
    // The tool's TRUNCATE is no rewrite of the migration's, and its locks are not the migration's.
    for (const run of report.migrations.filter((m) => m.phase === 'new')) {
      expect(JSON.stringify(run.locks ?? [])).not.toMatch(/schema_migrations/);
    }
    expect(report.findings.filter((f) => /schema_migrations/.test(f.message))).toEqual([]);
    // The last down of the cycle leaves no version (golang-migrate's NilVersion, clean: no row).
    const lastDown = report.migrations[5] as MigrationRun;
    expect(lastDown.bookkeeping?.statements).toBe(3);
  });

  test('a migration that fails leaves the version dirty, as golang-migrate leaves it', async () => {
    const { report, exitCode } = await runOnFiles(db.url, {
      ...MIGRATIONS,
      '000003_rename.up.sql': 'UPDATE no_such_table SET x = 1;\n',
    });
    expect(exitCode).toBe(1);
    expect(report.migrations.find((m) => m.id === '000003_rename')?.status).toBe('failed');
    expect(await versionRow(db)).toEqual([{ version: 3, dirty: true }]);
  });

  test('--bookkeeping off: no table of the tool’s, so a migration that alters it fails', async () => {
    const { report, exitCode } = await runOnFiles(db.url, MIGRATIONS, { bookkeeping: 'off' });
    expect(exitCode).toBe(1);
    const altered = report.migrations.find((m) => m.id === '000002_applied_at');
    expect(altered?.status).toBe('failed');
    expect(altered?.error?.message).toMatch(/schema_migrations/);
    expect(report.migrations[0]?.bookkeeping).toBeUndefined();
  });

  test('--migrations-table names the table, as x-migrations-table does', async () => {
    const { exitCode } = await runOnFiles(
      db.url,
      { '000001_users.up.sql': MIGRATIONS['000001_users.up.sql'], '000001_users.down.sql': 'DROP TABLE users;\n' },
      { migrationsTable: 'app_versions' },
    );
    expect(exitCode).toBe(0);
    expect(await versionRow(db, 'app_versions')).toEqual([{ version: 1, dirty: false }]);
    const tables = await rows(
      db,
      engine === 'postgres'
        ? "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
        : 'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1',
    );
    expect(tables.map((t) => String(t.t ?? t.T ?? t.TABLE_NAME))).toEqual(['app_versions', 'users']);
  });
});
