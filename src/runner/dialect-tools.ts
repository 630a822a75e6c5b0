import type { Dialect, Statement } from '../migrations/types.js';
import { causesImplicitCommit, iterateMysql, splitMysql } from '../migrations/split/mysql.js';
import { normalizeMysql } from '../migrations/split/mysql-normalize.js';
import {
  isNonTransactionalPostgres,
  iteratePostgres,
  loadPostgresParser,
  mayHoldNonTransactionalPostgres,
  splitPostgres,
} from '../migrations/split/postgres.js';
import { normalizePostgres } from '../migrations/split/postgres-normalize.js';

/** What the runner needs to know about one SQL dialect. */
export interface DialectTools {
  dialect: Dialect;
  /** All statements of a script at once (short scripts, tests). */
  split(sql: string, startLine: number): Statement[];
  /**
   * The same statements one at a time, cut as they are asked for: a script of a million
   * statements is never held as a million objects.
   */
  iterate(sql: string, startLine: number): Iterator<Statement>;
  normalize(sql: string): string;
  /** Cannot run inside a transaction block (PostgreSQL). */
  isNonTransactional(sql: string): boolean;
  /**
   * A cheap test on a whole script: false when none of its statements can be one that
   * `isNonTransactional` accepts (true is only a maybe).
   */
  mayHoldNonTransactional(script: string): boolean;
  /** Commits the open transaction implicitly (MySQL DDL). */
  commitsImplicitly(sql: string): boolean;
}

export async function dialectTools(dialect: Dialect): Promise<DialectTools> {
  let tools: DialectTools;
  if (dialect === 'postgres') {
    await loadPostgresParser();
    tools = {
      dialect,
      split: splitPostgres,
      iterate: iteratePostgres,
      normalize: normalizePostgres,
      isNonTransactional: isNonTransactionalPostgres,
      mayHoldNonTransactional: mayHoldNonTransactionalPostgres,
      commitsImplicitly: () => false,
    };
  } else {
    tools = {
      dialect,
      split: splitMysql,
      iterate: iterateMysql,
      normalize: normalizeMysql,
      isNonTransactional: () => false,
      mayHoldNonTransactional: () => false,
      commitsImplicitly: causesImplicitCommit,
    };
  }
  if (!process.env.NOWARM) warmUp(tools);
  return tools;
}

/**
 * One statement through the tools before anything is measured: WebAssembly compiles each of
 * the parser's functions on first use, and the first parse took 15 ms (the next ones a tenth
 * of a millisecond), which the first migration's time would otherwise hold. Only the paths
 * every run takes: warming more (DDL, the scanner) compiled code no run might need and cost
 * 60 MB of memory.
 */
function warmUp(tools: DialectTools): void {
  try {
    for (const st of tools.split("INSERT INTO t (a, b) VALUES (1, 'x');\n", 1)) {
      tools.normalize(st.sql);
      tools.isNonTransactional(st.sql);
      tools.commitsImplicitly(st.sql);
    }
  } catch {
    // only a head start: whatever fails here fails again, reported, when it matters
  }
}

/** A script's statements as an iterable that starts over each time it is iterated. */
export function statementsOf(tools: DialectTools, sql: string, startLine: number): Iterable<Statement> {
  return { [Symbol.iterator]: () => tools.iterate(sql, startLine) };
}
