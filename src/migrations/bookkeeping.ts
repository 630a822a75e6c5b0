/**
 * A migration tool's own record of what it applied (golang-migrate's `schema_migrations`,
 * Flyway's `flyway_schema_history`, …), described by its format so that the runner can keep it
 * as the tool does: the table created before the first migration, a row written after each one,
 * inside the migration's transaction where the tool writes it there. Migrations may read or
 * alter these tables (a real project's migration adds a column to `schema_migrations`), so a
 * database tested without them is not the database deployed.
 *
 * The statements are the tool's, per dialect, with the dialect's placeholders ($1 on
 * PostgreSQL, ? on MySQL/MariaDB); values come from the migration, never spliced into SQL.
 */
import type { Dialect, Migration } from './types.js';

export type BookkeepingValue = string | number | boolean | null | Date;

/** One statement of the tool's bookkeeping, with its parameters. */
export interface BookkeepingWrite {
  sql: string;
  params: readonly BookkeepingValue[];
}

/** What a bookkeeping write may need to know of the migration it records. */
export interface BookkeepingEvent {
  migration: Migration;
  direction: 'up' | 'down';
  dialect: Dialect;
  /**
   * The migration before this one in run order (versioned ones only), or null: the version a
   * tool that keeps only the current one (golang-migrate) records after a down.
   */
  previous: Migration | null;
  /** How many migrations this run recorded before this one (Flyway's installed_rank is this + 1 on a new database). */
  sequence: number;
  /** The migration's measured time (0 before it runs). */
  durationMs: number;
  /** When the migration started. */
  startedAt: Date;
}

export interface Bookkeeping {
  /**
   * The tables the tool keeps, as the setup creates them (schema-qualified where the tool uses
   * a schema of its own): their rows are the tool's, left out of every migration's counters and
   * sizes.
   */
  readonly tables: readonly string[];
  /** What the tool runs before its first migration: its tables, created if missing, as it creates them. */
  setup(dialect: Dialect): string[];
  /** Writes before the migration runs, outside its transaction (golang-migrate's dirty flag). */
  before?(event: BookkeepingEvent): BookkeepingWrite[];
  /**
   * Whether `before` runs first inside the migration's transaction when the migration has one
   * (sqlx on MySQL inserts its row there), rather than ahead of it.
   */
  readonly beforeInTransaction?: boolean;
  /** Writes that record the migration once it ran (the up's row, or its removal after a down). */
  record(event: BookkeepingEvent): BookkeepingWrite[];
  /** Whether `record` runs inside the migration's transaction when the migration has one. */
  readonly recordInTransaction: boolean;
  /** The table's name in words, for the README and messages: `schema_migrations (version bigint, dirty boolean)`. */
  readonly summary: string;
}

/** What a user may change of a tool's bookkeeping, where the tool lets them. */
export interface BookkeepingOptions {
  /** The table's name, where the tool takes one (golang-migrate x-migrations-table, Flyway table). */
  table?: string;
}
