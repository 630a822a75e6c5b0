/**
 * What the table filler (table.ts) needs from an engine: schema reading and SQL for values.
 * Implemented by postgres.ts and mysql.ts.
 */
import type { Engine } from '../../engines/engine.js';
import type { Space } from './columns.js';
import type { ColumnInfo, SchemaInfo, TableInfo } from './types.js';

/** SQL expressions producing one column's values; every argument is an integer SQL expression. */
export interface ColumnGen {
  /** A pseudo-random value of row n (global row number), a function of (seed, column, n). */
  random(n: string): string;
  /** A value injective in idx (0-based, non-negative); null when the space cannot make distinct values. */
  unique: ((idx: string) => string) | null;
  /** How many distinct values unique() makes from idx 0 (null: practically unlimited). */
  capacity: bigint | null;
  /** A finite space usable as a digit of a composite key: value number k of size. */
  domain: { size: bigint; at(k: string): string } | null;
  /**
   * For a table that already has rows: an expression over the column (SQL `col`) giving the
   * idx unique() would have produced that value from, or NULL. max()+1 is the first free idx.
   */
  idxOf: ((col: string) => string) | null;
  /** value + units (for CHECK (a < b): b = a + delta); null when the space has no units. */
  plusUnits: ((value: string, units: string) => string) | null;
}

export interface FillDialect {
  readonly name: 'postgres' | 'mysql';
  readonly engine: Engine;
  /** Rows per INSERT statement. */
  readonly chunkRows: number;
  readSchema(): Promise<SchemaInfo>;
  ident(name: string): string;
  /** Qualified, quoted name of a table given its key (schema.table). */
  tableSql(t: Pick<TableInfo, 'schema' | 'name'>): string;
  str(s: string): string;
  /** Non-negative integer below 2^31, deterministic in (n, salt). */
  hash(n: string, salt: number): string;
  /** Integer in [0, size), deterministic in (n, salt); size a positive constant. */
  rand(n: string, salt: number, size: bigint): string;
  /** Integer in [0, size) for a size that is itself an SQL expression (≥ 1). */
  randDyn(n: string, salt: number, size: string): string;
  /** Integer division of non-negative integers. */
  idiv(a: string, b: string): string;
  /** SQL for the column's values in a space (already narrowed by its CHECKs). */
  gen(col: ColumnInfo, space: Space, salt: number): ColumnGen;
  /** A typed NULL for the column. */
  nullOf(col: ColumnInfo): string;
  /** Casts a value to the column's type where the dialect needs it. */
  cast(col: ColumnInfo, value: string): string;
  /** FROM item yielding rows numbered first..last in a column; returns [fromSql, nSql]. */
  rowSource(first: number, last: number): { from: string; n: string };
  /** INSERT … SELECT: the ordering/conflict tails the dialect needs. */
  insertSql(
    t: TableInfo,
    columns: string[],
    select: string,
    opts: { ignoreConflicts: boolean; ordered: boolean; n: string },
  ): string;
  /** Creates a temporary table name(k, c0, c1, ...) of the distinct non-null tuples of cols, k = 0..count-1 in key order. */
  createRankTable(
    name: string,
    parent: Pick<TableInfo, 'schema' | 'name'>,
    cols: string[],
    where?: string,
  ): Promise<number>;
  /**
   * For a foreign key that shares columns with another one (tenant_id in both (tenant_id,
   * user_id) and (tenant_id, project_id)): temporary tables name(g0.., c0.., k) with k
   * numbering the tuples within each group g, and name_n(g0.., cnt). Returns the row count.
   */
  createGroupedRankTable(
    name: string,
    parent: Pick<TableInfo, 'schema' | 'name'>,
    groupCols: string[],
    cols: string[],
  ): Promise<number>;
  /** Copies a rank table (MySQL cannot open a temporary table twice in one statement). */
  copyRankTable(from: string, to: string): Promise<void>;
  dropTemp(name: string): Promise<void>;
  /** Session settings for the fill (and how to undo them). */
  beginFill(): Promise<() => Promise<void>>;
  /** The names of the constraint a server error is about, and its kind. */
  describeError(err: unknown): {
    constraint: string | null;
    kind: 'check' | 'foreign key' | 'unique' | 'not null' | 'exclusion' | 'other';
    message: string;
  };
}
