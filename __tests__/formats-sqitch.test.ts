import { discoverMigrations } from '../src/migrations/discover.js';
import type { FileChanges } from '../src/migrations/git-changes.js';
import { planMigrations } from '../src/migrations/plan.js';
import { parseSqitchConf, sqitchLayout } from '../src/migrations/formats/sqitch-conf.js';
import { changeId, parseSqitchPlan, tagId } from '../src/migrations/formats/sqitch-plan.js';
import type { Dialect, Migration } from '../src/migrations/types.js';
import { MigrationSourceError } from '../src/util/errors.js';
import { useTempCwd } from './helpers/temp-cwd.js';

const tmp = useTempCwd('mt-sqitch-');

const discover = (dialect: Dialect = 'postgres', format: 'sqitch' | 'auto' = 'sqitch') =>
  discoverMigrations({ dir: 'db', format, dialect, cwd: tmp.cwd });

const PLANNER = "Marge N. O'Vera <marge@example.com>";
/** The plan of sqitch's tutorial project, with a tag, a reworked change and a conflict. */
export const FLIPR_PLAN = [
  '%syntax-version=1.0.0', // 1
  '%project=flipr', // 2
  '%uri=https://github.com/sqitchers/sqitch-intro/', // 3
  '', // 4
  `appschema 2024-01-02T10:00:00Z ${PLANNER} # Add schema for all flipr objects.`, // 5
  `users [appschema] 2024-01-02T10:05:00Z ${PLANNER} # Creates table to track our users.`, // 6
  `@v1.0 2024-01-02T10:10:00Z ${PLANNER} # Tag v1.0.`, // 7
  '', // 8
  `flips [appschema users !legacy] 2024-01-03T09:00:00Z ${PLANNER}`, // 9
  `users [users@v1.0] 2024-01-04T09:00:00Z ${PLANNER} # Adds twitter column.`, // 10
  `legacy 2024-01-05T09:00:00Z ${PLANNER} # Old thing.`, // 11
  '',
].join('\n');

/**
 * The ids Debian's sqitch 1.3.1 (`apt-get install sqitch libdbd-pg-perl`) wrote to
 * sqitch.changes / sqitch.tags after `sqitch deploy` of FLIPR_PLAN on PostgreSQL 15, and the
 * script_hash of deploy/appschema.sql below (2026-12-04).
 */
export const SQITCH_IDS = {
  appschema: '0fea10fa4986cd64ed17f6ee79896903ecde9b50',
  'users@v1.0': '322d2ce7650d90fea1bf3a545b5957f5f3115513',
  flips: 'c1b32f88e680b2e840aab268862b4a1ddc24b926',
  users: 'bb28903ce52a5423b47e6a584cfed9c8f48a51ff',
  legacy: '1358711e73b53feefa410e69b552dd4504a3c22f',
  tagV1: 'da281a67b313a01affe4f9d555fe9606c651fd8f',
  appschemaScriptHash: '5c4b2be44e4ed974a8268c671621c7a5904bd2b7',
};
export const APPSCHEMA_DEPLOY = '-- Deploy flipr:appschema to pg\n\nBEGIN;\n\nCREATE SCHEMA flipr;\n\nCOMMIT;\n';

const sqitchRecord = (m: Migration | undefined): Record<string, unknown> =>
  JSON.parse(m?.extra?.['sqitch'] ?? '{}') as Record<string, unknown>;

test('change and tag ids are the SHA-1 sqitch computes from their info', () => {
  const plan = parseSqitchPlan(FLIPR_PLAN, 'sqitch.plan');
  const ids: string[] = [];
  for (const c of plan.changes) ids.push(changeId(plan, c, ids.at(-1) ?? null));
  expect(ids).toEqual([
    SQITCH_IDS.appschema,
    SQITCH_IDS['users@v1.0'],
    SQITCH_IDS.flips,
    SQITCH_IDS.users,
    SQITCH_IDS.legacy,
  ]);
  const [, users] = plan.changes;
  expect(users?.tags.map((t) => t.name)).toEqual(['v1.0']);
  expect(tagId(plan, users!.tags[0]!, SQITCH_IDS['users@v1.0'])).toBe(SQITCH_IDS.tagV1);
});

test('the plan parses as sqitch parses it: pragmas, notes, dependencies, rework tags', () => {
  const plan = parseSqitchPlan(FLIPR_PLAN, 'sqitch.plan');
  expect(plan.project).toBe('flipr');
  expect(plan.uri).toBe('https://github.com/sqitchers/sqitch-intro/');
  const [appschema, users, flips, reworked] = plan.changes;
  expect(appschema).toMatchObject({
    name: 'appschema',
    line: 5,
    note: 'Add schema for all flipr objects.',
    timestamp: '2024-01-02T10:00:00Z',
    plannerName: "Marge N. O'Vera",
    plannerEmail: 'marge@example.com',
  });
  expect(users?.reworkTags.map((t) => t.name)).toEqual(['v1.0']);
  expect(reworked?.reworkTags).toEqual([]);
  expect(flips?.requires.map((d) => d.change)).toEqual(['appschema', 'users']);
  expect(flips?.conflicts).toEqual([{ conflicts: true, project: null, change: 'legacy', tag: null, id: null }]);
  expect(reworked?.requires).toEqual([{ conflicts: false, project: null, change: 'users', tag: 'v1.0', id: null }]);
});

test('notes are trimmed and unescaped; a line without a note has an empty one', () => {
  const plan = parseSqitchPlan(
    `%project=p\n\na 2024-01-01T00:00:00Z A <a@x>   #   two\\nlines \\\\ ok  \nb 2024-01-01T00:00:00Z A <a@x>\n`,
    'sqitch.plan',
  );
  expect(plan.changes.map((c) => c.note)).toEqual(['two\nlines \\ ok', '']);
});

async function writeFlipr(extra: Record<string, string> = {}): Promise<void> {
  await tmp.write({
    'db/sqitch.plan': FLIPR_PLAN,
    'db/deploy/appschema.sql': APPSCHEMA_DEPLOY,
    'db/revert/appschema.sql': 'DROP SCHEMA flipr;\n',
    'db/verify/appschema.sql': "SELECT 1/COUNT(*) FROM information_schema.schemata WHERE schema_name = 'flipr';\n",
    'db/deploy/users@v1.0.sql': 'CREATE TABLE flipr.users (nickname TEXT PRIMARY KEY);\n',
    'db/revert/users@v1.0.sql': 'DROP TABLE flipr.users;\n',
    'db/deploy/users.sql': 'ALTER TABLE flipr.users ADD COLUMN twitter TEXT;\n',
    'db/revert/users.sql': 'ALTER TABLE flipr.users DROP COLUMN twitter;\n',
    'db/deploy/flips.sql': 'CREATE TABLE flipr.flips (id INT);\n',
    'db/deploy/legacy.sql': 'CREATE TABLE flipr.legacy (id INT);\n',
    ...extra,
  });
}

test('each change is one migration in plan order, its scripts run without a transaction around them', async () => {
  await writeFlipr();
  const set = await discover();
  expect(set.format).toBe('sqitch');
  expect(set.migrations.map((m) => [m.id, m.version, m.name])).toEqual([
    ['1_appschema', '1', 'appschema'],
    ['2_users', '2', 'users'],
    ['3_flips', '3', 'flips'],
    ['4_users', '4', 'users'],
    ['5_legacy', '5', 'legacy'],
  ]);
  const [appschema, oldUsers, flips, users] = set.migrations;
  expect(appschema?.up).toMatchObject({
    file: 'db/deploy/appschema.sql',
    sql: APPSCHEMA_DEPLOY,
    startLine: 1,
    transaction: 'none',
  });
  expect(appschema?.down).toMatchObject({ file: 'db/revert/appschema.sql', transaction: 'none' });
  expect(appschema?.verify).toMatchObject({ file: 'db/verify/appschema.sql', transaction: 'none' });
  // The earlier instance of a reworked change reads its scripts at <name>@<tag>.sql.
  expect(oldUsers?.up.file).toBe('db/deploy/users@v1.0.sql');
  expect(oldUsers?.down?.file).toBe('db/revert/users@v1.0.sql');
  expect(users?.up.file).toBe('db/deploy/users.sql');
  // No revert or verify script: no down, no verify (sqitch warns and goes on).
  expect(flips?.down).toBeNull();
  expect(flips?.verify).toBeUndefined();
});

test('each migration carries the rows sqitch writes for it', async () => {
  await writeFlipr();
  const [appschema, oldUsers, flips, users] = (await discover()).migrations;
  expect(sqitchRecord(appschema)).toMatchObject({
    changeId: SQITCH_IDS.appschema,
    scriptHash: SQITCH_IDS.appschemaScriptHash,
    change: 'appschema',
    project: 'flipr',
    uri: 'https://github.com/sqitchers/sqitch-intro/',
    note: 'Add schema for all flipr objects.',
    plannedAt: '2024-01-02T10:00:00Z',
    committerName: 'migration-test',
    committerEmail: 'migration-test@localhost',
    dependencies: [],
    tags: [],
  });
  expect(sqitchRecord(oldUsers)['tags']).toEqual([
    {
      tagId: SQITCH_IDS.tagV1,
      tag: '@v1.0',
      note: 'Tag v1.0.',
      plannedAt: '2024-01-02T10:10:00Z',
      plannerName: "Marge N. O'Vera",
      plannerEmail: 'marge@example.com',
    },
  ]);
  expect(sqitchRecord(flips)).toMatchObject({
    requires: ['appschema', 'users'],
    conflicts: ['legacy'],
    dependencies: [
      { type: 'require', dependency: 'appschema', dependencyId: SQITCH_IDS.appschema },
      { type: 'require', dependency: 'users', dependencyId: SQITCH_IDS['users@v1.0'] },
      { type: 'conflict', dependency: 'legacy', dependencyId: null },
    ],
  });
  expect(sqitchRecord(users)['dependencies']).toEqual([
    { type: 'require', dependency: 'users@v1.0', dependencyId: SQITCH_IDS['users@v1.0'] },
  ]);
});

test('--format auto recognises the project by its sqitch.plan', async () => {
  await writeFlipr();
  expect((await discover('postgres', 'auto')).format).toBe('sqitch');
});

test('sqitch.conf moves the plan and the script directories; [user] is the committer', async () => {
  await tmp.write({
    'db/sqitch.conf': [
      '[core]',
      '\tengine = pg',
      '\ttop_dir = migrations # where sqitch add writes',
      '[engine "pg"]',
      '\tverify_dir = "checks"',
      '[user]',
      '\tname = Ann',
      '\temail = ann@example.com',
      '',
    ].join('\n'),
    'db/migrations/sqitch.plan': `%project=p\n\na 2024-01-01T00:00:00Z A <a@x>\n`,
    'db/migrations/deploy/a.sql': 'select 1;\n',
    'db/migrations/revert/a.sql': 'select 2;\n',
    'db/checks/a.sql': 'select 3;\n',
  });
  const [a] = (await discover('postgres', 'auto')).migrations;
  expect([a?.up.file, a?.down?.file, a?.verify?.file]).toEqual([
    'db/migrations/deploy/a.sql',
    'db/migrations/revert/a.sql',
    'db/checks/a.sql',
  ]);
  expect(sqitchRecord(a)).toMatchObject({ committerName: 'Ann', committerEmail: 'ann@example.com' });
});

describe('sqitch.conf settings not honoured here are refused', () => {
  const layout = (text: string, dialect: Dialect = 'postgres') =>
    sqitchLayout(parseSqitchConf(text, 'db/sqitch.conf'), dialect, 'db/sqitch.conf');
  test.each([
    [
      '[core]\n\tengine = pg\n',
      'mysql',
      'db/sqitch.conf line 2: core.engine = pg: the database tested is MySQL/MariaDB (mysql)',
    ],
    [
      '[core]\n\tengine = sqlite\n',
      'postgres',
      'db/sqitch.conf line 2: core.engine = sqlite: the database tested is PostgreSQL (pg)',
    ],
    [
      '[target "prod"]\n\tdeploy_dir = x\n',
      'postgres',
      "db/sqitch.conf line 2: target.prod.deploy_dir = x: a target's own directories are not read here; set them in [core] or [engine]",
    ],
    [
      '[engine "pg"]\n\tregistry = meta\n',
      'postgres',
      'db/sqitch.conf line 2: engine.pg.registry = meta: give the registry name with --migrations-table instead',
    ],
    [
      '[core]\n\ttop_dir = ../elsewhere\n',
      'postgres',
      'db/sqitch.conf line 2: top_dir = ../elsewhere: must be a path inside the project directory',
    ],
    ['engine = pg\n', 'postgres', 'db/sqitch.conf line 1: not a git-config line (expected [section] or key = value)'],
  ] as const)('%j', (text, dialect, message) => {
    expect(() => layout(text, dialect)).toThrow(new MigrationSourceError(message));
  });
});

describe('bad plans are refused with the file and line', () => {
  const line = (spec: string) => `${spec} 2024-01-01T00:00:00Z A <a@x>`;
  const plan = (...body: string[]) => `%project=p\n\n${body.join('\n')}\n`;
  test.each([
    [
      plan(line('a'), 'b 2024-01-01T00:00:00Z'),
      'Syntax error in db/sqitch.plan at line 4: Missing planner name and email',
    ],
    [plan(line('a'), 'b A <a@x>'), 'Syntax error in db/sqitch.plan at line 4: Missing timestamp'],
    [plan('b'), 'Syntax error in db/sqitch.plan at line 3: Missing timestamp and planner name and email'],
    [
      plan(line('a!')),
      'Syntax error in db/sqitch.plan at line 3: Invalid name; names must not begin with punctuation, contain "@", ":", "#", "\\", or blanks, or end in punctuation or digits following punctuation',
    ],
    [
      plan(line('a'), line('a')),
      'Syntax error in db/sqitch.plan at line 4: Change "a" duplicates earlier declaration on line 3',
    ],
    [plan(line('@v1')), 'Syntax error in db/sqitch.plan at line 3: Tag "v1" declared without a preceding change'],
    [
      plan(line('a'), line('@v1'), line('@v1')),
      'Syntax error in db/sqitch.plan at line 5: Tag "v1" duplicates earlier declaration on line 4',
    ],
    [plan(line('a [b b]')), 'Syntax error in db/sqitch.plan at line 3: Duplicate dependency "b"'],
    [plan(line('HEAD')), 'Syntax error in db/sqitch.plan at line 3: "HEAD" is a reserved name'],
    [
      '%project=p\na 2024-01-01T00:00:00Z A <a@x>\n',
      'Syntax error in db/sqitch.plan at line 2: Invalid pragma; a blank line must come between pragmas and changes',
    ],
    ['%syntax-version=1.0.0\n\n' + line('a') + '\n', 'Missing %project pragma in db/sqitch.plan'],
    [plan(line('a [b]'), line('b')), 'db/sqitch.plan line 3: Change "a" planned 1 change before required change "b"'],
    [plan(line('a [x]')), 'db/sqitch.plan line 3: Unknown change "x" required by change "a"'],
    [plan(line('a [a]')), 'db/sqitch.plan line 3: Change "a" cannot require itself'],
    [
      plan(line('a'), line('b [a@v1]'), line('@v1')),
      'db/sqitch.plan line 4: Unknown change "a@v1" required by change "b"',
    ],
    [
      plan(line('a'), line('b [!a]')),
      'db/sqitch.plan line 4: change "b" conflicts with "a", deployed before it: sqitch refuses to deploy it',
    ],
    [plan(line('a [!x]')), 'db/sqitch.plan line 3: Unable to find change "x" in plan (a conflict of change "a")'],
    [
      plan(line('a [other:x]')),
      'db/sqitch.plan line 3: change "a" requires "other:x" of another project, which a new database does not hold',
    ],
    [plan(line('-a')), 'Syntax error in db/sqitch.plan at line 3: "-a": revert lines in the plan are not supported'],
  ])('%j', async (text, message) => {
    await tmp.write({ 'db/sqitch.plan': text, 'db/deploy/a.sql': 'select 1;\n', 'db/deploy/b.sql': 'select 1;\n' });
    await expect(discover()).rejects.toThrow(new MigrationSourceError(message));
  });

  test('a change named again after a tag is a reworked change, not a duplicate', async () => {
    await tmp.write({
      'db/sqitch.plan': plan(line('a'), line('@v1'), line('a [a@v1]')),
      'db/deploy/a.sql': 'select 2;\n',
      'db/deploy/a@v1.sql': 'select 1;\n',
    });
    const set = await discover();
    expect(set.migrations.map((m) => [m.id, m.up.file, m.up.sql])).toEqual([
      ['1_a', 'db/deploy/a@v1.sql', 'select 1;\n'],
      ['2_a', 'db/deploy/a.sql', 'select 2;\n'],
    ]);
  });

  test('a plan naming a missing deploy script', async () => {
    await tmp.write({ 'db/sqitch.plan': plan(line('a'), line('gone')), 'db/deploy/a.sql': 'select 1;\n' });
    await expect(discover()).rejects.toThrow(
      new MigrationSourceError('db/sqitch.plan line 4: change "gone" has no deploy script db/deploy/gone.sql'),
    );
  });
});

test('--new-from takes the position of a change in the plan', async () => {
  const { sqitch } = await import('../src/migrations/formats/sqitch.js');
  expect(sqitch.parseNewFrom(' 3 ')).toBe('3');
  expect(() => sqitch.parseNewFrom('users')).toThrow(
    '--new-from users: not a sqitch version (expected the position of a change in sqitch.plan, counting from 1)',
  );
  expect(sqitch.isMigrationPath('deploy/a/b.sql')).toBe(true);
  expect(sqitch.isMigrationPath('sqitch.plan')).toBe(false);
});

describe('plan findings know a revert or verify script by its deploy script', () => {
  const plan = `%project=p\n\na 2024-01-01T00:00:00Z A <a@x>\n`;
  const findings = async (deleted: string[]) => {
    await tmp.write({
      'db/sqitch.plan': plan,
      'db/deploy/a.sql': 'select 1;\n',
      'db/revert/a.sql': 'select 2;\n',
    });
    const set = await discover();
    const changes: FileChanges = { added: [], modified: [], deleted, renamed: [] };
    return planMigrations(set, { changes, newFrom: null, repoRoot: tmp.cwd }).findings;
  };

  test('a change dropped from the plan with its three scripts is one finding', async () => {
    expect(await findings(['db/deploy/b.sql', 'db/revert/b.sql', 'db/verify/b.sql'])).toEqual([
      {
        severity: 'warning',
        rule: 'deleted-migration',
        migration: null,
        message:
          'a migration already on the base branch was deleted: db/deploy/b.sql; databases that ran it keep what it did',
      },
    ]);
  });

  test('a deleted verify script belongs to its change', async () => {
    expect(await findings(['db/verify/a.sql'])).toEqual([
      {
        severity: 'warning',
        rule: 'deleted-migration',
        migration: '1_a',
        message: 'a script of a migration already on the base branch was deleted: db/verify/a.sql',
      },
    ]);
  });
});
