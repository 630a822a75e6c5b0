import path from 'node:path';
import { discoverMigrations } from '../src/migrations/discover.js';
import { MigrationSourceError } from '../src/util/errors.js';
import { useTempCwd } from './helpers/temp-cwd.js';

const tmp = useTempCwd('mt-golang-');
const write = tmp.write;

const discover = () =>
  discoverMigrations({ dir: 'migrations', format: 'golang-migrate', dialect: 'postgres', cwd: tmp.cwd });

test('up and down files pair by version, run by version as a number', async () => {
  await write({
    'migrations/10_ten.up.sql': 'select 10;',
    'migrations/10_ten.down.sql': 'select -10;',
    'migrations/2_two.up.sql': 'select 2;',
    'migrations/1_one.up.sql': 'select 1;',
    'migrations/1_one.down.sql': 'select -1;',
  });
  const set = await discover();
  expect(set.format).toBe('golang-migrate');
  expect(set.migrations.map((m) => m.id)).toEqual(['1_one', '2_two', '10_ten']);
  expect(set.migrations[0]).toEqual({
    id: '1_one',
    version: '1',
    name: 'one',
    kind: 'versioned',
    up: {
      absPath: path.join(tmp.cwd, 'migrations/1_one.up.sql'),
      file: 'migrations/1_one.up.sql',
      sql: 'select 1;',
      startLine: 1,
      transaction: 'multiStatement',
    },
    down: {
      absPath: path.join(tmp.cwd, 'migrations/1_one.down.sql'),
      file: 'migrations/1_one.down.sql',
      sql: 'select -1;',
      startLine: 1,
      transaction: 'multiStatement',
    },
  });
  expect(set.migrations[1]?.down).toBeNull();
});

test('timestamp versions beyond 2^53 keep their order and spelling', async () => {
  await write({
    'migrations/20240101120000000001_b.up.sql': '',
    'migrations/20240101120000000000_a.up.sql': '',
    'migrations/000003_seq.up.sql': '',
  });
  const set = await discover();
  expect(set.migrations.map((m) => m.version)).toEqual(['000003', '20240101120000000000', '20240101120000000001']);
});

test('titles keep dots and underscores', async () => {
  await write({ 'migrations/5_add_users.email_index.up.sql': '' });
  const [m] = (await discover()).migrations;
  expect(m?.name).toBe('add_users.email_index');
  expect(m?.id).toBe('5_add_users.email_index');
});

test('other files and subdirectories are ignored', async () => {
  await write({
    'migrations/1_init.up.sql': '',
    'migrations/README.md': '# notes',
    'migrations/schema.sql': '',
    'migrations/2_x.sql': '',
    'migrations/nested/3_nested.up.sql': '',
  });
  expect((await discover()).migrations.map((m) => m.id)).toEqual(['1_init']);
});

test('001 and 1 are the same version: an error naming both files', async () => {
  await write({ 'migrations/001_a.up.sql': '', 'migrations/1_b.up.sql': '' });
  const err = await discover().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(MigrationSourceError);
  expect((err as Error).message).toBe(
    'two golang-migrate migrations with up version 1: migrations/001_a.up.sql and migrations/1_b.up.sql; rename or remove one',
  );
});

test('a down without an up is an error naming the file', async () => {
  await write({ 'migrations/1_a.up.sql': '', 'migrations/2_b.down.sql': '' });
  await expect(discover()).rejects.toThrow(
    'golang-migrate down migration migrations/2_b.down.sql has no up migration (expected 2_b.up.sql)',
  );
});

test('no matching files: the message says what names are expected and what was seen', async () => {
  await write({ 'migrations/README.md': '' });
  await expect(discover()).rejects.toThrow(
    'no migrations found in migrations (format golang-migrate): expected file names like 000001_create_users.up.sql, 000001_create_users.down.sql; saw README.md',
  );
});
