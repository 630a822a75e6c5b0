/**
 * The SQL of one table's values, from the decisions table-plan.ts made: one expression per
 * column over the row number n, and the joins to the rank tables of parent keys.
 */
import type { Space } from './columns.js';
import type { FillDialect } from './dialect.js';
import type { Col, Digit, FkUnit, Mode } from './table-plan.js';
import type { ForeignKeyInfo } from './types.js';

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * The enumeration of a composite key: row number -> mixed-radix digits, scrambled by a
 * multiplier coprime with the number of combinations so that neighbours differ everywhere.
 */
function scrambledRowIndex(n: string, digits: Digit[]): string {
  if (digits.length === 0) return `(${n} - 1)`;
  const enumSize = digits.reduce((acc, x) => acc * x.size, 1n);
  for (const mult of [1_000_003n, 999_983n, 104_729n, 7_919n, 613n, 101n, 13n]) {
    if (gcd(mult, enumSize) === 1n && enumSize * mult < 2n ** 62n) return `(((${n} - 1) * ${mult}) % ${enumSize})`;
  }
  return `(${n} - 1)`;
}

export class ValueSql {
  private readonly mixed: string;
  /** Place value of each digit of the enumeration. */
  private readonly radix: bigint[] = [];

  /**
   * n: the row number in SQL; existing: rows the table had before (new rows number from
   * existing + 1); col: a column by name; selfSalt: the salt of a self-reference's choices.
   */
  constructor(
    private readonly d: FillDialect,
    private readonly n: string,
    private readonly existing: number,
    private readonly digits: Digit[],
    private readonly col: (name: string) => Col,
    private readonly selfSalt: (fk: ForeignKeyInfo) => number,
  ) {
    this.mixed = scrambledRowIndex(n, digits);
    digits.reduce((acc, x) => {
      this.radix.push(acc);
      return acc * x.size;
    }, 1n);
  }

  private digit(i: number): string {
    return `(${this.d.idiv(this.mixed, String(this.radix[i]!))} % ${this.digits[i]!.size})`;
  }

  /** The unique index of a row: base for the first new row, one more for each after it. */
  private idx(base: bigint, rowN: string): string {
    return `(${base} + (${rowN} - ${this.existing + 1}))`;
  }

  /** NULL in about one row in ten. */
  private nullWrap(c: Col, salt: number, v: string): string {
    return `(CASE WHEN ${this.d.hash(this.n, salt ^ 0x5bd1e995)} % 10 = 0 THEN ${this.d.nullOf(c.info)} ELSE ${v} END)`;
  }

  /** Which parent row (0-based) a row takes. */
  private unitKey(u: FkUnit): string {
    const { d, n } = this;
    return u.how === 'grouped'
      ? d.randDyn(n, u.salt, `${u.alias}n.cnt`)
      : u.digit !== null
        ? this.digit(u.digit)
        : d.rand(n, u.salt, u.size);
  }

  /** A foreign-key column's value as the parent has it (no NULLs, no cast). */
  private rawFk(c: Col): string {
    const m = c.mode as Extract<Mode, { m: 'fk' }>;
    return m.unit.how === 'dense' ? `(${m.unit.min} + ${this.unitKey(m.unit)})` : `${m.unit.alias}.c${m.pos}`;
  }

  /** Joins to the rank tables of the units some column still takes its value from. */
  joins(units: FkUnit[], cols: Col[]): string[] {
    const joins: string[] = [];
    for (const u of units) {
      if (!cols.some((c) => c.mode.m === 'fk' && c.mode.unit === u)) continue;
      if (u.how === 'table') joins.push(`JOIN ${u.temp} ${u.alias} ON ${u.alias}.k = ${this.unitKey(u)}`);
      if (u.how === 'grouped') {
        const match = (alias: string): string =>
          u.groupColumns.map((gc, i) => `${alias}.g${i} = ${this.rawFk(this.col(gc))}`).join(' AND ');
        joins.push(`JOIN ${u.temp}_n ${u.alias}n ON ${match(`${u.alias}n`)}`);
        joins.push(`JOIN ${u.temp} ${u.alias} ON ${match(u.alias)} AND ${u.alias}.k = ${this.unitKey(u)}`);
      }
    }
    return joins;
  }

  /** The column's value expression (depth bounds chains of CHECK (a < b) columns). */
  of(c: Col, depth = 0): string {
    const { d, n } = this;
    const m = c.mode;
    switch (m.m) {
      case 'omit':
        throw new Error('omitted column has no value');
      case 'null':
      case 'self-update':
        return d.nullOf(c.info);
      case 'random': {
        const v = d.cast(c.info, c.gen!.random(n));
        return c.notNull ? v : this.nullWrap(c, c.salt, v);
      }
      case 'unique':
        return d.cast(c.info, c.gen!.unique!(this.idx(m.base, n)));
      case 'digit':
        return d.cast(c.info, c.gen!.domain!.at(this.digit(m.digit)));
      case 'fk': {
        const u = m.unit;
        const v = d.cast(c.info, this.rawFk(c));
        return u.nullable && u.digit === null ? this.nullWrap(c, u.salt, v) : v;
      }
      case 'self':
        return this.selfReference(c, m);
      case 'after':
        return this.after(c, m, depth);
      case 'self-pending':
        throw new Error('unresolved self-reference');
    }
  }

  /** The key of an earlier new row of the same fill. */
  private selfReference(c: Col, m: Extract<Mode, { m: 'self' }>): string {
    const { d, n } = this;
    const ref = this.col(m.fk.refColumns[m.fk.columns.indexOf(c.info.name)]!);
    const refMode = ref.mode as { m: 'unique'; base: bigint };
    const salt = this.selfSalt(m.fk);
    const first = this.existing + 1;
    const j = `(${first} + ${d.randDyn(n, salt, `GREATEST(${n} - ${first}, 1)`)})`;
    const v = d.cast(c.info, ref.gen!.unique!(this.idx(refMode.base, j)));
    // Nullable: roots are the first new row and about one row in ten. NOT NULL: the first new
    // row references itself.
    if (m.nullable)
      return `(CASE WHEN ${n} = ${first} OR ${d.hash(n, salt ^ 0x5bd1e995)} % 10 = 0 THEN ${d.nullOf(c.info)} ELSE ${v} END)`;
    return v;
  }

  /** CHECK (a < b): b is a's value plus a random step, or its own random value where a is NULL. */
  private after(b: Col, m: Extract<Mode, { m: 'after' }>, depth: number): string {
    const { d, n } = this;
    const a = this.col(m.of);
    const bs = b.space as Extract<Space, { s: 'units' }>;
    const step = (bs.hi - bs.lo) / 10n > 0n ? (bs.hi - bs.lo) / 10n : 1n;
    const delta = `(${m.strict ? 1 : 0} + ${d.rand(n, b.salt ^ 0x27d4eb2f, step)})`;
    const aValue = depth > 5 ? d.cast(a.info, a.gen!.random(n)) : this.of(a, depth + 1);
    const own = d.cast(b.info, b.gen!.random(n));
    const v = `COALESCE(${d.cast(b.info, a.gen!.plusUnits!(aValue, delta))}, ${own})`;
    return b.notNull ? v : this.nullWrap(b, b.salt, v);
  }
}
