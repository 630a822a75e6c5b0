import path from 'node:path';
import { discoverMigrations } from '../src/migrations/discover.js';
import { compareNatural } from '../src/migrations/version.js';
import { useTempCwd } from './helpers/temp-cwd.js';

const tmp = useTempCwd('mt-plain-');
const write = tmp.write;

const discover = () => discoverMigrations({ dir: 'sql', format: 'plain', dialect: 'mysql', cwd: tmp.cwd });

test('.sql files run in natural order: 2 before 10', async () => {
  await write({
    'sql/10_ten.sql': 'select 10;',
    'sql/2_two.sql': 'select 2;',
    'sql/1_one.sql': 'select 1;',
    'sql/seed.sql': 'select 0;',
  });
  const set = await discover();
  expect(set.format).toBe('plain');
  expect(set.migrations.map((m) => m.up.file)).toEqual([
    'sql/1_one.sql',
    'sql/2_two.sql',
    'sql/10_ten.sql',
    'sql/seed.sql',
  ]);
});

test('version is the leading digits, else the base name; the id is the base name; no down; no transaction', async () => {
  await write({ 'sql/007-add-index.sql': 'create index i on t (c);', 'sql/schema.sql': '' });
  const [numbered, named] = (await discover()).migrations;
  expect(numbered).toEqual({
    id: '007-add-index',
    version: '007',
    name: 'add-index',
    kind: 'versioned',
    up: {
      absPath: path.join(tmp.cwd, 'sql/007-add-index.sql'),
      file: 'sql/007-add-index.sql',
      sql: 'create index i on t (c);',
      startLine: 1,
      transaction: 'none',
    },
    down: null,
  });
  expect(named).toMatchObject({ id: 'schema', version: 'schema', name: 'schema' });
});

test('files sharing leading digits are not duplicates, and keep a stable order', async () => {
  await write({ 'sql/01_b.sql': '', 'sql/1_a.sql': '', 'sql/01_a.sql': '' });
  expect((await discover()).migrations.map((m) => m.id)).toEqual(['01_a', '1_a', '01_b']);
});

test('other files and subdirectories are ignored', async () => {
  await write({ 'sql/1.sql': '', 'sql/notes.txt': '', 'sql/sub/2.sql': '' });
  expect((await discover()).migrations.map((m) => m.id)).toEqual(['1']);
});

test('compareNatural compares digit runs as numbers', () => {
  const names = ['a10', 'a2', 'a1', 'b', 'a', '10', '9', 'a02'];
  expect([...names].sort(compareNatural)).toEqual(['9', '10', 'a', 'a1', 'a02', 'a2', 'a10', 'b']);
});
