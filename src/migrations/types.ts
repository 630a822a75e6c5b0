/** The SQL dialect a migration set is split and executed with. */
export type Dialect = 'postgres' | 'mysql';

export const FORMAT_NAMES = [
  'flyway',
  'golang-migrate',
  'dbmate',
  'pop',
  'goose',
  'sqlx',
  'prisma',
  'drizzle',
  'atlas',
  'liquibase',
  'sqitch',
  'plain',
] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/**
 * How a format's own tool runs one migration script:
 * - `transaction`: the whole script in one transaction (flyway, dbmate, pop by default);
 *   flyway additionally refuses to wrap a script holding a statement that cannot run in one
 *   (see `transactionUnlessNonTransactional`).
 * - `transactionUnlessNonTransactional`: flyway's rule: wrap, unless a statement cannot
 *   run in a transaction, then run all of it without one (mixing both is an error there).
 * - `multiStatement`: the file is sent as one multi-statement request (golang-migrate):
 *   on PostgreSQL an implicit transaction when it holds more than one statement.
 * - `none`: every statement commits on its own (dbmate transaction:false, pop .autocommit,
 *   plain files as psql -f or mysql < file run them).
 */
export type TransactionMode = 'transaction' | 'transactionUnlessNonTransactional' | 'multiStatement' | 'none';

/** One runnable SQL script: an up or a down of a migration. */
export interface MigrationScript {
  /** Absolute path of the file the SQL comes from. */
  absPath: string;
  /**
   * Path relative to the repository root (or to the migrations directory outside any
   * repository), forward slashes, as the report, logs, console and annotations show it.
   */
  file: string;
  /** The SQL to run (for dbmate, only this direction's section). */
  sql: string;
  /** 1-based line in `file` on which `sql` starts (dbmate sections start below line 1). */
  startLine: number;
  transaction: TransactionMode;
  /**
   * The statements as the format's own tool cuts them (goose's `;` at a line's end and
   * StatementBegin/End), sent as they are instead of the dialect's splitter's.
   */
  statements?: Statement[];
}

export interface Migration {
  /** "<version>_<name>", stable across runs. Repeatable flyway migrations use "R_<name>". */
  id: string;
  version: string;
  name: string;
  kind: 'versioned' | 'repeatable';
  up: MigrationScript;
  down: MigrationScript | null;
  /**
   * A script run after each up to check it (Sqitch's verify): outside the migration's
   * measurements; when it fails, the migration fails.
   */
  verify?: MigrationScript;
  /**
   * What the format's tool records of the migration beyond its version and name (a Liquibase
   * changeset's author, a Sqitch change id, a checksum), for its bookkeeping.
   */
  extra?: Readonly<Record<string, string>>;
}

export interface MigrationSet {
  format: FormatName;
  /**
   * The migrations directory relative to `root` ("." when it is the root); outside any
   * repository, where `root` is the directory itself, its absolute path.
   */
  dir: string;
  /** Absolute path that `dir` and every `MigrationScript.file` are relative to (see pathRoot). */
  root: string;
  /** In the order they run: versioned by version, then repeatable ones by name. */
  migrations: Migration[];
  /**
   * Files that look like migrations (SQL files, or names with control characters) but that the
   * format does not read, by their labels: a misnamed migration would otherwise be skipped silently.
   */
  ignored?: string[];
  /**
   * What the format found wrong without refusing the directory (an Atlas sum that does not
   * match, as `atlas migrate validate` reports it): error findings of the report.
   */
  problems?: SourceProblem[];
}

/** A problem of the migration source that the report carries as a finding. */
export interface SourceProblem {
  severity: 'error' | 'warning' | 'notice';
  rule: string;
  message: string;
  /** The migration it concerns, by id, when one. */
  migration: string | null;
}

/** One statement of a script, as the server will receive it. */
export interface Statement {
  /** The statement text, without the trailing delimiter. */
  sql: string;
  /** 1-based line in the file on which the statement starts. */
  line: number;
}
