import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultMigrationsDir, discoverMigrations, type DiscoverOptions } from '../src/migrations/discover.js';
import { decodeUtf8, firstInvalidUtf8Offset } from '../src/migrations/read-file.js';
import { compareFlywayVersions, compareIntegers, flywayVersionKey } from '../src/migrations/version.js';
import { MigrationSourceError, UsageError } from '../src/util/errors.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'mt-discover-'));
  // The root of a repository, as a checkout is: reported paths are relative to it.
  await mkdir(path.join(cwd, '.git'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function write(files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(cwd, name)), { recursive: true });
    await writeFile(path.join(cwd, name), content);
  }
}

function discover(opts: Partial<DiscoverOptions> = {}) {
  return discoverMigrations({ dir: 'migrations', format: 'auto', dialect: 'postgres', cwd, ...opts });
}

/** The error a promise rejects with, checked to be a one-line MigrationSourceError. */
async function sourceError(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MigrationSourceError);
  expect(err).toBeInstanceOf(UsageError);
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('auto detection', () => {
  test.each([
    ['flyway', { 'migrations/V1__init.sql': '', 'migrations/V2__more.sql': '', 'migrations/afterMigrate.sql': '' }],
    [
      'golang-migrate',
      { 'migrations/1_init.up.sql': '', 'migrations/1_init.down.sql': '', 'migrations/schema.sql': '' },
    ],
    ['dbmate', { 'migrations/20240101_init.sql': '-- migrate:up\nselect 1;\n-- migrate:down\n' }],
    ['pop', { 'migrations/1_init.up.sql': '', 'migrations/2_meta.postgres.up.sql': '' }],
    ['pop', { 'migrations/1_init.up.sql': '', 'migrations/2_index.autocommit.up.sql': '' }],
    ['plain', { 'migrations/1_init.sql': 'select 1;', 'migrations/2_more.sql': '', 'migrations/README.md': '' }],
    ['plain', { 'migrations/schema.sql': 'select 1;' }],
  ] as const)('%s', async (format, files) => {
    await write(files);
    expect((await discover()).format).toBe(format);
  });

  test('numbered .sql files are dbmate when one holds -- migrate:up, plain otherwise', async () => {
    await write({ 'migrations/1_a.sql': 'create table a ();', 'migrations/2_b.sql': 'create table b ();' });
    expect((await discover()).format).toBe('plain');
    await write({ 'migrations/3_c.sql': '-- migrate:up\ncreate table c ();\n' });
    // Now dbmate, which then refuses the files that have no up block.
    expect(await sourceError(discover())).toBe(
      "migrations/1_a.sql: dbmate requires each migration to define an up block with '-- migrate:up'",
    );
  });

  test('Flyway files in subdirectories count', async () => {
    await write({ 'migrations/release-1/V1__init.sql': '', 'migrations/release-2/V2__more.sql': '' });
    const set = await discover();
    expect(set.format).toBe('flyway');
    expect(set.migrations.map((m) => m.up.file)).toEqual([
      'migrations/release-1/V1__init.sql',
      'migrations/release-2/V2__more.sql',
    ]);
  });

  test('files matching two formats: an error naming the formats with example files, asking for --format', async () => {
    await write({
      'migrations/V1__init.sql': '',
      'migrations/V2__users.sql': '',
      'migrations/V3__orders.sql': '',
      'migrations/V4__more.sql': '',
      'migrations/1_init.up.sql': '',
    });
    expect(await sourceError(discover())).toBe(
      'migrations in migrations match more than one format: flyway (V1__init.sql, V2__users.sql, V3__orders.sql and 1 more), golang-migrate (1_init.up.sql); pass --format to choose one',
    );
  });

  test('an explicit --format settles an ambiguous directory', async () => {
    await write({ 'migrations/V1__init.sql': '', 'migrations/1_init.up.sql': '' });
    expect((await discover({ format: 'flyway' })).migrations.map((m) => m.id)).toEqual(['1_init']);
    expect((await discover({ format: 'golang-migrate' })).migrations.map((m) => m.up.file)).toEqual([
      'migrations/1_init.up.sql',
    ]);
  });

  test('no SQL files: the message lists what was seen and what is expected', async () => {
    await write({
      'migrations/README.md': '',
      'migrations/notes.txt': '',
      'migrations/env.conf': '',
      'migrations/x.yml': '',
    });
    const message = await sourceError(discover());
    expect(message).toMatch(
      /^no migrations found in migrations \(format auto\): saw README\.md, env\.conf, notes\.txt and 1 more; expected file names like /,
    );
    expect(message).toContain('V1__create_users.sql (flyway)');
    expect(message).toContain('000001_create_users.up.sql (golang-migrate)');
    expect(message).toContain('(dbmate)');
    expect(message).toContain('(pop)');
    expect(message).toContain('(plain)');
  });

  test('an empty directory', async () => {
    await mkdir(path.join(cwd, 'migrations'));
    expect(await sourceError(discover())).toMatch(
      /^no migrations found in migrations \(format auto\): the directory holds no files; /,
    );
  });
});

describe('bad input', () => {
  test('a missing directory', async () => {
    expect(await sourceError(discover({ dir: 'db/nope' }))).toBe(
      `migrations directory db/nope does not exist (looked for ${path.join(cwd, 'db/nope')})`,
    );
  });

  test('a file given as the directory', async () => {
    await write({ 'migrations.sql': '' });
    expect(await sourceError(discover({ dir: 'migrations.sql' }))).toMatch(
      /^migrations directory migrations\.sql is not a directory/,
    );
  });

  test('an unknown format', async () => {
    await mkdir(path.join(cwd, 'migrations'));
    const format = 'rails' as DiscoverOptions['format'];
    expect(await sourceError(discover({ format }))).toBe(
      'unknown migration format "rails": expected one of auto, flyway, golang-migrate, dbmate, pop, goose, sqlx, prisma, drizzle, atlas, liquibase, sqitch, plain',
    );
  });

  test('a directory without migration files of the requested format', async () => {
    await write({ 'migrations/V1__init.sql': '' });
    expect(await sourceError(discover({ format: 'dbmate' }))).toBe(
      'no migrations found in migrations (format dbmate): expected file names like 20240101120000_create_users.sql (with -- migrate:up and -- migrate:down sections); saw V1__init.sql',
    );
  });

  test('an unreadable file (a broken symbolic link) is named', async () => {
    await write({ 'migrations/1_a.up.sql': '' });
    await symlink(path.join(cwd, 'gone.sql'), path.join(cwd, 'migrations/2_b.up.sql'));
    expect(await sourceError(discover())).toBe(
      'cannot read migration file migrations/2_b.up.sql: it does not exist (a broken symbolic link?)',
    );
  });

  test('a non-UTF-8 file is named with the byte offset and line of the first bad byte', async () => {
    const latin1 = Buffer.concat([Buffer.from("select 1;\nselect 'caf"), Buffer.from([0xe9]), Buffer.from("';\n")]);
    await write({ 'migrations/V1__ok.sql': 'select 1;', 'migrations/V2__latin1.sql': latin1 });
    expect(await sourceError(discover())).toBe(
      'migrations/V2__latin1.sql is not valid UTF-8: byte 0xE9 at byte offset 21 (line 2); save it as UTF-8',
    );
  });
});

describe('file contents', () => {
  test('a UTF-8 byte-order mark is stripped', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    await write({
      'migrations/V1__bom.sql': Buffer.concat([bom, Buffer.from('create table café ();')]),
      'migrations/V2__second.sql': Buffer.concat([bom, Buffer.from('select 2;')]),
    });
    const set = await discover();
    expect(set.migrations[0]?.up.sql).toBe('create table café ();');
    expect(set.migrations[1]?.up.sql).toBe('select 2;');
  });

  test('a BOM does not hide a dbmate directive on the first line', async () => {
    await write({
      'migrations/1_a.sql': Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('-- migrate:up\nselect 1;\n-- migrate:down\n'),
      ]),
    });
    const set = await discover();
    expect(set.format).toBe('dbmate');
    expect(set.migrations[0]?.up).toMatchObject({ sql: 'select 1;\n', startLine: 2 });
  });

  test.each(['flyway', 'golang-migrate', 'pop', 'plain'] as const)(
    'empty files are valid migrations (%s)',
    async (format) => {
      const name = {
        flyway: 'V1__empty.sql',
        'golang-migrate': '1_empty.up.sql',
        pop: '1_empty.up.sql',
        plain: '1_empty.sql',
      }[format];
      await write({ [`migrations/${name}`]: '' });
      const set = await discover({ format });
      expect(set.migrations).toHaveLength(1);
      expect(set.migrations[0]?.up.sql).toBe('');
    },
  );
});

describe('paths', () => {
  test('script paths are relative to the repository root with forward slashes, and so is dir', async () => {
    await write({ 'db/migrations/1_a.up.sql': '' });
    const set = await discover({ dir: 'db/migrations' });
    expect(set.dir).toBe('db/migrations');
    expect(set.root).toBe(cwd);
    expect(set.migrations[0]?.up.file).toBe('db/migrations/1_a.up.sql');
    expect(set.migrations[0]?.up.absPath).toBe(path.join(cwd, 'db', 'migrations', '1_a.up.sql'));
  });

  test('an absolute directory yields the same paths', async () => {
    await write({ 'db/migrations/1_a.up.sql': '' });
    const dir = path.join(cwd, 'db/migrations');
    const set = await discover({ dir });
    expect(set.dir).toBe('db/migrations');
    expect(set.migrations[0]?.up.file).toBe('db/migrations/1_a.up.sql');
  });

  test('started below the root, or beside the directory, paths still read from the root, never ../', async () => {
    await write({ 'services/api/db/migrations/1_a.up.sql': '', 'tools/x/.keep': '' });
    const below = await discover({ dir: 'db/migrations', cwd: path.join(cwd, 'services/api') });
    const beside = await discover({ dir: '../../services/api/db/migrations', cwd: path.join(cwd, 'tools/x') });
    for (const set of [below, beside]) {
      expect(set.dir).toBe('services/api/db/migrations');
      expect(set.migrations[0]?.up.file).toBe('services/api/db/migrations/1_a.up.sql');
    }
  });

  test("a worktree's .git file marks the root too", async () => {
    await rm(path.join(cwd, '.git'), { recursive: true });
    await write({ 'wt/.git': 'gitdir: /elsewhere\n', 'wt/migrations/1_a.up.sql': '' });
    const set = await discover({ dir: 'wt/migrations' });
    expect(set.root).toBe(path.join(cwd, 'wt'));
    expect(set.migrations[0]?.up.file).toBe('migrations/1_a.up.sql');
  });

  test('outside any repository: relative to the migrations directory, or to a root the caller names', async () => {
    await rm(path.join(cwd, '.git'), { recursive: true });
    await write({ 'db/migrations/1_a.up.sql': '' });
    const set = await discover({ dir: 'migrations', cwd: path.join(cwd, 'db') });
    expect(set.dir).toBe(path.join(cwd, 'db/migrations'));
    expect(set.root).toBe(path.join(cwd, 'db/migrations'));
    expect(set.migrations[0]?.up.file).toBe('1_a.up.sql');
    // The Actions workspace, when it holds no .git (a checkout without history, or a test).
    const inWorkspace = await discover({ dir: 'db/migrations', repoRoot: cwd });
    expect(inWorkspace.migrations[0]?.up.file).toBe('db/migrations/1_a.up.sql');
    // A workspace that does not hold the directory is no root for it.
    const elsewhere = await discover({ dir: 'db/migrations', repoRoot: path.join(cwd, 'other') });
    expect(elsewhere.migrations[0]?.up.file).toBe('1_a.up.sql');
  });
});

describe('defaultMigrationsDir', () => {
  test('the first of db/migrations, migrations, sql/migrations that exists', async () => {
    await mkdir(path.join(cwd, 'sql/migrations'), { recursive: true });
    expect(defaultMigrationsDir(cwd)).toBe('sql/migrations');
    await mkdir(path.join(cwd, 'migrations'));
    expect(defaultMigrationsDir(cwd)).toBe('migrations');
    await mkdir(path.join(cwd, 'db/migrations'), { recursive: true });
    expect(defaultMigrationsDir(cwd)).toBe('db/migrations');
  });

  test('a file of one of those names does not count', async () => {
    await write({ migrations: '' });
    expect(() => defaultMigrationsDir(cwd)).toThrow(MigrationSourceError);
  });

  test('none there: an error naming all three', () => {
    expect(() => defaultMigrationsDir(cwd)).toThrow(
      `no migrations directory found in ${cwd}: looked for db/migrations, migrations, sql/migrations; pass --migrations DIR`,
    );
  });
});

describe('version helpers', () => {
  test('Flyway versions compare part by part as numbers', () => {
    expect(compareFlywayVersions('1.10', '1.9')).toBe(1);
    expect(compareFlywayVersions('1.9', '1.10')).toBe(-1);
    expect(compareFlywayVersions('1_1', '1.1')).toBe(0);
    expect(compareFlywayVersions('1.01', '1.1')).toBe(0);
    expect(compareFlywayVersions('1.0', '1')).toBe(0);
    expect(compareFlywayVersions('2', '1.999')).toBe(1);
    expect(compareFlywayVersions('20240101.1', '20240101')).toBe(1);
    expect(flywayVersionKey('01_10_0')).toBe('1.10');
  });

  test('integer versions compare without losing precision', () => {
    expect(compareIntegers('2', '10')).toBe(-1);
    expect(compareIntegers('0010', '10')).toBe(0);
    expect(compareIntegers('18446744073709551615', '18446744073709551614')).toBe(1);
  });
});

describe('strict UTF-8', () => {
  test.each([
    [[0x61, 0x80], 1], // lone continuation byte
    [[0x61, 0xc0, 0x80], 1], // overlong
    [[0x61, 0x62, 0xe2, 0x82], 2], // truncated at the end
    [[0xed, 0xa0, 0x80], 0], // surrogate
    [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
    [[0xe2, 0x82, 0xac, 0xff], 3],
    [[0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], -1], // valid: euro sign, emoji
  ])('%j -> %i', (bytes, offset) => {
    expect(firstInvalidUtf8Offset(Uint8Array.from(bytes))).toBe(offset);
  });

  test('decodeUtf8 keeps valid text and only strips a leading BOM', () => {
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0xef, 0xbb, 0xbf]), 'f')).toBe('a\ufeff');
  });
});

describe('fixture and example sets', () => {
  const run = (dir: string, dialect: DiscoverOptions['dialect'] = 'postgres') =>
    discoverMigrations({ dir, format: 'auto', dialect, cwd: ROOT });

  test('__fixtures__/migrations/flyway', async () => {
    const set = await run('__fixtures__/migrations/flyway');
    expect(set.format).toBe('flyway');
    expect(set.migrations.map((m) => m.id)).toEqual([
      '1_init',
      '1_1_add_name',
      '1.9_add_a',
      '1.10_add_b',
      '2_seed',
      'R_item_names',
    ]);
    expect(set.migrations[1]?.down?.file).toBe('__fixtures__/migrations/flyway/U1_1__add_name.sql');
    expect(set.migrations[4]?.up.file).toBe('__fixtures__/migrations/flyway/nested/V2__seed.sql');
  });

  test('__fixtures__/migrations/golang-migrate', async () => {
    const set = await run('__fixtures__/migrations/golang-migrate');
    expect(set.format).toBe('golang-migrate');
    expect(set.migrations.map((m) => [m.id, m.down !== null])).toEqual([
      ['1_init', true],
      ['2_seed', false],
      ['10_add_name', true],
    ]);
  });

  test('__fixtures__/migrations/dbmate', async () => {
    const set = await run('__fixtures__/migrations/dbmate');
    expect(set.format).toBe('dbmate');
    expect(set.migrations.map((m) => [m.id, m.up.startLine, m.up.transaction, m.down?.startLine ?? null])).toEqual([
      ['20240101000000_create_items', 4, 'transaction', 9],
      ['20240102000000_index_items', 2, 'none', 5],
    ]);
  });

  test('__fixtures__/migrations/pop for each engine', async () => {
    const pg = await run('__fixtures__/migrations/pop', 'postgres');
    expect(pg.format).toBe('pop');
    expect(pg.migrations.map((m) => path.basename(m.up.file))).toEqual([
      '20240101000000_create_items.up.sql',
      '20240102000000_add_meta.postgres.up.sql',
      '20240103000000_index_items.autocommit.up.sql',
    ]);
    expect(pg.migrations[2]?.up.transaction).toBe('none');
    const my = await run('__fixtures__/migrations/pop', 'mysql');
    expect(my.migrations[1]?.up.file).toBe('__fixtures__/migrations/pop/20240102000000_add_meta.mysql.up.sql');
  });

  test('__fixtures__/migrations/plain', async () => {
    const set = await run('__fixtures__/migrations/plain');
    expect(set.format).toBe('plain');
    expect(set.migrations.map((m) => m.id)).toEqual(['1_create_items', '2_seed', '10_nothing_yet']);
    expect(set.migrations[2]?.up.sql).toBe('');
  });

  test('__fixtures__/migrations/ambiguous', async () => {
    await expect(run('__fixtures__/migrations/ambiguous')).rejects.toThrow(
      /match more than one format: flyway .*golang-migrate/,
    );
  });

  test.each([
    ['examples/flyway', 'postgres', 'flyway', 7],
    ['examples/golang-migrate', 'postgres', 'golang-migrate', 7],
    ['examples/dbmate', 'postgres', 'dbmate', 4],
    ['examples/pop', 'postgres', 'pop', 4],
    ['examples/pop', 'mysql', 'pop', 4],
    ['examples/plain', 'postgres', 'plain', 3],
    ['examples/mysql/golang-migrate', 'mysql', 'golang-migrate', 4],
  ] as const)('%s (%s) is %s with %i migrations', async (dir, dialect, format, count) => {
    const set = await run(dir, dialect);
    expect(set.format).toBe(format);
    expect(set.migrations).toHaveLength(count);
  });

  test('examples/flyway: the repeatable view runs last, CONCURRENTLY alone in its migration', async () => {
    const set = await run('examples/flyway');
    expect(set.migrations.map((m) => m.id)).toEqual([
      '1_create_users',
      '2_create_orders',
      '3_seed_users_and_orders',
      '4_add_users_orders_count',
      '5_index_orders_created_at',
      '6_backfill_users_orders_count',
      'R_order_totals',
    ]);
    expect(set.migrations.filter((m) => m.down).map((m) => m.version)).toEqual(['3', '4', '5', '6']);
  });
});
