import { performance } from 'node:perf_hooks';
import { countMysqlRows } from '../../engines/mysql/count-rows.js';
import { loadMysqlDump } from '../../engines/mysql/dump-loader.js';
import { countPostgresRows } from '../../engines/postgres/count-rows.js';
import { loadPostgresDump } from '../../engines/postgres/dump-loader.js';
import type { DatabaseTarget } from '../../engines/target.js';
import { SeedError, serverMessage } from './errors.js';
import type { LoadOptions } from './options.js';
import { openDump } from './source.js';

export { SeedError } from './errors.js';
export { runSeedCommand, seedEnvironment, type SeedCommandOptions, type SeedCommandResult } from './seed-command.js';
export type { LoadOptions as SeedLoadOptions } from './options.js';

export interface SeedFileResult {
  file: string;
  /** Size of the file as stored (compressed, for a .gz). */
  bytes: number;
  /** sha256 of the file as stored, hex. */
  sha256: string;
  statements: number;
  ms: number;
}

/**
 * Loads one dump (plain or gzip-compressed, detected by its magic bytes) through its own
 * connection to the target: PostgreSQL through pg.Client with COPY FROM STDIN data
 * streamed by pg-copy-streams, MySQL through mysql2. The file is streamed: memory stays
 * bounded by the largest statement, whatever the file's size. A statement that fails stops
 * the load with a SeedError naming file:line, the server's message and the statement.
 * psql meta-commands and client-only lines are skipped and reported to options.onNote.
 */
export async function loadSeedFile(
  target: DatabaseTarget,
  file: string,
  options: LoadOptions = {},
): Promise<SeedFileResult> {
  const started = performance.now();
  // PostgreSQL dumps are mostly COPY data, passed on as the chunks come: large chunks keep the
  // server busy. MySQL dumps are read as text: small chunks keep the strings short-lived.
  const source = await openDump(file, target.engine === 'postgres' ? 1 << 20 : 1 << 16);
  let statements: number;
  try {
    statements =
      target.engine === 'postgres'
        ? await loadPostgresDump(target, file, source, options)
        : await loadMysqlDump(target, file, source, options);
  } catch (err) {
    if (err instanceof SeedError) throw err;
    throw new SeedError(`${file}: ${serverMessage(err)}`, file, null);
  } finally {
    source.close();
  }
  const { bytes, sha256 } = source.digest();
  return { file, bytes, sha256, statements, ms: Math.round(performance.now() - started) };
}

/**
 * Exact row counts (count(*)) of every user table. PostgreSQL: ordinary and partitioned tables
 * outside the system schemas and extensions, keyed schema.table (quoted where needed), a
 * partitioned table counted once (its partitions are not listed); MySQL: the base tables of
 * the target's database, keyed by name.
 */
export async function countRows(t: DatabaseTarget): Promise<Record<string, number>> {
  return t.engine === 'postgres' ? countPostgresRows(t) : countMysqlRows(t);
}
