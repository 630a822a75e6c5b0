// Sqitch projects run as sqitch runs them (each script through psql -f / mysql, no transaction
// around it, the script's own BEGIN/COMMIT sent as statements), with the registry sqitch keeps.
// The expected registry rows are those Debian's sqitch 1.3.1 wrote for this very project
// (`SQITCH_FULLNAME=migration-test SQITCH_EMAIL=migration-test@localhost sqitch deploy --verify`
// on PostgreSQL 15, 2026-12-04): change ids, tag id, script hashes, dependencies, events.
import type { MigrationRun } from '../src/report/model.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';
import { query as rows } from './helpers/bookkeeping-tables.js';

const PLANNER = "Marge N. O'Vera <marge@example.com>";
const PROJECT = {
  'sqitch.conf': '[core]\n\tengine = pg\n',
  'sqitch.plan': [
    '%syntax-version=1.0.0',
    '%project=flipr',
    '%uri=https://github.com/sqitchers/sqitch-intro/',
    '',
    `users 2024-01-02T10:05:00Z ${PLANNER} # Creates table to track our users.`,
    `@v1.0 2024-01-02T10:10:00Z ${PLANNER} # Tag v1.0.`,
    '',
    `flips [users] 2024-01-03T09:00:00Z ${PLANNER} # Adds table for storing flips.`,
    `users [users@v1.0 !legacy] 2024-01-04T09:00:00Z ${PLANNER} # Adds twitter column.`,
    `legacy 2024-01-05T09:00:00Z ${PLANNER}`,
    '',
  ].join('\n'),
  'deploy/users@v1.0.sql':
    '-- Deploy flipr:users to pg\n\nBEGIN;\n\nCREATE TABLE users (\n    nickname  VARCHAR(50) PRIMARY KEY,\n    password  TEXT        NOT NULL\n);\n\nCOMMIT;\n',
  'revert/users@v1.0.sql': '-- Revert flipr:users from pg\n\nBEGIN;\n\nDROP TABLE users;\n\nCOMMIT;\n',
  'verify/users@v1.0.sql':
    '-- Verify flipr:users on pg\n\nBEGIN;\n\nSELECT nickname, password\n  FROM users\n WHERE FALSE;\n\nROLLBACK;\n',
  'deploy/flips.sql':
    "BEGIN;\n\nCREATE TABLE flips (\n    id        INTEGER     PRIMARY KEY,\n    nickname  VARCHAR(50) NOT NULL REFERENCES users(nickname),\n    body      VARCHAR(180) NOT NULL DEFAULT ''\n);\nINSERT INTO users (nickname, password) VALUES ('marge', 'x'), ('homer', 'y');\nINSERT INTO flips (id, nickname, body) VALUES (1, 'marge', 'hi');\n\nCOMMIT;\n",
  'revert/flips.sql': 'BEGIN;\n\nDROP TABLE flips;\nDELETE FROM users;\n\nCOMMIT;\n',
  'verify/flips.sql': 'BEGIN;\n\nSELECT id, nickname, body FROM flips WHERE FALSE;\n\nROLLBACK;\n',
  'deploy/users.sql': 'BEGIN;\n\nALTER TABLE users ADD COLUMN twitter VARCHAR(50);\n\nCOMMIT;\n',
  'revert/users.sql': 'BEGIN;\n\nALTER TABLE users DROP COLUMN twitter;\n\nCOMMIT;\n',
  'verify/users.sql': 'BEGIN;\n\nSELECT twitter FROM users WHERE FALSE;\n\nROLLBACK;\n',
  'deploy/legacy.sql': 'CREATE TABLE legacy (id INTEGER);\n',
  'revert/legacy.sql': 'DROP TABLE legacy;\n',
};

// What sqitch 1.3.1 wrote (see the top of the file).
const ID = {
  usersV1: '3d5770d34821daac3592d8419c4a71688e9845d0',
  flips: 'bcae9549dd8c5d92fc2a979a5942f593433e9103',
  users: '68f2383b6e669d91c9d99acb915e35478d376b42',
  legacy: 'e69c81a8b68be424866d85caa06d7c1ddc89497a',
  tag: '896b3e37a333143a365b706980fd19c4023a4ebe',
};
const planned = (change: string, note: string, at: string) => ({
  change,
  project: 'flipr',
  note,
  committer_name: 'migration-test',
  committer_email: 'migration-test@localhost',
  planned_at: at,
  planner_name: "Marge N. O'Vera",
  planner_email: 'marge@example.com',
});
const CHANGES = [
  {
    change_id: ID.usersV1,
    script_hash: 'd447d6d34f62f52c7effba7ea596de020b5886ae',
    ...planned('users', 'Creates table to track our users.', '2024-01-02 10:05:00'),
  },
  {
    change_id: ID.flips,
    script_hash: 'e391b3b9aa70c0f58510cafd39f238aee998e96a',
    ...planned('flips', 'Adds table for storing flips.', '2024-01-03 09:00:00'),
  },
  {
    change_id: ID.users,
    script_hash: '42f05716de59111313201973867555caf5bc7184',
    ...planned('users', 'Adds twitter column.', '2024-01-04 09:00:00'),
  },
  {
    change_id: ID.legacy,
    script_hash: 'd610933c385f0dc6482ef82a39d0ff59a8281dc6',
    ...planned('legacy', '', '2024-01-05 09:00:00'),
  },
];

/** The registry's tables: sqitch's schema on PostgreSQL, prefixed tables in the database on MySQL. */
function registry(db: TestDatabase, name = 'sqitch') {
  const pgsql = db.engine === 'postgres';
  const t = (table: string) => (pgsql ? `"${name}".${table}` : `${name}_${table}`);
  const at = (col: string) =>
    pgsql ? `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')` : `DATE_FORMAT(${col}, '%Y-%m-%d %H:%i:%s')`;
  const list = (col: string) => (pgsql ? `array_to_string(${col}, ',')` : `REPLACE(${col}, ' ', ',')`);
  const change = pgsql ? 'change' : '`change`';
  return {
    changes: () =>
      rows(
        db,
        `SELECT change_id, script_hash, ${change} AS \`change\`, project, note, committer_name, committer_email, ${at('planned_at')} AS planned_at, planner_name, planner_email FROM ${t('changes')} ORDER BY planned_at`.replace(
          /`/g,
          pgsql ? '"' : '`',
        ),
      ),
    tags: () =>
      rows(db, `SELECT tag_id, tag, project, change_id, note, ${at('planned_at')} AS planned_at FROM ${t('tags')}`),
    dependencies: () =>
      rows(
        db,
        `SELECT change_id, type, dependency, dependency_id FROM ${t('dependencies')} ORDER BY change_id, dependency`,
      ),
    events: () =>
      rows(
        db,
        `SELECT event, change_id, ${list('tags')} AS tags, ${list('requires')} AS requires, ${list('conflicts')} AS conflicts FROM ${t('events')} ORDER BY committed_at`,
      ),
    releases: () =>
      rows(
        db,
        `SELECT CAST(version AS CHAR(10)) AS version, installer_name FROM ${t('releases')}`.replace(
          'CHAR(10)',
          pgsql ? 'text' : 'CHAR(10)',
        ),
      ),
    projects: () => rows(db, `SELECT project, uri, creator_name, creator_email FROM ${t('projects')}`),
  };
}

describe.each(['postgres', 'mysql'] as const)('%s', (engine) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = engine === 'postgres' ? await createPostgresDatabase('mt_sqitch') : await createMysqlDatabase('mt_sqitch');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('each change deploys, verifies, reverts and deploys again, with the registry rows sqitch writes', async () => {
    const files = { ...PROJECT, 'sqitch.conf': `[core]\n\tengine = ${engine === 'postgres' ? 'pg' : 'mysql'}\n` };
    const { report, exitCode } = await runOnFiles(db.url, files);
    expect(report.source.format).toBe('sqitch');
    expect(report.migrations.map((m) => [m.id, m.phase, m.direction, m.status, m.error?.message ?? null])).toEqual([
      ['1_users', 'new', 'up', 'succeeded', null],
      ['2_flips', 'new', 'up', 'succeeded', null],
      ['3_users', 'new', 'up', 'succeeded', null],
      ['4_legacy', 'new', 'up', 'succeeded', null],
      ['4_legacy', 'rollback', 'down', 'succeeded', null],
      ['3_users', 'rollback', 'down', 'succeeded', null],
      ['2_flips', 'rollback', 'down', 'succeeded', null],
      ['1_users', 'rollback', 'down', 'succeeded', null],
      ['1_users', 'reapply', 'up', 'succeeded', null],
      ['2_flips', 'reapply', 'up', 'succeeded', null],
      ['3_users', 'reapply', 'up', 'succeeded', null],
      ['4_legacy', 'reapply', 'up', 'succeeded', null],
    ]);
    expect(exitCode).toBe(0);
    const [users, flips] = report.migrations;
    // BEGIN, CREATE TABLE, COMMIT: the script's own statements, sent one by one.
    expect(users?.statements).toBe(3);
    expect(flips?.statements).toBe(5);
    expect(flips?.counters).toMatchObject({ rowsInserted: 3 });
    // releases and projects (once), changes, tags, events: none of them the migration's.
    expect(users?.bookkeeping).toMatchObject({ statements: 5 });
    expect(users?.queries.some((q) => /sqitch/i.test(q.sql))).toBe(false);

    const reg = registry(db);
    expect(await reg.changes()).toEqual(CHANGES);
    expect(await reg.tags()).toEqual([
      {
        tag_id: ID.tag,
        tag: '@v1.0',
        project: 'flipr',
        change_id: ID.usersV1,
        note: 'Tag v1.0.',
        planned_at: '2024-01-02 10:10:00',
      },
    ]);
    expect(await reg.dependencies()).toEqual(
      [
        { change_id: ID.flips, type: 'require', dependency: 'users', dependency_id: ID.usersV1 },
        { change_id: ID.users, type: 'conflict', dependency: 'legacy', dependency_id: null },
        { change_id: ID.users, type: 'require', dependency: 'users@v1.0', dependency_id: ID.usersV1 },
      ].sort((a, b) => (a.change_id + a.dependency < b.change_id + b.dependency ? -1 : 1)),
    );
    const deploys = [
      { event: 'deploy', change_id: ID.usersV1, tags: '@v1.0', requires: '', conflicts: '' },
      { event: 'deploy', change_id: ID.flips, tags: '', requires: 'users', conflicts: '' },
      { event: 'deploy', change_id: ID.users, tags: '', requires: 'users@v1.0', conflicts: 'legacy' },
      { event: 'deploy', change_id: ID.legacy, tags: '', requires: '', conflicts: '' },
    ];
    const reverts = [...deploys].reverse().map((e) => ({ ...e, event: 'revert' }));
    expect(await reg.events()).toEqual([...deploys, ...reverts, ...deploys]);
    expect(await reg.releases()).toEqual([{ version: '1.1', installer_name: 'migration-test' }]);
    expect(await reg.projects()).toEqual([
      {
        project: 'flipr',
        uri: 'https://github.com/sqitchers/sqitch-intro/',
        creator_name: 'migration-test',
        creator_email: 'migration-test@localhost',
      },
    ]);
  });

  test("a script failing between its own BEGIN and COMMIT leaves nothing of that transaction, as psql's and mysql's exit does", async () => {
    const plan = `%project=p\n\nt 2024-01-01T00:00:00Z A <a@x>\nfill [t] 2024-01-01T00:00:01Z A <a@x>\n`;
    const { report } = await runOnFiles(
      db.url,
      {
        'sqitch.plan': plan,
        'deploy/t.sql': 'CREATE TABLE t (id INTEGER);\n',
        'deploy/fill.sql': 'BEGIN;\nINSERT INTO t VALUES (1);\nINSERT INTO missing VALUES (1);\nCOMMIT;\n',
      },
      { rollback: 'off' },
    );
    expect(report.migrations.map((m) => [m.id, m.status])).toEqual([
      ['1_t', 'succeeded'],
      ['2_fill', 'failed'],
    ]);
    expect((report.migrations[1] as MigrationRun).error?.line).toBe(3);
    expect(await rows(db, 'SELECT COUNT(*) AS n FROM t')).toEqual([{ n: engine === 'postgres' ? '0' : 0 }]);
    // sqitch records nothing of a change whose deploy failed.
    expect((await registry(db).changes()).map((c) => c['change'])).toEqual(['t']);
  });

  test('a failing verify script fails its change', async () => {
    const { report } = await runOnFiles(
      db.url,
      {
        'sqitch.plan': `%project=p\n\nt 2024-01-01T00:00:00Z A <a@x>\n`,
        'deploy/t.sql': 'BEGIN;\nCREATE TABLE t (id INTEGER);\nCOMMIT;\n',
        'verify/t.sql': 'BEGIN;\nSELECT name FROM t WHERE FALSE;\nROLLBACK;\n',
      },
      { rollback: 'off' },
    );
    const [t] = report.migrations;
    expect(t?.status).toBe('failed');
    expect(t?.error?.message).toMatch(/^verify script .*verify\/t\.sql failed at line 2: /);
  });
});

describe('postgres', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createPostgresDatabase('mt_sqitch');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('a script failing between BEGIN and COMMIT leaves none of its DDL behind', async () => {
    const { report } = await runOnFiles(
      db.url,
      {
        'sqitch.plan': `%project=p\n\nt 2024-01-01T00:00:00Z A <a@x>\n`,
        'deploy/t.sql': 'BEGIN;\nCREATE TABLE t (id INTEGER);\nSELECT 1/0;\nCOMMIT;\n',
      },
      { rollback: 'off' },
    );
    expect(report.migrations.map((m) => m.status)).toEqual(['failed']);
    expect(await rows(db, "SELECT to_regclass('public.t') IS NULL AS gone")).toEqual([{ gone: true }]);
  });

  test("CREATE INDEX CONCURRENTLY fails inside the script's BEGIN/COMMIT and passes without them", async () => {
    const plan = `%project=p\n\nt 2024-01-01T00:00:00Z A <a@x>\ni [t] 2024-01-01T00:00:01Z A <a@x>\n`;
    const files = (index: string) => ({
      'sqitch.plan': plan,
      'deploy/t.sql': 'CREATE TABLE t (id INTEGER);\n',
      'deploy/i.sql': index,
    });
    const inside = await runOnFiles(db.url, files('BEGIN;\nCREATE INDEX CONCURRENTLY t_id ON t (id);\nCOMMIT;\n'), {
      rollback: 'off',
    });
    expect(inside.report.migrations[1]?.error?.message).toMatch(
      /CREATE INDEX CONCURRENTLY cannot run inside a transaction block/,
    );
    const other = await createPostgresDatabase('mt_sqitch');
    try {
      const outside = await runOnFiles(other.url, files('CREATE INDEX CONCURRENTLY t_id ON t (id);\n'), {
        rollback: 'off',
      });
      expect(outside.report.migrations.map((m) => m.status)).toEqual(['succeeded', 'succeeded']);
    } finally {
      await other.drop();
    }
  });

  test('--migrations-table names the registry schema', async () => {
    const { report } = await runOnFiles(
      db.url,
      {
        'sqitch.plan': `%project=p\n\nt 2024-01-01T00:00:00Z A <a@x>\n`,
        'deploy/t.sql': 'CREATE TABLE t (id INTEGER);\n',
      },
      { rollback: 'off', migrationsTable: 'meta' },
    );
    expect(report.migrations.map((m) => m.status)).toEqual(['succeeded']);
    expect((await registry(db, 'meta').changes()).map((c) => c['change'])).toEqual(['t']);
  });
});
