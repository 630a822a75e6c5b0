/**
 * Prisma Migrate (`prisma migrate deploy`): `prisma/migrations/<timestamp>_<name>/migration.sql`
 * plus `migration_lock.toml`. Directories run in name order (prisma-engines
 * schema-engine/connectors/schema-connector migrations_directory.rs list_migrations sorts the
 * directory names), up only. How the schema engine applies a script
 * (sql-schema-connector apply_migration.rs apply_script → flavour apply_migration_script): on
 * PostgreSQL `client.simple_query(script)`, the whole file as one simple query (one implicit
 * transaction); on MySQL generic_apply_migration_script → raw_cmd, the text run statement after
 * statement with no transaction. Prisma reads migration.sql with its byte-order mark, which
 * readMigrationFile removes: only a file starting with one gets another checksum here.
 */
import { createHash } from 'node:crypto';
import type { Migration } from '../types.js';
import { MigrationSourceError, UsageError } from '../../util/errors.js';
import { readMigrationFile } from '../read-file.js';
import { mapLimited, script, type MigrationFile, type MigrationFormat } from './format.js';
import { prismaBookkeeping } from './prisma-bookkeeping.js';
import { checkPrismaLock } from './prisma-lock.js';

const MIGRATION_PATH = /^([^/]+)\/migration\.sql$/;
export const PRISMA_LOCK = 'migration_lock.toml';

/** Byte order of the names, as Rust sorts Strings. */
function compareNames(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

async function loadDirectory(
  dir: string,
  file: MigrationFile,
  transaction: 'multiStatement' | 'none',
): Promise<Migration> {
  const sql = await readMigrationFile(file.absPath, file.file);
  const underscore = dir.indexOf('_');
  return {
    id: dir,
    version: dir,
    name: underscore < 0 ? '' : dir.slice(underscore + 1),
    kind: 'versioned',
    up: script(file, sql, transaction),
    down: null,
    extra: { checksum: createHash('sha256').update(sql, 'utf8').digest('hex') },
  };
}

/** Prisma reads every subdirectory as a migration: one without migration.sql fails its deploy. */
function refuseDirectoriesWithoutScript(files: readonly MigrationFile[], withScript: ReadonlySet<string>): void {
  const without = files
    .filter((f) => !f.topLevel && !withScript.has(f.inside.slice(0, f.inside.indexOf('/'))))
    .sort((a, b) => compareNames(a.file, b.file))[0];
  if (without) {
    const dir = without.inside.slice(0, without.inside.indexOf('/'));
    throw new MigrationSourceError(
      `${without.file}: migration directory ${dir} has no migration.sql, which prisma migrate deploy fails to read`,
    );
  }
}

export const prisma: MigrationFormat = {
  name: 'prisma',
  recursive: true,
  examples: ['20240101120000_init/migration.sql', 'migration_lock.toml'],
  description: {
    tool: 'Prisma Migrate',
    files: "`<timestamp>_<name>/migration.sql`, `migration_lock.toml` (its provider must be the server's)",
    upDown: 'up only',
    versions: 'directory name (byte order)',
    transactions: {
      postgres: 'the file is one multi-statement query: an implicit transaction when it holds more than one statement',
      mysql: 'statements one after the other, no transaction',
    },
    detection: '`migration_lock.toml`',
    example: '20240101120000_init/migration.sql',
  },
  detection: { markers: [PRISMA_LOCK] },
  isMigrationPath: (inside) => MIGRATION_PATH.test(inside) || inside === PRISMA_LOCK,
  compareVersions: compareNames,
  parseNewFrom(raw) {
    const value = raw.trim();
    if (value !== '' && !value.includes('/')) return value;
    throw new UsageError(`--new-from ${raw}: not a Prisma migration directory name (e.g. 20240101120000_init)`);
  },
  outOfOrder:
    'prisma migrate deploy applies it where the base is already deployed (after the newer ones, as tested here), but on a fresh database before them; give it a timestamp above the newest one',
  bookkeeping: ({ table }) => prismaBookkeeping(table),

  async load(files, ctx) {
    const lock = files.find((f) => f.inside === PRISMA_LOCK);
    if (lock) checkPrismaLock(await readMigrationFile(lock.absPath, lock.file), lock.file, ctx.dialect);
    const transaction = ctx.dialect === 'postgres' ? 'multiStatement' : 'none';
    const found: Array<{ dir: string; file: MigrationFile }> = [];
    for (const file of files) {
      const match = MIGRATION_PATH.exec(file.inside);
      if (match) found.push({ dir: match[1] ?? '', file });
    }
    refuseDirectoriesWithoutScript(files, new Set(found.map((f) => f.dir)));
    found.sort((a, b) => compareNames(a.dir, b.dir));
    return mapLimited(found, ({ dir, file }) => loadDirectory(dir, file, transaction));
  },
};
