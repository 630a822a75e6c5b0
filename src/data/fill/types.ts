/**
 * The schema as the fill sees it (read from the catalogs by postgres.ts / mysql.ts), and the
 * kinds of values it knows how to generate.
 */

/** What a column holds, as far as generating values is concerned. */
export type ValueKind =
  /** Integers; min/max are the type's own range. */
  | { kind: 'int'; min: bigint; max: bigint }
  /** Fixed-point; precision null = unconstrained (PostgreSQL numeric). */
  | { kind: 'decimal'; precision: number | null; scale: number; unsigned: boolean }
  | { kind: 'float'; unsigned: boolean }
  | { kind: 'money' }
  /** maxLen in characters, null = unbounded. */
  | { kind: 'text'; maxLen: number | null }
  | { kind: 'bool' }
  | { kind: 'date' }
  /** mysqlTimestamp: MySQL TIMESTAMP (1970..2038). */
  | { kind: 'timestamp'; tz: boolean; mysqlTimestamp: boolean }
  | { kind: 'time'; tz: boolean }
  | { kind: 'interval' }
  | { kind: 'year' }
  | { kind: 'uuid' }
  | { kind: 'json'; binary: boolean }
  | { kind: 'bytes'; maxLen: number | null }
  | { kind: 'bits'; length: number; varying: boolean }
  /** Labels in their declared order (PostgreSQL enum types, MySQL ENUM, IN-list CHECKs). */
  | { kind: 'enum'; labels: string[] }
  /** MySQL SET. */
  | { kind: 'set'; labels: string[] }
  | { kind: 'inet'; family: 'any' | 'v4' | 'v6'; cidr: boolean }
  | { kind: 'macaddr'; bytes: 6 | 8 }
  | { kind: 'xml' }
  | { kind: 'tsvector' }
  | { kind: 'point' }
  | { kind: 'range'; sub: 'int4' | 'int8' | 'num' | 'date' | 'ts' | 'tstz' }
  | { kind: 'array'; element: ValueKind }
  | { kind: 'unknown'; reason: string };

export interface ColumnInfo {
  name: string;
  /** How the server names the type, for notices (e.g. "character varying(20)", "enum('a','b')"). */
  typeLabel: string;
  /** PostgreSQL: the SQL type to cast generated values to (format_type); MySQL: null. */
  castTo: string | null;
  kind: ValueKind;
  notNull: boolean;
  /** The column has a default (other than a sequence, which makes it serverAssigned). */
  hasDefault: boolean;
  /** identity, serial (nextval default), AUTO_INCREMENT: the server numbers it. */
  serverAssigned: boolean;
  /** Generated (computed) column: never inserted. */
  generated: boolean;
  /** CHECK constraints of a domain type, in terms of VALUE (PostgreSQL). */
  domainChecks: CheckInfo[];
}

export interface CheckInfo {
  name: string;
  /** The condition as the server prints it (PostgreSQL: pg_get_constraintdef, without CHECK). */
  expr: string;
  /** Columns it refers to, when the catalog says. */
  columns: string[];
}

export interface UniqueInfo {
  name: string;
  columns: string[];
  primary: boolean;
}

export interface ForeignKeyInfo {
  name: string;
  columns: string[];
  /** Key of the referenced table (TableInfo.key). */
  refTable: string;
  refColumns: string[];
}

export interface TableInfo {
  /** Stable identity: "schema.table" (PostgreSQL), "database.table" (MySQL). */
  key: string;
  schema: string;
  name: string;
  /** How results and notices name it: "public.events" (PostgreSQL), "events" (MySQL). */
  display: string;
  columns: ColumnInfo[];
  uniques: UniqueInfo[];
  foreignKeys: ForeignKeyInfo[];
  checks: CheckInfo[];
  /** Exclusion constraints and others the fill cannot reason about (tried, never planned for). */
  opaqueConstraints: string[];
  /** A partitioned table (PostgreSQL): rows go through the parent. */
  partitioned: boolean;
}

export interface SchemaInfo {
  tables: TableInfo[];
  /** The schema unqualified names resolve in first (PostgreSQL current_schema(), MySQL DATABASE()). */
  defaultSchema: string;
}

export interface FillNotice {
  table: string;
  column: string | null;
  reason: string;
}
