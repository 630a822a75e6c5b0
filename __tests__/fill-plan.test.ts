/**
 * The parts of the synthetic fill that need no server: reading CHECK conditions as PostgreSQL
 * and MySQL/MariaDB print them, value spaces, table selection and foreign-key order.
 */
import { analyzeCheck } from '../src/data/fill/checks.js';
import { resolveSpace, saltOf, uniqueTextLayout } from '../src/data/fill/columns.js';
import { parseEnumLabels } from '../src/data/fill/mysql.js';
import { fillOrder, resolveTargets } from '../src/data/fill/plan.js';
import type { ColumnInfo, ForeignKeyInfo, SchemaInfo, TableInfo, ValueKind } from '../src/data/fill/types.js';
import { UsageError } from '../src/util/errors.js';

const q = { str: (s: string) => `'${s.replace(/'/g, "''")}'` };
const INT: ValueKind = { kind: 'int', min: -2147483648n, max: 2147483647n };

describe('CHECK conditions', () => {
  test('PostgreSQL bounds, lists and lengths', () => {
    const cols = ['a', 'b', 's', 'v', 'l', 'c', 'z'];
    const a = analyzeCheck('CHECK (((b >= (0)::numeric) AND (b <= (100)::numeric)))', cols, 'postgres');
    expect(a.understood).toBe(true);
    expect(a.restrictions.get('b')).toMatchObject({
      lower: [{ inclusive: true, value: { type: 'number', value: 0 } }],
      upper: [{ inclusive: true, value: { type: 'number', value: 100 } }],
    });
    const s = analyzeCheck("CHECK ((s = ANY (ARRAY['x'::text, 'y'::text])))", cols, 'postgres');
    expect(s.restrictions.get('s')?.allowed).toEqual([
      [
        { type: 'string', value: 'x' },
        { type: 'string', value: 'y' },
      ],
    ]);
    const v = analyzeCheck(
      "CHECK (((v)::text = ANY ((ARRAY['p'::character varying, 'q'::character varying])::text[])))",
      cols,
      'postgres',
    );
    expect(v.understood).toBe(true);
    expect(v.restrictions.get('v')?.allowed[0]?.map((x) => (x.type === 'string' ? x.value : null))).toEqual(['p', 'q']);
    expect(analyzeCheck('CHECK ((length(l) <= 5))', cols, 'postgres').restrictions.get('l')?.maxLen).toBe(5);
    expect(
      analyzeCheck("CHECK ((z > '-5'::integer))", cols, 'postgres').restrictions.get('z')?.lower[0]?.value,
    ).toEqual({ type: 'string', value: '-5' });
    expect(analyzeCheck('CHECK ((a < c))', cols, 'postgres').restrictions.get('a')?.lessThan).toEqual([
      { column: 'c', strict: true },
    ]);
    expect(
      analyzeCheck('CHECK ((a <> ALL (ARRAY[1, 2])))', cols, 'postgres').restrictions.get('a')?.notEqual,
    ).toHaveLength(2);
    expect(analyzeCheck("CHECK ((v ~ '^[A-Z]+$'::text))", cols, 'postgres').understood).toBe(false);
    expect(analyzeCheck('CHECK (((a > 0) OR (c > 0)))', cols, 'postgres').understood).toBe(false);
    // a domain's check, in terms of VALUE
    expect(analyzeCheck('CHECK ((VALUE > 0))', ['VALUE'], 'postgres').restrictions.get('VALUE')?.lower).toHaveLength(1);
  });

  test('MariaDB and MySQL spellings', () => {
    const cols = ['a', 'b', 'status', 'short', 'j', 'price'];
    expect(analyzeCheck('`a` > 0', cols, 'mysql').restrictions.get('a')?.lower[0]).toMatchObject({ inclusive: false });
    expect(
      analyzeCheck("`status` in ('new','paid')", cols, 'mysql').restrictions.get('status')?.allowed[0],
    ).toHaveLength(2);
    expect(
      analyzeCheck("(`status` in (_utf8mb4'new',_utf8mb4'paid'))", cols, 'mysql').restrictions.get('status')
        ?.allowed[0],
    ).toEqual([
      { type: 'string', value: 'new' },
      { type: 'string', value: 'paid' },
    ]);
    expect(analyzeCheck('json_valid(`j`)', cols, 'mysql').restrictions.get('j')?.json).toBe(true);
    expect(analyzeCheck('char_length(`short`) <= 4', cols, 'mysql').restrictions.get('short')?.maxLen).toBe(4);
    // (b < a or b is null): satisfying b < a is enough
    const or = analyzeCheck('`b` < `a` or `b` is null', cols, 'mysql');
    expect(or.understood).toBe(true);
    expect(or.restrictions.get('b')?.lessThan).toEqual([{ column: 'a', strict: true }]);
    const between = analyzeCheck('`price` between 1 and 5', cols, 'mysql');
    expect(between.restrictions.get('price')).toMatchObject({
      lower: [{ inclusive: true }],
      upper: [{ inclusive: true }],
    });
    expect(analyzeCheck("`a` regexp '^[0-9]+$'", cols, 'mysql').understood).toBe(false);
    expect(analyzeCheck("'it''s' = `status`", cols, 'mysql').restrictions.get('status')?.allowed[0]).toEqual([
      { type: 'string', value: "it's" },
    ]);
  });

  test('garbage is simply not understood', () => {
    expect(analyzeCheck('CHECK ((', ['a'], 'postgres')).toEqual({ restrictions: new Map(), understood: false });
  });
});

describe('value spaces', () => {
  test('integer bounds from CHECKs, holes from <>', () => {
    const r = analyzeCheck('CHECK (((c >= 1) AND (c <= 5) AND (c <> 3)))', ['c'], 'postgres').restrictions.get('c');
    const space = resolveSpace(INT, r, q);
    expect(space).toMatchObject({ s: 'units', lo: 1n, hi: 2n });
    const wide = resolveSpace(
      { kind: 'int', min: -32768n, max: 32767n },
      analyzeCheck('CHECK ((x > 40000))', ['x'], 'postgres').restrictions.get('x'),
      q,
    );
    expect(wide).toMatchObject({ s: 'impossible' });
    const neg = resolveSpace(INT, analyzeCheck('CHECK ((x < -10))', ['x'], 'postgres').restrictions.get('x'), q);
    expect(neg).toMatchObject({ s: 'units', hi: -11n });
    expect(neg.s === 'units' && neg.lo < neg.hi).toBe(true);
    // unique integers start at 1 and run to the type's end
    expect(resolveSpace(INT, undefined, q)).toMatchObject({ lo: 0n, uniqueLo: 1n, uniqueHi: 2147483647n });
  });

  test('decimals in units of the scale; dates in days from 2000-01-01', () => {
    const dec = resolveSpace(
      { kind: 'decimal', precision: 10, scale: 2, unsigned: false },
      analyzeCheck(
        'CHECK (((price > (0)::numeric) AND (price <= (500)::numeric)))',
        ['price'],
        'postgres',
      ).restrictions.get('price'),
      q,
    );
    expect(dec).toMatchObject({ s: 'units', lo: 1n, hi: 50000n, scale: 2 });
    const date = resolveSpace(
      { kind: 'date' },
      analyzeCheck("CHECK ((d >= '2020-01-01'::date))", ['d'], 'postgres').restrictions.get('d'),
      q,
    );
    expect(date).toMatchObject({ s: 'units', lo: 7305n });
  });

  test('IN lists meet enum labels and other bounds', () => {
    const r = analyzeCheck(
      "CHECK ((m = ANY (ARRAY['ok'::mood, 'happy'::mood, 'nope'::mood])))",
      ['m'],
      'postgres',
    ).restrictions.get('m');
    expect(resolveSpace({ kind: 'enum', labels: ['sad', 'ok', 'happy'] }, r, q)).toEqual({
      s: 'choice',
      kind: expect.anything(),
      values: ["'ok'", "'happy'"],
    });
    const none = analyzeCheck("CHECK ((m = 'angry'::mood))", ['m'], 'postgres').restrictions.get('m');
    expect(resolveSpace({ kind: 'enum', labels: ['sad', 'ok'] }, none, q)).toMatchObject({ s: 'impossible' });
    const nums = analyzeCheck('CHECK (((n = ANY (ARRAY[1, 2, 3])) AND (n > 1)))', ['n'], 'postgres').restrictions.get(
      'n',
    );
    expect(resolveSpace(INT, nums, q)).toMatchObject({ s: 'choice', values: ['2', '3'] });
  });

  test('text lengths; CHAR(36) reads as a UUID; MariaDB JSON as JSON', () => {
    expect(
      resolveSpace(
        { kind: 'text', maxLen: 10 },
        analyzeCheck('CHECK ((length(t) >= 3))', ['t'], 'postgres').restrictions.get('t'),
        q,
      ),
    ).toEqual({
      s: 'text',
      minLen: 3,
      maxLen: 10,
    });
    expect(
      resolveSpace(
        { kind: 'text', maxLen: 2 },
        analyzeCheck('CHECK ((length(t) >= 3))', ['t'], 'postgres').restrictions.get('t'),
        q,
      ),
    ).toMatchObject({ s: 'impossible' });
    expect(resolveSpace({ kind: 'text', maxLen: 36 }, undefined, q)).toEqual({ s: 'other', kind: { kind: 'uuid' } });
    expect(
      resolveSpace(
        { kind: 'text', maxLen: null },
        analyzeCheck('json_valid(`j`)', ['j'], 'mysql').restrictions.get('j'),
        q,
      ),
    ).toEqual({
      s: 'other',
      kind: { kind: 'json', binary: false },
    });
  });

  test('unique text keeps within the length', () => {
    expect(uniqueTextLayout('email', 0, 255)).toMatchObject({ prefix: 'user', suffix: '@example.com', pad: 0 });
    expect(uniqueTextLayout('code', 0, 8)).toMatchObject({ prefix: 'c', maxNumber: 9_999_999n });
    expect(uniqueTextLayout('code', 8, 8)).toMatchObject({ prefix: 'c', pad: 7 });
    expect(uniqueTextLayout('x', 0, 3)).toMatchObject({ prefix: '', maxNumber: 999n });
  });

  test('salts depend on seed, table and column only', () => {
    expect(saltOf(1, 'public.t', 'a')).toBe(saltOf(1, 'public.t', 'a'));
    expect(saltOf(1, 'public.t', 'a')).not.toBe(saltOf(2, 'public.t', 'a'));
    expect(saltOf(1, 'public.t', 'a')).not.toBe(saltOf(1, 'public.t', 'b'));
    expect(saltOf(123456789, 't', 'a')).toBeGreaterThanOrEqual(0);
    expect(saltOf(123456789, 't', 'a')).toBeLessThan(2 ** 31);
  });

  test('MySQL ENUM and SET labels', () => {
    expect(parseEnumLabels("enum('a','b''c','d,e')")).toEqual(['a', "b'c", 'd,e']);
    expect(parseEnumLabels("set('red','green')")).toEqual(['red', 'green']);
  });
});

function column(name: string, notNull = true): ColumnInfo {
  return {
    name,
    typeLabel: 'integer',
    castTo: 'integer',
    kind: INT,
    notNull,
    hasDefault: false,
    serverAssigned: false,
    generated: false,
    domainChecks: [],
  };
}

function table(name: string, fks: [string, string, boolean][] = [], schema = 'public'): TableInfo {
  const foreignKeys: ForeignKeyInfo[] = fks.map(([col, ref]) => ({
    name: `${name}_${col}_fkey`,
    columns: [col],
    refTable: `public.${ref}`,
    refColumns: ['id'],
  }));
  return {
    key: `${schema}.${name}`,
    schema,
    name,
    display: `${schema}.${name}`,
    columns: [column('id'), ...fks.map(([col, , nullable]) => column(col, !nullable))],
    uniques: [{ name: `${name}_pkey`, columns: ['id'], primary: true }],
    foreignKeys,
    checks: [],
    opaqueConstraints: [],
    partitioned: false,
  };
}

describe('tables and order', () => {
  const schema: SchemaInfo = {
    defaultSchema: 'public',
    tables: [
      table('orders', [['customer_id', 'customers', false]]),
      table('customers'),
      table('events'),
      table('events', [], 'audit'),
    ],
  };

  test('every table by default, overrides by name or schema.name, 0 leaves a table out', () => {
    const t = resolveTargets(schema, { rows: 100, tables: { customers: 5, 'audit.events': 0 } });
    expect(Object.fromEntries(t)).toEqual({ 'public.orders': 100, 'public.customers': 5, 'public.events': 100 });
    // unqualified: the default schema wins
    expect(Object.fromEntries(resolveTargets(schema, { rows: 0, tables: { events: 7 } }))).toEqual({
      'public.events': 7,
    });
    expect(Object.fromEntries(resolveTargets(schema, { rows: 0, tables: { ORDERS: 3 } }))).toEqual({
      'public.orders': 3,
    });
  });

  test('a table that does not exist, or a bad count, is a usage error', () => {
    expect(() => resolveTargets(schema, { rows: 0, tables: { evnets: 1 } })).toThrow(UsageError);
    expect(() => resolveTargets(schema, { rows: 0, tables: { evnets: 1 } })).toThrow(
      /"evnets" does not exist; the tables are: audit\.events, public\.customers, public\.events, public\.orders/,
    );
    expect(() => resolveTargets(schema, { rows: -1, tables: {} })).toThrow(UsageError);
    expect(() => resolveTargets(schema, { rows: 1.5, tables: {} })).toThrow(UsageError);
  });

  test('parents first; a cycle is broken at a nullable foreign key', () => {
    const tables = [
      table('c', [['b_id', 'b', false]]),
      table('b', [['a_id', 'a', false]]),
      table('a', [['c_id', 'c', true]]),
      table('solo'),
      table('tree', [['parent_id', 'tree', true]]),
    ];
    const targets = new Map(tables.map((t) => [t.key, 10]));
    const { order, nullForeignKeys, blocked } = fillOrder(tables, targets);
    expect(order.map((t) => t.name)).toEqual(['solo', 'tree', 'a', 'b', 'c']);
    expect([...(nullForeignKeys.get('public.a') ?? [])]).toEqual(['a_c_id_fkey']);
    expect(blocked).toEqual([]);
  });

  test('a cycle of NOT NULL foreign keys blocks its tables', () => {
    const tables = [table('x', [['y_id', 'y', false]]), table('y', [['x_id', 'x', false]]), table('free')];
    const { order, blocked } = fillOrder(tables, new Map(tables.map((t) => [t.key, 10])));
    expect(order.map((t) => t.name)).toEqual(['free']);
    expect(blocked.map((b) => b.table)).toEqual(['public.x', 'public.y']);
    expect(blocked[0]!.reason).toMatch(/cycle/);
  });
});
