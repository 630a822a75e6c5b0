// flyway_schema_history kept as Flyway keeps it, on PostgreSQL and MariaDB. Flyway is Java and is
// not installable here: the expected table and rows are written from Flyway's source (flyway/flyway:
// PostgreSQLDatabase / MySQLDatabase getRawCreateScript, JdbcTableSchemaHistory, Database
// .getInsertStatement, ChecksumCalculator, ResourceNameParser), the checksums computed apart
// (CRC32 of each file's lines without terminators, Python's zlib.crc32, signed).
import type { MigrationRun } from '../src/report/model.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { columnsOf, indexesOf, query } from './helpers/bookkeeping-tables.js';
import { runOnFiles } from './helpers/run.js';

const FIXTURE = {
  'V1__Create_users.sql':
    "CREATE TABLE users (id int primary key, name varchar(20));\r\nINSERT INTO users VALUES (1, 'a');\r\n",
  'V1_1__Add_email.sql': 'ALTER TABLE users ADD COLUMN email varchar(50);\n',
  'U1_1__Drop_email.sql': 'ALTER TABLE users DROP COLUMN email;\n',
  'U1__Drop_users.sql': 'DROP VIEW IF EXISTS user_names;\nDROP TABLE users;\n',
  'sub/V2__seed_more_users.sql': "INSERT INTO users (id, name) VALUES (2, 'b');\n",
  'sub/U2__unseed.sql': 'DELETE FROM users WHERE id = 2;\n',
  'R__users_view.sql': 'CREATE OR REPLACE VIEW user_names AS SELECT name FROM users;\n',
};

interface HistoryRow {
  installed_rank: number;
  version: string | null;
  description: string;
  type: string;
  script: string;
  checksum: number | null;
  installed_by: string;
  success: boolean;
}

async function history(db: TestDatabase, table = 'flyway_schema_history'): Promise<HistoryRow[]> {
  const rows = await query(
    db,
    `SELECT installed_rank, version, description, type, script, checksum, installed_by, installed_on, execution_time, success FROM ${table} ORDER BY installed_rank`,
  );
  for (const r of rows) {
    expect(r.installed_on).toBeInstanceOf(Date);
    expect(Number(r.execution_time)).toBeGreaterThanOrEqual(0);
  }
  return rows.map((r) => ({
    installed_rank: Number(r.installed_rank),
    version: typeof r.version === 'string' ? r.version : null,
    description: String(r.description),
    type: String(r.type),
    script: String(r.script),
    checksum: r.checksum === null ? null : Number(r.checksum),
    installed_by: String(r.installed_by),
    success: Boolean(Number(r.success === true ? 1 : r.success)),
  }));
}

/** One row as Flyway writes it, installed_by and success aside. */
function row(
  installed_rank: number,
  version: string | null,
  description: string,
  type: 'SQL' | 'UNDO_SQL',
  script: string,
  checksum: number,
  installed_by: string,
): HistoryRow {
  return { installed_rank, version, description, type, script, checksum, installed_by, success: true };
}

describe.each(['postgres', 'mysql'] as const)('%s', (engine) => {
  let db: TestDatabase;
  const user = engine === 'postgres' ? 'postgres' : 'root';
  beforeEach(async () => {
    db = engine === 'postgres' ? await createPostgresDatabase('mt_bk_fw') : await createMysqlDatabase('mt_bk_fw');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('flyway_schema_history: the table, its index, and a row per migration, undo and repeatable', async () => {
    const { report, exitCode } = await runOnFiles(db.url, FIXTURE);
    expect(exitCode).toBe(0);
    expect(report.migrations.map((m) => [m.id, m.phase, m.direction, m.status])).toEqual([
      ['1_Create_users', 'new', 'up', 'succeeded'],
      ['1_1_Add_email', 'new', 'up', 'succeeded'],
      ['2_seed_more_users', 'new', 'up', 'succeeded'],
      ['2_seed_more_users', 'rollback', 'down', 'succeeded'],
      ['1_1_Add_email', 'rollback', 'down', 'succeeded'],
      ['1_Create_users', 'rollback', 'down', 'succeeded'],
      ['1_Create_users', 'reapply', 'up', 'succeeded'],
      ['1_1_Add_email', 'reapply', 'up', 'succeeded'],
      ['2_seed_more_users', 'reapply', 'up', 'succeeded'],
      ['R_users_view', 'new', 'up', 'succeeded'],
    ]);
    const V1 = ['1', 'Create users', 'SQL', 'V1__Create_users.sql', 1613817794] as const;
    const V11 = ['1.1', 'Add email', 'SQL', 'V1_1__Add_email.sql', 1887231263] as const;
    const V2 = ['2', 'seed more users', 'SQL', 'sub/V2__seed_more_users.sql', 378002933] as const;
    expect(await history(db)).toEqual([
      row(1, ...V1, user),
      row(2, ...V11, user),
      row(3, ...V2, user),
      // The rollback cycle runs on the versioned migrations; the repeatable runs after them.
      row(4, '2', 'unseed', 'UNDO_SQL', 'sub/U2__unseed.sql', 420102194, user),
      row(5, '1.1', 'Drop email', 'UNDO_SQL', 'U1_1__Drop_email.sql', -1839459322, user),
      row(6, '1', 'Drop users', 'UNDO_SQL', 'U1__Drop_users.sql', 1888681646, user),
      row(7, ...V1, user),
      row(8, ...V11, user),
      row(9, ...V2, user),
      row(10, null, 'users view', 'SQL', 'R__users_view.sql', -152910129, user),
    ]);
    const first = report.migrations[0] as MigrationRun;
    expect(first.bookkeeping).toMatchObject({ table: 'flyway_schema_history', statements: 1 });
    expect(first.counters).toMatchObject({ rowsInserted: 1 });
    expect(first.queries.some((q) => /flyway_schema_history/i.test(q.sql))).toBe(false);
  });

  test('the columns and indexes of getRawCreateScript', async () => {
    const { exitCode } = await runOnFiles(db.url, { 'V1__one.sql': 'CREATE TABLE t (id int);\n' });
    expect(exitCode).toBe(0);
    if (engine === 'postgres') {
      const col = (
        name: string,
        type: string,
        length: number | null,
        nullable: 'YES' | 'NO',
        def: string | null = null,
      ) => ({ name, type, length, nullable, default: def });
      expect(await columnsOf(db, 'flyway_schema_history')).toEqual([
        col('installed_rank', 'integer', null, 'NO'),
        col('version', 'character varying', 50, 'YES'),
        col('description', 'character varying', 200, 'NO'),
        col('type', 'character varying', 20, 'NO'),
        col('script', 'character varying', 1000, 'NO'),
        col('checksum', 'integer', null, 'YES'),
        col('installed_by', 'character varying', 100, 'NO'),
        col('installed_on', 'timestamp without time zone', null, 'NO', 'now()'),
        col('execution_time', 'integer', null, 'NO'),
        col('success', 'boolean', null, 'NO'),
      ]);
      expect(await indexesOf(db, 'flyway_schema_history')).toEqual([
        {
          name: 'flyway_schema_history_pk',
          def: 'CREATE UNIQUE INDEX flyway_schema_history_pk ON public.flyway_schema_history USING btree (installed_rank)',
        },
        {
          name: 'flyway_schema_history_s_idx',
          def: 'CREATE INDEX flyway_schema_history_s_idx ON public.flyway_schema_history USING btree (success)',
        },
      ]);
      const pk = await query(
        db,
        "SELECT conname FROM pg_constraint WHERE conrelid = 'flyway_schema_history'::regclass AND contype = 'p'",
      );
      expect(pk).toEqual([{ conname: 'flyway_schema_history_pk' }]);
    } else {
      const col = (name: string, type: string, nullable: 'YES' | 'NO', def: string | null = null) => ({
        name,
        type,
        nullable,
        default: def,
      });
      expect(await columnsOf(db, 'flyway_schema_history')).toEqual([
        col('installed_rank', 'int(11)', 'NO'),
        col('version', 'varchar(50)', 'YES', 'NULL'),
        col('description', 'varchar(200)', 'NO'),
        col('type', 'varchar(20)', 'NO'),
        col('script', 'varchar(1000)', 'NO'),
        col('checksum', 'int(11)', 'YES', 'NULL'),
        col('installed_by', 'varchar(100)', 'NO'),
        col('installed_on', 'timestamp', 'NO', 'current_timestamp()'),
        col('execution_time', 'int(11)', 'NO'),
        col('success', 'tinyint(1)', 'NO'),
      ]);
      // MySQL names a primary key PRIMARY whatever the constraint's name.
      expect(await indexesOf(db, 'flyway_schema_history')).toEqual([
        { name: 'flyway_schema_history_s_idx', nonUnique: 1, col: 'success' },
        { name: 'PRIMARY', nonUnique: 0, col: 'installed_rank' },
      ]);
    }
  });

  test('a failing migration leaves no row where its transaction rolls back; one run without a transaction is recorded after it', async () => {
    const files: Record<string, string> =
      engine === 'postgres'
        ? {
            'V1__Create_users.sql': FIXTURE['V1__Create_users.sql'],
            // Flyway runs a migration made only of non-transactional statements without a transaction.
            'V2__index.sql': 'CREATE INDEX CONCURRENTLY users_name_idx ON users (name);\n',
            'V3__broken.sql': "INSERT INTO users VALUES (3, 'c');\nSELECT * FROM no_such_table;\n",
          }
        : {
            'V1__Create_users.sql': FIXTURE['V1__Create_users.sql'],
            'V2__index.sql': 'CREATE INDEX users_name_idx ON users (name);\n',
            'V3__broken.sql': "INSERT INTO users VALUES (3, 'c');\nSELECT * FROM no_such_table;\n",
          };
    const { report, exitCode } = await runOnFiles(db.url, files);
    expect(exitCode).toBe(1);
    expect(report.migrations.find((m) => m.id === '3_broken')?.status).toBe('failed');
    if (engine === 'postgres') expect(report.migrations.find((m) => m.id === '2_index')?.transactional).toBe(false);
    // On MySQL Flyway would add a third row with success false (no DDL transactions there): the
    // runner records successful migrations only, a deviation flyway-bookkeeping.ts states.
    expect(await history(db)).toEqual([
      row(1, '1', 'Create users', 'SQL', 'V1__Create_users.sql', 1613817794, user),
      row(2, '2', 'index', 'SQL', 'V2__index.sql', engine === 'postgres' ? -636414913 : -2019429695, user),
    ]);
  });

  test('--migrations-table names the table, as Flyway’s table setting does', async () => {
    const { exitCode } = await runOnFiles(
      db.url,
      { 'V1__one.sql': 'CREATE TABLE t (id int);\n' },
      { migrationsTable: 'schema_history' },
    );
    expect(exitCode).toBe(0);
    expect((await history(db, 'schema_history')).map((r) => [r.installed_rank, r.version, r.script])).toEqual([
      [1, '1', 'V1__one.sql'],
    ]);
    expect((await indexesOf(db, 'schema_history')).map((i) => i.name)).toContain('schema_history_s_idx');
  });
});
