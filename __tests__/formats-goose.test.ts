// goose's SQL files as goose's own parser reads them (fixtures after pressly/goose
// internal/sqlparser/testdata and its README's examples).
import { discoverMigrations } from '../src/migrations/discover.js';
import { goose } from '../src/migrations/formats/goose.js';
import { endsWithSemicolon, parseGooseSql } from '../src/migrations/formats/goose-parser.js';
import { MigrationSourceError } from '../src/util/errors.js';
import { useTempCwd } from './helpers/temp-cwd.js';

const tmp = useTempCwd('mt-goose-');

const discover = (format: 'goose' | 'auto' = 'goose', dialect: 'postgres' | 'mysql' = 'postgres') =>
  discoverMigrations({ dir: 'db/migrations', format, dialect, cwd: tmp.cwd });

const errorOf = async (p: Promise<unknown>): Promise<string> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MigrationSourceError);
  return (err as Error).message;
};

// goose's testdata valid-up/test01, shortened: a PL/pgSQL body between StatementBegin/End.
const EMP = [
  '-- +goose UP', // 1
  'CREATE TABLE emp (', // 2
  '    empname text,', // 3
  '    salary integer', // 4
  ');', // 5
  '', // 6
  '-- +goose statementBegin', // 7
  'CREATE FUNCTION emp_stamp() RETURNS trigger AS $emp_stamp$', // 8
  '    BEGIN', // 9
  '        -- Check that empname is given', // 10
  '        IF NEW.empname IS NULL THEN', // 11
  "            RAISE EXCEPTION 'empname cannot be null';", // 12
  '        END IF;', // 13
  '        RETURN NEW;', // 14
  '    END;', // 15
  '$emp_stamp$ LANGUAGE plpgsql;', // 16
  '-- +goose StatementEnd', // 17
  '', // 18
  'CREATE TRIGGER emp_stamp BEFORE INSERT OR UPDATE ON emp', // 19
  '    FOR EACH ROW EXECUTE FUNCTION emp_stamp();', // 20
  '', // 21
  '-- +goose Down', // 22
  'DROP TABLE emp; -- the function stays', // 23
  '',
].join('\n');

test('statements are cut where goose cuts them, each with the line it starts on', () => {
  const up = parseGooseSql(EMP, 'up');
  expect(up.useTx).toBe(true);
  expect(up.statements).toEqual([
    { sql: 'CREATE TABLE emp (\n    empname text,\n    salary integer\n);', line: 2 },
    { sql: EMP.split('\n').slice(7, 16).join('\n'), line: 8 },
    {
      sql: 'CREATE TRIGGER emp_stamp BEFORE INSERT OR UPDATE ON emp\n    FOR EACH ROW EXECUTE FUNCTION emp_stamp();',
      line: 19,
    },
  ]);
  expect(parseGooseSql(EMP, 'down').statements).toEqual([{ sql: 'DROP TABLE emp; -- the function stays', line: 23 }]);
});

test('without StatementBegin a PL/pgSQL body is cut at its first line ending in ;, as goose cuts it', () => {
  const body = EMP.replace('-- +goose statementBegin\n', '').replace('-- +goose StatementEnd\n', '');
  const cut = parseGooseSql(body, 'up').statements.map((s) => s.line);
  // Line 11 of this text ("RAISE ... ;") ends the CREATE FUNCTION that began on line 7.
  expect(cut).toEqual([2, 7, 12, 13, 14, 15, 17]);
  expect(parseGooseSql(body, 'up').statements[1]?.sql).toMatch(/^CREATE FUNCTION[\s\S]*'empname cannot be null';$/);
});

test("goose's end-of-statement rule: the last word before a -- comment ends with ;", () => {
  expect(endsWithSemicolon('SELECT 1;')).toBe(true);
  expect(endsWithSemicolon('SELECT 1;   -- note')).toBe(true);
  expect(endsWithSemicolon('SELECT 1 ; --')).toBe(true);
  expect(endsWithSemicolon('SELECT 1;-- glued')).toBe(false);
  expect(endsWithSemicolon("SELECT ';' AS x")).toBe(false);
  expect(endsWithSemicolon('-- SELECT 1;')).toBe(false);
});

test('a migration file becomes one migration: sections, transaction, version and name', async () => {
  await tmp.write({
    'db/migrations/00001_create_emp.sql': EMP,
    'db/migrations/00003_index.sql':
      '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY emp_i ON emp (empname);\n\n-- +goose Down\nDROP INDEX CONCURRENTLY emp_i;\n',
    'db/migrations/20240101120000_ts.sql': '-- +goose Up\nSELECT 1;\n',
    'db/migrations/README.md': 'not a migration',
  });
  const set = await discover();
  expect(set.migrations.map((m) => [m.id, m.version, m.name])).toEqual([
    ['00001_create_emp', '00001', 'create_emp'],
    ['00003_index', '00003', 'index'],
    ['20240101120000_ts', '20240101120000', 'ts'],
  ]);
  const [emp, index, ts] = set.migrations;
  expect(emp?.up).toMatchObject({
    startLine: 2,
    transaction: 'transaction',
    file: 'db/migrations/00001_create_emp.sql',
  });
  expect(emp?.up.sql.split('\n')[0]).toBe('CREATE TABLE emp (');
  expect(emp?.up.statements).toHaveLength(3);
  expect(emp?.down).toMatchObject({ startLine: 23, transaction: 'transaction' });
  expect(index?.up.transaction).toBe('none');
  expect(index?.down?.transaction).toBe('none');
  expect(index?.down?.statements).toEqual([{ sql: 'DROP INDEX CONCURRENTLY emp_i;', line: 6 }]);
  // No `-- +goose Down`: goose's down would only delete the row; no down is written.
  expect(ts?.down).toBeNull();
});

test("a file without '-- +goose Up' is refused with goose's message, the file and the line", async () => {
  await tmp.write({ 'db/migrations/1_a.sql': '-- a comment\n\n-- another\n' });
  expect(await errorOf(discover())).toBe(
    "db/migrations/1_a.sql line 3: failed to parse SQL migration file: failed to parse migration: must start with '-- +goose Up' annotation, see https://github.com/pressly/goose#sql-migrations",
  );
  await tmp.write({ 'db/migrations/1_a.sql': '-- a comment\nCREATE TABLE t (id int);\n' });
  expect(await errorOf(discover())).toBe(
    'db/migrations/1_a.sql line 2: failed to parse SQL migration file: failed to parse migration: unexpected state 0 on line "CREATE TABLE t (id int);", see https://github.com/pressly/goose#sql-migrations',
  );
});

test('an unterminated StatementBegin is refused with the line it opens on', async () => {
  await tmp.write({
    'db/migrations/1_a.sql':
      '-- +goose Up\nSELECT 1;\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n',
  });
  expect(await errorOf(discover())).toBe(
    "db/migrations/1_a.sql line 3: failed to parse SQL migration file: failed to parse migration: missing '-- +goose StatementEnd' annotation (the StatementBegin at line 3 is never closed)",
  );
});

test("goose's other refusals: an unfinished statement, a Down inside a block, unknown annotations", () => {
  // goose's testdata invalid/up/a.sql
  expect(() =>
    parseGooseSql('-- +goose Up\nSELECT * FROM foo;\nSELECT * FROM bar\n-- +goose Down\nSELECT * FROM baz;\n', 'up'),
  ).toThrow(
    'failed to parse migration: state 1, direction: up: unexpected unfinished SQL query: "SELECT * FROM bar": missing semicolon?',
  );
  expect(() => parseGooseSql('-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose Down\n', 'up')).toThrow(
    "must start with '-- +goose Up' annotation, stateMachine=2",
  );
  expect(() => parseGooseSql('-- +goose Up\n-- +goose Sideways\n', 'up')).toThrow(
    'failed to parse annotation line "-- +goose Sideways": "Sideways" not supported: invalid annotation',
  );
  expect(() => parseGooseSql('-- +goose Up\n  -- +goose Down\n', 'up')).toThrow('contains leading whitespace');
  expect(() => parseGooseSql('-- +goose Up\n-- +goose Up\n', 'up')).toThrow("duplicate '-- +goose Up' annotations");
});

test('ENVSUB ON is refused where goose would substitute, accepted where it changes nothing', () => {
  const env = '-- +goose Up\n-- +goose ENVSUB ON\nSELECT 1;\n-- +goose ENVSUB OFF\nSELECT $$a$$;\n';
  expect(parseGooseSql(env, 'up').statements.map((s) => s.sql)).toEqual(['SELECT 1;', 'SELECT $$a$$;']);
  expect(() => parseGooseSql("-- +goose Up\n-- +goose ENVSUB ON\nSELECT '${SECRET}';\n", 'up')).toThrow(
    /ENVSUB ON: goose would substitute environment variables/,
  );
});

test('CRLF lines and annotation spellings goose accepts', () => {
  const parsed = parseGooseSql('--+goose up\r\nSELECT 1;\r\n-- +goose   DOWN\r\nSELECT 2;\r\n', 'up');
  expect(parsed.statements).toEqual([{ sql: 'SELECT 1;', line: 2 }]);
});

test('versions: goose takes the positive integer before the first _, unique, in numeric order', async () => {
  await tmp.write({
    'db/migrations/10_c.sql': '-- +goose Up\n',
    'db/migrations/9_b.sql': '-- +goose Up\n',
  });
  expect((await discover()).migrations.map((m) => m.id)).toEqual(['9_b', '10_c']);
  await tmp.write({ 'db/migrations/009_dup.sql': '-- +goose Up\n' });
  expect(await errorOf(discover())).toBe(
    'two goose migrations with version 9: db/migrations/009_dup.sql and db/migrations/9_b.sql; rename or remove one',
  );
});

test('a .sql file without a version is refused as goose refuses it', async () => {
  await tmp.write({ 'db/migrations/1_a.sql': '-- +goose Up\n', 'db/migrations/schema.sql': '' });
  expect(await errorOf(discover())).toBe(
    `could not parse SQL migration file "db/migrations/schema.sql": no filename separator '_' found`,
  );
});

test('version errors with goose’s wording', async () => {
  await tmp.write({ 'db/migrations/0_a.sql': '-- +goose Up\n' });
  expect(await errorOf(discover())).toBe(
    'could not parse SQL migration file "db/migrations/0_a.sql": migration version must be greater than zero',
  );
});

test('Go migrations cannot run here; their test files are no migrations', async () => {
  await tmp.write({
    'db/migrations/1_a.sql': '-- +goose Up\nSELECT 1;\n',
    'db/migrations/main_test.go': 'package migrations',
    'db/migrations/00002_rename_root.go': 'package migrations',
  });
  expect(await errorOf(discover())).toBe(
    'db/migrations/00002_rename_root.go is a goose Go migration, which migration-test cannot run (it runs SQL only); running the SQL ones without it would test another schema',
  );
});

test('--format auto recognises goose files, and refuses them beside another format', async () => {
  await tmp.write({ 'db/migrations/00001_a.sql': '-- +goose Up\nSELECT 1;\n' });
  expect((await discover('auto')).format).toBe('goose');
  await tmp.write({ 'db/migrations/00002_b.sql': '-- migrate:up\nSELECT 1;\n' });
  expect(await errorOf(discover('auto'))).toMatch(/match more than one format: .*goose \(00001_a\.sql\)/);
});

test('--new-from takes goose versions', () => {
  expect(goose.parseNewFrom('20240101120000')).toBe('20240101120000');
  expect(() => goose.parseNewFrom('v1')).toThrow('--new-from v1: not a goose version');
});

test('bookkeeping: goose_db_version as goose creates it, its row 0, and the writes after an up and a down', () => {
  const books = goose.bookkeeping?.({});
  expect(books?.tables).toEqual(['goose_db_version']);
  expect(books?.setup('postgres')).toEqual([
    expect.stringContaining(
      'CREATE TABLE IF NOT EXISTS "goose_db_version" (\n\t\tid integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY,',
    ),
    'INSERT INTO "goose_db_version" (version_id, is_applied) SELECT 0, true WHERE NOT EXISTS (SELECT 1 FROM "goose_db_version")',
  ]);
  expect(books?.setup('mysql')[0]).toContain('id bigint(20) unsigned NOT NULL AUTO_INCREMENT');
  expect(books?.recordInTransaction).toBe(true);
  const renamed = goose.bookkeeping?.({ table: 'Ops.Goose_Versions' });
  expect(renamed?.setup('postgres')[0]).toContain('"ops"."goose_versions"');
  expect(renamed?.setup('mysql')[0]).toContain('`Ops`.`Goose_Versions`');
});
