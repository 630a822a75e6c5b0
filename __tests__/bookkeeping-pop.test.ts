// pop's schema_migration name and writes, as ory/x popx makes them (popx/migrator.go).
import { popBookkeeping, popTableName } from '../src/migrations/formats/pop-bookkeeping.js';
import { pop } from '../src/migrations/formats/pop.js';

test('the table name as popx sanitizes it (non-word characters removed), folded on PostgreSQL', () => {
  expect(popTableName('schema_migration', 'postgres')).toBe('schema_migration');
  expect(popTableName('My-App.Migrations', 'postgres')).toBe('myappmigrations');
  expect(popTableName('My-App.Migrations', 'mysql')).toBe('MyAppMigrations');
  expect(pop.bookkeeping?.({}).tables).toEqual(['schema_migration']);
  expect(() => pop.bookkeeping?.({ table: '.-' })).toThrow(
    '--migrations-table ".-": pop keeps only letters, digits and _ of its table\'s name, and none are left',
  );
});

test('setup, insert and delete as popx writes them', () => {
  const books = popBookkeeping('schema_migration');
  expect(books.recordInTransaction).toBe(true);
  expect(books.setup('postgres')).toEqual([
    'CREATE TABLE IF NOT EXISTS "schema_migration" (version VARCHAR (48) NOT NULL, version_self INT NOT NULL DEFAULT 0)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "schema_migration_version_idx" ON "schema_migration" (version)',
    'CREATE INDEX IF NOT EXISTS "schema_migration_version_self_idx" ON "schema_migration" (version_self)',
  ]);
  const migration = {
    id: '20240101000001_users',
    version: '20240101000001',
    name: 'users',
    kind: 'versioned' as const,
    up: { absPath: '/x', file: 'x', sql: '', startLine: 1, transaction: 'transaction' as const },
    down: null,
  };
  const event = (direction: 'up' | 'down', dialect: 'postgres' | 'mysql') => ({
    migration,
    direction,
    dialect,
    previous: null,
    sequence: 0,
    durationMs: 1,
    startedAt: new Date(0),
  });
  expect(books.record(event('up', 'mysql'))).toEqual([
    { sql: 'INSERT INTO `schema_migration` (version) VALUES (?)', params: ['20240101000001'] },
  ]);
  expect(books.record(event('down', 'postgres'))).toEqual([
    { sql: 'DELETE FROM "schema_migration" WHERE version = $1', params: ['20240101000001'] },
  ]);
});
