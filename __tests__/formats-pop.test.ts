import { discoverMigrations } from '../src/migrations/discover.js';
import { parsePopFileName } from '../src/migrations/formats/pop.js';
import type { Dialect } from '../src/migrations/types.js';
import { useTempCwd } from './helpers/temp-cwd.js';

const tmp = useTempCwd('mt-pop-');
const write = tmp.write;

const discover = (dialect: Dialect = 'postgres') =>
  discoverMigrations({ dir: 'migrations', format: 'pop', dialect, cwd: tmp.cwd });

test('file names: dialect, synonyms, the autocommit flag and its trap', () => {
  expect(parsePopFileName('20240101_users.up.sql')).toEqual({
    version: '20240101',
    name: 'users',
    dialect: null,
    autocommit: false,
    direction: 'up',
    fizz: false,
  });
  expect(parsePopFileName('1_users.postgres.down.sql')).toMatchObject({
    dialect: 'postgres',
    autocommit: false,
    direction: 'down',
  });
  expect(parsePopFileName('1_users.postgresql.up.sql')?.dialect).toBe('postgres');
  expect(parsePopFileName('1_users.sqlite.up.sql')?.dialect).toBe('sqlite3');
  expect(parsePopFileName('1_users.postgres.autocommit.up.sql')).toMatchObject({
    dialect: 'postgres',
    autocommit: true,
  });
  // "autocommit" in the dialect position is the flag on a generic file.
  expect(parsePopFileName('1_users.autocommit.up.sql')).toMatchObject({ dialect: null, autocommit: true });
  expect(parsePopFileName('1_users.oracle.up.sql')?.dialect).toBeUndefined();
  expect(parsePopFileName('1_users.constructor.up.sql')?.dialect).toBeUndefined();
  expect(parsePopFileName('1_users.up.fizz')).toMatchObject({ fizz: true });
  expect(parsePopFileName('users.up.sql')).toBeNull();
  expect(parsePopFileName('1_users.sql')).toBeNull();
});

const DIALECT_SET = {
  'migrations/20240101000000_create_users.up.sql': 'create table users (id int);',
  'migrations/20240101000000_create_users.down.sql': 'drop table users;',
  'migrations/20240102000000_add_meta.postgres.up.sql': 'alter table users add meta jsonb;',
  'migrations/20240102000000_add_meta.mysql.up.sql': 'alter table users add meta json;',
  'migrations/20240102000000_add_meta.cockroach.up.sql': 'alter table users add meta jsonb;',
  'migrations/20240102000000_add_meta.sqlite3.up.sql': 'alter table users add meta text;',
  'migrations/20240102000000_add_meta.down.sql': 'alter table users drop column meta;',
  'migrations/20240103000000_users_idx.autocommit.up.sql': 'create index users_id on users (id);',
  'migrations/20240103000000_users_idx.postgres.down.sql': 'drop index users_id;',
  'migrations/20240103000000_users_idx.mysql.down.sql': 'drop index users_id on users;',
  'migrations/20240104000000_pg_only.postgres.up.sql': 'create extension if not exists pgcrypto;',
};

test("PostgreSQL gets the postgres files and the generic ones; other dialects' files are ignored", async () => {
  await write(DIALECT_SET);
  const set = await discover('postgres');
  expect(set.format).toBe('pop');
  expect(set.migrations.map((m) => [m.id, m.up.file, m.down?.file ?? null])).toEqual([
    [
      '20240101000000_create_users',
      'migrations/20240101000000_create_users.up.sql',
      'migrations/20240101000000_create_users.down.sql',
    ],
    [
      '20240102000000_add_meta',
      'migrations/20240102000000_add_meta.postgres.up.sql',
      'migrations/20240102000000_add_meta.down.sql',
    ],
    [
      '20240103000000_users_idx',
      'migrations/20240103000000_users_idx.autocommit.up.sql',
      'migrations/20240103000000_users_idx.postgres.down.sql',
    ],
    ['20240104000000_pg_only', 'migrations/20240104000000_pg_only.postgres.up.sql', null],
  ]);
});

test('MySQL gets the mysql files and the generic ones', async () => {
  await write(DIALECT_SET);
  const set = await discover('mysql');
  expect(set.migrations.map((m) => [m.id, m.up.file, m.down?.file ?? null])).toEqual([
    [
      '20240101000000_create_users',
      'migrations/20240101000000_create_users.up.sql',
      'migrations/20240101000000_create_users.down.sql',
    ],
    [
      '20240102000000_add_meta',
      'migrations/20240102000000_add_meta.mysql.up.sql',
      'migrations/20240102000000_add_meta.down.sql',
    ],
    [
      '20240103000000_users_idx',
      'migrations/20240103000000_users_idx.autocommit.up.sql',
      'migrations/20240103000000_users_idx.mysql.down.sql',
    ],
  ]);
});

test('a dialect-specific file wins over the generic one of the same version and direction', async () => {
  await write({
    'migrations/1_a.up.sql': 'generic up',
    'migrations/1_a.postgres.up.sql': 'postgres up',
    'migrations/1_a.down.sql': 'generic down',
  });
  const [m] = (await discover()).migrations;
  expect(m?.up.sql).toBe('postgres up');
  expect(m?.down?.sql).toBe('generic down');
});

test('.autocommit runs without a transaction, everything else in one', async () => {
  await write({
    'migrations/1_a.up.sql': '',
    'migrations/2_b.autocommit.up.sql': '',
    'migrations/2_b.down.sql': '',
    'migrations/3_c.postgres.autocommit.up.sql': '',
    'migrations/3_c.postgres.autocommit.down.sql': '',
  });
  const set = await discover();
  expect(set.migrations.map((m) => [m.id, m.up.transaction, m.down?.transaction ?? null])).toEqual([
    ['1_a', 'transaction', null],
    ['2_b', 'none', 'transaction'],
    ['3_c', 'none', 'none'],
  ]);
});

test('fizz files are refused, naming the file, unless SQL stands for their version', async () => {
  await write({ 'migrations/1_a.up.sql': '', 'migrations/1_a.up.fizz': 'create_table("a")' });
  expect((await discover()).migrations.map((m) => m.up.file)).toEqual(['migrations/1_a.up.sql']);
  await write({ 'migrations/2_b.up.fizz': 'create_table("b")', 'migrations/2_b.down.fizz': 'drop_table("b")' });
  await expect(discover()).rejects.toThrow(/^migrations\/2_b\.up\.fizz: fizz migrations are not SQL; /);
});

test('two files for one version, direction and dialect are an error naming both', async () => {
  await write({ 'migrations/1_a.postgres.up.sql': '', 'migrations/01_b.postgres.up.sql': '' });
  await expect(discover()).rejects.toThrow(
    'two pop migrations with postgres up version 1: migrations/01_b.postgres.up.sql and migrations/1_a.postgres.up.sql; rename or remove one',
  );
});

test('a down without an up is an error naming the file', async () => {
  await write({ 'migrations/1_a.up.sql': '', 'migrations/2_b.postgres.down.sql': '' });
  await expect(discover()).rejects.toThrow(
    'pop down migration migrations/2_b.postgres.down.sql has no up migration (expected 2_b.up.sql)',
  );
});

test('a set holding only files for other dialects has no migrations for this engine', async () => {
  await write({ 'migrations/1_a.mysql.up.sql': '' });
  await expect(discover('postgres')).rejects.toThrow(
    /^no migrations found in migrations \(format pop, dialect postgres\): expected file names like .*; saw 1_a\.mysql\.up\.sql$/,
  );
});
