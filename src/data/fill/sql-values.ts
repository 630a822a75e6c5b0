/**
 * The parts of the value SQL that PostgreSQL and MySQL build the same way: they differ only in
 * the dialect's own primitives (hash, unit conversions, identifier quoting), which are passed in,
 * so that both dialects draw the same numbers for the same seed and layout.
 */
import { WORDS, type Space, type UnitKind } from './columns.js';
import type { ColumnGen } from './dialect.js';
import type { TableInfo, ValueKind } from './types.js';

export const TWO31 = 2147483648n;

export function decimalFactor(scale: number): string {
  return scale <= 0 ? '1' : `0.${'0'.repeat(scale - 1)}1`;
}

/** Text pool for generated words and the offsets where words start (1-based). */
export function wordPool(minLength: number): { pool: string; starts: number[] } {
  const words: string[] = [];
  const starts: number[] = [];
  let len = 0;
  let i = 0;
  // A fixed, seed-independent sequence: variety comes from where values start.
  while (len < Math.max(1024, minLength * 2 + 64)) {
    const w = WORDS[(i * 7 + (i >> 3)) % WORDS.length]!;
    starts.push(len + 1);
    words.push(w);
    len += w.length + 1;
    i++;
  }
  return { pool: words.join(' '), starts: starts.filter((s) => s <= len - minLength) };
}

type Hash = (n: string, salt: number) => string;

/** Integer in [0, size) from a hash below 2^31; sizes past 2^31 combine two hashes. */
export function randSql(hash: Hash, n: string, salt: number, size: bigint): string {
  if (size <= 1n) return '0';
  if (size <= TWO31) return `(${hash(n, salt)} % ${size})`;
  return `((${hash(n, salt)} * 2147483648 + ${hash(n, salt ^ 0x2545f491)}) % ${size})`;
}

/** How a dialect turns integer units into values of a unit kind and back. */
export interface UnitsSql {
  value(kind: UnitKind, units: string, scale: number): string;
  unitsOf(kind: UnitKind, col: string, scale: number): string;
  plusUnits(kind: UnitKind, scale: number): (value: string, units: string) => string;
}

export function unitsGen(
  space: Extract<Space, { s: 'units' }>,
  rand: (n: string, size: bigint) => string,
  sql: UnitsSql,
): ColumnGen {
  const { kind, lo, hi, uniqueLo, uniqueHi, scale } = space;
  const size = uniqueHi - uniqueLo + 1n;
  return {
    random: (n) => sql.value(kind, `(${lo} + ${rand(n, hi - lo + 1n)})`, scale),
    unique: (idx) => sql.value(kind, `(${uniqueLo} + (${idx}))`, scale),
    capacity: size,
    domain: { size, at: (k) => sql.value(kind, `(${uniqueLo} + (${k}))`, scale) },
    idxOf: (c) => `(${sql.unitsOf(kind, c, scale)} - ${uniqueLo})`,
    plusUnits: sql.plusUnits(kind, scale),
  };
}

/** The parts of a ColumnGen of a space that has no unit arithmetic and is not a digit of a composite key. */
export const NO_DOMAIN = { domain: null, idxOf: null, plusUnits: null } as const;

/** Points scattered over longitude/latitude; distinct ones along the x axis. fn: the dialect's constructor. */
export function pointGen(fn: string, rand: (n: string, salt: number, size: bigint) => string, salt: number): ColumnGen {
  return {
    random: (n) => `${fn}(${rand(n, salt, 36000n)} * 0.01 - 180, ${rand(n, salt ^ 0x7f4a7c15, 18000n)} * 0.01 - 90)`,
    unique: (idx) => `${fn}((${idx}), 0)`,
    capacity: null,
    ...NO_DOMAIN,
  };
}

/** The key/value pairs of a generated JSON object; the dialect wraps them in its constructor. */
export function jsonObjectArgs(
  id: string,
  n: string,
  salt: number,
  rand: (n: string, salt: number, size: bigint) => string,
  words: (n: string, salt: number, lo: number, hi: number) => string,
): string {
  return `'id', ${id}, 'score', ${rand(n, salt, 1000n)}, 'tag', ${words(n, salt ^ 0x3c6ef372, 4, 12)}, 'active', ${rand(n, salt ^ 0x1b873593, 2n)} = 0`;
}

/** Aliased columns of a grouped rank table: groups g0.., tuples c0.., and their not-null filter. */
export function groupedRankColumns(
  ident: (name: string) => string,
  groupCols: string[],
  cols: string[],
): { g: string[]; c: string[]; select: string; notNull: string } {
  return {
    g: groupCols.map((_, i) => `g${i}`),
    c: cols.map((_, i) => `c${i}`),
    select: [...groupCols.map((x, i) => `${ident(x)} AS g${i}`), ...cols.map((x, i) => `${ident(x)} AS c${i}`)].join(
      ', ',
    ),
    notNull: [...groupCols, ...cols].map((x) => `${ident(x)} IS NOT NULL`).join(' AND '),
  };
}

/** Kinds that resolveSpace maps to units, choice or text spaces, which gen() builds itself. */
export type SpaceKind = Extract<
  ValueKind,
  {
    kind:
      | 'int'
      | 'decimal'
      | 'float'
      | 'money'
      | 'date'
      | 'timestamp'
      | 'time'
      | 'interval'
      | 'year'
      | 'text'
      | 'bool'
      | 'enum';
  }
>;

const SPACE_KINDS: ReadonlySet<ValueKind['kind']> = new Set<SpaceKind['kind']>([
  'int',
  'decimal',
  'float',
  'money',
  'date',
  'timestamp',
  'time',
  'interval',
  'year',
  'text',
  'bool',
  'enum',
]);

export function isSpaceKind(kind: ValueKind): kind is SpaceKind {
  return SPACE_KINDS.has(kind.kind);
}

/** A table as the schema readers start it, before its columns and constraints are added. */
export function emptyTableInfo(schema: string, name: string, display: string, partitioned: boolean): TableInfo {
  return {
    key: `${schema}.${name}`,
    schema,
    name,
    display,
    columns: [],
    uniques: [],
    foreignKeys: [],
    checks: [],
    opaqueConstraints: [],
    partitioned,
  };
}
