import type { EngineName } from '../report/model.js';
import type { Dialect } from '../migrations/types.js';
import type { SchemaSnapshot } from './schema/snapshot.js';
import type { LockObserver } from './lock-observer.js';

/** Rows affected (DML) or returned (queries) by one statement; null when the server says none. */
export interface ExecResult {
  rows: number | null;
  /** Who held the lock the statement waited a second or more for, when it did. */
  blockedBy?: string;
  /**
   * Time the engine spent on reads of its own around the statement (counters, row counts),
   * which is neither the statement's round trip nor the migration's.
   */
  ownMs?: number;
  /** What the server said while the statement ran (notices, warnings), in the order it said it. */
  messages?: EngineMessage[];
}

/** One notice or warning of the server, as the engine received it. */
export interface EngineMessage {
  severity: 'notice' | 'warning';
  /** SQLSTATE (PostgreSQL) or warning number (MySQL/MariaDB). */
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

/** Longest continuous blocked times the probe saw on one table. */
export interface BlockedTraffic {
  relation: string;
  readsBlockedMs: number;
  writesBlockedMs: number;
}

/** A probe at work on its own connection; `stop` ends it and closes its connection. */
export interface RunningProbe {
  stop(): Promise<BlockedTraffic[]>;
}

/** What the server adds to an error beyond its message (PostgreSQL's DETAIL, HINT and CONTEXT). */
export interface ErrorDetails {
  /** PostgreSQL DETAIL; on MySQL/MariaDB, the warnings and notes the server raised with the error. */
  detail?: string;
  hint?: string;
  /** PostgreSQL's CONTEXT: the call stack inside a function or DO block ("PL/pgSQL function … line 3"). */
  where?: string;
}

/** A statement the server refused, with the server's own code and where it points. */
export class StatementError extends Error {
  constructor(
    message: string,
    /** SQLSTATE (PostgreSQL) or errno (MySQL/MariaDB). */
    readonly code: string | null,
    /** 1-based line within the statement text the server points at, when it says. */
    readonly lineInStatement: number | null,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'StatementError';
  }

  /** The same error told in other words (its cause found elsewhere): code, position and details kept. */
  withMessage(message: string): StatementError {
    return new StatementError(message, this.code, this.lineInStatement, this.details);
  }
}

/** Cumulative per-table counters as the server keeps them. */
export interface TableCounters {
  read: number;
  inserted: number;
  updated: number;
  deleted: number;
  /**
   * Live rows and the table's storage (PostgreSQL: n_live_tup, relfilenode), where the server
   * keeps them: a TRUNCATE empties a table without counting deleted rows, and gives it new
   * storage; a dropped table takes its counters with it. Both are told from these.
   */
  live?: number;
  storage?: string;
}

/** Server-side statistics of one normalized query (pg_stat_statements). */
export interface ServerQueryStat {
  query: string;
  calls: number;
  planningMs: number;
  executionMs: number;
}

/** The measurable state of the database at one instant. Cumulative: the runner diffs two. */
export interface Snapshot {
  sizeBytes: number | null;
  /** Bytes per user table (data + indexes), keyed by qualified name. */
  tableSizes: Map<string, number>;
  /** Keyed by a stable table identity (oid on PostgreSQL, so renames keep their counters). */
  tableCounters: Map<string, TableCounters>;
  /** Engine counters by their own names, cumulative. */
  raw: Record<string, number>;
  /** Keyed by the server's query id; absent when the server has no such statistics. */
  serverQueries: Map<string, ServerQueryStat> | null;
  /**
   * Cumulative server-side time of the statements the migration session ran, where the server
   * times them per session (performance_schema); absent or null otherwise.
   */
  serverTimeMs?: number | null;
}

export interface Engine {
  readonly name: EngineName;
  readonly dialect: Dialect;
  readonly serverVersion: string;
  /** Database name the migrations run in. */
  readonly database: string;
  /** Tables in the target database that a user put there (not the engine's own). */
  listUserTables(): Promise<string[]>;
  /** Runs one statement on the migration session. Throws StatementError when the server refuses it. */
  execute(sql: string): Promise<ExecResult>;
  /**
   * Runs a query of our own (schema reading, data filling) on the migration session and
   * returns its rows. Placeholders are the dialect's: $1 on PostgreSQL, ? on MySQL.
   */
  query<T extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<T[]>;
  /**
   * Runs a write of the migration tool's own bookkeeping (bookkeeping.ts) on the migration
   * session, in its open transaction if any: the rows it touches are the tool's, never the
   * migration's counters. Throws StatementError when the server refuses it.
   */
  bookkeep(sql: string, params: readonly unknown[]): Promise<void>;
  /** Declares the tables the tool keeps: they are left out of counters and sizes from now on. */
  setBookkeepingTables(tables: readonly string[]): void;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /**
   * Reads sizes and counters so that the reading itself does not leak into the counters of
   * the migration being measured: `before` and `after` order the reads differently.
   */
  snapshot(moment: 'before' | 'after'): Promise<Snapshot>;
  /**
   * Work done once per run before anything is timed (later calls do nothing): the server's
   * per-session caches filled by statements of the kinds migrations run, rolled back or on
   * temporary tables, so that the first migration is not charged for them. Never fails.
   */
  warmUp?(): Promise<void>;
  /**
   * The database's size now, read without taking a lock on any table: at a --command boundary
   * the tool's open transaction may hold locks that a per-table read would wait for.
   */
  databaseSize(): Promise<number | null>;
  /** The user schema as the catalogs describe it, for the rollback cycle's comparisons. */
  schemaSnapshot(): Promise<SchemaSnapshot>;
  /**
   * Takes the database's run lock (an advisory lock held by the observer connection until
   * close): false when another migration-test run holds it.
   */
  acquireRunLock(): Promise<boolean>;
  /**
   * Client sessions other than ours connected to the database, by id: their writes land in the
   * same server counters as the migration's.
   */
  otherSessions(): Promise<number[]>;
  /** Asks the server to cancel the statement the migration session is running (from the observer). */
  cancel(): Promise<void>;
  /**
   * Ends other sessions of the server by their ids (PostgreSQL backend pids, MySQL connection
   * ids), their running statements with them: what a stopped --command left behind. Never fails.
   */
  endSessions(ids: readonly number[]): Promise<void>;
  /**
   * Starts the blocked-traffic probe on its own connection: it keeps trying a trivial read and
   * write on each of `tables` (qualified as listUserTables names them), never changing data or
   * the migration's counters. Absent where the engine cannot probe.
   */
  startProbe?(tables: readonly string[]): Promise<RunningProbe>;
  /**
   * Observes the migration session's locks and the relations' storage from a connection of
   * its own; absent where the engine cannot.
   */
  lockObserver?(): LockObserver;
  /** Closes every connection; a session still busy after a grace period is terminated on the server. */
  close(): Promise<void>;
}

export interface EngineOptions {
  /** Per-statement limit in seconds; null for none. */
  statementTimeoutSec: number | null;
}
