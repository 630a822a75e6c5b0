import path from 'node:path';
import { discoverMigrations } from '../src/migrations/discover.js';
import { MigrationSourceError } from '../src/util/errors.js';
import { useTempCwd } from './helpers/temp-cwd.js';

const tmp = useTempCwd('mt-flyway-');
const write = tmp.write;

const discover = (dir = 'db') => discoverMigrations({ dir, format: 'flyway', dialect: 'postgres', cwd: tmp.cwd });

test('versioned migrations run by version compared part by part, repeatables after them by description', async () => {
  await write({
    'db/V1.9__nine.sql': 'select 9;',
    'db/V1.10__ten.sql': 'select 10;',
    'db/V2__two.sql': 'select 2;',
    'db/V1_2__underscore.sql': 'select 1.2;',
    'db/R__zeta_view.sql': 'create view z as select 1;',
    'db/R__alpha_view.sql': 'create view a as select 1;',
    'db/V1__init.sql': 'create table t (id int);',
  });
  const set = await discover();
  expect(set.format).toBe('flyway');
  expect(set.dir).toBe('db');
  expect(set.migrations.map((m) => m.id)).toEqual([
    '1_init',
    '1_2_underscore',
    '1.9_nine',
    '1.10_ten',
    '2_two',
    'R_alpha_view',
    'R_zeta_view',
  ]);
  const [first] = set.migrations;
  expect(first).toEqual({
    id: '1_init',
    version: '1',
    name: 'init',
    kind: 'versioned',
    up: {
      absPath: path.join(tmp.cwd, 'db/V1__init.sql'),
      file: 'db/V1__init.sql',
      sql: 'create table t (id int);',
      startLine: 1,
      transaction: 'transactionUnlessNonTransactional',
    },
    down: null,
    // What flyway_schema_history records (see __tests__/bookkeeping-flyway.test.ts).
    extra: { description: 'init', script: 'V1__init.sql', checksum: '354602754' },
  });
  const alpha = set.migrations.find((m) => m.id === 'R_alpha_view');
  expect(alpha?.kind).toBe('repeatable');
  expect(alpha?.version).toBe('');
  expect(alpha?.name).toBe('alpha_view');
});

test('the description is kept as written in the file name', async () => {
  await write({ 'db/V3__Add_Orders_index.sql': '' });
  const [m] = (await discover()).migrations;
  expect(m?.name).toBe('Add_Orders_index');
  expect(m?.id).toBe('3_Add_Orders_index');
});

test('undo files become the down script of their version', async () => {
  await write({
    'db/V1__users.sql': 'create table users ();',
    'db/U1__users.sql': 'drop table users;',
    'db/V2__orders.sql': 'create table orders ();',
  });
  const set = await discover();
  expect(set.migrations[0]?.down).toMatchObject({ file: 'db/U1__users.sql', sql: 'drop table users;' });
  expect(set.migrations[0]?.down?.transaction).toBe('transactionUnlessNonTransactional');
  expect(set.migrations[1]?.down).toBeNull();
});

test('an undo matches its versioned migration whatever the version spelling', async () => {
  await write({ 'db/V1.1__a.sql': 'select 1;', 'db/U1_1__a.sql': 'select 2;' });
  const [m] = (await discover()).migrations;
  expect(m?.down?.file).toBe('db/U1_1__a.sql');
});

test.each([
  ['V1_1__a.sql', 'V1.1__b.sql'],
  ['V1.01__a.sql', 'V1.1__b.sql'],
  ['V1.0__a.sql', 'V1__b.sql'],
  ['V007__a.sql', 'V7__b.sql'],
])('%s and %s have the same version: an error naming both', async (a, b) => {
  await write({ [`db/${a}`]: '', [`db/${b}`]: '' });
  const err = await discover().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(MigrationSourceError);
  expect((err as Error).message).toContain(`db/${a}`);
  expect((err as Error).message).toContain(`db/${b}`);
  expect((err as Error).message).not.toContain('\n');
});

test('two repeatables with one description (in different folders) are an error', async () => {
  await write({ 'db/R__views.sql': '', 'db/more/R__views.sql': '' });
  await expect(discover()).rejects.toThrow(/db\/R__views\.sql and db\/more\/R__views\.sql/);
});

test('an undo without its versioned migration is an error naming the file', async () => {
  await write({ 'db/V1__a.sql': '', 'db/U2__b.sql': '' });
  await expect(discover()).rejects.toThrow(/db\/U2__b\.sql has no versioned migration \(expected V2__b\.sql\)/);
});

test('subdirectories are scanned, and their files ordered with the rest', async () => {
  await write({
    'db/V1__init.sql': '',
    'db/2024/V3__later.sql': '',
    'db/2023/archive/V2__middle.sql': '',
    'db/.hidden/V9__ignored.sql': '',
  });
  const set = await discover();
  expect(set.migrations.map((m) => m.up.file)).toEqual([
    'db/V1__init.sql',
    'db/2023/archive/V2__middle.sql',
    'db/2024/V3__later.sql',
  ]);
});

test("files that are not Flyway's are ignored (callbacks, notes, other prefixes)", async () => {
  await write({
    'db/V1__init.sql': '',
    'db/afterMigrate.sql': '',
    'db/README.md': '',
    'db/V2_missing_separator.sql': '',
    'db/v3__lowercase.sql': '',
    'db/V4__not_sql.txt': '',
  });
  expect((await discover()).migrations.map((m) => m.id)).toEqual(['1_init']);
});

test('a directory without Flyway files is an error showing the expected names', async () => {
  await write({ 'db/001_init.sql': '' });
  await expect(discover()).rejects.toThrow(
    'no migrations found in db (format flyway): expected file names like V1__create_users.sql, U1__create_users.sql, R__views.sql; saw 001_init.sql',
  );
});
