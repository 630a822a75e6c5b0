/**
 * PostgreSQL: the schema from pg_catalog, values as SQL over generate_series. Pseudo-random
 * numbers come from hashint8extended(n, salt) (PostgreSQL 11+), so the same seed gives the
 * same rows on every run and every server.
 */
import type { Engine } from '../../engines/engine.js';
import { resolveSpace, textLengths, uniqueTextLayout, type Space, type UnitKind } from './columns.js';
import type { ColumnGen, FillDialect } from './dialect.js';
import {
  NO_DOMAIN,
  decimalFactor,
  emptyTableInfo,
  groupedRankColumns,
  isSpaceKind,
  jsonObjectArgs,
  pointGen,
  randSql,
  unitsGen,
  wordPool,
  type UnitsSql,
} from './sql-values.js';
import type { CheckInfo, ColumnInfo, ForeignKeyInfo, SchemaInfo, TableInfo, UniqueInfo, ValueKind } from './types.js';

type Row = Record<string, unknown>;

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export function pgIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function pgStr(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

interface PgType {
  oid: string;
  name: string;
  schema: string;
  typtype: string;
  category: string;
  elem: string;
  base: string;
  typmod: number;
  notNull: boolean;
  label: string;
  rangeSub: string | null;
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
};

/** The catalog rows the fill reads, for every user table at once. */
interface PgCatalog {
  columns: Row[];
  types: Map<string, PgType>;
  enumLabels: Map<string, string[]>;
  domainChecks: Map<string, CheckInfo[]>;
  constraints: Row[];
  indexes: Row[];
}

/**
 * Reads the tables the fill writes to, as the fill sees them (column kinds, keys, CHECKs), from
 * the catalogs. Not the schema snapshot of engines/schema/postgres.ts, which compares schemas.
 */
export async function readPostgresFillSchema(engine: Engine): Promise<SchemaInfo> {
  const versionRows = await engine.query<{ v: string; s: string }>(
    `SELECT current_setting('server_version_num') AS v, current_schema() AS s`,
  );
  const version = Number(versionRows[0]?.v ?? 0);
  const defaultSchema = str(versionRows[0]?.s ?? 'public');
  const tables = await engine.query<Row>(
    `SELECT c.oid::int8::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 2, 3`,
  );
  const oids = tables.map((t) => str(t.oid));
  if (oids.length === 0) return { tables: [], defaultSchema };
  const columns = await readColumns(engine, oids, version);
  const types = await readTypes(engine, new Set(columns.map((c) => str(c.typid))));
  const typeOids = [...types.keys()];
  const enumRows = await engine.query<Row>(
    `SELECT enumtypid::int8::text AS typ, enumlabel AS label FROM pg_enum WHERE enumtypid = ANY($1::oid[]) ORDER BY enumtypid, enumsortorder`,
    [typeOids],
  );
  const domainCheckRows = await engine.query<Row>(
    `SELECT contypid::int8::text AS typ, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE contypid = ANY($1::oid[]) AND contype = 'c' ORDER BY conname`,
    [typeOids],
  );
  const catalog: PgCatalog = {
    columns,
    types,
    enumLabels: groupRows(enumRows, (r) => str(r.label)),
    domainChecks: groupRows(domainCheckRows, (r): CheckInfo => ({
      name: str(r.name),
      expr: str(r.def),
      columns: ['VALUE'],
    })),
    constraints: await readConstraints(engine, oids),
    indexes: await readUniqueIndexes(engine, oids),
  };
  return { tables: tables.map((t) => tableFromCatalog(catalog, t)), defaultSchema };
}

/** Rows grouped by their typ column, in row order. */
function groupRows<T>(rows: Row[], value: (r: Row) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(str(r.typ)) ?? [];
    list.push(value(r));
    out.set(str(r.typ), list);
  }
  return out;
}

async function readColumns(engine: Engine, oids: string[], version: number): Promise<Row[]> {
  const generatedCol = version >= 120000 ? 'a.attgenerated::text' : "''::text";
  return engine.query<Row>(
    `SELECT a.attrelid::int8::text AS rel, a.attname AS name, a.atttypid::int8::text AS typid, a.atttypmod AS typmod,
            a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity::text AS identity,
            ${generatedCol} AS generated, format_type(a.atttypid, a.atttypmod) AS label
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
    [oids],
  );
}

/** The columns' types, with the closure over domains' base types, arrays' elements and ranges' subtypes. */
async function readTypes(engine: Engine, columnTypes: Set<string>): Promise<Map<string, PgType>> {
  const types = new Map<string, PgType>();
  let wanted = columnTypes;
  while (wanted.size > 0) {
    const rows = await engine.query<Row>(
      `SELECT t.oid::int8::text AS oid, t.typname AS name, n.nspname AS schema, t.typtype::text AS typtype,
              t.typcategory::text AS category, t.typelem::int8::text AS elem, t.typbasetype::int8::text AS base,
              t.typtypmod AS typmod, t.typnotnull AS notnull, format_type(t.oid, NULL) AS label,
              r.rngsubtype::int8::text AS rangesub
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_range r ON r.rngtypid = t.oid
        WHERE t.oid = ANY($1::oid[])`,
      [[...wanted]],
    );
    const next = new Set<string>();
    for (const r of rows) {
      const t: PgType = {
        oid: str(r.oid),
        name: str(r.name),
        schema: str(r.schema),
        typtype: str(r.typtype),
        category: str(r.category),
        elem: str(r.elem),
        base: str(r.base),
        typmod: Number(r.typmod),
        notNull: r.notnull === true,
        label: str(r.label),
        rangeSub: r.rangesub === null || r.rangesub === undefined ? null : str(r.rangesub),
      };
      types.set(t.oid, t);
      for (const dep of [t.elem, t.base, t.rangeSub]) if (dep && dep !== '0' && !types.has(dep)) next.add(dep);
    }
    wanted = next;
  }
  return types;
}

async function readConstraints(engine: Engine, oids: string[]): Promise<Row[]> {
  return engine.query<Row>(
    `SELECT con.conrelid::int8::text AS rel, con.conname AS name, con.contype::text AS type,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY u(k, i)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = u.k ORDER BY u.i) AS cols,
            rn.nspname AS ref_schema, rc.relname AS ref_name,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY u(k, i)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = u.k ORDER BY u.i) AS ref_cols,
            pg_get_constraintdef(con.oid) AS def
       FROM pg_constraint con
       LEFT JOIN pg_class rc ON rc.oid = con.confrelid
       LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE con.conrelid = ANY($1::oid[]) AND con.contype IN ('p', 'u', 'f', 'c', 'x')
      ORDER BY con.conrelid, con.conname`,
    [oids],
  );
}

/** Unique indexes that back no constraint (CREATE UNIQUE INDEX), expression indexes with the columns they use. */
async function readUniqueIndexes(engine: Engine, oids: string[]): Promise<Row[]> {
  return engine.query<Row>(
    `SELECT i.indrelid::int8::text AS rel, ic.relname AS name,
            ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(k, o)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.k
                   WHERE u.o <= i.indnkeyatts ORDER BY u.o) AS cols,
            i.indexprs IS NOT NULL AS has_exprs,
            ARRAY(SELECT a.attname::text FROM pg_depend d
                    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                   WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid AND d.refobjsubid > 0) AS dep_cols
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE i.indrelid = ANY($1::oid[]) AND i.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
      ORDER BY ic.relname`,
    [oids],
  );
}

function tableFromCatalog(catalog: PgCatalog, t: Row): TableInfo {
  const oid = str(t.oid);
  const schema = str(t.schema);
  const name = str(t.name);
  const info = emptyTableInfo(schema, name, `${schema}.${name}`, str(t.kind) === 'p');
  for (const c of catalog.columns.filter((x) => str(x.rel) === oid)) info.columns.push(columnFromCatalog(catalog, c));
  const colKind = new Map(info.columns.map((c) => [c.name, c.kind]));
  for (const con of catalog.constraints.filter((x) => str(x.rel) === oid)) addConstraint(info, con, colKind);
  for (const ix of catalog.indexes.filter((x) => str(x.rel) === oid)) {
    const cols = [...((ix.cols as string[] | null) ?? [])];
    if (ix.has_exprs === true)
      for (const c of (ix.dep_cols as string[] | null) ?? []) if (!cols.includes(c)) cols.push(c);
    if (cols.length > 0) info.uniques.push({ name: str(ix.name), columns: cols, primary: false } satisfies UniqueInfo);
  }
  return info;
}

function columnFromCatalog(catalog: PgCatalog, c: Row): ColumnInfo {
  const def = c.def === null || c.def === undefined ? null : str(c.def);
  const identity = str(c.identity);
  const serverAssigned = identity === 'a' || identity === 'd' || (def !== null && /^nextval\(/i.test(def));
  const typid = str(c.typid);
  // Domains: NOT NULL and CHECKs along the chain.
  const checks: CheckInfo[] = [];
  let domainNotNull = false;
  for (
    let cur = catalog.types.get(typid), i = 0;
    cur && cur.typtype === 'd' && i < 20;
    cur = catalog.types.get(cur.base), i++
  ) {
    checks.push(...(catalog.domainChecks.get(cur.oid) ?? []));
    if (cur.notNull) domainNotNull = true;
  }
  return {
    name: str(c.name),
    typeLabel: str(c.label),
    castTo: str(c.label),
    kind: pgKind(catalog.types, catalog.enumLabels, typid, Number(c.typmod), 0),
    notNull: c.notnull === true || domainNotNull,
    hasDefault: def !== null && !serverAssigned,
    serverAssigned,
    generated: str(c.generated) === 's',
    domainChecks: checks,
  };
}

function addConstraint(info: TableInfo, con: Row, colKind: Map<string, ValueKind>): void {
  const cols = (con.cols as string[] | null) ?? [];
  const type = str(con.type);
  const conName = str(con.name);
  if (type === 'p' || type === 'u') {
    info.uniques.push({ name: conName, columns: cols, primary: type === 'p' });
  } else if (type === 'f') {
    const fk: ForeignKeyInfo = {
      name: conName,
      columns: cols,
      refTable: `${str(con.ref_schema)}.${str(con.ref_name)}`,
      refColumns: (con.ref_cols as string[] | null) ?? [],
    };
    info.foreignKeys.push(fk);
  } else if (type === 'c') {
    info.checks.push({ name: conName, expr: str(con.def), columns: cols });
  } else if (type === 'x') {
    // Non-overlapping values satisfy any exclusion: make its range columns distinct.
    const ranged = cols.filter((c) => colKind.get(c)?.kind === 'range');
    info.uniques.push({ name: conName, columns: ranged.length > 0 ? ranged : cols, primary: false });
    info.opaqueConstraints.push(conName);
  }
}

function pgKind(
  types: Map<string, PgType>,
  enums: Map<string, string[]>,
  typid: string,
  typmod: number,
  depth: number,
): ValueKind {
  const t = types.get(typid);
  if (!t) return { kind: 'unknown', reason: 'type not found in pg_type' };
  if (depth > 10) return { kind: 'unknown', reason: 'nested too deeply' };
  if (t.typtype === 'd') return pgKind(types, enums, t.base, t.typmod >= 0 ? t.typmod : typmod, depth + 1);
  if (t.typtype === 'e') {
    const labels = enums.get(t.oid) ?? [];
    return labels.length > 0 ? { kind: 'enum', labels } : { kind: 'unknown', reason: 'enum type without labels' };
  }
  if (t.category === 'A' && t.elem !== '0') {
    const element = pgKind(types, enums, t.elem, typmod, depth + 1);
    if (element.kind === 'unknown')
      return { kind: 'unknown', reason: `array of ${types.get(t.elem)?.label ?? 'unknown type'}: ${element.reason}` };
    return { kind: 'array', element };
  }
  if (t.typtype === 'c') return { kind: 'unknown', reason: `composite type ${t.label}` };
  if (t.typtype === 'm') return { kind: 'unknown', reason: `multirange type ${t.label}` };
  if (t.typtype === 'p') return { kind: 'unknown', reason: `pseudo-type ${t.label}` };
  if (t.typtype === 'r') {
    const sub = types.get(t.rangeSub ?? '')?.name;
    const map: Record<string, 'int4' | 'int8' | 'num' | 'date' | 'ts' | 'tstz'> = {
      int4: 'int4',
      int8: 'int8',
      numeric: 'num',
      date: 'date',
      timestamp: 'ts',
      timestamptz: 'tstz',
    };
    const s = sub ? map[sub] : undefined;
    return s
      ? { kind: 'range', sub: s }
      : { kind: 'unknown', reason: `range type ${t.label} over ${sub ?? 'an unknown subtype'}` };
  }
  const builtin = t.schema === 'pg_catalog' ? builtinKind(t.name, typmod) : null;
  if (builtin) return builtin;
  // Extension string types (citext, ...) take text input.
  if (t.category === 'S') return { kind: 'text', maxLen: null };
  return { kind: 'unknown', reason: `no generator for type ${t.label}` };
}

/** Built-in types whose kind does not depend on the type modifier. */
const FIXED_KINDS = new Map<string, ValueKind>([
  ['float4', { kind: 'float', unsigned: false }],
  ['float8', { kind: 'float', unsigned: false }],
  ['money', { kind: 'money' }],
  ['text', { kind: 'text', maxLen: null }],
  ['name', { kind: 'text', maxLen: 63 }],
  ['bool', { kind: 'bool' }],
  ['date', { kind: 'date' }],
  ['timestamp', { kind: 'timestamp', tz: false, mysqlTimestamp: false }],
  ['timestamptz', { kind: 'timestamp', tz: true, mysqlTimestamp: false }],
  ['time', { kind: 'time', tz: false }],
  ['timetz', { kind: 'time', tz: true }],
  ['interval', { kind: 'interval' }],
  ['uuid', { kind: 'uuid' }],
  ['json', { kind: 'json', binary: false }],
  ['jsonb', { kind: 'json', binary: true }],
  ['bytea', { kind: 'bytes', maxLen: null }],
  ['inet', { kind: 'inet', family: 'any', cidr: false }],
  ['cidr', { kind: 'inet', family: 'any', cidr: true }],
  ['macaddr', { kind: 'macaddr', bytes: 6 }],
  ['macaddr8', { kind: 'macaddr', bytes: 8 }],
  ['xml', { kind: 'xml' }],
  ['tsvector', { kind: 'tsvector' }],
  ['point', { kind: 'point' }],
]);

/** A pg_catalog type by name; null for one the fill has no generator for. */
function builtinKind(name: string, typmod: number): ValueKind | null {
  const ints = INT_RANGES[name];
  if (ints) return { kind: 'int', min: ints[0], max: ints[1] };
  switch (name) {
    case 'numeric': {
      if (typmod < 4) return { kind: 'decimal', precision: null, scale: 2, unsigned: false };
      // typmod - 4 = precision << 16 | scale (scale as a signed 16-bit number)
      const m = typmod - 4;
      const precision = (m >> 16) & 0xffff;
      let scale = m & 0xffff;
      if (scale > 0x7fff) scale -= 0x10000;
      return { kind: 'decimal', precision, scale: Math.max(scale, 0), unsigned: false };
    }
    case 'varchar':
    case 'bpchar':
      return { kind: 'text', maxLen: typmod >= 4 ? typmod - 4 : null };
    case 'bit':
      return { kind: 'bits', length: typmod > 0 ? typmod : 1, varying: false };
    case 'varbit':
      return { kind: 'bits', length: typmod > 0 ? typmod : 16, varying: true };
  }
  const fixed = FIXED_KINDS.get(name);
  // A copy: column kinds are the column's own.
  return fixed ? { ...fixed } : null;
}

// ---------------------------------------------------------------------------------------------
// SQL for values

const PG_UNITS: UnitsSql = {
  value(kind: UnitKind, u: string, scale: number): string {
    switch (kind.kind) {
      case 'int':
      case 'year':
        return `(${u})`;
      case 'decimal':
      case 'float':
        return scale > 0 ? `((${u})::numeric * ${decimalFactor(scale)})` : `(${u})::numeric`;
      case 'money':
        return `((${u})::numeric * 0.01)::numeric::money`;
      case 'date':
        return `(DATE '2000-01-01' + (${u})::int4)`;
      case 'timestamp':
        return kind.tz ? `to_timestamp(946684800 + (${u}))` : `(to_timestamp(946684800 + (${u})) AT TIME ZONE 'UTC')`;
      case 'time':
        return kind.tz
          ? `(TIME '00:00:00' + make_interval(secs => (${u})))::timetz`
          : `(TIME '00:00:00' + make_interval(secs => (${u})))`;
      case 'interval':
        return `make_interval(secs => (${u}))`;
    }
  },

  unitsOf(kind: UnitKind, c: string, scale: number): string {
    switch (kind.kind) {
      case 'int':
      case 'year':
        return `(${c})::numeric`;
      case 'decimal':
      case 'float':
      case 'money':
        return `floor((${c})::numeric * ${10 ** scale})`;
      case 'date':
        return `((${c}) - DATE '2000-01-01')::numeric`;
      case 'timestamp':
        return kind.tz
          ? `floor(extract(epoch FROM (${c})) - 946684800)`
          : `floor(extract(epoch FROM (${c})) - 946684800)`;
      case 'time':
        return `floor(extract(epoch FROM (${c})))`;
      case 'interval':
        return `floor(extract(epoch FROM (${c})))`;
    }
  },

  plusUnits(kind: UnitKind, scale: number): (value: string, units: string) => string {
    switch (kind.kind) {
      case 'int':
      case 'year':
        return (v, u) => `((${v}) + (${u}))`;
      case 'decimal':
      case 'float':
        return (v, u) => `((${v}) + (${u})::numeric * ${decimalFactor(scale)})`;
      case 'money':
        return (v, u) => `((${v}) + ((${u})::numeric * 0.01)::money)`;
      case 'date':
        return (v, u) => `((${v}) + (${u})::int4)`;
      case 'timestamp':
      case 'time':
      case 'interval':
        return (v, u) => `((${v}) + make_interval(secs => (${u})))`;
    }
  },
};

export class PostgresFill implements FillDialect {
  readonly name = 'postgres' as const;
  readonly chunkRows = 500_000;

  constructor(readonly engine: Engine) {}

  readSchema(): Promise<SchemaInfo> {
    return readPostgresFillSchema(this.engine);
  }

  ident(name: string): string {
    return pgIdent(name);
  }

  tableSql(t: Pick<TableInfo, 'schema' | 'name'>): string {
    return `${pgIdent(t.schema)}.${pgIdent(t.name)}`;
  }

  str(s: string): string {
    return pgStr(s);
  }

  hash(n: string, salt: number): string {
    return `(hashint8extended(${n}, ${salt}) & 2147483647)`;
  }

  rand(n: string, salt: number, size: bigint): string {
    return randSql((x, s) => this.hash(x, s), n, salt, size);
  }

  randDyn(n: string, salt: number, size: string): string {
    return `(${this.hash(n, salt)} % (${size}))`;
  }

  idiv(a: string, b: string): string {
    return `((${a}) / (${b}))`;
  }

  nullOf(col: ColumnInfo): string {
    return col.castTo ? `NULL::${col.castTo}` : 'NULL';
  }

  cast(col: ColumnInfo, value: string): string {
    return col.castTo ? `(${value})::${col.castTo}` : value;
  }

  private words(n: string, salt: number, lo: number, hi: number, minLen = 0): string {
    const { pool, starts } = wordPool(hi);
    const len = lo === hi ? String(lo) : `(${lo} + ${this.rand(n, salt ^ 0x51ed27, BigInt(hi - lo + 1))})`;
    const start = `(ARRAY[${starts.join(',')}])[1 + ${this.rand(n, salt, BigInt(starts.length))}]`;
    const text = `substr(${pgStr(pool)}::text, (${start})::int4, (${len})::int4)`;
    // A cut may end in a space: trim it unless that could go below a minimum length.
    return minLen > 0 ? text : `rtrim(${text})`;
  }

  gen(col: ColumnInfo, space: Space, salt: number): ColumnGen {
    switch (space.s) {
      case 'impossible':
        throw new Error('impossible space');
      case 'units':
        return unitsGen(space, (n, size) => this.rand(n, salt, size), PG_UNITS);
      case 'choice': {
        const arr = `(ARRAY[${space.values.join(', ')}])`;
        const size = BigInt(space.values.length);
        return {
          random: (n) => `${arr}[1 + ${this.rand(n, salt, size)}]`,
          unique: (idx) => `${arr}[1 + (${idx})]`,
          capacity: size,
          domain: { size, at: (k) => `${arr}[1 + (${k})]` },
          idxOf: null,
          plusUnits: null,
        };
      }
      case 'text': {
        const { lo, hi } = textLengths(space);
        const layout = uniqueTextLayout(col.name, space.minLen, space.maxLen);
        const P = layout.prefix.length;
        const S = layout.suffix.length;
        const re = `^${escapeRegex(layout.prefix)}[0-9]+${escapeRegex(layout.suffix)}$`;
        return {
          random: (n) => this.words(n, salt, lo, hi, space.minLen),
          unique: (idx) => {
            const num = `((${idx}) + 1)::text`;
            const padded = layout.pad > 0 ? `lpad(${num}, greatest(${layout.pad}, char_length(${num})), '0')` : num;
            return `(${pgStr(layout.prefix)} || ${padded} || ${pgStr(layout.suffix)})`;
          },
          capacity: layout.maxNumber,
          domain: null,
          idxOf: (c) =>
            `(CASE WHEN (${c}) ~ ${pgStr(re)} THEN substr((${c}), ${P + 1}, char_length(${c}) - ${P + S})::numeric - 1 END)`,
          plusUnits: null,
        };
      }
      case 'other':
        return this.otherGen(col, space.kind, salt);
    }
  }

  private otherGen(col: ColumnInfo, kind: ValueKind, salt: number): ColumnGen {
    // Reached through resolveSpace's other shapes; kept for completeness.
    if (isSpaceKind(kind)) return this.gen(col, resolveSpace(kind, undefined, { str: pgStr }), salt);
    switch (kind.kind) {
      case 'uuid':
        return this.uuidGen(salt);
      case 'json': {
        const obj = (id: string, n: string): string =>
          `jsonb_build_object(${jsonObjectArgs(
            id,
            n,
            salt,
            (...a) => this.rand(...a),
            (...a) => this.words(...a),
          )})`;
        const wrap = (v: string): string => (kind.binary ? v : `(${v})::json`);
        return { random: (n) => wrap(obj(n, n)), unique: (idx) => wrap(obj(idx, idx)), capacity: null, ...NO_DOMAIN };
      }
      case 'bytes':
        return {
          random: (n) => `decode(${this.md5(n, salt, 'b')}, 'hex')`,
          unique: (idx) => `decode(${this.md5(idx, salt, 'bu')}, 'hex')`,
          capacity: null,
          ...NO_DOMAIN,
        };
      case 'bits':
        return this.bitsGen(kind, salt);
      case 'inet':
        return this.inetGen(kind, salt);
      case 'macaddr':
        return this.macaddrGen(kind, salt);
      case 'xml':
        return {
          random: (n) => `xmlelement(name item, xmlattributes((${n}) AS id), ${this.words(n, salt, 4, 30)})`,
          unique: (idx) => `xmlelement(name item, xmlattributes((${idx}) AS id))`,
          capacity: null,
          ...NO_DOMAIN,
        };
      case 'tsvector':
        return {
          random: (n) => `to_tsvector('simple', ${this.words(n, salt, 10, 60)})`,
          unique: (idx) => `to_tsvector('simple', 'w' || (${idx})::text)`,
          capacity: null,
          ...NO_DOMAIN,
        };
      case 'point':
        return pointGen('point', (...a) => this.rand(...a), salt);
      case 'range':
        return this.rangeGen(kind, salt);
      case 'array':
        return this.arrayGen(col, kind.element, salt);
      case 'set':
      case 'unknown':
        throw new Error(`no generator for ${kind.kind}`);
    }
  }

  /** Hex digits of an md5 over the salt, a tag and x. */
  private md5(x: string, salt: number, tag: string): string {
    return `md5(${pgStr(`${salt}${tag}:`)} || (${x})::text)`;
  }

  private uuidGen(salt: number): ColumnGen {
    // Version 4, RFC 4122 variant.
    const v4 = (hex: string): string => `overlay(overlay(${hex} placing '4' from 13) placing '8' from 17)::uuid`;
    // Distinct values in the shape of UUIDv7: a rising 48-bit "millisecond" prefix (from 2020
    // on, about a second apart) then random bits, so unique indexes grow at their end.
    const v7 = (idx: string): string =>
      `overlay(overlay(overlay(${this.md5(idx, salt, 'u')} placing lpad(to_hex(1600000000000 + (${idx}) * 997), 12, '0') from 1) placing '7' from 13) placing '8' from 17)::uuid`;
    return { random: (n) => v4(this.md5(n, salt, 'r')), unique: v7, capacity: 10n ** 11n, ...NO_DOMAIN };
  }

  private bitsGen(kind: Extract<ValueKind, { kind: 'bits' }>, salt: number): ColumnGen {
    const len = kind.length;
    const parts = Math.ceil(len / 31);
    const random = (n: string): string => {
      const chunks = Array.from({ length: parts }, (_, i) => `(${this.hash(n, salt + i)})::int4::bit(31)`);
      return `(${chunks.join(' || ')})::bit(${len})`;
    };
    const cap = len >= 62 ? null : 2n ** BigInt(len);
    return {
      random: (n) => (kind.varying ? `${random(n)}::varbit` : random(n)),
      unique: (idx) =>
        len >= 64
          ? `(repeat('0', ${len - 64}) || ((${idx})::int8::bit(64))::text)::bit(${len})`
          : `(((${idx})::int8::bit(64)) << ${64 - len})::bit(${len})`,
      capacity: cap,
      domain:
        cap !== null && len < 31
          ? { size: cap, at: (k) => `(((${k})::int8::bit(64)) << ${64 - len})::bit(${len})` }
          : null,
      idxOf: null,
      plusUnits: null,
    };
  }

  private inetGen(kind: Extract<ValueKind, { kind: 'inet' }>, salt: number): ColumnGen {
    if (kind.cidr) {
      return {
        random: (n) => `set_masklen('10.0.0.0'::inet + ${this.rand(n, salt, 65536n)} * 256, 24)::cidr`,
        unique: (idx) => `set_masklen('0.0.0.0'::inet + (${idx}) * 256, 24)::cidr`,
        capacity: 1n << 24n,
        ...NO_DOMAIN,
      };
    }
    return {
      random: (n) => `('10.0.0.0'::inet + ${this.rand(n, salt, 1n << 24n)})`,
      unique: (idx) => `('1.0.0.0'::inet + (${idx}))`,
      capacity: (1n << 32n) - (1n << 24n),
      ...NO_DOMAIN,
    };
  }

  private macaddrGen(kind: Extract<ValueKind, { kind: 'macaddr' }>, salt: number): ColumnGen {
    const digits = kind.bytes * 2;
    const tail = digits - 8;
    return {
      random: (n) =>
        `(lpad(to_hex(${this.hash(n, salt)}), 8, '0') || lpad(to_hex(${this.rand(n, salt ^ 0x68e31da4, 1n << BigInt(tail * 4))}), ${tail}, '0'))::${kind.bytes === 6 ? 'macaddr' : 'macaddr8'}`,
      unique: (idx) => `lpad(to_hex((${idx})::int8), ${digits}, '0')::${kind.bytes === 6 ? 'macaddr' : 'macaddr8'}`,
      capacity: 1n << 47n,
      ...NO_DOMAIN,
    };
  }

  private rangeGen(kind: Extract<ValueKind, { kind: 'range' }>, salt: number): ColumnGen {
    const span = kind.sub === 'date' ? 9131n : kind.sub === 'ts' || kind.sub === 'tstz' ? 13_000_000n : 1_000_000n;
    const lo = (n: string): string => this.rand(n, salt, span);
    const width = (n: string): string => `(1 + ${this.rand(n, salt ^ 0x2f6b3e11, 1000n)})`;
    const make = (a: string, w: string): string => {
      switch (kind.sub) {
        case 'int4':
          return `int4range((${a})::int4, (${a} + ${w})::int4)`;
        case 'int8':
          return `int8range(${a}, ${a} + ${w})`;
        case 'num':
          return `numrange((${a}) * 0.01, (${a} + ${w}) * 0.01)`;
        case 'date':
          return `daterange(DATE '2000-01-01' + (${a})::int4, DATE '2000-01-01' + (${a} + ${w})::int4)`;
        case 'ts':
          return `tsrange(TIMESTAMP '2000-01-01' + make_interval(mins => (${a})::int4), TIMESTAMP '2000-01-01' + make_interval(mins => (${a} + ${w})::int4))`;
        case 'tstz':
          return `tstzrange(to_timestamp(946684800 + (${a}) * 60), to_timestamp(946684800 + (${a} + ${w}) * 60))`;
      }
    };
    // unique: adjacent, non-overlapping [idx, idx + 1)
    return {
      random: (n) => make(lo(n), width(n)),
      unique: (idx) => make(`(${idx})`, '1'),
      capacity: kind.sub === 'date' ? 2_900_000n : 2_000_000_000n,
      ...NO_DOMAIN,
    };
  }

  /** One to three elements of the element type's own generator; distinct arrays hold one distinct element. */
  private arrayGen(col: ColumnInfo, element: ValueKind, salt: number): ColumnGen {
    const elemCol: ColumnInfo = { ...col, castTo: null, kind: element };
    const elemSpace = resolveSpace(element, undefined, { str: pgStr });
    if (elemSpace.s === 'impossible') throw new Error('impossible element');
    const eg = this.gen(elemCol, elemSpace, salt ^ 0x1d8e4e27);
    const eg2 = this.gen(elemCol, elemSpace, salt ^ 0x6c8e9cf5);
    const eg3 = this.gen(elemCol, elemSpace, salt ^ 0x3f84d5b5);
    return {
      random: (n) => `(ARRAY[${eg.random(n)}, ${eg2.random(n)}, ${eg3.random(n)}])[1:1 + ${this.rand(n, salt, 3n)}]`,
      unique: eg.unique ? (idx) => `ARRAY[${eg.unique!(idx)}]` : null,
      capacity: eg.capacity,
      ...NO_DOMAIN,
    };
  }

  rowSource(first: number, last: number): { from: string; n: string } {
    return { from: `generate_series(${first}::int8, ${last}::int8) AS g(n)`, n: 'g.n' };
  }

  insertSql(
    t: TableInfo,
    columns: string[],
    select: string,
    opts: { ignoreConflicts: boolean; ordered: boolean; n: string },
  ): string {
    const cols = columns.map((c) => pgIdent(c)).join(', ');
    const order = opts.ordered ? ` ORDER BY ${opts.n}` : '';
    return `INSERT INTO ${this.tableSql(t)} (${cols}) ${select}${order}${opts.ignoreConflicts ? ' ON CONFLICT DO NOTHING' : ''}`;
  }

  async createRankTable(
    name: string,
    parent: Pick<TableInfo, 'schema' | 'name'>,
    cols: string[],
    where?: string,
  ): Promise<number> {
    const list = cols.map((c) => pgIdent(c)).join(', ');
    const aliased = cols.map((c, i) => `${pgIdent(c)} AS c${i}`).join(', ');
    const notNull = cols.map((c) => `${pgIdent(c)} IS NOT NULL`).join(' AND ');
    await this.dropTemp(name);
    await this.engine.query(
      `CREATE TEMP TABLE ${name} AS
         SELECT (row_number() OVER (ORDER BY ${list}) - 1)::int8 AS k, ${aliased}
           FROM (SELECT DISTINCT ${list} FROM ${this.tableSql(parent)} WHERE ${notNull}${where ? ` AND (${where})` : ''}) p`,
    );
    await this.engine.query(`ALTER TABLE ${name} ADD PRIMARY KEY (k)`);
    await this.engine.query(`ANALYZE ${name}`);
    const r = await this.engine.query<{ c: string }>(`SELECT count(*)::text AS c FROM ${name}`);
    return Number(r[0]?.c ?? 0);
  }

  async createGroupedRankTable(
    name: string,
    parent: Pick<TableInfo, 'schema' | 'name'>,
    groupCols: string[],
    cols: string[],
  ): Promise<number> {
    const { g, c, select, notNull } = groupedRankColumns(pgIdent, groupCols, cols);
    await this.dropTemp(name);
    await this.dropTemp(`${name}_n`);
    await this.engine.query(
      `CREATE TEMP TABLE ${name} AS
         SELECT ${[...g, ...c].join(', ')}, (row_number() OVER (PARTITION BY ${g.join(', ')} ORDER BY ${c.join(', ')}) - 1)::int8 AS k
           FROM (SELECT DISTINCT ${select} FROM ${this.tableSql(parent)} WHERE ${notNull}) p`,
    );
    await this.engine.query(`ALTER TABLE ${name} ADD PRIMARY KEY (${g.join(', ')}, k)`);
    await this.engine.query(
      `CREATE TEMP TABLE ${name}_n AS SELECT ${g.join(', ')}, count(*)::int8 AS cnt FROM ${name} GROUP BY ${g.join(', ')}`,
    );
    await this.engine.query(`ALTER TABLE ${name}_n ADD PRIMARY KEY (${g.join(', ')})`);
    await this.engine.query(`ANALYZE ${name}`);
    await this.engine.query(`ANALYZE ${name}_n`);
    const r = await this.engine.query<{ c: string }>(`SELECT count(*)::text AS c FROM ${name}`);
    return Number(r[0]?.c ?? 0);
  }

  async copyRankTable(from: string, to: string): Promise<void> {
    await this.dropTemp(to);
    await this.engine.query(`CREATE TEMP TABLE ${to} AS SELECT * FROM ${from}`);
    await this.engine.query(`ALTER TABLE ${to} ADD PRIMARY KEY (k)`);
    await this.engine.query(`ANALYZE ${to}`);
  }

  async dropTemp(name: string): Promise<void> {
    await this.engine.query(`DROP TABLE IF EXISTS pg_temp.${name}`);
  }

  async beginFill(): Promise<() => Promise<void>> {
    const r = await this.engine.query<{ st: string; sc: string; tz: string }>(
      `SELECT current_setting('statement_timeout') AS st, current_setting('synchronous_commit') AS sc, current_setting('TimeZone') AS tz`,
    );
    const old = r[0];
    // The migrations' statement timeout is not the fill's; values must not depend on the session's zone.
    await this.engine.query(
      `SELECT set_config('statement_timeout', '0', false), set_config('synchronous_commit', 'off', false), set_config('TimeZone', 'UTC', false)`,
    );
    return async () => {
      if (!old) return;
      await this.engine.query(
        `SELECT set_config('statement_timeout', $1, false), set_config('synchronous_commit', $2, false), set_config('TimeZone', $3, false)`,
        [old.st, old.sc, old.tz],
      );
    };
  }

  describeError(err: unknown): ReturnType<FillDialect['describeError']> {
    const e = err as { message?: unknown; constraint?: unknown; code?: unknown };
    const message = typeof e.message === 'string' ? e.message : String(err);
    let constraint = typeof e.constraint === 'string' ? e.constraint : null;
    const m = /constraint "([^"]+)"/.exec(message);
    if (!constraint && m) constraint = m[1]!;
    const code = typeof e.code === 'string' ? e.code : '';
    const kind =
      code === '23514' || /check constraint/.test(message)
        ? 'check'
        : code === '23503' || /foreign key/.test(message)
          ? 'foreign key'
          : code === '23505' || /unique constraint/.test(message)
            ? 'unique'
            : code === '23502' || /not-null/.test(message)
              ? 'not null'
              : code === '23P01' || /exclusion constraint/.test(message)
                ? 'exclusion'
                : 'other';
    return { constraint, kind, message };
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, (c) => `[${c === '\\' || c === ']' || c === '^' ? `\\${c}` : c}]`);
}
