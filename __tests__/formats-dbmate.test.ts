import path from 'node:path';
import { discoverMigrations } from '../src/migrations/discover.js';
import { parseDbmateSections } from '../src/migrations/formats/dbmate.js';
import { MigrationSourceError } from '../src/util/errors.js';
import { useTempCwd } from './helpers/temp-cwd.js';

const tmp = useTempCwd('mt-dbmate-');
const write = tmp.write;

const discover = () =>
  discoverMigrations({ dir: 'db/migrations', format: 'dbmate', dialect: 'postgres', cwd: tmp.cwd });

const USERS = [
  '-- Users of the shop.', // 1
  '-- migrate:up', // 2
  'create table users (', // 3
  '  id bigserial primary key', // 4
  ');', // 5
  '', // 6
  '-- migrate:down', // 7
  'drop table users;', // 8
  '',
].join('\n');

test('each section becomes a script holding only its SQL, with the line it starts on', async () => {
  await write({ 'db/migrations/20240101120000_create_users.sql': USERS });
  const set = await discover();
  expect(set.format).toBe('dbmate');
  const [m] = set.migrations;
  expect(m?.id).toBe('20240101120000_create_users');
  expect(m?.version).toBe('20240101120000');
  expect(m?.name).toBe('create_users');
  expect(m?.up).toEqual({
    absPath: path.join(tmp.cwd, 'db/migrations/20240101120000_create_users.sql'),
    file: 'db/migrations/20240101120000_create_users.sql',
    sql: 'create table users (\n  id bigserial primary key\n);\n\n',
    startLine: 3,
    transaction: 'transaction',
  });
  expect(m?.down).toMatchObject({ sql: 'drop table users;\n', startLine: 8, transaction: 'transaction' });
  // Lines counted inside a section plus startLine land on the real line of the file.
  const fileLines = USERS.split('\n');
  expect(fileLines[(m?.up.startLine ?? 0) - 1]).toBe('create table users (');
  expect(fileLines[(m?.down?.startLine ?? 0) - 1]).toBe('drop table users;');
});

test('a migration without a down block is refused, as dbmate 2 refuses it', async () => {
  await write({ 'db/migrations/1_a.sql': '-- migrate:up\nselect 1;\n' });
  await expect(discover()).rejects.toThrow(
    "db/migrations/1_a.sql: dbmate requires each migration to define a down block with '-- migrate:down'",
  );
});

test('transaction:false on a directive line runs that section without a transaction', async () => {
  await write({
    'db/migrations/2_index.sql':
      '-- migrate:up transaction:false\ncreate index concurrently i on t (c);\n-- migrate:down\ndrop index i;\n',
  });
  const [m] = (await discover()).migrations;
  expect(m?.up.transaction).toBe('none');
  expect(m?.down?.transaction).toBe('transaction');
});

test('sections may be empty, and a directive on the last line leaves an empty script', () => {
  expect(parseDbmateSections('-- migrate:up\n-- migrate:down', 'f.sql')).toEqual({
    up: { sql: '', startLine: 2, transaction: 'transaction' },
    down: { sql: '', startLine: 3, transaction: 'transaction' },
  });
});

test('CRLF files and directive spellings dbmate accepts', () => {
  const parsed = parseDbmateSections(
    '--migrate:up\r\nselect 1;\r\n--   migrate:down   transaction:false foo:bar\r\nselect 2;\r\n',
    'f.sql',
  );
  expect(parsed.up).toEqual({ sql: 'select 1;\r\n', startLine: 2, transaction: 'transaction' });
  expect(parsed.down).toEqual({ sql: 'select 2;\r\n', startLine: 4, transaction: 'none' });
});

test('a line merely starting like a directive is SQL', () => {
  const parsed = parseDbmateSections(
    '-- migrate:up\n-- migrate:upgrade later\n  -- migrate:down\n-- migrate:down\n',
    'f.sql',
  );
  expect(parsed.up.sql).toBe('-- migrate:upgrade later\n  -- migrate:down\n');
  expect(parsed.down.startLine).toBe(5);
});

test("a file without '-- migrate:up' is an error naming it, with dbmate's message", async () => {
  await write({
    'db/migrations/1_a.sql': '-- migrate:up\nselect 1;\n-- migrate:down\n',
    'db/migrations/2_b.sql': 'create table b ();\n',
  });
  const err = await discover().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(MigrationSourceError);
  expect((err as Error).message).toBe(
    "db/migrations/2_b.sql: dbmate requires each migration to define an up block with '-- migrate:up'",
  );
});

test('down before up, and statements before the up block, are errors as in dbmate', () => {
  expect(() =>
    parseDbmateSections('-- migrate:down\ndrop table t;\n-- migrate:up\ncreate table t ();\n', 'x.sql'),
  ).toThrow("x.sql: dbmate requires '-- migrate:up' to appear before '-- migrate:down'");
  expect(() =>
    parseDbmateSections("-- header comment\n\ncreate type s as enum ('a');\n-- migrate:up\n-- migrate:down\n", 'x.sql'),
  ).toThrow("x.sql: dbmate does not support statements preceding the '-- migrate:up' block (line 3)");
});

test('files run in the order of their names, as dbmate applies them; versions must be unique', async () => {
  const both = '-- migrate:up\n-- migrate:down\n';
  await write({
    'db/migrations/10_c.sql': both,
    'db/migrations/9_b.sql': both,
    'db/migrations/20240101000000_a.sql': both,
    'db/migrations/notes.md': '',
  });
  expect((await discover()).migrations.map((m) => m.id)).toEqual(['10_c', '20240101000000_a', '9_b']);
  await write({ 'db/migrations/09_dup.sql': both });
  await expect(discover()).rejects.toThrow(/db\/migrations\/09_dup\.sql and db\/migrations\/9_b\.sql/);
});
