/**
 * MySQL and MariaDB: the schema from information_schema, rows from MariaDB's sequence engine
 * (seq_1_to_N) or, on MySQL, a cross join of digit tables. Pseudo-random numbers come from
 * integer arithmetic on the row number (two multiply-xorshift rounds modulo a prime), which
 * both servers evaluate the same way and which never leaves the BIGINT range.
 */
import type { Engine } from '../../engines/engine.js';
import { resolveSpace, textLengths, uniqueTextLayout, type Space, type UnitKind } from './columns.js';
import type { ColumnGen, FillDialect } from './dialect.js';
import {
  NO_DOMAIN,
  TWO31,
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
import type { CheckInfo, ColumnInfo, ForeignKeyInfo, SchemaInfo, TableInfo, ValueKind } from './types.js';

type Row = Record<string, unknown>;

const str = (v: unknown): string =>
  v === null || v === undefined ? '' : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);

export function myIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** A string literal that reads the same under any sql_mode (NO_BACKSLASH_ESCAPES included). */
export function myStr(s: string): string {
  if (/^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/.test(s)) return `'${s}'`;
  return `CONVERT(X'${Buffer.from(s, 'utf8').toString('hex')}' USING utf8mb4)`;
}

/** Labels of an enum('a','b') / set('a','b') column type. */
export function parseEnumLabels(columnType: string): string[] {
  const m = /^\s*(?:enum|set)\s*\(([\s\S]*)\)\s*$/i.exec(columnType);
  if (!m) return [];
  const out: string[] = [];
  const body = m[1]!;
  let i = 0;
  while (i < body.length) {
    if (body[i] !== "'") {
      i++;
      continue;
    }
    let s = '';
    i++;
    while (i < body.length) {
      const c = body[i]!;
      if (c === "'" && body[i + 1] === "'") {
        s += "'";
        i += 2;
      } else if (c === '\\' && i + 1 < body.length) {
        s += body[i + 1];
        i += 2;
      } else if (c === "'") {
        i++;
        break;
      } else {
        s += c;
        i++;
      }
    }
    out.push(s);
  }
  return out;
}

const INTS: Record<string, [bigint, bigint, bigint]> = {
  // signed min, signed max, unsigned max
  tinyint: [-128n, 127n, 255n],
  smallint: [-32768n, 32767n, 65535n],
  mediumint: [-8388608n, 8388607n, 16777215n],
  int: [-2147483648n, 2147483647n, 4294967295n],
  integer: [-2147483648n, 2147483647n, 4294967295n],
  bigint: [-9223372036854775808n, 9223372036854775807n, 18446744073709551615n],
};

function mysqlKind(
  dataType: string,
  columnType: string,
  charLen: number | null,
  precision: number | null,
  scale: number | null,
): ValueKind {
  const dt = dataType.toLowerCase();
  const ct = columnType.toLowerCase();
  const unsigned = /\bunsigned\b/.test(ct);
  const ints = INTS[dt];
  if (ints) {
    if (dt === 'tinyint' && /^tinyint\(1\)/.test(ct)) return { kind: 'int', min: 0n, max: 1n };
    return unsigned ? { kind: 'int', min: 0n, max: ints[2] } : { kind: 'int', min: ints[0], max: ints[1] };
  }
  switch (dt) {
    case 'decimal':
    case 'numeric':
    case 'fixed':
      return { kind: 'decimal', precision: precision ?? 10, scale: scale ?? 0, unsigned };
    case 'float':
    case 'double':
    case 'real':
    case 'double precision':
      return { kind: 'float', unsigned };
    case 'bit': {
      const m = /bit\((\d+)\)/.exec(ct);
      return { kind: 'bits', length: m ? Number(m[1]) : 1, varying: false };
    }
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
      return { kind: 'text', maxLen: charLen };
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return { kind: 'bytes', maxLen: charLen };
    case 'date':
      return { kind: 'date' };
    case 'datetime':
      return { kind: 'timestamp', tz: false, mysqlTimestamp: false };
    case 'timestamp':
      return { kind: 'timestamp', tz: false, mysqlTimestamp: true };
    case 'time':
      return { kind: 'time', tz: false };
    case 'year':
      return { kind: 'year' };
    case 'enum': {
      const labels = parseEnumLabels(columnType);
      return labels.length > 0 ? { kind: 'enum', labels } : { kind: 'unknown', reason: 'ENUM without labels' };
    }
    case 'set': {
      const labels = parseEnumLabels(columnType);
      return labels.length > 0 ? { kind: 'set', labels } : { kind: 'unknown', reason: 'SET without labels' };
    }
    case 'json':
      return { kind: 'json', binary: true };
    case 'uuid':
      return { kind: 'uuid' };
    case 'inet4':
      return { kind: 'inet', family: 'v4', cidr: false };
    case 'inet6':
      return { kind: 'inet', family: 'v6', cidr: false };
    case 'point':
      return { kind: 'point' };
    case 'geometry':
    case 'linestring':
    case 'polygon':
    case 'multipoint':
    case 'multilinestring':
    case 'multipolygon':
    case 'geometrycollection':
    case 'geomcollection':
      return { kind: 'unknown', reason: `no generator for spatial type ${dt.toUpperCase()}` };
    default:
      return { kind: 'unknown', reason: `no generator for type ${columnType}` };
  }
}

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

/** The information_schema rows the fill reads, for every table of the database at once. */
interface MysqlCatalog {
  columns: Row[];
  stats: Row[];
  fks: Row[];
  checks: Row[];
}

/**
 * Reads the tables the fill writes to, as the fill sees them (column kinds, keys, CHECKs), from
 * information_schema. Not the schema snapshot of engines/schema/mysql.ts, which compares schemas.
 */
export async function readMysqlFillSchema(engine: Engine): Promise<SchemaInfo> {
  const db = await engine.query<Row>('SELECT DATABASE() AS db');
  const schema = str(db[0]?.db);
  const tables = await engine.query<Row>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
  );
  const columns = await engine.query<Row>(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS name, DATA_TYPE AS dt, COLUMN_TYPE AS ct, IS_NULLABLE AS nullable,
            COLUMN_DEFAULT AS def, EXTRA AS extra, CHARACTER_MAXIMUM_LENGTH AS charlen,
            NUMERIC_PRECISION AS prec, NUMERIC_SCALE AS scale
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  const stats = await engine.query<Row>(
    `SELECT TABLE_NAME AS t, INDEX_NAME AS name, COLUMN_NAME AS col, SEQ_IN_INDEX AS seq
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 0
      ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
  const fks = await engine.query<Row>(
    `SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS name, COLUMN_NAME AS col, REFERENCED_TABLE_SCHEMA AS rs,
            REFERENCED_TABLE_NAME AS rt, REFERENCED_COLUMN_NAME AS rc
       FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
  );
  const catalog: MysqlCatalog = { columns, stats, fks, checks: await readChecks(engine) };
  return { tables: tables.map((t) => tableFromCatalog(catalog, schema, str(t.name))), defaultSchema: schema };
}

/** Enforced CHECK constraints; none on servers without them. */
async function readChecks(engine: Engine): Promise<Row[]> {
  const version = await engine.query<Row>('SELECT VERSION() AS v');
  const mariadb = /mariadb/i.test(str(version[0]?.v));
  try {
    // MariaDB enforces every CHECK it lists; MySQL says which are NOT ENFORCED in TABLE_CONSTRAINTS.
    return mariadb
      ? await engine.query<Row>(
          `SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS expr FROM information_schema.CHECK_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
        )
      : await engine.query<Row>(
          `SELECT tc.TABLE_NAME AS t, cc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS expr
             FROM information_schema.CHECK_CONSTRAINTS cc
             JOIN information_schema.TABLE_CONSTRAINTS tc
               ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME AND tc.CONSTRAINT_TYPE = 'CHECK'
            WHERE cc.CONSTRAINT_SCHEMA = DATABASE() AND tc.ENFORCED = 'YES' ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME`,
        );
  } catch {
    // Servers without CHECK constraints.
    return [];
  }
}

function tableFromCatalog(catalog: MysqlCatalog, schema: string, name: string): TableInfo {
  const info = emptyTableInfo(schema, name, name, false);
  for (const c of catalog.columns.filter((x) => str(x.t) === name)) info.columns.push(columnFromCatalog(c));
  const byIndex = new Map<string, string[]>();
  for (const s of catalog.stats.filter((x) => str(x.t) === name)) {
    const list = byIndex.get(str(s.name)) ?? [];
    if (s.col !== null && s.col !== undefined) list.push(str(s.col));
    byIndex.set(str(s.name), list);
  }
  for (const [idx, cols] of byIndex)
    if (cols.length > 0) info.uniques.push({ name: idx, columns: cols, primary: idx === 'PRIMARY' });
  const byFk = new Map<string, ForeignKeyInfo>();
  for (const f of catalog.fks.filter((x) => str(x.t) === name)) {
    const key = str(f.name);
    let fk = byFk.get(key);
    if (!fk) {
      fk = { name: key, columns: [], refTable: `${str(f.rs)}.${str(f.rt)}`, refColumns: [] };
      byFk.set(key, fk);
    }
    fk.columns.push(str(f.col));
    fk.refColumns.push(str(f.rc));
  }
  info.foreignKeys = [...byFk.values()];
  const colNames = info.columns.map((c) => c.name);
  for (const ch of catalog.checks.filter((x) => str(x.t) === name)) {
    const expr = str(ch.expr);
    // The server does not say which columns a CHECK uses: the ones its text names.
    const mentioned = colNames.filter(
      (c) => expr.includes(`\`${c}\``) || new RegExp(`\\b${c.replace(/[^A-Za-z0-9_]/g, '')}\\b`).test(expr),
    );
    info.checks.push({ name: str(ch.name), expr, columns: mentioned } satisfies CheckInfo);
  }
  return info;
}

function columnFromCatalog(c: Row): ColumnInfo {
  const extra = str(c.extra);
  const nullable = str(c.nullable) === 'YES';
  const def = c.def === null || c.def === undefined ? null : str(c.def);
  const generated = /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.test(extra);
  const serverAssigned = /auto_increment/i.test(extra);
  return {
    name: str(c.name),
    typeLabel: str(c.ct),
    castTo: null,
    kind: mysqlKind(str(c.dt), str(c.ct), num(c.charlen), num(c.prec), num(c.scale)),
    notNull: !nullable,
    // MariaDB lists the default of a nullable column without one as the text NULL.
    hasDefault: def !== null && !(nullable && def === 'NULL') && !serverAssigned,
    serverAssigned,
    generated,
    domainChecks: [],
  };
}

// ---------------------------------------------------------------------------------------------
// SQL for values

const P = 4294967291n; // largest prime below 2^32

const MYSQL_UNITS: UnitsSql = {
  value(kind: UnitKind, u: string, scale: number): string {
    switch (kind.kind) {
      case 'int':
      case 'year':
      case 'interval':
        return `(${u})`;
      case 'decimal':
      case 'float':
      case 'money':
        return scale > 0 ? `((${u}) * ${decimalFactor(scale)})` : `(${u})`;
      case 'date':
        return `(DATE '2000-01-01' + INTERVAL (${u}) DAY)`;
      case 'timestamp':
        return `(TIMESTAMP '2000-01-01 00:00:00' + INTERVAL (${u}) SECOND)`;
      case 'time':
        return `SEC_TO_TIME(${u})`;
    }
  },

  unitsOf(kind: UnitKind, c: string, scale: number): string {
    switch (kind.kind) {
      case 'int':
      case 'year':
      case 'interval':
        return `CAST(${c} AS DECIMAL(65,0))`;
      case 'decimal':
      case 'float':
      case 'money':
        return `FLOOR(${c} * ${10 ** scale})`;
      case 'date':
        return `DATEDIFF(${c}, DATE '2000-01-01')`;
      case 'timestamp':
        return `TIMESTAMPDIFF(SECOND, TIMESTAMP '2000-01-01 00:00:00', ${c})`;
      case 'time':
        return `TIME_TO_SEC(${c})`;
    }
  },

  plusUnits(kind: UnitKind, scale: number): (value: string, units: string) => string {
    switch (kind.kind) {
      case 'int':
      case 'year':
      case 'interval':
        return (v, u) => `((${v}) + (${u}))`;
      case 'decimal':
      case 'float':
      case 'money':
        return (v, u) => `((${v}) + (${u}) * ${decimalFactor(scale)})`;
      case 'date':
        return (v, u) => `((${v}) + INTERVAL (${u}) DAY)`;
      case 'timestamp':
        return (v, u) => `((${v}) + INTERVAL (${u}) SECOND)`;
      case 'time':
        return (v, u) => `ADDTIME(${v}, SEC_TO_TIME(${u}))`;
    }
  },
};

export class MysqlFill implements FillDialect {
  readonly name = 'mysql' as const;
  readonly chunkRows = 100_000;
  private hasSequenceEngine = false;

  /** useSequenceEngine false: number rows with a cross join of digits even on MariaDB (as on MySQL). */
  constructor(
    readonly engine: Engine,
    private readonly opts: { useSequenceEngine?: boolean } = {},
  ) {}

  readSchema(): Promise<SchemaInfo> {
    return readMysqlFillSchema(this.engine);
  }

  ident(name: string): string {
    return myIdent(name);
  }

  tableSql(t: Pick<TableInfo, 'schema' | 'name'>): string {
    return `${myIdent(t.schema)}.${myIdent(t.name)}`;
  }

  str(s: string): string {
    return myStr(s);
  }

  hash(n: string, salt: number): string {
    const s = BigInt(salt);
    const A = 65537n + ((s * 2654435761n) % 2147000000n);
    const B = (s * 40503n + 12345n) % P;
    const C = 65537n + ((s * 97n + 7n) % 1073000000n);
    const x1 = `((${n}) * ${A} + ${B}) % ${P}`;
    const x2 = `(((${x1}) ^ ((${x1}) >> 16)) * ${C}) % ${P}`;
    return `CAST(((${x2}) ^ ((${x2}) >> 13)) & 2147483647 AS SIGNED)`;
  }

  rand(n: string, salt: number, size: bigint): string {
    return randSql((x, s) => this.hash(x, s), n, salt, size);
  }

  randDyn(n: string, salt: number, size: string): string {
    return `(${this.hash(n, salt)} % (${size}))`;
  }

  idiv(a: string, b: string): string {
    return `((${a}) DIV (${b}))`;
  }

  nullOf(): string {
    return 'NULL';
  }

  cast(_col: ColumnInfo, value: string): string {
    return value;
  }

  private words(n: string, salt: number, lo: number, hi: number, minLen = 0): string {
    const { pool, starts } = wordPool(hi);
    const len = lo === hi ? String(lo) : `(${lo} + ${this.rand(n, salt ^ 0x51ed27, BigInt(hi - lo + 1))})`;
    const start = `ELT(1 + ${this.rand(n, salt, BigInt(starts.length))}, ${starts.join(',')})`;
    const text = `SUBSTRING(${myStr(pool)}, ${start}, ${len})`;
    return minLen > 0 ? text : `RTRIM(${text})`;
  }

  private md5(x: string, salt: number, tag: string): string {
    return `MD5(CONCAT(${myStr(`${salt}${tag}:`)}, ${x}))`;
  }

  gen(col: ColumnInfo, space: Space, salt: number): ColumnGen {
    switch (space.s) {
      case 'impossible':
        throw new Error('impossible space');
      case 'units':
        return unitsGen(space, (n, size) => this.rand(n, salt, size), MYSQL_UNITS);
      case 'choice': {
        const list = space.values.join(', ');
        const size = BigInt(space.values.length);
        const at = (k: string): string => `ELT(1 + (${k}), ${list})`;
        return {
          random: (n) => at(this.rand(n, salt, size)),
          unique: at,
          capacity: size,
          domain: { size, at },
          idxOf: null,
          plusUnits: null,
        };
      }
      case 'text': {
        const { lo, hi } = textLengths(space);
        const layout = uniqueTextLayout(col.name, space.minLen, space.maxLen);
        const Pn = layout.prefix.length;
        const S = layout.suffix.length;
        const re = `^${regexLiteral(layout.prefix)}[0-9]+${regexLiteral(layout.suffix)}$`;
        return {
          random: (n) => this.words(n, salt, lo, hi, space.minLen),
          unique: (idx) => {
            const num = `((${idx}) + 1)`;
            const padded = layout.pad > 0 ? `LPAD(${num}, GREATEST(${layout.pad}, CHAR_LENGTH(${num})), '0')` : num;
            return `CONCAT(${myStr(layout.prefix)}, ${padded}, ${myStr(layout.suffix)})`;
          },
          capacity: layout.maxNumber,
          domain: null,
          idxOf: (c) =>
            `(CASE WHEN ${c} REGEXP ${myStr(re)} THEN CAST(SUBSTRING(${c}, ${Pn + 1}, CHAR_LENGTH(${c}) - ${Pn + S}) AS DECIMAL(65,0)) - 1 END)`,
          plusUnits: null,
        };
      }
      case 'other':
        return this.otherGen(col, space.kind, salt);
    }
  }

  private otherGen(col: ColumnInfo, kind: ValueKind, salt: number): ColumnGen {
    if (isSpaceKind(kind)) return this.gen(col, resolveSpace(kind, undefined, { str: myStr }), salt);
    switch (kind.kind) {
      case 'uuid':
        return this.uuidGen(salt);
      case 'json': {
        const obj = (id: string, n: string): string =>
          `JSON_OBJECT(${jsonObjectArgs(
            id,
            n,
            salt,
            (...a) => this.rand(...a),
            (...a) => this.words(...a),
          )})`;
        return { random: (n) => obj(n, n), unique: (idx) => obj(idx, idx), capacity: null, ...NO_DOMAIN };
      }
      case 'bytes':
        return this.bytesGen(kind, salt);
      case 'bits': {
        const len = Math.min(kind.length, 62);
        const cap = 2n ** BigInt(len);
        return {
          random: (n) => this.rand(n, salt, cap < TWO31 ? cap : TWO31),
          unique: (idx) => `(${idx})`,
          capacity: cap,
          domain: { size: cap, at: (k) => `(${k})` },
          idxOf: null,
          plusUnits: null,
        };
      }
      case 'set': {
        // A SET value as the number of its members' bits; 0 (the empty set) left out.
        const k = Math.min(kind.labels.length, 62);
        const cap = 2n ** BigInt(k) - 1n;
        return {
          random: (n) => `(1 + ${this.rand(n, salt, cap < TWO31 ? cap : TWO31 - 1n)})`,
          unique: (idx) => `(1 + (${idx}))`,
          capacity: cap,
          domain: { size: cap, at: (x) => `(1 + (${x}))` },
          idxOf: null,
          plusUnits: null,
        };
      }
      case 'inet':
        return this.inetGen(kind, salt);
      case 'point':
        return pointGen('POINT', (...a) => this.rand(...a), salt);
      case 'macaddr':
      case 'xml':
      case 'tsvector':
      case 'range':
      case 'array':
      case 'unknown':
        throw new Error(`no generator for ${kind.kind}`);
    }
  }

  private uuidGen(salt: number): ColumnGen {
    // Version 4, RFC 4122 variant: MariaDB's UUID type refuses some other version/variant pairs.
    const fmt = (hex: string): string =>
      `INSERT(INSERT(INSERT(INSERT(INSERT(INSERT(${hex}, 17, 1, '8'), 13, 1, '4'), 21, 0, '-'), 17, 0, '-'), 13, 0, '-'), 9, 0, '-')`;
    // Distinct values in the shape of UUIDv7: a rising 48-bit "millisecond" prefix (from 2020
    // on, about a second apart) then random bits, so unique indexes grow at their end
    // (random v4 keys make InnoDB thrash its buffer pool on big tables).
    const v7 = (idx: string): string =>
      `INSERT(INSERT(INSERT(INSERT(INSERT(INSERT(INSERT(${this.md5(idx, salt, 'u')}, 1, 12, LPAD(LOWER(HEX(1600000000000 + (${idx}) * 997)), 12, '0')), 17, 1, '8'), 13, 1, '7'), 21, 0, '-'), 17, 0, '-'), 13, 0, '-'), 9, 0, '-')`;
    return { random: (n) => fmt(this.md5(n, salt, 'r')), unique: v7, capacity: 10n ** 11n, ...NO_DOMAIN };
  }

  private bytesGen(kind: Extract<ValueKind, { kind: 'bytes' }>, salt: number): ColumnGen {
    const maxLen = kind.maxLen;
    if (maxLen !== null && maxLen < 16) {
      // Shorter than an md5: cut random values, number distinct ones (up to 7 bytes of them).
      const cap = 256n ** BigInt(Math.min(maxLen, 7));
      return {
        random: (n) => `LEFT(UNHEX(${this.md5(n, salt, 'b')}), ${maxLen})`,
        unique: (idx) => `UNHEX(LPAD(HEX(${idx}), ${2 * maxLen}, '0'))`,
        capacity: cap,
        ...NO_DOMAIN,
      };
    }
    return {
      random: (n) => `UNHEX(${this.md5(n, salt, 'b')})`,
      unique: (idx) => `UNHEX(${this.md5(idx, salt, 'bu')})`,
      capacity: null,
      ...NO_DOMAIN,
    };
  }

  private inetGen(kind: Extract<ValueKind, { kind: 'inet' }>, salt: number): ColumnGen {
    if (kind.family === 'v6') {
      return {
        random: (n) =>
          `CONCAT('fd00::', LOWER(HEX(${this.rand(n, salt, 65536n)})), ':', LOWER(HEX(${this.rand(n, salt ^ 0x68e31da4, 65536n)})))`,
        unique: (idx) => `CONCAT('fd00::', LOWER(HEX((${idx}) DIV 65536)), ':', LOWER(HEX((${idx}) % 65536)))`,
        capacity: 1n << 32n,
        ...NO_DOMAIN,
      };
    }
    return {
      random: (n) => `INET_NTOA(167772160 + ${this.rand(n, salt, 1n << 24n)})`,
      unique: (idx) => `INET_NTOA(16777216 + (${idx}))`,
      capacity: (1n << 32n) - (1n << 24n),
      ...NO_DOMAIN,
    };
  }

  rowSource(first: number, last: number): { from: string; n: string } {
    if (this.hasSequenceEngine) {
      return { from: `(SELECT CAST(seq AS SIGNED) AS n FROM seq_${first}_to_${last}) AS g`, n: 'g.n' };
    }
    const count = last - first + 1;
    const digits = Math.max(1, Math.ceil(Math.log10(count)));
    const ten =
      '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
    const parts = Array.from({ length: digits }, (_, i) => (i === 0 ? 'd0.d' : `${10 ** i} * d${i}.d`));
    const sum = parts.join(' + ');
    const joins = Array.from({ length: digits }, (_, i) => `${ten} AS d${i}`).join(' CROSS JOIN ');
    return { from: `(SELECT ${first} + ${sum} AS n FROM ${joins} WHERE ${sum} <= ${count - 1}) AS g`, n: 'g.n' };
  }

  insertSql(
    t: TableInfo,
    columns: string[],
    select: string,
    opts: { ignoreConflicts: boolean; ordered: boolean; n: string },
  ): string {
    const cols = columns.map((c) => myIdent(c)).join(', ');
    const order = opts.ordered ? ` ORDER BY ${opts.n}` : '';
    const first = columns[0];
    // Duplicates of rows that were there before: keep the old row (only unique keys; FKs and CHECKs still fail).
    const conflicts =
      opts.ignoreConflicts && first
        ? ` ON DUPLICATE KEY UPDATE ${myIdent(first)} = ${this.tableSql(t)}.${myIdent(first)}`
        : '';
    return `INSERT INTO ${this.tableSql(t)} (${cols}) ${select}${order}${conflicts}`;
  }

  async createRankTable(
    name: string,
    parent: Pick<TableInfo, 'schema' | 'name'>,
    cols: string[],
    where?: string,
  ): Promise<number> {
    const aliased = cols.map((c, i) => `${myIdent(c)} AS c${i}`).join(', ');
    const order = cols.map((_, i) => `c${i}`).join(', ');
    const notNull = cols.map((c) => `${myIdent(c)} IS NOT NULL`).join(' AND ');
    await this.dropTemp(name);
    await this.engine.query(
      `CREATE TEMPORARY TABLE ${name} (PRIMARY KEY (k))
         SELECT CAST(ROW_NUMBER() OVER (ORDER BY ${order}) - 1 AS SIGNED) AS k, p.*
           FROM (SELECT DISTINCT ${aliased} FROM ${this.tableSql(parent)} WHERE ${notNull}${where ? ` AND (${where})` : ''}) p`,
    );
    const r = await this.engine.query<Row>(`SELECT COUNT(*) AS c FROM ${name}`);
    return Number(r[0]?.c ?? 0);
  }

  async createGroupedRankTable(
    name: string,
    parent: Pick<TableInfo, 'schema' | 'name'>,
    groupCols: string[],
    cols: string[],
  ): Promise<number> {
    const { g, c, select, notNull } = groupedRankColumns(myIdent, groupCols, cols);
    await this.dropTemp(name);
    await this.dropTemp(`${name}_n`);
    await this.engine.query(
      `CREATE TEMPORARY TABLE ${name} (PRIMARY KEY (${g.join(', ')}, k))
         SELECT p.*, CAST(ROW_NUMBER() OVER (PARTITION BY ${g.join(', ')} ORDER BY ${c.join(', ')}) - 1 AS SIGNED) AS k
           FROM (SELECT DISTINCT ${select} FROM ${this.tableSql(parent)} WHERE ${notNull}) p`,
    );
    await this.engine.query(
      `CREATE TEMPORARY TABLE ${name}_n (PRIMARY KEY (${g.join(', ')})) SELECT ${g.join(', ')}, COUNT(*) AS cnt FROM ${name} GROUP BY ${g.join(', ')}`,
    );
    const r = await this.engine.query<Row>(`SELECT COUNT(*) AS c FROM ${name}`);
    return Number(r[0]?.c ?? 0);
  }

  async copyRankTable(from: string, to: string): Promise<void> {
    await this.dropTemp(to);
    await this.engine.query(`CREATE TEMPORARY TABLE ${to} (PRIMARY KEY (k)) SELECT * FROM ${from}`);
  }

  async dropTemp(name: string): Promise<void> {
    await this.engine.query(`DROP TEMPORARY TABLE IF EXISTS ${name}`);
  }

  async beginFill(): Promise<() => Promise<void>> {
    this.hasSequenceEngine = false;
    if (this.opts.useSequenceEngine !== false) {
      try {
        await this.engine.query('SELECT seq FROM seq_1_to_1');
        this.hasSequenceEngine = true;
      } catch {
        // MySQL: no sequence engine.
      }
    }
    const r = await this.engine.query<Row>('SELECT @@session.time_zone AS tz');
    const tz = str(r[0]?.tz);
    // TIMESTAMP values must not depend on the session's zone (nor fall into a DST gap).
    await this.engine.query(`SET SESSION time_zone = '+00:00'`);
    return async () => {
      if (tz) await this.engine.query('SET SESSION time_zone = ?', [tz]);
    };
  }

  describeError(err: unknown): ReturnType<FillDialect['describeError']> {
    const e = err as { message?: unknown; sqlMessage?: unknown; errno?: unknown };
    const message =
      typeof e.sqlMessage === 'string' ? e.sqlMessage : typeof e.message === 'string' ? e.message : String(err);
    const errno = typeof e.errno === 'number' ? e.errno : Number(e.errno);
    let m: RegExpExecArray | null;
    if (errno === 4025 || /^CONSTRAINT `/.test(message)) {
      m = /CONSTRAINT `([^`]+)`/.exec(message);
      const name = m ? m[1]!.replace(/^[^.]*\./, '') : null;
      return { constraint: m ? m[1]!.split('.').pop()! : name, kind: 'check', message };
    }
    if (errno === 3819 || /Check constraint '/.test(message)) {
      m = /Check constraint '([^']+)'/.exec(message);
      return { constraint: m ? m[1]! : null, kind: 'check', message };
    }
    if (errno === 1452 || errno === 1216) {
      m = /CONSTRAINT `([^`]+)`/.exec(message);
      return { constraint: m ? m[1]! : null, kind: 'foreign key', message };
    }
    if (errno === 1062) {
      m = /for key '([^']+)'/.exec(message);
      return { constraint: m ? m[1]!.split('.').pop()! : null, kind: 'unique', message };
    }
    if (errno === 1048 || errno === 1364) return { constraint: null, kind: 'not null', message };
    return { constraint: null, kind: 'other', message };
  }
}

/** A literal regex fragment without backslashes (they would depend on sql_mode). */
function regexLiteral(s: string): string {
  return [...s].map((c) => (/[A-Za-z0-9_@ -]/.test(c) ? c : `[${c}]`)).join('');
}
