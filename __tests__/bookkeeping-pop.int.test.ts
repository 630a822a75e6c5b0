// pop's schema_migration kept as ory/x popx keeps it (popx/migrator.go: createTransactionalMigrationTable,
// UpTo, Down): version VARCHAR (48) NOT NULL, version_self INT NOT NULL DEFAULT 0, the unique index
// <table>_version_idx and the index <table>_version_self_idx; one row a migration, inserted in its
// transaction (after it for .autocommit files), deleted by its down. See pop-bookkeeping.ts for why
// popx's table rather than gobuffalo/pop's varchar(14).
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { columnsOf, indexesOf, query } from './helpers/bookkeeping-tables.js';
import { runOnFiles } from './helpers/run.js';

// Written from pop's and popx's naming: <version>_<name>[.<dialect>][.autocommit].(up|down).sql.
const FIXTURE = {
  '20240101000001_create_users.up.sql': 'CREATE TABLE users (id int primary key, name varchar(20));\n',
  '20240101000001_create_users.down.sql': 'DROP TABLE users;\n',
  // Ory's versions are longer than the 14 digits of gobuffalo's column.
  '20240101000002000001_seed.up.sql': "INSERT INTO users VALUES (1, 'a');\n",
  '20240101000002000001_seed.down.sql': 'DELETE FROM users;\n',
  '20240101000003_name_idx.postgres.autocommit.up.sql': 'CREATE INDEX CONCURRENTLY users_name_idx ON users (name);\n',
  '20240101000003_name_idx.postgres.autocommit.down.sql': 'DROP INDEX CONCURRENTLY users_name_idx;\n',
  '20240101000003_name_idx.mysql.autocommit.up.sql': 'CREATE INDEX users_name_idx ON users (name);\n',
  '20240101000003_name_idx.mysql.autocommit.down.sql': 'DROP INDEX users_name_idx ON users;\n',
};

async function versions(db: TestDatabase, table = 'schema_migration'): Promise<[string, number][]> {
  const rows = await query(db, `SELECT version, version_self FROM ${table} ORDER BY version`);
  return rows.map((r) => [typeof r.version === 'string' ? r.version : '', Number(r.version_self)]);
}

describe.each(['postgres', 'mysql'] as const)('%s', (engine) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = engine === 'postgres' ? await createPostgresDatabase('mt_bk_pop') : await createMysqlDatabase('mt_bk_pop');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('schema_migration: popx’s table, a row a migration, removed by its down', async () => {
    const { report, exitCode } = await runOnFiles(db.url, FIXTURE, { format: 'pop' });
    expect(exitCode).toBe(0);
    // Each down deleted its row: the reapply's insert would break the unique index otherwise.
    expect(report.migrations.map((m) => `${m.phase}:${m.direction}:${m.status}`)).toEqual([
      ...Array<string>(3).fill('new:up:succeeded'),
      ...Array<string>(3).fill('rollback:down:succeeded'),
      ...Array<string>(3).fill('reapply:up:succeeded'),
    ]);
    expect(report.migrations.find((m) => m.id === '20240101000003_name_idx')?.transactional).toBe(false);
    expect(await versions(db)).toEqual([
      ['20240101000001', 0],
      ['20240101000002000001', 0],
      ['20240101000003', 0],
    ]);
    for (const run of report.migrations) {
      expect(run.bookkeeping).toMatchObject({ table: 'schema_migration', statements: 1 });
      expect(run.queries.some((q) => /schema_migration/i.test(q.sql))).toBe(false);
    }
    if (engine === 'postgres') {
      expect(await columnsOf(db, 'schema_migration')).toEqual([
        { name: 'version', type: 'character varying', length: 48, nullable: 'NO', default: null },
        { name: 'version_self', type: 'integer', length: null, nullable: 'NO', default: '0' },
      ]);
      expect(await indexesOf(db, 'schema_migration')).toEqual([
        {
          name: 'schema_migration_version_idx',
          def: 'CREATE UNIQUE INDEX schema_migration_version_idx ON public.schema_migration USING btree (version)',
        },
        {
          name: 'schema_migration_version_self_idx',
          def: 'CREATE INDEX schema_migration_version_self_idx ON public.schema_migration USING btree (version_self)',
        },
      ]);
    } else {
      expect(await columnsOf(db, 'schema_migration')).toEqual([
        { name: 'version', type: 'varchar(48)', nullable: 'NO', default: null },
        { name: 'version_self', type: 'int(11)', nullable: 'NO', default: '0' },
      ]);
      expect(await indexesOf(db, 'schema_migration')).toEqual([
        { name: 'schema_migration_version_idx', nonUnique: 0, col: 'version' },
        { name: 'schema_migration_version_self_idx', nonUnique: 1, col: 'version_self' },
      ]);
    }
  });

  test('a migration that fails in its transaction leaves no row', async () => {
    const { exitCode } = await runOnFiles(
      db.url,
      {
        '20240101000001_create_users.up.sql': FIXTURE['20240101000001_create_users.up.sql'],
        '20240101000002_broken.up.sql': "INSERT INTO users VALUES (1, 'a');\nSELECT * FROM no_such_table;\n",
      },
      { format: 'pop' },
    );
    expect(exitCode).toBe(1);
    expect(await versions(db)).toEqual([['20240101000001', 0]]);
    expect(await query(db, 'SELECT COUNT(*) AS n FROM users')).toEqual([{ n: engine === 'postgres' ? '0' : 0 }]);
  });

  test('--migrations-table names the table, as pop’s migration_table_name does', async () => {
    const { exitCode } = await runOnFiles(
      db.url,
      { '20240101000001_create_users.up.sql': FIXTURE['20240101000001_create_users.up.sql'] },
      { format: 'pop', migrationsTable: 'app_migrations' },
    );
    expect(exitCode).toBe(0);
    expect(await versions(db, 'app_migrations')).toEqual([['20240101000001', 0]]);
    expect((await indexesOf(db, 'app_migrations')).map((i) => i.name)).toEqual([
      'app_migrations_version_idx',
      'app_migrations_version_self_idx',
    ]);
  });
});
