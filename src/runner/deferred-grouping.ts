import type { DialectTools } from './dialect-tools.js';
import type { QueryStatsBuilder } from './query-stats.js';

/** SQLSTATE / errno of a statement the server could not parse. */
const SYNTAX_ERRORS = new Set(['42601', '1064']);
/** How much of a statement that did not parse the report shows. */
const SHOWN_UNPARSED_CHARS = 120;

/** Statements waiting to be grouped are held up to this much text... */
const MAX_PENDING_CHARS = 256 * 1024;
/** ...or this many of them. */
const MAX_PENDING_STATEMENTS = 2000;

interface Pending {
  sql: string;
  failureCode: string | null;
  ms: number;
  rows: number | null;
  line: number;
}

/**
 * Grouping a statement normalizes it with the dialect's parser, which costs more than a fast
 * statement (and, the first time a kind of statement is seen, compiles parser code): done
 * between statements, it was the tool's time counted as the migration's, and done while the
 * next statement ran, it delayed reading that statement's answer. So statements wait here and
 * are grouped once the migration's time is taken, or, for a long script, in batches between
 * two statements, when the text held would pass a bound (memory stays bounded).
 */
export class DeferredGrouping {
  private pending: Pending[] = [];
  private chars = 0;

  constructor(
    private readonly tools: DialectTools,
    private readonly queries: QueryStatsBuilder,
  ) {}

  add(sql: string, failureCode: string | null, ms: number, rows: number | null, line: number): void {
    this.pending.push({ sql, failureCode, ms, rows, line });
    this.chars += sql.length;
  }

  /** True when the next statement would pass a bound: group what is held first. */
  get full(): boolean {
    return this.chars >= MAX_PENDING_CHARS || this.pending.length >= MAX_PENDING_STATEMENTS;
  }

  flush(): void {
    for (const p of this.pending) this.queries.add(shownText(this.tools, p), p.ms, p.rows, p.line);
    this.pending = [];
    this.chars = 0;
  }
}

/**
 * Text that is not SQL may be anything a file smuggled in (an environment dump): the report and
 * the comment show its first line, cut short; the full text stays in the log, which is masked.
 */
function shownText(tools: DialectTools, p: Pending): string {
  const normalized = safeNormalize(tools, p.sql);
  if (!SYNTAX_ERRORS.has(p.failureCode ?? '')) return normalized;
  const first = normalized.split('\n', 1)[0] ?? '';
  return first.length > SHOWN_UNPARSED_CHARS ? `${first.slice(0, SHOWN_UNPARSED_CHARS - 1)}…` : first;
}

/** Grouping must never fail a migration nor fall back to showing literal values. */
export function safeNormalize(tools: DialectTools, sql: string): string {
  try {
    return tools.normalize(sql);
  } catch {
    return '<statement that could not be normalized>';
  }
}
