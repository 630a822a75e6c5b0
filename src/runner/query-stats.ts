import type { QueryStat } from '../report/model.js';
import type { ServerQueryStat } from '../engines/engine.js';

interface Acc {
  calls: number;
  totalMs: number;
  maxMs: number;
  rows: number;
  /** Line in the file of the group's first statement; none for the group of the rest. */
  line?: number;
  planningMs?: number;
  executionMs?: number;
}

/** Distinct queries kept per migration run; the statements of any further ones are counted together. */
export const MAX_QUERY_GROUPS = 10_000;
/** The group of the statements past MAX_QUERY_GROUPS distinct queries (reads as an SQL comment). */
export const OTHER_QUERIES = `-- other statements (past ${MAX_QUERY_GROUPS.toLocaleString('en-US')} distinct queries)`;

/**
 * Per-query statistics grouped by normalized text: memory grows with distinct queries, not
 * statements, and is capped (a million distinct DDL statements would otherwise be a million
 * groups): past MAX_QUERY_GROUPS, new texts share one OTHER_QUERIES group. Every statement is
 * still counted once.
 */
export class QueryStatsBuilder {
  private readonly groups = new Map<string, Acc>();

  constructor(private readonly maxGroups = MAX_QUERY_GROUPS) {}

  /** Counts one statement; `line` is where it starts in its file (kept for a group's first). */
  add(normalizedSql: string, ms: number, rows: number | null, line?: number): void {
    let g = this.groups.get(normalizedSql);
    if (!g) {
      const key = this.groups.size < this.maxGroups ? normalizedSql : OTHER_QUERIES;
      g = this.groups.get(key);
      if (!g) {
        g = { calls: 0, totalMs: 0, maxMs: 0, rows: 0 };
        if (line !== undefined && key !== OTHER_QUERIES) g.line = line;
        this.groups.set(key, g);
      }
    }
    g.calls++;
    g.totalMs += ms;
    if (ms > g.maxMs) g.maxMs = ms;
    if (rows !== null && rows > 0) g.rows += rows;
  }

  /**
   * Adds pg_stat_statements' server-side times for the queries of this migration: the delta
   * between two snapshots, matched to our groups by normalized text.
   */
  addServerTimes(
    before: Map<string, ServerQueryStat> | null,
    after: Map<string, ServerQueryStat> | null,
    normalize: (sql: string) => string,
  ): void {
    if (!before || !after) return;
    for (const [id, a] of after) {
      const b = before.get(id);
      const calls = a.calls - (b?.calls ?? 0);
      if (calls <= 0) continue;
      let key: string;
      try {
        key = normalize(a.query);
      } catch {
        continue;
      }
      const g = this.groups.get(key);
      if (!g) continue;
      g.planningMs = (g.planningMs ?? 0) + a.planningMs - (b?.planningMs ?? 0);
      g.executionMs = (g.executionMs ?? 0) + a.executionMs - (b?.executionMs ?? 0);
    }
  }

  /** Slowest first by total time. */
  toJSON(): QueryStat[] {
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return [...this.groups.entries()]
      .map(([sql, g]): QueryStat => {
        const stat: QueryStat = {
          sql,
          calls: g.calls,
          totalMs: round(g.totalMs),
          meanMs: round(g.totalMs / g.calls),
          maxMs: round(g.maxMs),
          rows: g.rows,
        };
        if (g.line !== undefined) stat.line = g.line;
        if (g.planningMs !== undefined) stat.planningMs = round(Math.max(0, g.planningMs));
        if (g.executionMs !== undefined) stat.executionMs = round(Math.max(0, g.executionMs));
        return stat;
      })
      .sort((x, y) => y.totalMs - x.totalMs || x.sql.localeCompare(y.sql));
  }
}
