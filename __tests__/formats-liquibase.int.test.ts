// Liquibase formatted SQL on both engines, with a fixture set written from Liquibase's documentation
// (docs.liquibase.com "Example SQL changelogs" and "runInTransaction"): statements as Liquibase cuts them, one
// transaction per changeset unless runInTransaction:false, --rollback as the down, a master changelog's order,
// and DATABASECHANGELOG / DATABASECHANGELOGLOCK as Liquibase creates and fills them.
import type { MigrationRun } from '../src/report/model.js';
import { liquibaseChecksum } from '../src/migrations/formats/liquibase.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';
import { query as rows } from './helpers/bookkeeping-tables.js';

/** Column names as each engine reports them (lower case on PostgreSQL, upper case on MySQL). */
const lower = (r: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v]));

async function changelogRows(db: TestDatabase, table = 'DATABASECHANGELOG') {
  const t = db.engine === 'postgres' ? table.toLowerCase() : table;
  const r = (await rows(db, `SELECT * FROM ${t} ORDER BY ORDEREXECUTED`)).map(lower);
  for (const x of r) {
    expect(x.dateexecuted).toBeInstanceOf(Date);
    expect(String(x.deployment_id)).toMatch(/^\d{10}$/);
  }
  return r.map((x) => [
    x.id,
    x.author,
    x.filename,
    Number(x.orderexecuted),
    x.exectype,
    x.md5sum,
    x.description,
    x.comments,
    x.tag,
    x.liquibase,
    x.contexts,
    x.labels,
  ]);
}

const CHANGELOG = [
  '--liquibase formatted sql',
  '',
  '--changeset nvoxland:1',
  '--comment: test1 table',
  'create table test1 (',
  '    id int primary key,',
  '    name varchar(255)',
  ');',
  '--rollback drop table test1;',
  '',
  '--changeset nvoxland:2 context:dev labels:v1',
  "insert into test1 (id, name) values (1, 'name 1');",
  "insert into test1 (id, name) values (2, 'name 2');",
  '--rollback delete from test1 where id in (1, 2);',
  '',
  '--changeset nvoxland:3 runInTransaction:false',
  'create table test2 (id int);',
  '--rollback drop table test2;',
  '',
].join('\n');

const SQL1 = 'create table test1 (\n    id int primary key,\n    name varchar(255)\n);';
const SQL2 = "insert into test1 (id, name) values (1, 'name 1');\ninsert into test1 (id, name) values (2, 'name 2');";

/** A statement each engine refuses inside a transaction and runs outside one. */
const NEEDS_NO_TX = {
  postgres: 'CREATE INDEX CONCURRENTLY test1_name ON test1 (name);',
  mysql: 'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;',
};

const summary = (report: { migrations: MigrationRun[] }) =>
  report.migrations.map((m) => [m.id, m.phase, m.direction, m.status, m.statements, m.transactional]);

describe.each(['postgres', 'mysql'] as const)('%s', (engine) => {
  let db: TestDatabase;
  const fresh = async () =>
    engine === 'postgres' ? createPostgresDatabase('mt_liquibase') : createMysqlDatabase('mt_liquibase');
  beforeEach(async () => {
    db = await fresh();
  });
  afterEach(async () => {
    await db.drop();
  });

  test('the documentation’s changelog: auto detected, changesets, rollbacks, and DATABASECHANGELOG', async () => {
    const { report, exitCode } = await runOnFiles(db.url, { 'changelog.sql': CHANGELOG });
    expect(report.source.format).toBe('liquibase');
    expect(exitCode).toBe(0);
    const ddlTx = engine === 'postgres';
    expect(summary(report)).toEqual([
      ['0001_nvoxland_1', 'new', 'up', 'succeeded', 1, ddlTx],
      ['0002_nvoxland_2', 'new', 'up', 'succeeded', 2, true],
      ['0003_nvoxland_3', 'new', 'up', 'succeeded', 1, false],
      ['0003_nvoxland_3', 'rollback', 'down', 'succeeded', 1, false],
      ['0002_nvoxland_2', 'rollback', 'down', 'succeeded', 1, true],
      ['0001_nvoxland_1', 'rollback', 'down', 'succeeded', 1, ddlTx],
      ['0001_nvoxland_1', 'reapply', 'up', 'succeeded', 1, ddlTx],
      ['0002_nvoxland_2', 'reapply', 'up', 'succeeded', 2, true],
      ['0003_nvoxland_3', 'reapply', 'up', 'succeeded', 1, false],
    ]);
    const second = report.migrations[1] as MigrationRun;
    expect(second.bookkeeping).toMatchObject({ statements: 1 });
    expect(second.counters).toMatchObject({ rowsInserted: 2 });
    expect(second.queries.some((q) => /databasechangelog/i.test(q.sql))).toBe(false);
    // The downs deleted the rows; the reapply wrote them again from ORDEREXECUTED 1.
    expect(await changelogRows(db)).toEqual([
      [
        '1',
        'nvoxland',
        'changelog.sql',
        1,
        'EXECUTED',
        liquibaseChecksum(SQL1),
        'sql',
        'test1 table',
        null,
        '4.29.2',
        null,
        null,
      ],
      [
        '2',
        'nvoxland',
        'changelog.sql',
        2,
        'EXECUTED',
        liquibaseChecksum(SQL2),
        'sql',
        '',
        null,
        '4.29.2',
        'dev',
        'v1',
      ],
      [
        '3',
        'nvoxland',
        'changelog.sql',
        3,
        'EXECUTED',
        liquibaseChecksum('create table test2 (id int);'),
        'sql',
        '',
        null,
        '4.29.2',
        null,
        null,
      ],
    ]);
    const lock = (
      await rows(
        db,
        engine === 'postgres' ? 'SELECT * FROM databasechangeloglock' : 'SELECT * FROM DATABASECHANGELOGLOCK',
      )
    ).map(lower);
    expect(lock.map((l) => [Number(l.id), Boolean(Number(l.locked)), l.lockgranted, l.lockedby])).toEqual([
      [1, false, null, null],
    ]);
    const columns = (
      await rows(
        db,
        engine === 'postgres'
          ? "SELECT column_name AS c, data_type AS t, character_maximum_length AS l, is_nullable AS n FROM information_schema.columns WHERE table_name = 'databasechangelog' ORDER BY ordinal_position"
          : "SELECT column_name AS c, column_type AS t, NULL AS l, is_nullable AS n FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'DATABASECHANGELOG' ORDER BY ordinal_position",
      )
    ).map(lower);
    const pgVarchar = (l: number) => ['character varying', l];
    const types = columns.map((c) => [
      String(c.c).toLowerCase(),
      ...(engine === 'postgres' ? [c.t, c.l === null ? null : Number(c.l)] : [c.t, null]),
      c.n,
    ]);
    expect(types).toEqual(
      engine === 'postgres'
        ? [
            ['id', ...pgVarchar(255), 'NO'],
            ['author', ...pgVarchar(255), 'NO'],
            ['filename', ...pgVarchar(255), 'NO'],
            ['dateexecuted', 'timestamp without time zone', null, 'NO'],
            ['orderexecuted', 'integer', null, 'NO'],
            ['exectype', ...pgVarchar(10), 'NO'],
            ['md5sum', ...pgVarchar(35), 'YES'],
            ['description', ...pgVarchar(255), 'YES'],
            ['comments', ...pgVarchar(255), 'YES'],
            ['tag', ...pgVarchar(255), 'YES'],
            ['liquibase', ...pgVarchar(20), 'YES'],
            ['contexts', ...pgVarchar(255), 'YES'],
            ['labels', ...pgVarchar(255), 'YES'],
            ['deployment_id', ...pgVarchar(10), 'YES'],
          ]
        : [
            ['id', 'varchar(255)', null, 'NO'],
            ['author', 'varchar(255)', null, 'NO'],
            ['filename', 'varchar(255)', null, 'NO'],
            ['dateexecuted', 'datetime', null, 'NO'],
            ['orderexecuted', 'int(11)', null, 'NO'],
            ['exectype', 'varchar(10)', null, 'NO'],
            ['md5sum', 'varchar(35)', null, 'YES'],
            ['description', 'varchar(255)', null, 'YES'],
            ['comments', 'varchar(255)', null, 'YES'],
            ['tag', 'varchar(255)', null, 'YES'],
            ['liquibase', 'varchar(20)', null, 'YES'],
            ['contexts', 'varchar(255)', null, 'YES'],
            ['labels', 'varchar(255)', null, 'YES'],
            ['deployment_id', 'varchar(10)', null, 'YES'],
          ],
    );
  });

  test('a statement that cannot run in a transaction fails there, and passes with runInTransaction:false', async () => {
    const files = (noTx: boolean) => ({
      'changelog.sql': [
        '--liquibase formatted sql',
        '--changeset dev:1',
        'create table test1 (id int primary key, name varchar(255));',
        `--changeset dev:2${noTx ? ' runInTransaction:false' : ''}`,
        NEEDS_NO_TX[engine],
        '',
      ].join('\n'),
    });
    const failing = await runOnFiles(db.url, files(false), { rollback: 'off' });
    expect(failing.exitCode).toBe(1);
    const failed = failing.report.migrations.find((m) => m.id === '0002_dev_2');
    expect(failed).toMatchObject({ status: 'failed', transactional: true });
    expect(failed?.error?.line).toBe(5);
    // The failed changeset's row was rolled back with it.
    expect((await changelogRows(db)).map((r) => r[0])).toEqual(['1']);

    await db.drop();
    db = await fresh();
    const passing = await runOnFiles(db.url, files(true), { rollback: 'off' });
    expect(passing.exitCode).toBe(0);
    expect(passing.report.migrations.find((m) => m.id === '0002_dev_2')?.transactional).toBe(false);
    expect((await changelogRows(db)).map((r) => r[0])).toEqual(['1', '2']);
  });

  test('a routine body is cut at its ; as Liquibase cuts it, and runs whole with splitStatements:false', async () => {
    const body =
      engine === 'postgres'
        ? ['CREATE FUNCTION answer() RETURNS int AS $$', 'SELECT 42;', '$$ LANGUAGE sql;']
        : ['CREATE PROCEDURE answer()', 'SELECT 42;'];
    const file = (attrs: string) => ['--liquibase formatted sql', `--changeset dev:fn${attrs}`, ...body, ''].join('\n');
    const cut = await runOnFiles(db.url, { 'changelog.sql': file('') }, { rollback: 'off' });
    if (engine === 'postgres') {
      expect(cut.exitCode).toBe(1);
      expect(cut.report.migrations[0]).toMatchObject({ status: 'failed', statements: 1 });
    } else {
      // MySQL takes `CREATE PROCEDURE answer() SELECT 42` as one statement: no `;` inside.
      expect(cut.exitCode).toBe(0);
    }
    await db.drop();
    db = await fresh();
    const whole = await runOnFiles(db.url, { 'changelog.sql': file(' splitStatements:false') }, { rollback: 'off' });
    expect(whole.exitCode).toBe(0);
    expect((whole.report.migrations[0] as MigrationRun).statements).toBe(1);
  });

  test('--changelog orders the files; --migrations-table renames DATABASECHANGELOG', async () => {
    const sql = (id: string) => `--liquibase formatted sql\n--changeset dev:${id}\nselect 1;\n`;
    const { report, exitCode } = await runOnFiles(
      db.url,
      {
        'master.yaml':
          'databaseChangeLog:\n  - include:\n      file: changes/b.sql\n  - include:\n      file: changes/a.sql\n',
        'changes/a.sql': sql('a'),
        'changes/b.sql': sql('b'),
      },
      { changelog: 'master.yaml', migrationsTable: 'app_changelog', rollback: 'off', format: 'liquibase' },
    );
    expect(exitCode).toBe(0);
    expect(report.migrations.map((m) => m.id)).toEqual(['0001_dev_b', '0002_dev_a']);
    expect((await changelogRows(db, 'app_changelog')).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['b', 'changes/b.sql', 1],
      ['a', 'changes/a.sql', 2],
    ]);
  });

  test('a directory mixing Liquibase and goose files is refused by --format auto', async () => {
    await expect(
      runOnFiles(db.url, { 'changelog.sql': CHANGELOG, '00001_goose.sql': '-- +goose Up\nSELECT 1;\n' }),
    ).rejects.toThrow(/match more than one format: goose \(00001_goose\.sql\), liquibase \(changelog\.sql\)/);
  });
});
