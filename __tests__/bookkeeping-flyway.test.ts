// Flyway's flyway_schema_history row pieces, from Flyway's source (flyway/flyway: ChecksumCalculator,
// ResourceNameParser, MigrationVersion, AbbreviationUtils, Database.getInsertStatement). Flyway is
// Java and not run here: the checksums below are CRC32 over the file's lines without terminators,
// computed independently (Python's zlib.crc32, signed as Java's (int) cast makes it).
import { discoverMigrations } from '../src/migrations/discover.js';
import {
  abbreviateDescription,
  abbreviateScript,
  flywayBookkeeping,
  flywayChecksum,
  flywayDescription,
  flywayVersionText,
} from '../src/migrations/formats/flyway-bookkeeping.js';
import { flyway } from '../src/migrations/formats/flyway.js';
import type { Migration } from '../src/migrations/types.js';
import { useTempCwd } from './helpers/temp-cwd.js';

const tmp = useTempCwd('mt-bk-flyway-');

test('the checksum is CRC32 over the lines, whatever their terminators, without BOM, signed', () => {
  expect(flywayChecksum('create table t (id int);')).toBe(354602754);
  const lf = "CREATE TABLE users (id int primary key, name varchar(20));\nINSERT INTO users VALUES (1, 'a');\n";
  expect(flywayChecksum(lf)).toBe(1613817794);
  expect(flywayChecksum(lf.replaceAll('\n', '\r\n'))).toBe(1613817794);
  expect(flywayChecksum('\uFEFFselect 1;\n\n')).toBe(-690524359);
  expect(flywayChecksum('select é;\rselect 2;')).toBe(-1840206066);
  expect(flywayChecksum('')).toBe(0);
});

test('version, description and script as Flyway writes them', () => {
  expect(flywayVersionText('1_1')).toBe('1.1');
  expect(flywayVersionText('001.2')).toBe('001.2');
  expect(flywayDescription('Add_Orders_index')).toBe('Add Orders index');
  expect(abbreviateDescription('d'.repeat(200))).toBe('d'.repeat(200));
  expect(abbreviateDescription('d'.repeat(201))).toBe(`${'d'.repeat(197)}...`);
  expect(abbreviateScript('s'.repeat(1001))).toBe(`...${'s'.repeat(997)}`);
});

test('the table and its index as Flyway creates them, the name from --migrations-table', () => {
  const books = flywayBookkeeping('history');
  expect(books.tables).toEqual(['history']);
  expect(books.recordInTransaction).toBe(true);
  const [create, index] = books.setup('postgres');
  expect(create).toContain('CREATE TABLE IF NOT EXISTS "history" (');
  expect(create).toContain('"installed_on" TIMESTAMP NOT NULL DEFAULT now()');
  expect(create).toContain('CONSTRAINT "history_pk" PRIMARY KEY ("installed_rank")');
  expect(index).toBe('CREATE INDEX IF NOT EXISTS "history_s_idx" ON "history" ("success")');
  const [mysql, ...none] = books.setup('mysql');
  expect(none).toEqual([]);
  expect(mysql).toContain('`success` BOOL NOT NULL');
  expect(mysql).toContain('INDEX `history_s_idx` (`success`)');
  expect(flyway.bookkeeping?.({}).tables).toEqual(['flyway_schema_history']);
});

async function load(files: Record<string, string>): Promise<Migration[]> {
  await tmp.write(files);
  return (await discoverMigrations({ dir: 'db', format: 'flyway', dialect: 'postgres', cwd: tmp.cwd })).migrations;
}

test('the rows of an up, a repeatable and an undo, parameters bound', async () => {
  const [v, r] = await load({
    'db/sub/V1_1__Create_users.sql': 'create table t (id int);',
    'db/sub/U1_1__Drop_users.sql': 'drop table t;\n',
    'db/R__views.sql': 'select 1;',
  });
  const books = flywayBookkeeping('flyway_schema_history');
  const event = (migration: Migration, direction: 'up' | 'down', dialect: 'postgres' | 'mysql') => ({
    migration,
    direction,
    dialect,
    previous: null,
    sequence: 0,
    durationMs: 12.7,
    startedAt: new Date(0),
  });
  const [up] = books.record(event(v as Migration, 'up', 'postgres'));
  expect(up?.sql).toBe(
    'INSERT INTO "flyway_schema_history" ("installed_rank", "version", "description", "type", "script", "checksum", "installed_by", "execution_time", "success") SELECT COALESCE(MAX("installed_rank"), 0) + 1, $1::varchar, $2::varchar, $3::varchar, $4::varchar, $5::integer, current_user, $6::integer, $7::boolean FROM "flyway_schema_history"',
  );
  expect(up?.params).toEqual(['1.1', 'Create users', 'SQL', 'sub/V1_1__Create_users.sql', 354602754, 12, true]);
  const [undo] = books.record(event(v as Migration, 'down', 'mysql'));
  expect(undo?.sql).toContain("SUBSTRING_INDEX(USER(),'@',1), ?, ?");
  expect(undo?.params).toEqual([
    '1.1',
    'Drop users',
    'UNDO_SQL',
    'sub/U1_1__Drop_users.sql',
    flywayChecksum('drop table t;'),
    12,
    true,
  ]);
  const [repeatable] = books.record(event(r as Migration, 'up', 'postgres'));
  expect(repeatable?.params.slice(0, 5)).toEqual([null, 'views', 'SQL', 'R__views.sql', flywayChecksum('select 1;')]);
});

test('--migrations-table is honoured, as Flyway honours its table setting', () => {
  expect(flyway.bookkeeping?.({ table: 'schema_history' }).tables).toEqual(['schema_history']);
});
