import type { Dialect, Statement } from '../migrations/types.js';
import { causesImplicitCommit, splitMysql } from '../migrations/split/mysql.js';
import { normalizeMysql } from '../migrations/split/mysql-normalize.js';
import { isNonTransactionalPostgres, loadPostgresParser, splitPostgres } from '../migrations/split/postgres.js';
import { normalizePostgres } from '../migrations/split/postgres-normalize.js';

/** What the runner needs to know about one SQL dialect. */
export interface DialectTools {
  dialect: Dialect;
  split(sql: string, startLine: number): Statement[];
  normalize(sql: string): string;
  /** Cannot run inside a transaction block (PostgreSQL). */
  isNonTransactional(sql: string): boolean;
  /** Commits the open transaction implicitly (MySQL DDL). */
  commitsImplicitly(sql: string): boolean;
}

export async function dialectTools(dialect: Dialect): Promise<DialectTools> {
  if (dialect === 'postgres') {
    await loadPostgresParser();
    return {
      dialect,
      split: splitPostgres,
      normalize: normalizePostgres,
      isNonTransactional: isNonTransactionalPostgres,
      commitsImplicitly: () => false,
    };
  }
  return {
    dialect,
    split: splitMysql,
    normalize: normalizeMysql,
    isNonTransactional: () => false,
    commitsImplicitly: causesImplicitCommit,
  };
}
