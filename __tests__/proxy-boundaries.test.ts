// The statements tools write to record a migration, as their own sources write them.
import { boundaryOf } from '../src/proxy/boundaries.js';

test.each([
  // Knex (lib/migrations/migrate/Migrator.js, PostgreSQL dialect)
  [
    'insert into "knex_migrations" ("batch", "migration_time", "name") values ($1, $2, $3)',
    ['1', '2024-01-01T00:00:00.000Z', '20240101_init.js'],
    { table: 'knex_migrations', migration: '20240101_init.js' },
  ],
  // node-pg-migrate (runner.ts)
  [
    `INSERT INTO "public"."pgmigrations" (name, run_on) VALUES ('1700000000000_init', NOW());`,
    null,
    { table: 'pgmigrations', migration: '1700000000000_init' },
  ],
  // TypeORM (MigrationExecutor.insertExecutedMigration)
  [
    'INSERT INTO "migrations"("timestamp", "name") VALUES ($1, $2)',
    ['1700000000000', 'Init1700000000000'],
    { table: 'migrations', migration: 'Init1700000000000' },
  ],
  // Rails / Ecto
  [
    'INSERT INTO "schema_migrations" ("version") VALUES ($1) RETURNING "version"',
    ['20240101120000'],
    { table: 'schema_migrations', migration: '20240101120000' },
  ],
  // Alembic, a later revision
  [
    "UPDATE alembic_version SET version_num='ae1027a6acf' WHERE alembic_version.version_num = '1975ea83b712'",
    null,
    { table: 'alembic_version', migration: 'ae1027a6acf' },
  ],
  [
    "INSERT INTO alembic_version (version_num) VALUES ('1975ea83b712') RETURNING alembic_version.version_num",
    null,
    { table: 'alembic_version', migration: '1975ea83b712' },
  ],
  // Django (psycopg interpolates on the client)
  [
    `INSERT INTO "django_migrations" ("app", "name", "applied") VALUES ('polls', '0001_initial', '2024-01-01T00:00:00+00:00'::timestamptz) RETURNING "django_migrations"."id"`,
    null,
    { table: 'django_migrations', migration: '0001_initial' },
  ],
  // A quote inside a literal
  ["INSERT INTO schema_migrations (version) VALUES ('it''s')", null, { table: 'schema_migrations', migration: "it's" }],
])('%s', (sql, params, expected) => {
  expect(boundaryOf(sql, params)).toMatchObject(expected);
});

test.each([
  // Knex migrate:rollback
  ['delete from "knex_migrations" where "name" = $1', ['20240101_init.js'], 'delete', '20240101_init.js'],
  // Alembic downgrade: the revision replaced, then the last one removed
  [
    "UPDATE alembic_version SET version_num='1975ea83b712' WHERE alembic_version.version_num = 'ae1027a6acf'",
    null,
    'update',
    'ae1027a6acf',
  ],
  ["DELETE FROM alembic_version WHERE alembic_version.version_num = '1975ea83b712'", null, 'delete', '1975ea83b712'],
  // MySQL's placeholders, in order
  ['DELETE FROM `knex_migrations` WHERE `name` = ?', ['20240101_init.js'], 'delete', '20240101_init.js'],
])('a down: %s', (sql, params, kind, reverted) => {
  expect(boundaryOf(sql, params)).toMatchObject({ kind, reverted });
});

test('without a column list, the first value names the migration', () => {
  expect(boundaryOf("INSERT INTO schema_migrations VALUES ('20240101', now())", null)).toMatchObject({
    migration: '20240101',
  });
});

test('reads and other tables are no boundary; a named table replaces the known ones', () => {
  expect(boundaryOf('select * from "knex_migrations"', null)).toBeNull();
  expect(boundaryOf('INSERT INTO users (name) VALUES ($1)', ['a'])).toBeNull();
  expect(boundaryOf("INSERT INTO app_versions (v) VALUES ('3')", null)).toBeNull();
  expect(boundaryOf("INSERT INTO app_versions (version) VALUES ('3')", null, 'app_versions')).toEqual({
    table: 'app_versions',
    kind: 'insert',
    migration: '3',
    reverted: null,
  });
  expect(boundaryOf("INSERT INTO schema_migrations (version) VALUES ('3')", null, 'app_versions')).toBeNull();
  // A value no parameter gives: the boundary stands, unnamed.
  expect(boundaryOf('INSERT INTO schema_migrations (version) VALUES (now())', null)).toMatchObject({
    table: 'schema_migrations',
    migration: null,
  });
});
