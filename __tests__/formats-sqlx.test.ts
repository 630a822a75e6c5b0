// sqlx's migration directory as sqlx-core's resolver reads it (migrate/source.rs), fixtures after
// sqlx's own (sqlx-cli/tests/migrations_reversible, `sqlx migrate add` file names).
import { createHash } from 'node:crypto';
import { discoverMigrations } from '../src/migrations/discover.js';
import { parseSqlxName, sqlx } from '../src/migrations/formats/sqlx.js';
import { MigrationSourceError } from '../src/util/errors.js';
import { useTempCwd } from './helpers/temp-cwd.js';

const tmp = useTempCwd('mt-sqlx-');

const discover = (dialect: 'postgres' | 'mysql' = 'postgres', format: 'sqlx' | 'auto' = 'sqlx') =>
  discoverMigrations({ dir: 'migrations', format, dialect, cwd: tmp.cwd });

const errorOf = async (p: Promise<unknown>): Promise<string> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MigrationSourceError);
  return (err as Error).message;
};

const USERS = '-- Add migration script here\nCREATE TABLE users (id bigint PRIMARY KEY);\n';

test('simple and reversible migrations, ordered by version, with sqlx’s description and checksum', async () => {
  await tmp.write({
    'migrations/20230201000000_test2.up.sql': 'CREATE TABLE t2 (id int);\n',
    'migrations/20230201000000_test2.down.sql': 'DROP TABLE t2;\n',
    'migrations/20230101000000_create_users_table.sql': USERS,
    'migrations/README.md': '',
    'migrations/init.sql': 'no underscore: sqlx ignores it',
  });
  const set = await discover();
  expect(set.format).toBe('sqlx');
  expect(set.migrations.map((m) => [m.id, m.version, m.name])).toEqual([
    ['20230101000000_create_users_table', '20230101000000', 'create_users_table'],
    ['20230201000000_test2', '20230201000000', 'test2'],
  ]);
  const [users, t2] = set.migrations;
  expect(users?.up).toMatchObject({ sql: USERS, startLine: 1, transaction: 'transaction' });
  expect(users?.down).toBeNull();
  expect(users?.extra).toEqual({
    description: 'create users table',
    checksum: createHash('sha384').update(USERS).digest('hex'),
  });
  expect(t2?.down).toMatchObject({ file: 'migrations/20230201000000_test2.down.sql', transaction: 'transaction' });
  expect(set.ignored).toEqual(['migrations/init.sql']);
});

test('-- no-transaction as the first line: alone on PostgreSQL, ignored by sqlx-mysql', async () => {
  await tmp.write({
    'migrations/1_index.sql': '-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);\n',
    'migrations/2_late.sql': '\n-- no-transaction\nSELECT 1;\n',
  });
  expect((await discover('postgres')).migrations.map((m) => m.up.transaction)).toEqual([
    'multiStatement',
    'transaction',
  ]);
  expect((await discover('mysql')).migrations.map((m) => m.up.transaction)).toEqual(['transaction', 'transaction']);
});

test('file names as sqlx reads them', () => {
  expect(parseSqlxName('1_a_b.up.sql', 'x')).toEqual({ version: '1', name: 'a_b', description: 'a b', type: 'up' });
  expect(parseSqlxName('-3_neg.down.sql', 'x')).toMatchObject({ version: '-3', type: 'down' });
  expect(parseSqlxName('+7_plus.sql', 'x')).toMatchObject({ version: '7', name: 'plus', type: 'simple' });
  expect(parseSqlxName('2_twice.sql.sql', 'x')).toMatchObject({ name: 'twice' });
  expect(parseSqlxName('2_notes.txt', 'x')).toBeNull();
  expect(parseSqlxName('schema.sql', 'x')).toBeNull();
});

test('a name with a non-integer version is refused with sqlx’s message', async () => {
  await tmp.write({ 'migrations/1_a.sql': 'SELECT 1;\n', 'migrations/seed_data.sql': 'SELECT 1;\n' });
  expect(await errorOf(discover())).toBe(
    'migrations/seed_data.sql: error parsing migration filename "seed_data.sql"; expected integer version prefix (e.g. `01_foo.sql`)',
  );
});

test('a version beyond i64 is refused', async () => {
  await tmp.write({ 'migrations/9223372036854775808_big.sql': 'SELECT 1;\n' });
  expect(await errorOf(discover())).toMatch(/error parsing migration filename "9223372036854775808_big.sql"/);
});

test('two ups of one version are refused', async () => {
  await tmp.write({ 'migrations/1_a.sql': 'SELECT 1;\n', 'migrations/01_b.up.sql': 'SELECT 2;\n' });
  expect(await errorOf(discover())).toBe(
    'two sqlx migrations with up version 1: migrations/01_b.up.sql and migrations/1_a.sql; rename or remove one',
  );
});

test('a down without its up is refused', async () => {
  await tmp.write({ 'migrations/1_a.sql': 'SELECT 1;\n', 'migrations/2_b.down.sql': 'SELECT 2;\n' });
  expect(await errorOf(discover())).toBe(
    'sqlx down migration migrations/2_b.down.sql has no up migration (expected 2_b.up.sql)',
  );
});

test('versions compare as signed 64-bit integers; --new-from takes one', () => {
  expect(sqlx.compareVersions('-3', '2')).toBe(-1);
  expect(sqlx.compareVersions('20240101120000', '9')).toBe(1);
  expect(sqlx.compareVersions('007', '7')).toBe(0);
  expect(sqlx.parseNewFrom('20240101120000')).toBe('20240101120000');
  expect(() => sqlx.parseNewFrom('v2')).toThrow('--new-from v2: not a sqlx version');
});

test('--format auto does not pick sqlx: its names are golang-migrate’s or plain files’', async () => {
  await tmp.write({ 'migrations/1_a.up.sql': 'SELECT 1;\n', 'migrations/1_a.down.sql': 'SELECT 1;\n' });
  expect((await discover('postgres', 'auto')).format).toBe('golang-migrate');
});

test('bookkeeping: _sqlx_migrations as sqlx creates it on each engine, and its writes', () => {
  const books = sqlx.bookkeeping?.({});
  expect(books?.tables).toEqual(['_sqlx_migrations']);
  expect(books?.setup('postgres')[0]).toContain('installed_on TIMESTAMPTZ NOT NULL DEFAULT now()');
  expect(books?.setup('postgres')[0]).toContain('checksum BYTEA NOT NULL');
  expect(books?.setup('mysql')[0]).toContain('installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP');
  expect(books?.setup('mysql')[0]).toContain('checksum BLOB NOT NULL');
  expect(sqlx.bookkeeping?.({ table: 'meta.Sqlx' }).setup('postgres')[0]).toContain('"meta"."sqlx"');
});
