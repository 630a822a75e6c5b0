// Liquibase formatted SQL as Liquibase reads it (fixtures after docs.liquibase.com's "Example SQL changelogs"
// and liquibase-standard's FormattedSqlChangeLogParserTest): changesets, their attributes, rollbacks, the
// statements StringUtil.processMultiLineSQL cuts, master changelogs, and the errors with file and line.
import { discoverMigrations } from '../src/migrations/discover.js';
import { liquibase, liquibaseChecksum, dbmsMatches } from '../src/migrations/formats/liquibase.js';
import { processMultiLineSql } from '../src/migrations/formats/liquibase-sql.js';
import { MigrationSourceError } from '../src/util/errors.js';
import { useTempCwd } from './helpers/temp-cwd.js';

const tmp = useTempCwd('mt-liquibase-');

const discover = (opts: { format?: 'liquibase' | 'auto'; dialect?: 'postgres' | 'mysql'; changelog?: string } = {}) =>
  discoverMigrations({
    dir: 'db/changelog',
    format: opts.format ?? 'liquibase',
    dialect: opts.dialect ?? 'postgres',
    cwd: tmp.cwd,
    ...(opts.changelog ? { changelog: opts.changelog } : {}),
  });

const errorOf = async (p: Promise<unknown>): Promise<string> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MigrationSourceError);
  return (err as Error).message;
};

// The documentation's example changelog, with a rollback block and attributes.
const EXAMPLE = [
  '--liquibase formatted sql', // 1
  '', // 2
  '--changeset nvoxland:1', // 3
  '--comment: the person table', // 4
  'create table person (', // 5
  '    id int primary key,', // 6
  '    name varchar(50) not null', // 7
  ');', // 8
  '--rollback drop table person;', // 9
  '', // 10
  '--changeset nvoxland:2 context:dev labels:"a,b"', // 11
  "insert into person (id, name) values (1, 'a;b'); -- one", // 12
  "insert into person (id, name) values (2, 'c');", // 13
  '--rollback delete from person where id = 2;', // 14
  '--rollback delete from person where id = 1;', // 15
  '', // 16
  '--changeset other:3 runInTransaction:false', // 17
  'create index person_name on person (name);', // 18
  '--rollback not required', // 19
  '', // 20
  '--changeset other:4 dbms:mysql,mariadb', // 21
  'alter table person engine = InnoDB;', // 22
  '', // 23
  '--changeset other:5 splitStatements:false', // 24
  'create function one() returns int as $$ begin return 1; end; $$ language plpgsql;', // 25
  '/* liquibase rollback', // 26
  'drop function', // 27
  ' one(); */', // 28
].join('\n');

describe('liquibase changesets', () => {
  it('reads each changeset as one migration, in order, with its attributes, statements and rollback', async () => {
    await tmp.write({ 'db/changelog/changelog.sql': EXAMPLE });
    const set = await discover();
    expect(set.migrations.map((m) => [m.id, m.version, m.name])).toEqual([
      ['0001_nvoxland_1', '0001', '1'],
      ['0002_nvoxland_2', '0002', '2'],
      ['0003_other_3', '0003', '3'],
      ['0004_other_5', '0004', '5'],
    ]);
    const [one, two, three, five] = set.migrations;
    expect(one?.up.statements).toEqual([
      { sql: 'create table person (\n    id int primary key,\n    name varchar(50) not null\n)', line: 5 },
    ]);
    expect(one?.up.startLine).toBe(5);
    expect(one?.up.transaction).toBe('transaction');
    expect(one?.down?.statements).toEqual([{ sql: 'drop table person', line: 9 }]);
    expect(one?.extra).toEqual({
      author: 'nvoxland',
      changesetId: '1',
      filename: 'changelog.sql',
      md5sum: liquibaseChecksum('create table person (\n    id int primary key,\n    name varchar(50) not null\n);'),
      comments: 'the person table',
    });
    // Comments are stripped by default (stripComments defaults to true for formatted SQL).
    expect(two?.up.statements).toEqual([
      { sql: "insert into person (id, name) values (1, 'a;b')", line: 12 },
      { sql: "insert into person (id, name) values (2, 'c')", line: 13 },
    ]);
    expect(two?.extra?.contexts).toBe('dev');
    expect(two?.extra?.labels).toBe('a,b');
    expect(two?.down?.statements).toEqual([
      { sql: 'delete from person where id = 2', line: 14 },
      { sql: 'delete from person where id = 1', line: 15 },
    ]);
    expect(three?.up.transaction).toBe('none');
    expect(three?.down?.statements).toEqual([]);
    expect(five?.up.statements).toEqual([
      { sql: 'create function one() returns int as $$ begin return 1; end; $$ language plpgsql;', line: 25 },
    ]);
    expect(five?.down?.statements).toEqual([{ sql: 'drop function one()', line: 27 }]);
  });

  it('keeps the changesets for MySQL/MariaDB and skips the PostgreSQL-only ones there', async () => {
    await tmp.write({ 'db/changelog/changelog.sql': EXAMPLE.replace('dbms:mysql,mariadb', 'dbms:mariadb') });
    const set = await discover({ dialect: 'mysql' });
    expect(set.migrations.map((m) => m.name)).toEqual(['1', '2', '3', '4', '5']);
    expect(dbmsMatches('!postgresql', 'postgres')).toBe(false);
    expect(dbmsMatches('!postgresql', 'mysql')).toBe(true);
    expect(dbmsMatches('none', 'mysql')).toBe(false);
    expect(dbmsMatches('all', 'postgres')).toBe(true);
  });

  it('orders the files of the directory by path, subdirectories included, and ignores other SQL files', async () => {
    await tmp.write({
      'db/changelog/b.sql': '--liquibase formatted sql\n--changeset a:b\nselect 2;\n',
      'db/changelog/a/z.sql': '  \n-- Liquibase Formatted SQL\n--changeset a:az\nselect 1;\n',
      'db/changelog/c.sql': 'select 3;\n',
    });
    const set = await discover();
    expect(set.migrations.map((m) => [m.name, m.up.file, m.extra?.filename])).toEqual([
      ['az', 'db/changelog/a/z.sql', 'a/z.sql'],
      ['b', 'db/changelog/b.sql', 'b.sql'],
    ]);
    expect(set.ignored).toEqual(['db/changelog/c.sql']);
  });

  it('honours endDelimiter, GO lines and BEGIN … END as Liquibase cuts them', () => {
    const cut = (sql: string, endDelimiter: string | null = null) =>
      processMultiLineSql(sql, { stripComments: true, splitStatements: true, endDelimiter }).map((s) => s.sql);
    expect(cut('select 1\nGO\nselect 2\ngo')).toEqual(['select 1', 'select 2']);
    expect(cut('select 1;\n//\nselect 2//', '//')).toEqual(['select 1;', 'select 2']);
    expect(cut('select 1 /* ; */; select 2')).toEqual(['select 1', 'select 2']);
    expect(cut('begin\n select 1;\n select 2;\nend;\nselect 3;')).toEqual([
      'begin\n select 1;\n select 2;\nend',
      'select 3',
    ]);
    // Liquibase knows no dollar quoting: the `;` in the body cuts it.
    expect(cut('create function f() returns int as $$ select 1; $$ language sql;')).toEqual([
      'create function f() returns int as $$ select 1',
      '$$ language sql',
    ]);
  });

  it('computes CheckSum version 9 as Liquibase does (md5 of the SQL without whitespace, then of "9:<md5>:")', () => {
    // md5("createtablea(idint);") = 3b7be9c3354909b7bb1604c54f35a14e; md5("9:3b7b…4e:") = bc977861….
    expect(liquibaseChecksum('create table a (id int);')).toBe('9:bc977861bd4473eb06a874429a50b8f6');
  });

  it('is recognised by --format auto and refused beside another format', async () => {
    await tmp.write({ 'db/changelog/changelog.sql': EXAMPLE });
    expect((await discover({ format: 'auto' })).format).toBe('liquibase');
    await tmp.write({ 'db/changelog/00002_x.sql': '-- +goose Up\nselect 1;\n' });
    expect(await errorOf(discover({ format: 'auto' }))).toMatch(
      /match more than one format: .*goose.*liquibase|liquibase.*goose/,
    );
  });
});

describe('liquibase errors', () => {
  const bad = async (body: string) => {
    await tmp.write({ 'db/changelog/c.sql': `--liquibase formatted sql\n${body}` });
    return errorOf(discover());
  };

  it('refuses a duplicate changeset with Liquibase words, the file and the line', async () => {
    expect(await bad('--changeset bob:1\nselect 1;\n--changeset bob:1\nselect 2;\n')).toBe(
      'db/changelog/c.sql line 4: 1 changesets had duplicate identifiers: c.sql::1::bob (first at line 2)',
    );
  });

  it('refuses a changeset without author or id, or with a space after the colon', async () => {
    const expected =
      "db/changelog/c.sql line 2: unexpected formatting: formatted SQL changelogs require known formats, such as '--changeset <authorname>:<changesetId>' (see https://docs.liquibase.com/concepts/changelogs/sql-format.html)";
    expect(await bad('--changeset bob\nselect 1;\n')).toBe(expected);
    expect(await bad('--changeset\nselect 1;\n')).toBe(expected);
    expect(await bad('--changeset bob: 1\nselect 1;\n')).toBe(expected);
  });

  it('refuses what cannot be honoured here: preconditions, properties, failOnError:false, an empty changeset', async () => {
    expect(await bad('--changeset a:1\n--preconditions onFail:MARK_RAN\nselect 1;\n')).toMatch(
      /^db\/changelog\/c\.sql line 3: preconditions are not supported/,
    );
    expect(await bad('--property name:x value:y\n--changeset a:1\nselect 1;\n')).toMatch(
      /^db\/changelog\/c\.sql line 2: changelog properties/,
    );
    expect(await bad('--changeset a:1 failOnError:false\nselect 1;\n')).toMatch(
      /^db\/changelog\/c\.sql line 2: failOnError:false is not supported/,
    );
    expect(await bad('--changeset a:1\n\n--changeset a:2\nselect 1;\n')).toBe(
      'db/changelog/c.sql line 2: no SQL for changeset 1::a',
    );
    expect(await bad('--changeset a:1\nselect 1;\n/* liquibase rollback\ndrop x;\n')).toBe(
      'db/changelog/c.sql line 4: Liquibase rollback comment is not closed',
    );
  });
});

describe('liquibase master changelogs', () => {
  const sql = (id: string) => `--liquibase formatted sql\n--changeset dev:${id}\nselect ${id.length};\n`;

  it('follows an XML changelog: include (relative or not) and includeAll in path order', async () => {
    await tmp.write({
      'db/changelog/master.xml': [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">',
        '  <!-- the first -->',
        '  <include file="changes/2.sql" relativeToChangelogFile="true"/>',
        '  <include file="changes/1.sql"/>',
        '  <includeAll path="more/"/>',
        '</databaseChangeLog>',
      ].join('\n'),
      'db/changelog/changes/1.sql': sql('one'),
      'db/changelog/changes/2.sql': sql('two'),
      'db/changelog/more/b.sql': sql('b'),
      'db/changelog/more/a.sql': sql('a'),
    });
    const set = await discover({ changelog: 'db/changelog/master.xml' });
    expect(set.migrations.map((m) => [m.name, m.extra?.filename])).toEqual([
      ['two', 'changes/2.sql'],
      ['one', 'changes/1.sql'],
      ['a', 'more/a.sql'],
      ['b', 'more/b.sql'],
    ]);
  });

  it('follows a YAML or JSON changelog', async () => {
    await tmp.write({
      'db/changelog/master.yaml':
        'databaseChangeLog:\n  - include:\n      file: b.sql\n  - include:\n      file: a.sql\n',
      'db/changelog/master.json': JSON.stringify({ databaseChangeLog: [{ include: { file: 'a.sql' } }] }),
      'db/changelog/a.sql': sql('a'),
      'db/changelog/b.sql': sql('b'),
    });
    expect((await discover({ changelog: 'db/changelog/master.yaml' })).migrations.map((m) => m.name)).toEqual([
      'b',
      'a',
    ]);
    expect((await discover({ changelog: 'db/changelog/master.json' })).migrations.map((m) => m.name)).toEqual(['a']);
  });

  it('refuses a DOCTYPE, an XML changeSet, a path outside the directory, a missing file, a raw SQL file', async () => {
    const master = (body: string) => `<databaseChangeLog>\n${body}\n</databaseChangeLog>\n`;
    await tmp.write({
      'db/changelog/doctype.xml': '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n' + master(''),
      'db/changelog/changeset.xml': master('<changeSet id="1" author="a"></changeSet>'),
      'db/changelog/outside.xml': master('<include file="../secret.sql"/>'),
      'db/changelog/missing.xml': master('<include file="nope.sql"/>'),
      'db/changelog/raw.yaml': 'databaseChangeLog:\n  - include:\n      file: raw.sql\n',
      'db/changelog/raw.sql': 'select 1;\n',
      'db/changelog/a.sql': sql('a'),
    });
    expect(await errorOf(discover({ changelog: 'db/changelog/doctype.xml' }))).toBe(
      'db/changelog/doctype.xml line 1: DOCTYPE, entity declarations and CDATA are not allowed',
    );
    expect(await errorOf(discover({ changelog: 'db/changelog/changeset.xml' }))).toMatch(
      /^db\/changelog\/changeset\.xml line 2: changesets written in a master changelog are not supported/,
    );
    expect(await errorOf(discover({ changelog: 'db/changelog/outside.xml' }))).toBe(
      'db/changelog/outside.xml line 2: ../secret.sql leads outside the migrations directory db/changelog',
    );
    expect(await errorOf(discover({ changelog: 'db/changelog/missing.xml' }))).toBe(
      'db/changelog/missing.xml line 2: the file nope.sql was not found in db/changelog',
    );
    expect(await errorOf(discover({ changelog: 'db/changelog/raw.yaml' }))).toMatch(
      /^db\/changelog\/raw\.sql line 1: not a formatted SQL changelog/,
    );
  });

  it('reads versions as integers for --new-from', () => {
    expect(liquibase.parseNewFrom('0003')).toBe('0003');
    expect(() => liquibase.parseNewFrom('abc')).toThrow('--new-from abc: not a liquibase version');
  });
});

describe('liquibase attributes', () => {
  it('honours logicalFilePath, ignore:true, ignoreLines, endDelimiter and a last changeset cut at `/` lines', async () => {
    await tmp.write({
      'db/changelog/c.sql': [
        '--liquibase formatted sql logicalFilePath:app/changelog.sql', // 1
        '--changeset a:1 endDelimiter:GO', // 2
        'select 1;', // 3
        'select 2', // 4
        'GO', // 5
        '--changeset a:2 ignore:true', // 6
        'select 3;', // 7
        '--ignoreLines:start', // 8
        '--changeset a:3', // 9
        '--ignoreLines:end', // 10
        '--changeset a:4 logicalFilePath:other.sql', // 11
        'begin', // 12
        '  null;', // 13
        'end;', // 14
        '/', // 15
        'select 4', // 16
        '/', // 17
      ].join('\n'),
    });
    const set = await discover();
    expect(set.migrations.map((m) => [m.name, m.extra?.filename, m.up.statements])).toEqual([
      ['1', 'app/changelog.sql', [{ sql: 'select 1;\nselect 2', line: 3 }]],
      [
        '4',
        'other.sql',
        [
          { sql: 'begin\n  null;\nend;', line: 12 },
          { sql: 'select 4', line: 16 },
        ],
      ],
    ]);
  });

  it('refuses a rollback that names another changeset, and an unclosed ignoreLines count that is not a number', async () => {
    await tmp.write({
      'db/changelog/c.sql':
        '--liquibase formatted sql\n--changeset a:1\nselect 1;\n--rollback changesetId:0 changesetAuthor:a\n',
    });
    expect(await errorOf(discover())).toBe(
      'db/changelog/c.sql line 4: a rollback naming another changeset (changeSetId:) is not supported; write its SQL in --rollback lines',
    );
    await tmp.write({ 'db/changelog/c.sql': '--liquibase formatted sql\n--ignoreLines:x\n' });
    expect(await errorOf(discover())).toBe('db/changelog/c.sql line 2: unknown ignoreLines syntax: "x"');
  });
});
