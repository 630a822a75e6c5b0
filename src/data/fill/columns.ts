/**
 * Per-column value spaces: what a column may hold once its type, its length or precision and
 * the CHECK constraints we understood are taken together. The dialects (postgres.ts,
 * mysql.ts) turn a space into SQL expressions.
 */
import { emptyRestriction, mergeRestriction, type Literal, type Restriction } from './checks.js';
import type { ValueKind } from './types.js';

/** Kinds whose values map one-to-one onto integers ("units"), e.g. a date onto days since 2000-01-01. */
export type UnitKind = Extract<
  ValueKind,
  { kind: 'int' | 'decimal' | 'float' | 'money' | 'date' | 'timestamp' | 'time' | 'interval' | 'year' }
>;

export type Space =
  /** value = f(u), u an integer in [lo, hi]; uniqueHi bounds the unique values (the type's or CHECK's limit). */
  | { s: 'units'; kind: UnitKind; lo: bigint; hi: bigint; uniqueLo: bigint; uniqueHi: bigint; scale: number }
  /** One of these SQL-ready literal texts (enum labels, IN lists, booleans). */
  | { s: 'choice'; kind: ValueKind; values: string[] }
  | { s: 'text'; minLen: number; maxLen: number | null }
  | { s: 'other'; kind: ValueKind }
  | { s: 'impossible'; reason: string };

export const EPOCH_2000_MS = Date.UTC(2000, 0, 1);
const DAY = 86400;
const YEARS_25_DAYS = 9131;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** The type's own unit range and the default range for random values. */
function unitRanges(kind: UnitKind): { typeLo: bigint; typeHi: bigint; defLo: bigint; defHi: bigint; scale: number } {
  switch (kind.kind) {
    case 'int': {
      const defLo = maxBig(kind.min, 0n);
      return { typeLo: kind.min, typeHi: kind.max, defLo, defHi: minBig(kind.max, defLo + 999_999n), scale: 0 };
    }
    case 'decimal': {
      const scale = kind.precision === null ? 2 : Math.max(0, kind.scale);
      const digits = kind.precision === null ? 18 : kind.precision;
      const max = pow10(digits) - 1n;
      const typeLo = kind.unsigned ? 0n : -max;
      return { typeLo, typeHi: max, defLo: 0n, defHi: minBig(max, 100_000n * pow10(scale) - 1n), scale };
    }
    case 'float':
      return {
        typeLo: kind.unsigned ? 0n : -(10n ** 15n),
        typeHi: 10n ** 15n,
        defLo: 0n,
        defHi: 10_000_000n,
        scale: 2,
      };
    case 'money':
      return { typeLo: -(10n ** 15n), typeHi: 10n ** 15n, defLo: 0n, defHi: 10_000_000n, scale: 2 };
    case 'date':
      // MySQL DATE: 1000-01-01 .. 9999-12-31; PostgreSQL allows far more, no need.
      return { typeLo: -365_243n, typeHi: 2_921_938n, defLo: 0n, defHi: BigInt(YEARS_25_DAYS - 1), scale: 0 };
    case 'timestamp':
      if (kind.mysqlTimestamp) {
        // 1970-01-02 .. 2038-01-18 (a day of margin for the session's time zone)
        return {
          typeLo: -946_598_400n,
          typeHi: 1_200_614_400n,
          defLo: 0n,
          defHi: BigInt(YEARS_25_DAYS * DAY - 1),
          scale: 0,
        };
      }
      return {
        typeLo: -31_556_908_800n,
        typeHi: 252_423_993_599n,
        defLo: 0n,
        defHi: BigInt(YEARS_25_DAYS * DAY - 1),
        scale: 0,
      };
    case 'time':
      return { typeLo: 0n, typeHi: BigInt(DAY - 1), defLo: 0n, defHi: BigInt(DAY - 1), scale: 0 };
    case 'interval':
      return { typeLo: 0n, typeHi: 10n ** 12n, defLo: 0n, defHi: BigInt(30 * DAY), scale: 0 };
    case 'year':
      return { typeLo: 1901n, typeHi: 2155n, defLo: 1990n, defHi: 2030n, scale: 0 };
  }
}

/** A literal in a unit kind's units (null when it does not read as one). */
export function literalUnits(kind: UnitKind, lit: Literal, scale: number): number | null {
  if (lit.type === 'bool') return lit.value ? 1 : 0;
  const text = lit.type === 'number' ? lit.text : lit.value.trim();
  switch (kind.kind) {
    case 'int':
    case 'decimal':
    case 'float':
    case 'money':
    case 'year':
    case 'interval': {
      const v = Number(text.replace(/^\$/, '').replace(/,/g, ''));
      return Number.isFinite(v) ? v * 10 ** scale : null;
    }
    case 'date':
    case 'timestamp': {
      const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?/.exec(text);
      if (!m) return null;
      const ms = Date.UTC(
        Number(m[1]),
        Number(m[2]) - 1,
        Number(m[3]),
        Number(m[4] ?? 0),
        Number(m[5] ?? 0),
        Number(m[6] ?? 0),
      );
      const secs = (ms - EPOCH_2000_MS) / 1000;
      return kind.kind === 'date' ? secs / DAY : secs;
    }
    case 'time': {
      const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(text);
      return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0) : null;
    }
  }
}

export function isUnitKind(kind: ValueKind): kind is UnitKind {
  return ['int', 'decimal', 'float', 'money', 'date', 'timestamp', 'time', 'interval', 'year'].includes(kind.kind);
}

/** Literal as text for comparisons of IN lists. */
function literalText(lit: Literal): string {
  if (lit.type === 'number') return lit.text;
  if (lit.type === 'bool') return lit.value ? 'true' : 'false';
  return lit.value;
}

function intersectLists(lists: Literal[][]): Literal[] | null {
  if (lists.length === 0) return null;
  let acc = lists[0]!;
  for (const l of lists.slice(1)) {
    const keys = new Set(l.map(literalText));
    acc = acc.filter((x) => keys.has(literalText(x)));
  }
  // distinct, in order
  const seen = new Set<string>();
  return acc.filter((x) => {
    const k = literalText(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Literal check of one candidate value against bounds and lengths (used to filter IN lists and
 * enum labels).
 */
function candidateAllowed(kind: ValueKind, value: Literal, r: Restriction): boolean {
  if (r.notEqual.some((x) => literalText(x) === literalText(value))) return false;
  const text = literalText(value);
  if (r.minLen !== null && [...text].length < r.minLen) return false;
  if (r.maxLen !== null && [...text].length > r.maxLen) return false;
  if (kind.kind === 'text' && kind.maxLen !== null && [...text].length > kind.maxLen) return false;
  if (isUnitKind(kind)) {
    const scale = unitRanges(kind).scale;
    const u = literalUnits(kind, value, scale);
    if (u === null) return true;
    for (const b of r.lower) {
      const l = literalUnits(kind, b.value, scale);
      if (l !== null && (b.inclusive ? u < l : u <= l)) return false;
    }
    for (const b of r.upper) {
      const h = literalUnits(kind, b.value, scale);
      if (h !== null && (b.inclusive ? u > h : u >= h)) return false;
    }
  }
  return true;
}

/** Renders a literal for a choice space: the dialect quotes strings; numbers stay bare. */
export interface LiteralRenderer {
  str(s: string): string;
}

/** How a literal reads as a boolean (CHECK (flag IN (1)), (flag = 't')). */
function isTruthy(lit: Literal): boolean {
  return lit.type === 'bool'
    ? lit.value
    : lit.type === 'number'
      ? lit.value !== 0
      : /^(t|true|y|yes|on|1)$/i.test(lit.value);
}

function renderChoice(kind: ValueKind, lit: Literal, q: LiteralRenderer): string {
  if (kind.kind === 'bool') return isTruthy(lit) ? 'TRUE' : 'FALSE';
  if (
    lit.type === 'number' &&
    isUnitKind(kind) &&
    kind.kind !== 'date' &&
    kind.kind !== 'timestamp' &&
    kind.kind !== 'time'
  )
    return lit.text;
  return q.str(literalText(lit));
}

/**
 * The value space of a column: its kind narrowed by the restrictions from CHECKs. A CHECK the
 * space cannot meet gives { s: 'impossible' } with the reason.
 */
export function resolveSpace(kind: ValueKind, restriction: Restriction | undefined, q: LiteralRenderer): Space {
  const r = restriction ?? emptyRestriction();
  if (r.json && (kind.kind === 'text' || kind.kind === 'json'))
    return { s: 'other', kind: { kind: 'json', binary: false } };
  const allowed = intersectLists(r.allowed);
  if (kind.kind === 'enum' || kind.kind === 'bool' || allowed !== null) return choiceSpace(kind, allowed, r, q);
  if (isUnitKind(kind)) return unitsSpace(kind, r);
  // CHAR(36) / VARCHAR(36): almost always a UUID in text form.
  if (kind.kind === 'text' && kind.maxLen === 36 && r.minLen === null && r.maxLen === null)
    return { s: 'other', kind: { kind: 'uuid' } };
  if (kind.kind === 'text') {
    const minLen = Math.max(r.minLen ?? 0, 0);
    let maxLen = kind.maxLen;
    if (r.maxLen !== null) maxLen = maxLen === null ? r.maxLen : Math.min(maxLen, r.maxLen);
    if (maxLen !== null && (maxLen < minLen || maxLen < 1))
      return { s: 'impossible', reason: 'no length satisfies it' };
    return { s: 'text', minLen, maxLen };
  }
  return { s: 'other', kind };
}

/** Enum labels, booleans or an IN list, each kept only where every restriction allows it. */
function choiceSpace(kind: ValueKind, allowed: Literal[] | null, r: Restriction, q: LiteralRenderer): Space {
  let candidates: Literal[];
  if (kind.kind === 'enum') {
    candidates = kind.labels.map((l): Literal => ({ type: 'string', value: l }));
    if (allowed) {
      const keys = new Set(allowed.map(literalText));
      candidates = candidates.filter((c) => keys.has(literalText(c)));
    }
  } else if (kind.kind === 'bool') {
    candidates = [
      { type: 'bool', value: false },
      { type: 'bool', value: true },
    ];
    if (allowed) {
      const keys = new Set(allowed.map(isTruthy));
      candidates = candidates.filter((c) => keys.has(isTruthy(c)));
    }
  } else {
    candidates = allowed!;
  }
  candidates = candidates.filter((c) => candidateAllowed(kind, c, r));
  if (candidates.length === 0) return { s: 'impossible', reason: 'no value satisfies it' };
  return { s: 'choice', kind, values: candidates.map((c) => renderChoice(kind, c, q)) };
}

/** The type's range cut by the CHECK's bounds and excluded values; random values from its usual window within. */
function unitsSpace(kind: UnitKind, r: Restriction): Space {
  const ranges = unitRanges(kind);
  const { scale } = ranges;
  let [L, U] = boundedRange(kind, r, ranges.typeLo, ranges.typeHi, scale);
  const excluded = excludedUnits(kind, r, scale, L, U);
  if (excluded.length > 0) {
    const best = widestGap(excluded, L, U);
    if (!best) return { s: 'impossible', reason: 'no value in range' };
    [L, U] = best;
  }
  if (L > U) return { s: 'impossible', reason: 'its bounds leave no value' };
  const span = ranges.defHi - ranges.defLo;
  let lo = maxBig(L, ranges.defLo);
  let hi = minBig(U, ranges.defHi);
  if (lo > hi) {
    // The usual window lies outside the allowed range: a window as wide at the range's near end.
    if (U < ranges.defLo) {
      hi = U;
      lo = maxBig(L, U - span);
    } else {
      lo = L;
      hi = minBig(U, L + span);
    }
  }
  // Unique values start where random ones do (integers at 1 rather than 0) and may run up to the limit.
  const uniqueLo = kind.kind === 'int' && lo === 0n && U >= 1n ? 1n : lo;
  return { s: 'units', kind, lo, hi, uniqueLo, uniqueHi: U, scale };
}

/** [L, U] in units: the type's range narrowed by the lower and upper bounds that read as units. */
function boundedRange(kind: UnitKind, r: Restriction, typeLo: bigint, typeHi: bigint, scale: number): [bigint, bigint] {
  let L = typeLo;
  let U = typeHi;
  for (const b of r.lower) {
    const u = literalUnits(kind, b.value, scale);
    if (u === null) continue;
    let v = BigInt(Math.ceil(u));
    if (!b.inclusive && Number.isInteger(u)) v += 1n;
    if (v > L) L = v;
  }
  for (const b of r.upper) {
    const u = literalUnits(kind, b.value, scale);
    if (u === null) continue;
    let v = BigInt(Math.floor(u));
    if (!b.inclusive && Number.isInteger(u)) v -= 1n;
    if (v < U) U = v;
  }
  return [L, U];
}

/** The values the CHECK excludes (col <> x, NOT IN) that fall within [L, U], ascending. */
function excludedUnits(kind: UnitKind, r: Restriction, scale: number, L: bigint, U: bigint): bigint[] {
  return r.notEqual
    .map((x) => literalUnits(kind, x, scale))
    .filter((x): x is number => x !== null && Number.isInteger(x))
    .map((x) => BigInt(x))
    .filter((x) => x >= L && x <= U)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The widest stretch of [L, U] without the excluded values (the first of equals), or null when none is left. */
function widestGap(excluded: bigint[], L: bigint, U: bigint): [bigint, bigint] | null {
  let best: [bigint, bigint] | null = null;
  let start = L;
  for (const x of [...excluded, U + 1n]) {
    const end = x - 1n;
    if (end >= start && (best === null || end - start > best[1] - best[0])) best = [start, end];
    start = x + 1n;
  }
  return best;
}

/** Restrictions of a column from its domain's checks and the table's checks, merged. */
export function combine(restrictions: (Restriction | undefined)[]): Restriction | undefined {
  const present = restrictions.filter((x): x is Restriction => x !== undefined);
  if (present.length === 0) return undefined;
  return present.reduce(mergeRestriction);
}

/** Number of decimal digits of a non-negative bigint. */
export function digits(n: bigint): number {
  return n <= 0n ? 1 : n.toString().length;
}

/**
 * Unique text: prefix + number (+ suffix), the number zero-padded only as far as a minimum
 * length asks. maxNumber is the largest number that still fits the maximum length.
 */
export interface UniqueTextLayout {
  prefix: string;
  suffix: string;
  /** Pad the number to at least this many digits (0: no padding). */
  pad: number;
  maxNumber: bigint;
}

export function uniqueTextLayout(column: string, minLen: number, maxLen: number | null): UniqueTextLayout {
  const isEmail = /e-?mail/i.test(column);
  const base =
    column
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 16) || 'v';
  const candidates: { prefix: string; suffix: string }[] = isEmail
    ? [
        { prefix: 'user', suffix: '@example.com' },
        { prefix: 'u', suffix: '@ex.io' },
        { prefix: '', suffix: '' },
      ]
    : [
        { prefix: `${base}-`, suffix: '' },
        { prefix: base.slice(0, 1), suffix: '' },
        { prefix: '', suffix: '' },
      ];
  // Prefer the most readable layout that still leaves room for 10^6 values.
  for (const c of candidates) {
    const fixed = c.prefix.length + c.suffix.length;
    const room = maxLen === null ? 18 : Math.min(18, maxLen - fixed);
    if (room >= 6 || (c.prefix === '' && room >= 1)) {
      return { ...c, pad: Math.max(0, minLen - fixed), maxNumber: 10n ** BigInt(room) - 1n };
    }
  }
  return { prefix: '', suffix: '', pad: minLen, maxNumber: 0n };
}

/** A small deterministic 32-bit hash (FNV-1a) for salts derived from names. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The salt of one (seed, table, column, purpose): distinct streams of pseudo-random numbers. */
export function saltOf(seed: number, table: string, column: string, purpose = ''): number {
  // 31 bits so that it stays a positive int4/int8 literal everywhere.
  return (fnv1a(`${seed}\u0000${table}\u0000${column}\u0000${purpose}`) ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 1;
}

/** Words for generated text (short, ASCII, varied lengths). */
export const WORDS = [
  'alpha',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  'india',
  'juliet',
  'kilo',
  'lima',
  'mike',
  'november',
  'oscar',
  'papa',
  'quebec',
  'romeo',
  'sierra',
  'tango',
  'uniform',
  'victor',
  'whiskey',
  'xray',
  'yankee',
  'zulu',
  'amber',
  'basil',
  'cedar',
  'dune',
  'ember',
  'fjord',
];

/** Random text length bounds for a text space. */
export function textLengths(space: { minLen: number; maxLen: number | null }): { lo: number; hi: number } {
  const maxLen = space.maxLen;
  let lo = Math.max(space.minLen, Math.min(5, maxLen ?? 5));
  let hi = Math.max(lo, Math.min(maxLen ?? 40, 40));
  if (space.minLen > 40) hi = maxLen === null ? space.minLen + 20 : Math.min(maxLen, space.minLen + 20);
  if (maxLen !== null) {
    hi = Math.min(hi, maxLen);
    lo = Math.min(lo, hi);
  }
  return { lo, hi };
}
