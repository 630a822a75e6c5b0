// Drizzle's migrations folder as drizzle-orm's readMigrationFiles reads it (src/migrator.ts):
// the journal's entries, in order, each `<tag>.sql` split on `--> statement-breakpoint`.
import { createHash } from 'node:crypto';
import { discoverMigrations } from '../src/migrations/discover.js';
import { drizzle, drizzleStatements } from '../src/migrations/formats/drizzle.js';
import { drizzleBookkeeping } from '../src/migrations/formats/drizzle-bookkeeping.js';
import { MigrationSourceError } from '../src/util/errors.js';
import { useTempCwd } from './helpers/temp-cwd.js';

const tmp = useTempCwd('mt-drizzle-');

const discover = (format: 'drizzle' | 'auto' = 'drizzle') =>
  discoverMigrations({ dir: 'drizzle', format, dialect: 'postgres', cwd: tmp.cwd });

const errorOf = async (p: Promise<unknown>): Promise<string> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MigrationSourceError);
  return (err as Error).message;
};

const journal = (entries: unknown[]) => JSON.stringify({ version: '7', dialect: 'postgresql', entries });
const entry = (idx: number, tag: string, when = 1700000000000 + idx) => ({
  idx,
  version: '7',
  when,
  tag,
  breakpoints: true,
});
const USERS =
  'CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY NOT NULL\n);\n--> statement-breakpoint\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;--> statement-breakpoint\n\nINSERT INTO users DEFAULT VALUES; INSERT INTO users DEFAULT VALUES;\n';

test('the journal decides which files run and in what order; hash and when for the bookkeeping', async () => {
  await tmp.write({
    'drizzle/meta/_journal.json': journal([entry(1, '0001_b'), entry(0, '0000_users')]),
    'drizzle/meta/0000_snapshot.json': '{}',
    'drizzle/0000_users.sql': USERS,
    'drizzle/0001_b.sql': 'SELECT 1;',
    'drizzle/0002_not_in_journal.sql': 'SELECT 2;',
  });
  const set = await discover('auto');
  expect(set.format).toBe('drizzle');
  expect(set.migrations.map((m) => [m.id, m.version, m.name])).toEqual([
    ['0001_b', '1', 'b'],
    ['0000_users', '0', 'users'],
  ]);
  const users = set.migrations[1];
  expect(users?.up).toMatchObject({ sql: USERS, file: 'drizzle/0000_users.sql', transaction: 'transaction' });
  expect(users?.down).toBeNull();
  expect(users?.extra).toEqual({ hash: createHash('sha256').update(USERS).digest('hex'), when: '1700000000000' });
  // Each part is one statement, never re-split (the last part holds two, sent as one query).
  expect(users?.up.statements).toEqual([
    { sql: 'CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY NOT NULL\n);', line: 1 },
    { sql: 'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;', line: 5 },
    { sql: 'INSERT INTO users DEFAULT VALUES; INSERT INTO users DEFAULT VALUES;', line: 7 },
  ]);
});

test('whitespace-only parts are not sent', () => {
  expect(drizzleStatements('SELECT 1;--> statement-breakpoint\n\n')).toEqual([{ sql: 'SELECT 1;', line: 1 }]);
  expect(drizzleStatements('')).toEqual([]);
});

test('a journal naming a missing file, or a bad entry, is refused naming the journal and the entry', async () => {
  await tmp.write({
    'drizzle/meta/_journal.json': journal([entry(0, '0000_users'), entry(1, '0001_gone')]),
    'drizzle/0000_users.sql': USERS,
  });
  expect(await errorOf(discover())).toBe(
    'drizzle/meta/_journal.json entry 1 (tag 0001_gone): no file 0001_gone.sql in drizzle',
  );
  await tmp.write({ 'drizzle/meta/_journal.json': journal([entry(0, '../../etc/passwd')]) });
  expect(await errorOf(discover())).toBe(
    'drizzle/meta/_journal.json entry 0: tag: a file name without a directory (expected idx, when, tag, breakpoints)',
  );
  await tmp.write({ 'drizzle/meta/_journal.json': journal([{ idx: 0, tag: '0000_users', breakpoints: true }]) });
  expect(await errorOf(discover())).toMatch(
    /^drizzle\/meta\/_journal\.json entry 0: when: .* \(expected idx, when, tag, breakpoints\)$/,
  );
  await tmp.write({ 'drizzle/meta/_journal.json': '{"entries": [' });
  expect(await errorOf(discover())).toMatch(/^drizzle\/meta\/_journal\.json: not valid JSON \(/);
});

test('without a journal drizzle has nothing to run', async () => {
  await tmp.write({ 'drizzle/0000_users.sql': USERS });
  expect(await errorOf(discover())).toBe('drizzle: no meta/_journal.json, which drizzle needs to run migrations');
});

test('isMigrationPath, versions, and the bookkeeping table per engine', () => {
  expect(drizzle.isMigrationPath('meta/_journal.json')).toBe(true);
  expect(drizzle.isMigrationPath('0000_users.sql')).toBe(true);
  expect(drizzle.isMigrationPath('meta/0000_snapshot.json')).toBe(false);
  expect(drizzle.compareVersions('10', '9')).toBeGreaterThan(0);
  const mine = drizzleBookkeeping(undefined);
  expect(mine.setup('postgres')).toEqual([
    'CREATE SCHEMA IF NOT EXISTS "drizzle"',
    'CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (\n\tid SERIAL PRIMARY KEY,\n\thash text NOT NULL,\n\tcreated_at bigint\n)',
  ]);
  expect(mine.setup('mysql')).toEqual([
    'create table if not exists `__drizzle_migrations` (\n\tid serial primary key,\n\thash text not null,\n\tcreated_at bigint\n)',
  ]);
  expect(mine.recordInTransaction).toBe(true);
  expect(drizzleBookkeeping('app.log').setup('postgres')[1]).toMatch(/^CREATE TABLE IF NOT EXISTS "app"\."log" /);
});
